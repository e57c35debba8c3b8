"""Bounded reading from streams: nothing is read whole, every archive byte is charged to a budget.

These helpers are what keeps memory flat and zip bombs harmless: a member
is read at most ``cap + 1`` bytes deep, lines at most ``cap + 1`` bytes
long, and a ``Budget`` stops an archive once it has decompressed to more
than its total cap, whatever its headers claim.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from extractor.batch.errors import ArchiveLimitExceeded, ItemError, Stage

BLOCK = 1 << 16

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
)


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class Budget:
    """Decompressed bytes one archive may still produce; raises once it is spent."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.used = 0

    def charge(self, count: int) -> None:
        self.used += count
        if self.used > self.cap:
            raise ArchiveLimitExceeded(f"archive decompresses to more than {self.cap:,} bytes (zip bomb?)")


class BudgetReader:
    """A read-only stream that charges every byte it hands out to a ``Budget``."""

    def __init__(self, raw: Readable, budget: Budget) -> None:
        self.raw = raw
        self.budget = budget

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(BLOCK), b""))
        data = self.raw.read(size)
        self.budget.charge(len(data))
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self.raw.readline(size)  # type: ignore[attr-defined]
        self.budget.charge(len(data))
        return data


def compression_of(path: Path) -> str | None:
    """'gzip', 'bz2', 'xz' or None, from the file's first bytes (extensions lie, magic numbers rarely)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    return next((name for magic, name in _MAGIC if head.startswith(magic)), None)


def open_decompressed(path: Path) -> BinaryIO:
    """The file's content as a stream, decompressed on the fly when it is gzip, bzip2 or xz."""
    kind = compression_of(path)
    if kind == "gzip":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if kind == "bz2":
        return bz2.open(path, "rb")  # type: ignore[return-value]
    if kind == "xz":
        return lzma.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_capped(stream: Readable, cap: int) -> bytes:
    """Read a whole stream of at most ``cap`` bytes; a longer one fails after ``cap + 1`` bytes."""
    parts: list[bytes] = []
    size = 0
    while size <= cap:
        block = stream.read(min(BLOCK, cap + 1 - size))
        if not block:
            return b"".join(parts)
        parts.append(block)
        size += len(block)
    raise ItemError(Stage.read, f"over the size cap of {cap:,} bytes: not read")


def iter_lines(stream: Readable, cap: int, first_line: int = 1) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line; a line over ``cap`` bytes comes as None and is skipped unread.

    ``first_line`` numbers the first line (a stream that starts inside a file, e.g. a Dask partition).
    """
    readline = stream.readline  # type: ignore[attr-defined]
    number = first_line - 1
    while True:
        line = readline(cap + 1)
        if not line:
            return
        number += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = readline(BLOCK)
            yield number, None
        else:
            yield number, line
