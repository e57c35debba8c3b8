"""Shared plumbing for components whose rules live in JSONL files under ``patterns/``.

A subclass names its files in ``files`` and builds its matchers in
``compile()``. Loading (from the default folder or a configured
``patterns_path``), validation and ``to_disk``/``from_disk`` serialisation are
done here once, so that ``nlp.to_disk(path)`` followed by ``spacy.load(path)``
gives back the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel
from spacy.language import Language
from spacy.util import ensure_path

from extractor.resources import patterns_path as resolve_pattern_file
from extractor.resources import read_entries


class PatternComponent:
    """Base class: loads ``files`` into ``self.entries`` and calls ``compile()``."""

    #: key -> (file name, entry model). Entries end up in ``self.entries[key]``.
    files: ClassVar[dict[str, tuple[str, type[BaseModel]]]] = {}

    def __init__(self, nlp: Language, name: str, *, patterns_path: str | None = None) -> None:
        self.nlp = nlp
        self.name = name
        self.patterns_path = patterns_path
        self.entries: dict[str, list[Any]] = {
            key: read_entries(resolve_pattern_file(patterns_path, filename), model)
            for key, (filename, model) in self.files.items()
        }
        self.compile()

    def compile(self) -> None:
        """Build matchers and lookup tables from ``self.entries``."""

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the entries in use as JSONL files into ``path``."""
        directory = ensure_path(path)
        directory.mkdir(parents=True, exist_ok=True)
        for key, (filename, _model) in self.files.items():
            lines = (entry.model_dump_json(exclude_defaults=True) for entry in self.entries[key])
            (directory / filename).write_text("".join(line + "\n" for line in lines), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PatternComponent:
        """Read the entries back from ``path`` and rebuild the matchers."""
        directory = ensure_path(path)
        self.entries = {
            key: read_entries(directory / filename, model) for key, (filename, model) in self.files.items()
        }
        self.compile()
        return self
