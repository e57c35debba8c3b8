"""What the readers hand to the runner: one raw document with its provenance, and the reading limits.

Readers never decode or extract: a ``RawItem`` carries bytes (a file, an
archive member) or a string (a JSONL text field), so that every text goes
through ``extractor.reading.decode_bytes`` in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

#: Default cap on one document, in bytes (larger files are recorded as failures, not read).
DEFAULT_MAX_BYTES = 5_000_000
#: Default cap on everything one archive may decompress to (zip bomb guard).
DEFAULT_MAX_ARCHIVE_BYTES = 20_000_000_000


class Kind(str, Enum):
    """How a document's content is turned into text: as is, or via main-text extraction from HTML."""

    text = "text"
    html = "html"


@dataclass
class RawItem:
    """One document as found: its content, where it came from, and what the container said about it."""

    source: str
    content: bytes | str
    kind: Kind = Kind.text
    published: dt.date | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Bytes held in memory for this item (the window of in-flight items is bounded by it)."""
        return len(self.content) if isinstance(self.content, bytes) else len(self.content) * 2


@dataclass(frozen=True)
class ReadOptions:
    """Limits and JSONL field names shared by every reader."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_archive_bytes: int = DEFAULT_MAX_ARCHIVE_BYTES
    text_field: str = "text"
    id_field: str = "id"
    date_field: str = "date"


_SIZE_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9}
_SIZE_UNITS.update({"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30})


def parse_size(value: str) -> int:
    """Bytes from '5000000', '5MB', '500 kB', '1.5GB' or '2GiB' (kB/MB/GB are powers of 1000)."""
    text = value.strip().lower().replace(" ", "").replace("_", "")
    number = text.rstrip("kmgib")
    unit = text[len(number) :]
    try:
        size = float(number) * _SIZE_UNITS[unit]
    except (KeyError, ValueError) as err:
        raise ValueError(f"{value!r} is not a size (e.g. 5MB, 500kB, 2GB)") from err
    if size < 1:
        raise ValueError(f"{value!r}: a size must be at least one byte")
    return int(size)
