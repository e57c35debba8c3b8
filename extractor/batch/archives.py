"""Zip and tar archives, streamed member by member: never unpacked to disk, never read whole.

Each member becomes a ``RawItem`` named ``archive.zip!/2022/0114.txt``.
Members with absolute or ``../`` paths are recorded and not read; a member
over the size cap fails alone (its header is not trusted: reading stops at
``cap + 1`` bytes); all decompressed bytes are charged to a per-archive
``Budget``, so a zip bomb stops the archive, not the machine. A corrupt
zip member fails alone; a corrupt tar stream ends its archive (nothing
after the damage can be found without a central directory).
"""

from __future__ import annotations

import gzip
import lzma
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from extractor.batch.errors import ArchiveLimitExceeded, Failure, ItemError, Skipped, Stage
from extractor.batch.formats import ARCHIVES, Format, classify, is_hidden
from extractor.batch.items import Kind, RawItem, ReadOptions
from extractor.batch.records import iter_jsonl
from extractor.batch.streams import Budget, BudgetReader, Readable, open_decompressed, read_capped

Entry = RawItem | Failure | Skipped

#: What damaged archives raise while being read.
CORRUPT = (
    zipfile.BadZipFile,
    tarfile.TarError,
    zlib.error,
    lzma.LZMAError,
    gzip.BadGzipFile,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)

_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_member(name: str) -> bool:
    """True for absolute paths and paths that climb out with '..' (path traversal)."""
    normal = name.replace("\\", "/")
    return normal.startswith("/") or bool(_DRIVE.match(normal)) or ".." in normal.split("/")


def _member_entries(
    name: str,
    where: str,
    declared_size: int,
    opener: Callable[[], Readable],
    budget: Budget,
    options: ReadOptions,
) -> Iterator[Entry]:
    """The entries of one regular archive member (shared by zip and tar)."""
    source = f"{where}!/{name}"
    if unsafe_member(name):
        yield Failure(source, Stage.read, "unsafe member path (absolute or '..'): not read")
        return
    if is_hidden(name):
        yield Skipped(source, "hidden file")
        return
    fmt = classify(name)
    if fmt is None:
        yield Skipped(source, "not a document type")
        return
    if fmt in ARCHIVES:
        yield Failure(source, Stage.read, "archive inside an archive: not read (pass it on its own)")
        return
    if fmt in (Format.jsonl, Format.jsonl_gz):
        stream: Readable = opener()
        if fmt is Format.jsonl_gz:
            stream = BudgetReader(gzip.GzipFile(fileobj=stream, mode="rb"), budget)  # type: ignore[arg-type]
        yield from iter_jsonl(stream, source, options)
        return
    if declared_size > options.max_bytes:
        yield Failure(
            source, Stage.read, f"{declared_size:,} bytes, over the size cap of {options.max_bytes:,}"
        )
        return
    try:
        data = read_capped(opener(), options.max_bytes)
    except ItemError as err:
        yield Failure(source, err.stage, f"{err.reason} (decompresses beyond its declared size)")
        return
    yield RawItem(source, data, Kind.html if fmt is Format.html else Kind.text)


def iter_zip(
    path: Path, where: str, options: ReadOptions, members: tuple[int, int] | None = None
) -> Iterator[Entry]:
    """The documents of a zip file; a damaged member fails alone, a damaged directory fails the archive.

    ``members`` = (first, stop) reads only that slice of the directory (a Dask partition of a big zip).
    """
    try:
        archive = zipfile.ZipFile(path)
    except CORRUPT as err:
        yield Failure(where, Stage.read, f"corrupt or truncated zip: {err}")
        return
    budget = Budget(options.max_archive_bytes)
    with archive:
        listing = archive.infolist()
        for info in listing if members is None else listing[members[0] : members[1]]:
            if info.is_dir():
                continue
            source = f"{where}!/{info.filename}"
            if stat.S_ISLNK(info.external_attr >> 16):
                yield Skipped(source, "symbolic link")
                continue
            if info.flag_bits & 0x1:
                yield Failure(source, Stage.read, "encrypted member: not read")
                continue

            def opener(info: zipfile.ZipInfo = info) -> Readable:
                return BudgetReader(archive.open(info), budget)

            try:
                yield from _member_entries(info.filename, where, info.file_size, opener, budget, options)
            except ArchiveLimitExceeded as err:
                yield Failure(where, Stage.read, f"{err}: stopped at {info.filename}, the rest is not read")
                return
            except CORRUPT as err:
                yield Failure(source, Stage.read, f"corrupt member: {err}")


def iter_tar(path: Path, where: str, options: ReadOptions) -> Iterator[Entry]:
    """The documents of a tar file (plain, gzip, bzip2 or xz), read as one forward stream."""
    budget = Budget(options.max_archive_bytes)
    source = where
    try:
        with open_decompressed(path) as raw:
            archive = tarfile.open(fileobj=BudgetReader(raw, budget), mode="r|")  # type: ignore[arg-type]
            while (member := archive.next()) is not None:
                archive.members.clear()  # stream mode keeps every header otherwise: memory would grow
                source = f"{where}!/{member.name}"
                if member.isdir():
                    continue
                if not member.isfile():
                    yield Skipped(source, "link or special file")
                    continue

                def opener(member: tarfile.TarInfo = member) -> Readable:
                    return archive.extractfile(member)  # type: ignore[return-value]

                yield from _member_entries(member.name, where, member.size, opener, budget, options)
                source = where
    except ArchiveLimitExceeded as err:
        yield Failure(where, Stage.read, f"{err}: the rest is not read")
    except CORRUPT as err:
        yield Failure(
            source,
            Stage.read,
            f"corrupt or truncated archive: {err or type(err).__name__}; the rest is not read",
        )
