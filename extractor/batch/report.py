"""What the user sees of a batch: a live progress line on stderr and a closing summary.

The progress bar (rich, via typer) shows documents done, documents per
second, failures and elapsed time; when stderr is not a terminal (a log
file, a CI job) a plain line is printed every ``LOG_EVERY`` seconds instead.
The summary counts every document once: extracted, duplicate, already in
the output, or failed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TextIO

#: Seconds between progress lines when stderr is not a terminal.
LOG_EVERY = 30.0


@dataclass
class Summary:
    """Counts of one run; ``read`` = extracted + duplicates + already_done + failed."""

    out: str = ""
    errors_location: str = ""
    read: int = 0
    extracted: int = 0
    duplicates: int = 0
    already_done: int = 0
    failed: int = 0
    warnings: int = 0
    seizures: int = 0
    ignored: int = 0
    elapsed: float = 0.0
    peak_main_mb: float = 0.0
    peak_worker_mb: float = 0.0
    workers: int = 1
    stopped: str | None = None  # why the run ended early: "interrupted", "strict"

    @property
    def rate(self) -> float:
        """Documents per second (read, not only extracted)."""
        return self.read / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def exit_code(self) -> int:
        """0 when every document went through, 1 when some failed."""
        return 1 if self.failed else 0

    def lines(self) -> list[str]:
        """The closing summary, one fact a line."""
        done = {
            None: "batch done",
            "interrupted": "batch interrupted",
            "strict": "batch stopped at a failure (--strict)",
        }
        lines = [
            f"{done.get(self.stopped, 'batch ended')}: {self.out}",
            f"  documents read    {self.read:>9,}",
            f"  extracted         {self.extracted:>9,}",
            f"  duplicates        {self.duplicates:>9,}  (text seen before: source recorded only)",
            f"  already in output {self.already_done:>9,}",
            f"  failed            {self.failed:>9,}"
            + (f"  (see {self.errors_location})" if self.failed else ""),
            f"  warnings          {self.warnings:>9,}",
            f"  seizures found    {self.seizures:>9,}",
        ]
        if self.ignored:
            lines.append(
                f"  files ignored     {self.ignored:>9,}  (not documents: other types, links, hidden)"
            )
        lines.append(
            f"  time              {self.elapsed:>9.1f} s  ({self.rate:,.1f} docs/s, {self.workers} workers)"
        )
        memory = f"main {self.peak_main_mb:,.0f} MB"
        if self.peak_worker_mb:
            memory += f", largest worker {self.peak_worker_mb:,.0f} MB"
        lines.append(f"  peak memory       {memory}")
        if self.stopped == "interrupted":
            lines.append("  run again with --resume to continue where it stopped")
        return lines


class ProgressDisplay:
    """A live progress bar on a terminal, periodic log lines elsewhere, nothing when disabled."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.live = enabled and stream.isatty()
        self.progress = None
        self.task = None
        self.started = time.monotonic()
        self.last_line = self.started

    def __enter__(self) -> ProgressDisplay:
        if self.live:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.completed:,}[/bold] documents"),
                BarColumn(),
                TextColumn("{task.fields[rate]:,.1f} docs/s"),
                TextColumn("[red]{task.fields[failed]:,} failed[/red]"),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("batch", total=None, rate=0.0, failed=0)
        return self

    def update(self, summary: Summary) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        rate = summary.read / (now - self.started) if now > self.started else 0.0
        if self.progress is not None:
            self.progress.update(self.task, completed=summary.read, rate=rate, failed=summary.failed)
        elif now - self.last_line >= LOG_EVERY:
            self.last_line = now
            self.stream.write(
                f"batch: {summary.read:,} documents, {rate:,.1f} docs/s, {summary.failed:,} failed\n"
            )
            self.stream.flush()

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()
