"""The assembled pipeline: component order and the tokenizer fixes for amounts."""

from __future__ import annotations

import pytest

from extractor.pipeline import COMPONENTS


def test_components_run_in_order(nlp) -> None:
    assert nlp.pipe_names == list(COMPONENTS)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Er lag 40 kg.", ["Er", "lag", "40", "kg", "."]),
        ("Er lag 40 KG.", ["Er", "lag", "40", "KG", "."]),
        ("Ruim 500 gr. Dat", ["Ruim", "500", "gr", ".", "Dat"]),
        ("€ 1,2 mld. aan cash", ["€", "1,2", "mld.", "aan", "cash"]),
        ("€ 1,2 mln. aan cash", ["€", "1,2", "mln.", "aan", "cash"]),
        ("ca. 40 kilo", ["ca.", "40", "kilo"]),
    ],
)
def test_tokenizer_keeps_amounts_and_sentence_ends_apart(nlp, text: str, tokens: list[str]) -> None:
    assert [t.text for t in nlp.make_doc(text)] == tokens


def test_amount_abbreviation_does_not_end_the_sentence(nlp) -> None:
    doc = nlp("De politie vond € 1,2 mld. aan cash in Antwerpen. Verder niets.")
    assert [s.text for s in doc.sents] == [
        "De politie vond € 1,2 mld. aan cash in Antwerpen.",
        "Verder niets.",
    ]


def test_line_breaks_end_sentences(nlp) -> None:
    doc = nlp("Douane vindt coke in Vlissingen\n\nIn de haven werd 300 kilo gevonden.")
    assert [s.text.strip() for s in doc.sents] == [
        "Douane vindt coke in Vlissingen",
        "In de haven werd 300 kilo gevonden.",
    ]
