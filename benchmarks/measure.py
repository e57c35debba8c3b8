"""Running a command and measuring it: wall time, peak RSS of its process tree and of each process.

Why a child process per measurement: peak RSS (``ru_maxrss``) never goes
down within a process, and caches (the tokenizer's, lru_caches in
components) survive inside one; a fresh interpreter per measurement keeps
the figures independent of what ran before. ``os.wait4`` gives the exact
peak RSS of the child and of the descendants it waited for (the largest
single process of the tree); when psutil is installed, a sampling thread
also records each process's peak, so a batch's parent and workers can be
told apart.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

try:  # optional: per-process peaks of a process tree
    import psutil
except ImportError:  # pragma: no cover - the figures without psutil are the tree maximum only
    psutil = None

#: Seconds between two samples of the process tree's memory.
SAMPLE_INTERVAL = 0.05


@dataclass
class ProcessPeak:
    """Sampled peak RSS of one process of the tree."""

    pid: int
    role: str
    peak_mb: float


@dataclass
class Run:
    """What one measured command did."""

    argv: list[str]
    returncode: int
    wall_s: float
    tree_peak_mb: float  # exact: the largest process of the tree (ru_maxrss of wait4)
    stdout: str
    stderr: str
    processes: list[ProcessPeak] = field(default_factory=list)
    timed_out: bool = False

    def result(self) -> dict:
        """The JSON object a benchmark child printed as its last stdout line."""
        lines = [line for line in self.stdout.splitlines() if line.startswith("{")]
        if self.returncode != 0 or not lines:
            raise RuntimeError(
                f"{' '.join(self.argv[:6])}... failed (exit {self.returncode}):\n{self.stderr[-2000:]}"
            )
        return json.loads(lines[-1])

    def worker_peak_mb(self) -> float | None:
        """Largest sampled peak of a worker process; the main process's when it ran no workers."""
        workers = [p.peak_mb for p in self.processes if p.role == "worker"]
        return max(workers) if workers else self.main_peak_mb()

    def main_peak_mb(self) -> float | None:
        mains = [p.peak_mb for p in self.processes if p.role == "main"]
        return max(mains) if mains else None


#: What every start-up pays before our code runs: importing spaCy and building its blank Dutch pipeline.
SPACY_ONLY = "import spacy; spacy.blank('nl')"


def _role(proc: psutil.Process, root_pid: int) -> str:
    if proc.pid == root_pid:
        return "main"
    try:
        cmdline = " ".join(proc.cmdline())
    except (psutil.Error, OSError):
        return "child"
    if "forkserver" in cmdline:
        # the main process starts the server; the workers are forks of it, with its command line
        try:
            return "forkserver" if proc.ppid() == root_pid else "worker"
        except psutil.Error:
            return "forkserver"
    if "resource_tracker" in cmdline:
        return "resource_tracker"
    return "worker"


class _Sampler(threading.Thread):
    """Polls the RSS of a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root_pid = pid
        self.peaks: dict[int, ProcessPeak] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.root_pid)
        except psutil.Error:
            return
        while not self.stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for proc in procs:
                try:
                    rss = proc.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                peak = self.peaks.get(proc.pid)
                if peak is None:
                    self.peaks[proc.pid] = ProcessPeak(proc.pid, _role(proc, self.root_pid), rss)
                elif rss > peak.peak_mb:
                    peak.peak_mb = rss
            self.stop.wait(SAMPLE_INTERVAL)


def _wait(proc: subprocess.Popen, timeout: float | None) -> tuple[int, os.struct_rusage | None, bool]:
    """Reap ``proc`` (killing it after ``timeout`` seconds): status, its rusage, whether it timed out."""
    if timeout is None:
        _pid, status, usage = os.wait4(proc.pid, 0)
        return status, usage, False
    deadline = time.perf_counter() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return status, usage, False
        if time.perf_counter() > deadline:
            proc.kill()
            _pid, status, usage = os.wait4(proc.pid, 0)
            return status, usage, True
        time.sleep(0.05)


def run_measured(
    argv: list[str],
    cwd: str | Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> Run:
    """Run ``argv`` to completion; wall time, exact tree peak RSS, sampled per-process peaks.

    With ``timeout`` the command is killed after that many seconds and the
    Run says ``timed_out`` (a superlinear stage must not hang the benchmark).
    """
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as out,
        tempfile.TemporaryFile("w+", encoding="utf-8") as err,
    ):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env)
        sampler = _Sampler(proc.pid) if psutil is not None else None
        if sampler is not None:
            sampler.start()
        status, usage, timed_out = _wait(proc, timeout)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler is not None:
            sampler.stop.set()
            sampler.join()
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux, in bytes on macOS
        scale = 1 if sys.platform == "darwin" else 1024
        return Run(
            argv=argv,
            returncode=proc.returncode,
            wall_s=wall,
            tree_peak_mb=usage.ru_maxrss * scale / 2**20,
            stdout=out.read(),
            stderr=err.read(),
            processes=sorted(sampler.peaks.values(), key=lambda p: p.pid) if sampler else [],
            timed_out=timed_out,
        )
