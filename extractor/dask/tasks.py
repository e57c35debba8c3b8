"""What runs on a Dask worker: one pipeline per process, a partition read and extracted in input order.

A partition task reads its pieces with the local batch's own readers, turns
each raw document into text exactly as the local runner does, drops repeats
of a text within the partition, and extracts with ``batch.worker.extract``:
so the rows that come back are the rows the local batch would write. The
client settles them against the output (repeats across partitions, already
stored documents). Results are plain data: no texts, no spaCy objects.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.batch.archives import CORRUPT, Entry, iter_zip
from extractor.batch.errors import Failure, Skipped, Stage
from extractor.batch.items import Kind, RawItem, ReadOptions
from extractor.batch.records import iter_jsonl
from extractor.batch.runner import decode_item
from extractor.batch.sources import read_file
from extractor.batch.streams import BLOCK
from extractor.dask.partitions import JsonlRange, Partition, Piece, WholeFile, ZipMembers
from extractor.ids import document_id

_build_lock = threading.Lock()
#: Held while a task uses the process's pipeline: tasks on threads of one worker take turns.
pipeline_lock = threading.Lock()
_extractors: dict[str | None, Any] = {}


def pipeline(patterns_path: str | None = None) -> Any:
    """This process's ``Extractor`` for ``patterns_path``, built on first use (at most once)."""
    extractor = _extractors.get(patterns_path)
    if extractor is None:
        with _build_lock:
            extractor = _extractors.get(patterns_path)
            if extractor is None:
                from extractor.api import Extractor

                extractor = _extractors[patterns_path] = Extractor(patterns_path=patterns_path)
    return extractor


def warm_up(patterns_path: str | None = None) -> None:
    """Build the pipeline in the background, so a fresh worker's first task does not wait ~10 s alone."""
    threading.Thread(target=pipeline, args=(patterns_path,), name="extractor-warm-up", daemon=True).start()


def worker_versions() -> tuple[str, str]:
    """The package and schema versions this worker runs (they must be the client's)."""
    from extractor import __version__
    from extractor.schema import SCHEMA_VERSION

    return __version__, SCHEMA_VERSION


@dataclass(frozen=True)
class Extracted:
    """A document extracted in this partition: its worker result (rows, JSON, warnings, counts)."""

    source: str
    doc_id: str
    result: dict[str, Any]
    decode_warnings: int


@dataclass(frozen=True)
class Repeated:
    """A text already met earlier in this partition (and extracted there)."""

    source: str
    doc_id: str


Outcome = Extracted | Repeated | Failure | Skipped


@dataclass
class PartitionResult:
    """Every entry of a partition, in input order, and what it cost."""

    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    rss_kb: int = 0


# -- reading ---------------------------------------------------------------------------------------


def count_newlines(path: str, start: int, end: int) -> int:
    """Newline bytes in ``[start, end)`` of a file: what JSONL line numbers of later ranges start from."""
    count = 0
    with open(path, "rb") as handle:
        handle.seek(start)
        left = end - start
        while left > 0:
            block = handle.read(min(1 << 20, left))
            if not block:
                break
            count += block.count(b"\n")
            left -= len(block)
    return count


class _LineRange:
    """A binary stream over the lines of a file that start before ``end`` (from where the handle is)."""

    def __init__(self, handle: Any, end: int) -> None:
        self.handle = handle
        self.end = end
        self.at_line_start = True

    def readline(self, size: int = -1) -> bytes:
        if self.at_line_start and self.handle.tell() >= self.end:
            return b""
        line = self.handle.readline(size)
        self.at_line_start = line.endswith(b"\n")
        return line

    def read(self, size: int = -1) -> bytes:
        return self.readline(size if size is not None and size >= 0 else BLOCK)


