"""All inputs of a batch as one lazy stream of entries, in a stable order.

Directories are walked recursively in sorted order (hidden files skipped);
each file goes to the reader of its format. The order only depends on the
inputs, which is what lets ``--resume`` and re-runs line up with earlier
runs. Nothing here decodes or extracts: entries are raw documents,
failures and skipped files.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from extractor.batch.archives import CORRUPT, Entry, iter_tar, iter_zip
from extractor.batch.errors import BatchSetupError, Failure, ItemError, Skipped, Stage
from extractor.batch.formats import Format, classify, is_hidden
from extractor.batch.items import Kind, RawItem, ReadOptions
from extractor.batch.records import iter_jsonl
from extractor.batch.streams import read_capped


def check_inputs(paths: Sequence[str]) -> None:
    """Refuse to start when an input does not exist (a typo should not look like an empty batch)."""
    if not paths:
        raise BatchSetupError("no inputs given")
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise BatchSetupError(f"{missing[0]}: no such file or directory")


def iter_inputs(paths: Sequence[str], options: ReadOptions) -> Iterator[Entry]:
    """Every entry of every input, lazily, in order."""
    for listed in iter_files(paths):
        if isinstance(listed, Failure):
            yield listed
        else:
            path, source, explicit = listed
            yield from read_file(path, source, options, explicit)


def iter_files(paths: Sequence[str]) -> Iterator[tuple[Path, str, bool] | Failure]:
    """(path, source name, named explicitly?) of every input file, in order; unlistable folders fail."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, given)
        else:
            yield path, given, True


def _walk(root: Path, given: str) -> Iterator[tuple[Path, str, bool] | Failure]:
    failures: list[Failure] = []

    def on_error(err: OSError) -> None:
        failures.append(Failure(str(err.filename or given), Stage.read, f"cannot list: {err.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        yield from failures
        failures.clear()
        dirnames[:] = sorted(d for d in dirnames if not is_hidden(d))
        relative = Path(dirpath).relative_to(root)
        for name in sorted(filenames):
            if not is_hidden(name):
                yield Path(dirpath) / name, (Path(given) / relative / name).as_posix(), False
    yield from failures


def read_file(path: Path, source: str, options: ReadOptions, explicit: bool) -> Iterator[Entry]:
    """The entries of one file: itself, its archive members or its JSONL lines."""
    fmt = classify(path.name) or (Format.text if explicit else None)
    if fmt is None:
        yield Skipped(source, "not a document type")
    elif fmt is Format.zip:
        yield from iter_zip(path, source, options)
    elif fmt is Format.tar:
        yield from iter_tar(path, source, options)
    elif fmt in (Format.jsonl, Format.jsonl_gz):
        yield from _read_jsonl(path, source, fmt, options)
    else:
        yield _read_document(path, source, Kind.html if fmt is Format.html else Kind.text, options)


def _read_jsonl(path: Path, source: str, fmt: Format, options: ReadOptions) -> Iterator[Entry]:
    try:
        with gzip.open(path, "rb") if fmt is Format.jsonl_gz else path.open("rb") as stream:
            yield from iter_jsonl(stream, source, options)
    except CORRUPT as err:
        yield Failure(source, Stage.read, f"corrupt or truncated file: {err}; the rest is not read")


def _read_document(path: Path, source: str, kind: Kind, options: ReadOptions) -> Entry:
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            return Failure(source, Stage.read, f"{size:,} bytes, over the size cap of {options.max_bytes:,}")
        with path.open("rb") as handle:
            return RawItem(source, read_capped(handle, options.max_bytes), kind)
    except ItemError as err:
        return Failure(source, err.stage, err.reason)
    except OSError as err:
        return Failure(source, Stage.read, f"cannot read: {err.strerror or err}")
