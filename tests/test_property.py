"""Any unicode input gives a valid Document, never an exception, offsets inside the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.api import Extractor
from extractor.schema import Document

# Fragments that make the rules fire, mixed with arbitrary text.
FRAGMENTS = st.sampled_from(
    [
        " date 2023-01 ",
        "ruim 160 ton (oftewel 160.000 kilo) coke",
        "89,5 ton",
        "anderhalve ton",
        "honderden kilo's",
        "€ 2,5 miljoen",
        "vorig jaar",
        "In 2021",
        "14 maart",
        "woensdagnacht",
        "haven van Antwerpen",
        "Scheldestad",
        "minister van Financiën Vincent Van Peteghem",
        "stelt Van Peteghem",
        "tot",
        "300 tot 350 kilo",
        "(",
        ")",
        ", ",
        ". ",
        "\n\n",
    ]
)
TEXTS = st.lists(st.one_of(st.text(max_size=40), FRAGMENTS), max_size=25).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_any_text_gives_a_valid_document(extractor: Extractor, text: str) -> None:
    document = extractor.extract(text)
    Document.model_validate(document.model_dump(), context={"text": text})
    mentions = [*document.quantities, *document.ports, *document.years, *document.dates, *document.officials]
    mentions += [s.evidence for s in document.seizures] + [s.quantity for s in document.seizures]
    for mention in mentions:
        assert 0 <= mention.start <= mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
