"""Importing spaCy without its command-line package, for short-lived processes.

``import spacy`` runs ``from .cli.info import info`` only to offer ``spacy.info``.
That imports ``spacy.cli`` whole: every spaCy command with weasel, jinja2 and
requests, about 0.2 s of the 1.2 s that ``extractor extract`` may take to start
(and of every batch worker's start). Nothing else in spaCy's runtime imports it.

``import_spacy`` imports spaCy with two stand-in modules in ``sys.modules`` for
the time of the import: ``spacy.cli`` and ``spacy.cli.info``, whose ``info``
imports the real command on first call. The stand-ins are removed right after,
so a later ``import spacy.cli`` loads the real package. When spaCy is already
imported, or its import does not work with the stand-ins (another spaCy
version), spaCy is imported the usual way.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

_CLI, _INFO = "spacy.cli", "spacy.cli.info"


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: the real one, imported on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> ModuleType:
    """The ``spacy`` module, imported without ``spacy.cli`` when this process has not imported it yet."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    cli, info = ModuleType(_CLI), ModuleType(_INFO)
    cli.__path__ = []  # a package to the import system, with nothing found in it
    info.info = _info  # type: ignore[attr-defined]
    stand_ins = {_CLI: cli, _INFO: info}
    sys.modules.update(stand_ins)
    try:
        spacy = importlib.import_module("spacy")
    except Exception:
        _remove(stand_ins)
        for name in [name for name in sys.modules if name == "spacy" or name.startswith("spacy.")]:
            del sys.modules[name]  # a half-imported spaCy: start again without stand-ins
        return importlib.import_module("spacy")
    _remove(stand_ins)
    if getattr(spacy, "cli", None) is cli:
        del spacy.cli
    return spacy


def _remove(stand_ins: dict[str, ModuleType]) -> None:
    for name, module in stand_ins.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
