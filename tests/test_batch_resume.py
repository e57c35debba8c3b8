"""Kill -9 in the middle of a real ``extractor batch`` run, resume it, and compare with a clean run.

The batch runs as a subprocess with two worker processes over a generated
zip (hundreds of texts, duplicates and broken members among them). As soon
as the first chunk is on disk the whole process group gets SIGKILL, as in a
power cut; ``--resume`` must then finish the job so that the output equals
a clean run's byte for byte: every document exactly once, no partial line.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from batch_support import compose, write_zip

from extractor.api import Extractor
from extractor.batch.runner import BatchOptions, run_batch

DOCUMENTS = 600
STARTUP_TIMEOUT = 240.0


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    members: list[tuple[str, bytes | str]] = [
        (f"{i // 100}/{i:04d}.txt", compose(i)) for i in range(DOCUMENTS)
    ]
    members += [(f"kopie/{i:04d}.txt", compose(i)) for i in range(0, DOCUMENTS, 40)]
    members += [(f"kapot/{i}.txt", b"\x00\x01binair" * 10) for i in range(3)] + [("kapot/leeg.txt", b"")]
    return write_zip(tmp_path_factory.mktemp("resume") / "archief.zip", members)


def batch_command(archive: Path, out: Path, *extra: str) -> list[str]:
    command = [sys.executable, "-m", "extractor.cli", "batch", str(archive), "-o", str(out)]
    return [*command, "--workers", "2", "--chunk-size", "10", "--no-progress", *extra]


def committed(out: Path) -> int:
    """How much of a run is visibly on disk (lines of a JSONL, rows of a database)."""
    if out.suffix == ".jsonl":
        return out.read_bytes().count(b"\n") if out.exists() else 0
    try:
        with closing(sqlite3.connect(f"file:{out}?mode=ro", uri=True, timeout=0.1)) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def kill_mid_run(command: list[str], out: Path) -> None:
    """Start the batch, wait for its first commit, SIGKILL it and all its workers."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + STARTUP_TIMEOUT
    try:
        while committed(out) == 0:
            assert process.poll() is None, process.communicate()[1].decode()
            assert time.monotonic() < deadline, "the batch committed nothing in time"
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
    assert process.returncode == -signal.SIGKILL


def snapshot(out: Path) -> list:
    if out.suffix == ".jsonl":
        stem = out.name[: -len(".jsonl")]
        return [(out.parent / f"{stem}{part}.jsonl").read_bytes() for part in ("", ".sources", ".errors")]
    with closing(sqlite3.connect(out)) as conn:
        tables = ("documents", "seizures", "quantities", "ports", "officials", "sources")
        dump = [sorted(conn.execute(f"SELECT * FROM {table}").fetchall()) for table in tables]
        dump.append(
            sorted(conn.execute("SELECT source, stage, level, reason, doc_id FROM errors").fetchall())
        )
        return dump


@pytest.mark.parametrize("suffix", [".jsonl", ".db"])
def test_kill_9_then_resume_equals_a_clean_run(
    archive: Path, extractor: Extractor, tmp_path: Path, suffix: str
) -> None:
    clean, killed = tmp_path / f"schoon{suffix}", tmp_path / f"gedood{suffix}"
    summary = run_batch(BatchOptions([str(archive)], str(clean), progress=False), extractor=extractor)
    assert (summary.extracted, summary.duplicates, summary.failed) == (DOCUMENTS, 15, 4)

    kill_mid_run(batch_command(archive, killed), killed)
    assert 0 < committed(killed) < DOCUMENTS

    resumed = subprocess.run(batch_command(archive, killed, "--resume"), capture_output=True, timeout=600)
    assert resumed.returncode == 1, resumed.stderr.decode()  # the broken members failed: exit status 1
    report = resumed.stderr.decode()
    assert "already in output" in report and "failed                    4" in report

    assert snapshot(killed) == snapshot(clean)
    if suffix == ".jsonl":
        ids = [json.loads(line)["doc_id"] for line in killed.read_text(encoding="utf-8").splitlines()]
        assert len(ids) == len(set(ids)) == DOCUMENTS
