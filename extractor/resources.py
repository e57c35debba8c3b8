"""Finding and reading the rule and term files in ``patterns/``.

The files ship inside the installed package (``extractor/patterns``, put there
by the wheel's force-include); in a source checkout they are read from the
top-level ``patterns/`` folder. Every file is JSON Lines: one entry per line,
``#`` comments and blank lines allowed, each entry validated by a pydantic
model so that a bad entry is reported with its file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)


class PatternFileError(ValueError):
    """A pattern file could not be read; the message names the file and line."""


def default_patterns_dir() -> Path:
    """The patterns folder of the installed package, or of the source checkout."""
    packaged = resources.files("extractor") / "patterns"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / "patterns"
    if checkout.is_dir():
        return checkout
    raise PatternFileError("no patterns folder: neither extractor/patterns nor ./patterns exists")


def patterns_path(directory: str | Path | None, filename: str) -> Path:
    """The file ``filename`` in ``directory`` (or in the default patterns folder)."""
    base = Path(directory) if directory else default_patterns_dir()
    path = base / filename
    if not path.is_file():
        raise PatternFileError(f"{path}: pattern file not found")
    return path


def read_entries(path: Path, model: type[T]) -> list[T]:
    """Parse a JSONL pattern file into validated entries; errors name file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise PatternFileError(f"{path}: cannot read: {err}") from err
    return list(_parse_lines(path, lines, model))


def _parse_lines(path: Path, lines: Iterable[str], model: type[T]) -> Iterable[T]:
    for lineno, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as err:
            raise PatternFileError(f"{path}:{lineno}: not valid JSON: {err.msg}") from err
        try:
            yield model.model_validate(data)
        except ValidationError as err:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'entry'}: {e['msg']}" for e in err.errors()
            )
            raise PatternFileError(f"{path}:{lineno}: {problems}") from err
