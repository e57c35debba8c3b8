"""The library entry: extract(), Extractor.extract_many(), publication dates, ids."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from spacy.language import Language

from extractor import Document, Extractor, TextInput, extract
from extractor.api import doc_to_document, document_id, parse_published
from extractor.schema import Mention

TEXT = " date 2023-03-10 In de haven van Antwerpen werd vrijdag 1.200 kilo cocaïne onderschept."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023", dt.date(2023, 1, 1)),
        ("2023-01", dt.date(2023, 1, 1)),
        ("2023-01-14", dt.date(2023, 1, 14)),
        (dt.date(2022, 5, 6), dt.date(2022, 5, 6)),
        (dt.datetime(2022, 5, 6, 12, 30), dt.date(2022, 5, 6)),
        (None, None),
        ("", None),
    ],
)
def test_parse_published(value, expected) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["14-01-2023", "gisteren", "2023-02-30", "2023-13"])
def test_parse_published_rejects_bad_dates(value: str) -> None:
    with pytest.raises(ValueError, match="publication date"):
        parse_published(value)


def test_extract_returns_a_validated_document(extractor: Extractor) -> None:
    document = extractor.extract(TEXT, source="persbericht.txt")
    assert isinstance(document, Document)
    assert document.source == "persbericht.txt"
    assert document.published == dt.date(2023, 3, 10)
    assert document.doc_id == document_id(TEXT)
    assert len(document.doc_id) == 64
    for mention in [*document.quantities, *document.ports, *document.years, *document.officials]:
        assert TEXT[mention.start : mention.end] == mention.text


def test_doc_to_document_checks_offsets_against_the_text(nlp: Language) -> None:
    doc = nlp(TEXT)
    assert doc_to_document(doc, text=TEXT).seizures
    with pytest.raises(ValidationError, match="is not"):
        doc_to_document(doc, text="x" + TEXT[:-1])  # same length, every mention shifted
    with pytest.raises(ValidationError, match="outside a text"):
        doc_to_document(doc, text=TEXT[:20])


def test_doc_to_document_checks_nested_mentions(nlp: Language) -> None:
    doc = nlp(TEXT)
    seizure = doc._.seizures[0]._.seizure
    seizure.evidence = Mention(text="In de haven", start=0, end=11)  # the text has " date ..." there
    with pytest.raises(ValidationError, match="seizures.0.evidence"):
        doc_to_document(doc, text=TEXT)


def test_doc_id_is_stable_and_content_based() -> None:
    assert document_id("abc") == document_id("abc")
    assert document_id("abc") != document_id("abd")
    assert document_id("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_module_level_extract_uses_the_default_pipeline() -> None:
    document = extract("In Rotterdam werd 40 kilo heroïne gevonden.", published="2022-02-01")
    assert document.published == dt.date(2022, 2, 1)


def test_extract_many_keeps_order_sources_and_warnings(extractor: Extractor) -> None:
    items = [
        TextInput("Eerste tekst over coke.", source="a"),
        "Tweede tekst over hasj.",
        TextInput("", source="leeg", warnings=["decoded as cp1252"]),
    ]
    documents = list(extractor.extract_many(items))
    assert [d.source for d in documents] == ["a", None, "leeg"]
    assert documents[2].warnings == ["decoded as cp1252", "empty text"]


def test_extract_many_is_lazy(extractor: Extractor) -> None:
    def endless():
        n = 0
        while True:
            n += 1
            yield f"Tekst nummer {n} over cocaïne."

    stream = extractor.extract_many(endless())
    first = next(stream)
    assert first.doc_id == document_id("Tekst nummer 1 over cocaïne.")


def test_non_string_text_is_a_type_error(extractor: Extractor) -> None:
    with pytest.raises(TypeError, match="text must be str"):
        extractor.extract(b"bytes")  # type: ignore[arg-type]


def test_long_text_is_accepted(extractor: Extractor) -> None:
    text = "De douane vond 10 kilo cocaïne in Antwerpen. " * 30_000  # ~1.4 MB, over spaCy's default max
    document = extractor.extract(text)
    assert len(document.doc_id) == 64


def test_text_input_takes_iso_strings_for_the_date(extractor: Extractor) -> None:
    item = TextInput("In Antwerpen werd vorig jaar cocaïne gevonden.", published="2023-01")
    assert item.published == dt.date(2023, 1, 1)
    document = next(extractor.extract_many([item]))
    assert [y.year for y in document.years] == [2022]
