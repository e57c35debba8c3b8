"""The date prefix and the language check of the customs_metadata component."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.components.metadata import parse_prefix


@pytest.mark.parametrize(
    ("text", "published", "body_start"),
    [
        (" date 2023-01 In de haven", dt.date(2023, 1, 1), 14),
        (" date 2024-05-14\nDe douane", dt.date(2024, 5, 14), 17),
        ("date 2022-12-31 Tekst", dt.date(2022, 12, 31), 16),
        ("De douane vond coke.", None, 0),
        (" datum 2023-01 tekst", None, 0),
    ],
)
def test_parse_prefix(text: str, published: dt.date | None, body_start: int) -> None:
    assert parse_prefix(text) == (published, body_start)


def test_prefix_sets_published_and_body_start(nlp) -> None:
    doc = nlp(" date 2023-01 In Antwerpen werd vorig jaar cocaïne gevonden.")
    assert doc._.published == dt.date(2023, 1, 1)
    assert doc._.body_start == 14
    assert doc.text[doc._.body_start :].startswith("In Antwerpen")


def test_invalid_prefix_date_is_a_warning(nlp) -> None:
    doc = nlp(" date 2023-13 In Antwerpen werd cocaïne gevonden.")
    assert doc._.published is None
    assert any("not a valid date" in w for w in doc._.warnings)


def test_given_publication_date_wins_over_prefix(extractor) -> None:
    document = extractor.extract(" date 2023-01 In Antwerpen werd cocaïne gevonden.", published="2020-06-15")
    assert document.published == dt.date(2020, 6, 15)


@pytest.mark.parametrize(
    "text",
    [
        "The customs service in Rotterdam seized more than one hundred tonnes of cocaine last year, "
        "the minister said on Tuesday in a press conference about the port and its problems.",
        "Der Zoll in Hamburg hat im vergangenen Jahr mehr als hundert Tonnen Kokain beschlagnahmt, "
        "sagte der Minister am Dienstag auf einer Pressekonferenz über den Hafen.",
        "La douane du port d'Anvers a saisi plus de cent tonnes de cocaïne l'année dernière, "
        "a déclaré le ministre mardi lors d'une conférence de presse sur le port.",
    ],
)
def test_foreign_text_gets_a_warning(nlp, text: str) -> None:
    doc = nlp(text)
    assert any("does not look Dutch" in w for w in doc._.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "De douane in Rotterdam heeft 40 kilo coke gevonden in een container met bananen uit Ecuador. "
        "Twee verdachten zijn aangehouden door de politie.",
        "In de haven van Antwerpen is vorige week een recordvangst gedaan: de speurders troffen er "
        "ruim twee ton cocaïne aan tussen een lading ananassen.",
        "Kort: coke gevonden.",
    ],
)
def test_dutch_text_gets_no_language_warning(nlp, text: str) -> None:
    doc = nlp(text)
    assert not any("does not look Dutch" in w for w in doc._.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "De douane vond 40 kilo coke. Daarna volgde een tweede vangst.",
        "Wat zat er in de container?! Niemand wist het... Tot de scanner sloeg.",
        'Hij zei: "Het is voorbij." De zaak loopt nog. (Bron: OM.) Einde.',
        "Eén zin zonder punt",
        "...Begint met punten. En eindigt met punten...",
        "Vraag? Antwoord! Nog een vraag?",
        "Hallo . . . daar.",
    ],
)
def test_sentence_starts_follow_spacy_sentencizer_without_line_breaks(nlp, text: str) -> None:
    from spacy.pipeline import Sentencizer

    reference = Sentencizer()(nlp.make_doc(text))
    ours = nlp.get_pipe("customs_metadata")(nlp.make_doc(text))
    assert [t.is_sent_start for t in ours] == [t.is_sent_start for t in reference]


def test_sentence_starts_given_before_are_kept_and_line_breaks_added(nlp) -> None:
    doc = nlp.make_doc("Eerste deel zonder punt en tweede deel. Derde\nvierde")
    doc[4].is_sent_start = True  # "en": a start set by an earlier component
    doc = nlp.get_pipe("customs_metadata")(doc)
    assert [t.text for t in doc if t.is_sent_start] == ["Eerste", "en", "Derde", "vierde"]


def _expected_starts(nlp, text: str, given: dict[int, bool]) -> list[bool]:
    """spaCy's Sentencizer (which keeps starts given before), then a start after every line break."""
    from spacy.pipeline import Sentencizer

    doc = nlp.make_doc(text)
    for i, value in given.items():
        doc[i].is_sent_start = value
    doc = Sentencizer()(doc)
    starts = [bool(t.is_sent_start) for t in doc]
    for t in doc[:-1]:
        if t.is_space and "\n" in t.text:
            starts[t.i + 1] = True
    return starts


def test_sentence_starts_on_random_punctuation_and_line_breaks(nlp) -> None:
    """Runs of finals and other punctuation, line breaks anywhere (also first and last), given starts."""
    import random

    pieces = ["De", "douane", "zag", "1.200", "kilo", ".", "!", "?", "...", "?!", ",", "(", ")", '"', ":"]
    separators = [" ", "", "\n", " \n", "\n\n", "  "]
    rng = random.Random(7)
    component = nlp.get_pipe("customs_metadata")
    for _ in range(400):
        text = "".join(rng.choice(pieces) + rng.choice(separators) for _ in range(rng.randint(1, 25)))
        doc = nlp.make_doc(text)
        given = {}
        if len(doc) > 2 and rng.random() < 0.3:
            given = {rng.randrange(1, len(doc)): rng.random() < 0.7}
        for i, value in given.items():
            doc[i].is_sent_start = value
        ours = component(doc)
        assert [bool(t.is_sent_start) for t in ours] == _expected_starts(nlp, text, given), (text, given)
