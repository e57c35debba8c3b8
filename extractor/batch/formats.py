"""Which files are documents, containers of documents, or neither: decided by name.

Folders and archives hold all sorts of files; only these extensions are
read from them. A file named explicitly on the command line with another
extension is read as text (the user asked for it).
"""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    """What a file is, as far as the batch is concerned."""

    text = "text"
    html = "html"
    jsonl = "jsonl"
    jsonl_gz = "jsonl.gz"
    zip = "zip"
    tar = "tar"


_SUFFIXES: tuple[tuple[str, Format], ...] = (
    (".jsonl.gz", Format.jsonl_gz),
    (".ndjson.gz", Format.jsonl_gz),
    (".jsonl", Format.jsonl),
    (".ndjson", Format.jsonl),
    (".tar.gz", Format.tar),
    (".tar.bz2", Format.tar),
    (".tar.xz", Format.tar),
    (".tgz", Format.tar),
    (".tbz2", Format.tar),
    (".tbz", Format.tar),
    (".txz", Format.tar),
    (".tar", Format.tar),
    (".zip", Format.zip),
    (".html", Format.html),
    (".htm", Format.html),
    (".xhtml", Format.html),
    (".txt", Format.text),
    (".text", Format.text),
)

#: Archives are not opened inside archives (a zip cannot be streamed without seeking).
ARCHIVES = frozenset({Format.zip, Format.tar})


def classify(name: str) -> Format | None:
    """The format of a file by its name, or None when it is not something the batch reads."""
    lowered = name.lower()
    return next((fmt for suffix, fmt in _SUFFIXES if lowered.endswith(suffix)), None)


def is_hidden(path: str) -> bool:
    """Dot files and macOS resource forks ('__MACOSX/', '._name'): never documents."""
    parts = path.replace("\\", "/").split("/")
    return any(part.startswith(".") and part not in (".", "..") for part in parts) or "__MACOSX" in parts
