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
from spacy.symbols import ORTH

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

#: Whitespace chunks the tokenizer remembers (spaCy's default: 10,000). The
#: cache only fills, never evicts: with the default it is full after a few
#: hundred press texts and every later new word is split by the affix regexes
#: again. 100,000 entries cost ~4 MB and keep the mid-frequency words of an
#: archive (names, places, compounds) cached. Not saved by ``to_disk``: set
#: again by ``tune_tokenizer`` whenever a pipeline is built or loaded.
TOKENIZER_CACHE_SIZE = 100_000

#: Abbreviations that stand in the middle of an amount ("€ 1,2 mld. aan cash") and so must
#: stay one token, like spaCy's own "mln.", instead of ending the sentence.
AMOUNT_ABBREVIATIONS = ("mld.", "mrd.", "mio.", "mlj.")

#: spaCy refuses texts longer than ``max_length`` characters; our pipeline has
#: no parser or tagger, so long documents cost memory linear in their size only.
MAX_TEXT_LENGTH = 50_000_000


def adjust_tokenizer(nlp: Language) -> None:
    """Split unit abbreviations from a final period; keep amount abbreviations whole (all capitalisations)."""
    unwanted = {abbr.lower() for abbr in UNIT_ABBREVIATIONS}
    # overriding the few exceptions is cheap; assigning ``tokenizer.rules`` would rebuild all 4,600
    for key in [k for k in nlp.tokenizer.rules if k.lower() in unwanted]:
        nlp.tokenizer.add_special_case(key, [{ORTH: key[:-1]}, {ORTH: "."}])
    for abbr in AMOUNT_ABBREVIATIONS:
        for form in {abbr, abbr.capitalize(), abbr.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def tune_tokenizer(nlp: Language) -> None:
    """Runtime tokenizer settings that a saved pipeline does not keep (the cache size)."""
    nlp.tokenizer.max_cache_size = max(nlp.tokenizer.max_cache_size, TOKENIZER_CACHE_SIZE)


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
    tune_tokenizer(nlp)
    config = config or {}
    for name in COMPONENTS:
        settings = dict(config.get(name, {}))
        if patterns_path is not None and name != "customs_metadata":
            settings.setdefault("patterns_path", str(patterns_path))
        nlp.add_pipe(name, config=settings)
    return nlp
