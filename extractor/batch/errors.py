"""What can go wrong in a batch: per-document failures (recorded, the batch goes on) and fatal setup errors.

A ``Failure`` is data, not an exception: readers yield it in place of a
document so that it reaches the output in input order, like a document would.
Exceptions are kept for what stops the run (``BatchSetupError``) and for
signalling inside the readers (``ItemError``, ``ArchiveLimitExceeded``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Stage(str, Enum):
    """Where a document was lost: reading bytes, decoding them, parsing a container, or extracting."""

    read = "read"
    decode = "decode"
    parse = "parse"
    extract = "extract"


class Level(str, Enum):
    """``error``: the document is not in the output; ``warning``: it is, with a recorded problem."""

    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class Failure:
    """One recorded problem with one source (a file, an archive member, a JSONL line)."""

    source: str
    stage: Stage
    reason: str
    level: Level = Level.error
    doc_id: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A file that is not a document (an image in an archive, a directory entry, a link): counted only."""

    source: str
    reason: str


class ItemError(Exception):
    """Raised inside a reader for one item; turned into a ``Failure`` with its stage."""

    def __init__(self, stage: Stage, reason: str) -> None:
        super().__init__(reason)
        self.stage = stage
        self.reason = reason


class ArchiveLimitExceeded(Exception):
    """An archive decompressed to more bytes than the total cap allows (a zip bomb, or a cap set too low)."""


class BatchSetupError(Exception):
    """The run cannot start (or cannot go on): bad options, unreadable inputs, unwritable output."""