def _jsonl_range(piece: JsonlRange, options: ReadOptions, newlines_before: int) -> Iterator[Entry]:
    """The documents of a JSONL byte range, numbered as whole-file reading numbers them."""
    try:
        with open(piece.path, "rb") as handle:
            first_line = 1
            if piece.start > 0:
                handle.seek(piece.start - 1)
                previous = handle.read(1)
                # Lines that start before the range: the first line plus one per newline before start - 1.
                first_line = 1 + 1 + newlines_before - (1 if previous == b"\n" else 0)
                while previous and not previous.endswith(b"\n"):
                    previous = handle.readline(BLOCK)  # the rest of a line that belongs to the range before
            yield from iter_jsonl(_LineRange(handle, piece.end), piece.source, options, first_line=first_line)
    except CORRUPT as err:
        yield Failure(piece.source, Stage.read, f"corrupt or truncated file: {err}; the rest is not read")


def read_piece(piece: Piece, options: ReadOptions, newlines_before: int = 0) -> Iterator[Entry]:
    """The entries of one piece, as ``sources.iter_inputs`` yields them for the same input."""
    if isinstance(piece, Failure):
        yield piece
    elif isinstance(piece, WholeFile):
        yield from read_file(Path(piece.path), piece.source, options, piece.explicit)
    elif isinstance(piece, JsonlRange):
        yield from _jsonl_range(piece, options, newlines_before)
    elif isinstance(piece, ZipMembers):
        yield from iter_zip(Path(piece.path), piece.source, options, members=(piece.first, piece.stop))
    else:  # pragma: no cover - a new piece type without a reader
        raise TypeError(f"unknown partition piece {piece!r}")


# -- extracting ------------------------------------------------------------------------------------


class _PartitionRun:
    """Entries to outcomes, in order; the first copy of a text is extracted, later copies refer to it."""

    def __init__(self) -> None:
        self.result = PartitionResult()
        self.first: dict[str, Outcome] = {}

    def add(self, entry: Entry) -> None:
        outcomes = self.result.outcomes
        if isinstance(entry, (Failure, Skipped)):
            outcomes.append(entry)
            return
        prepared = self._text(entry)
        if isinstance(prepared, Failure):
            outcomes.append(prepared)
            return
        text, published, warnings = prepared
        from extractor.batch.worker import ExtractTask, extract

        doc_id = document_id(text)
        original = self.first.get(doc_id)
        if isinstance(original, Failure):
            outcomes.append(Failure(entry.source, original.stage, original.reason))
        elif original is not None:
            outcomes.append(Repeated(entry.source, doc_id))
        else:
            result = extract(ExtractTask(text, published, entry.source, warnings))
            if result["ok"]:
                outcome: Outcome = Extracted(entry.source, doc_id, result, len(warnings))
                self.result.rss_kb = max(self.result.rss_kb, result.get("rss_kb", 0))
            else:
                outcome = Failure(entry.source, Stage(result["stage"]), result["reason"])
            self.first[doc_id] = outcome
            outcomes.append(outcome)

    @staticmethod
    def _text(item: RawItem) -> tuple[str, Any, list[str]] | Failure:
        """The text, publication date and warnings of a raw document, as the local runner gets them."""
        decoded = decode_item(item)
        if isinstance(decoded, Failure):
            return decoded
        text, warnings = decoded
        published = item.published
        if item.kind is Kind.html:
            from extractor.batch.worker import prepare_html

            page = prepare_html(text)
            if not page["ok"]:
                return Failure(item.source, Stage(page["stage"]), page["reason"])
            text, published = page["text"], published or page["published"]
        return text, published, warnings


def run_partition(
    partition: Partition,
    options: ReadOptions,
    want_json: bool,
    want_rows: bool,
    newlines_before: Sequence[int] = (),
    patterns_path: str | None = None,
) -> PartitionResult:
    """Read and extract one partition on this worker (``newlines_before`` is per piece, for JSONL ranges)."""
    from extractor.batch.worker import init_worker

    started = time.monotonic()
    extractor = pipeline(patterns_path)
    run = _PartitionRun()
    with pipeline_lock:
        init_worker(want_json, want_rows, extractor, in_pool=False)
        for index, piece in enumerate(partition.pieces):
            before = newlines_before[index] if index < len(newlines_before) else 0
            for entry in read_piece(piece, options, before):
                run.add(entry)
    run.result.seconds = time.monotonic() - started
    return run.result
