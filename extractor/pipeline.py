"""Assembling the spaCy pipeline: ``spacy.blank("nl")``, tokenizer fixes, our components.

``create_pipeline()`` is what the library and the CLI use; the result can be
saved with ``nlp.to_disk(path)`` and read back with ``spacy.load(path)`` (the
factories are registered through the ``spacy_factories`` entry point and on
import of ``extractor.components``).
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language

import extractor.components  # noqa: F401  (registers the factories)

#: Our components in pipeline order; each reads what the ones before it left on the Doc.
COMPONENTS: tuple[str, ...] = (
    "customs_metadata",
    "customs_quantities",
    "customs_ports",
    "customs_years",
    "customs_officials",
    "customs_substances",
    "customs_seizures",
)

#: Tokenizer exceptions of spaCy's Dutch defaults that glue a unit to a
#: sentence-final period ("40 kg." -> one token "kg."). Without them the
#: period becomes its own token, so unit patterns and sentence ends both work.
#: "ca." and "mln." stay: they are abbreviations in the middle of a sentence.
UNIT_ABBREVIATIONS = ("kg.", "g.", "gr.", "l.", "eur.", "jl.", "st.")

#: spaCy refuses texts longer than ``max_length`` characters; our pipeline has
#: no parser or tagger, so long documents cost memory linear in their size only.
MAX_TEXT_LENGTH = 50_000_000


def adjust_tokenizer(nlp: Language) -> None:
    """Drop the unit abbreviation exceptions (all capitalisations) from the tokenizer."""
    unwanted = {abbr.lower() for abbr in UNIT_ABBREVIATIONS}
    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if k.lower() not in unwanted}


def create_pipeline(
    patterns_path: str | None = None, config: dict[str, dict[str, Any]] | None = None
) -> Language:
    """A fresh pipeline; ``patterns_path`` points every component at another patterns folder.

    ``config`` maps a component name to extra settings for it, e.g.
    ``{"customs_metadata": {"min_stopword_ratio": 0.2}}``.
    """
    nlp = spacy.blank("nl")
    nlp.max_length = MAX_TEXT_LENGTH
    adjust_tokenizer(nlp)
    nlp.add_pipe("sentencizer")
    config = config or {}
    for name in COMPONENTS:
        settings = dict(config.get(name, {}))
        if patterns_path is not None and name != "customs_metadata":
            settings.setdefault("patterns_path", str(patterns_path))
        nlp.add_pipe(name, config=settings)
    return nlp
