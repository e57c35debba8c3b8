"""Dutch customs and police press texts in, validated seizure records out.

    from extractor import extract, Extractor
    doc = extract(text, published="2023-01")

Names are imported lazily so that ``extractor --help`` does not load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Document", "Extractor", "TextInput", "create_pipeline", "extract"]

if TYPE_CHECKING:
    from extractor.api import Extractor, TextInput, extract
    from extractor.pipeline import create_pipeline
    from extractor.schema import Document

_LAZY = {
    "Extractor": "extractor.api",
    "TextInput": "extractor.api",
    "extract": "extractor.api",
    "create_pipeline": "extractor.pipeline",
    "Document": "extractor.schema",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
