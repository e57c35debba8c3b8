"""Cutting a batch's inputs into partitions that Dask workers read on their own.

The client only lists files, takes their sizes and reads zip directories:
no document is read here. Small files are grouped (a partition per about
``target`` bytes), a plain JSONL export larger than that is cut into byte
ranges and a large zip into runs of members, so one big export still
spreads over the cluster. Tar streams and gzipped JSONL cannot be entered in
the middle: they stay one partition each. Partitions come out in the order
of ``sources.iter_inputs``, which is what lets the client settle them in
input order and match the local batch row for row.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from extractor.batch.archives import CORRUPT
from extractor.batch.errors import Failure
from extractor.batch.formats import Format, classify
from extractor.batch.items import ReadOptions
from extractor.batch.sources import iter_files

#: Default partition size: ~1,500 press texts, 20-40 s of work for one worker process.
DEFAULT_PARTITION_BYTES = 2_000_000
#: At most this many files in one partition (thousands of tiny files cost per-file time, not bytes).
MAX_FILES_PER_PARTITION = 2_000
#: A small archive is cut into at least this many partitions per worker thread (so all of them work) ...
PARTITIONS_PER_THREAD = 4
#: ... but none smaller than this, unless asked for.
MIN_PARTITION_BYTES = 16_000


@dataclass(frozen=True)
class WholeFile:
    """A file read whole by ``sources.read_file``: a text, a page, a tar, a gzipped or small JSONL or zip."""

    path: str
    source: str
    explicit: bool


@dataclass(frozen=True)
class JsonlRange:
    """The lines of a plain JSONL file that start in bytes ``[start, end)``; ``block`` numbers the range."""

    path: str
    source: str
    start: int
    end: int
    block: int


@dataclass(frozen=True)
class ZipMembers:
    """Members ``[first, stop)`` of a zip file's directory, in directory order."""

    path: str
    source: str
    first: int
    stop: int


#: One piece of a partition; a listing ``Failure`` (an unreadable folder) travels in its place in the order.
Piece = WholeFile | JsonlRange | ZipMembers | Failure


@dataclass(frozen=True)
class Partition:
    """Consecutive pieces of the input, read and extracted by one task; ``key`` names it across runs."""

    number: int
    pieces: tuple[Piece, ...]
    key: str

    @property
    def label(self) -> str:
        """Where the partition's documents come from, for a failure of the partition as a whole."""
        sources = [p.source for p in self.pieces]
        first = _describe(self.pieces[0])
        return first if len(sources) == 1 else f"{first} .. {sources[-1]} ({len(sources)} inputs)"

    def split(self) -> list[Partition]:
        """Two smaller partitions holding the same pieces in order, or [] when it cannot be split."""
        if len(self.pieces) > 1:
            middle = len(self.pieces) // 2
            halves = [self.pieces[:middle], self.pieces[middle:]]
        else:
            piece = self.pieces[0]
            if not isinstance(piece, ZipMembers) or piece.stop - piece.first < 2:
                return []
            middle = (piece.first + piece.stop) // 2
            halves = [(replace(piece, stop=middle),), (replace(piece, first=middle),)]
        return [Partition(self.number, pieces, f"{self.key}/{index}") for index, pieces in enumerate(halves)]


def _describe(piece: Piece) -> str:
    if isinstance(piece, JsonlRange):
        return f"{piece.source} (bytes {piece.start:,}-{piece.end:,})"
    if isinstance(piece, ZipMembers):
        return f"{piece.source} (members {piece.first:,}-{piece.stop - 1:,})"
    return piece.source


def _file_stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


def _zip_runs(path: Path, target: int) -> list[tuple[int, int]] | None:
    """Runs of members of about ``target`` uncompressed bytes; None when the directory cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            sizes = [info.file_size for info in archive.infolist()]
    except CORRUPT:
        return None
    runs: list[tuple[int, int]] = []
    first, total = 0, 0
    for index, size in enumerate(sizes):
        total += size
        if total >= target:
            runs.append((first, index + 1))
            first, total = index + 1, 0
    if first < len(sizes):
        runs.append((first, len(sizes)))
    return runs


def split_file(path: Path, source: str, fmt: Format | None, size: int, target: int) -> list[Piece] | None:
    """The pieces of a file larger than ``target``, or None when it is read whole."""
    if size <= target:
        return None
    if fmt is Format.jsonl:
        return [
            JsonlRange(str(path), source, start, min(start + target, size), block)
            for block, start in enumerate(range(0, size, target))
        ]
    if fmt is Format.zip:
        runs = _zip_runs(path, target)
        if runs is None or len(runs) < 2:
            return None
        return [ZipMembers(str(path), source, first, stop) for first, stop in runs]
    return None


def partition_target(paths: Sequence[str], largest: int, threads: int) -> int:
    """Partition size for these inputs: ``largest``, or less when the inputs would not keep every thread busy.

    Sizes are summed only until they reach what ``largest`` partitions would need: a big archive costs
    one listing of its first files here, a small one a full listing.
    """
    enough = largest * threads * PARTITIONS_PER_THREAD
    total = 0
    for listed in iter_files(paths):
        if not isinstance(listed, Failure):
            total += max(_file_stamp(listed[0])[0], 0)
            if total >= enough:
                return largest
    return min(largest, max(MIN_PARTITION_BYTES, -(-total // (threads * PARTITIONS_PER_THREAD))))


class _Keys:
    """Stable partition keys: the pieces, the files' sizes and mtimes, and the reading options."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = repr(options)

    def __call__(self, pieces: Sequence[Piece]) -> str:
        digest = hashlib.sha256(self.options.encode())
        for piece in pieces:
            digest.update(repr(piece).encode("utf-8", "surrogatepass"))
            if not isinstance(piece, Failure):
                digest.update(repr(_file_stamp(Path(piece.path))).encode())
        return digest.hexdigest()[:32]


def plan_partitions(
    paths: Sequence[str], options: ReadOptions, target: int = DEFAULT_PARTITION_BYTES
) -> Iterator[Partition]:
    """The partitions of a batch's inputs, lazily and in input order."""
    if target < 1:
        raise ValueError("the partition size must be positive")
    key = _Keys(options)
    number = 0
    group: list[Piece] = []
    group_bytes = 0

    def emit(pieces: Sequence[Piece]) -> Partition:
        nonlocal number
        number += 1
        return Partition(number - 1, tuple(pieces), key(pieces))

    for listed in iter_files(paths):
        if isinstance(listed, Failure):
            group.append(listed)
            continue
        path, source, explicit = listed
        fmt = classify(path.name) or (Format.text if explicit else None)
        size = _file_stamp(path)[0]
        pieces = split_file(path, source, fmt, size, target) if fmt is not None else None
        if pieces is not None:
            if group:
                yield emit(group)
                group, group_bytes = [], 0
            for piece in pieces:
                yield emit([piece])
            continue
        group.append(WholeFile(str(path), source, explicit))
        group_bytes += max(size, 0)
        if group_bytes >= target or len(group) >= MAX_FILES_PER_PARTITION:
            yield emit(group)
            group, group_bytes = [], 0
    if group:
        yield emit(group)
