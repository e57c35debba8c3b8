"""The records validate for real: enums, LOCODEs, year ranges, offsets against the text."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from extractor.schema import (
    AlternateAmount,
    DateMention,
    Document,
    Mention,
    Official,
    Port,
    Quantity,
    Seizure,
    Year,
    offsets_match,
)

TEXT = "In Antwerpen werd 110 ton cocaïne onderschept."
DOC_ID = "0" * 64


def quantity(**overrides) -> dict:
    data = {
        "text": "110 ton",
        "start": 18,
        "end": 25,
        "value": 110,
        "unit": "t",
        "qualifier": "exact",
        "normalized_value": 110000,
        "normalized_unit": "kg",
    }
    return {**data, **overrides}


def test_valid_quantity_checked_against_text() -> None:
    q = Quantity.model_validate(quantity(), context={"text": TEXT})
    assert (q.value, q.unit.value, q.qualifier.value) == (110, "t", "exact")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"unit": "pounds"}, "unit"),
        ({"qualifier": "roughly"}, "qualifier"),
        ({"start": 19}, "is not '110 ton'"),
        ({"end": 500, "start": 490}, "outside a text"),
        ({"start": 30, "end": 25}, "before start"),
        ({"start": -1}, "greater than or equal to 0"),
    ],
)
def test_invalid_quantity_is_rejected(overrides: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Quantity.model_validate(quantity(**overrides), context={"text": TEXT})


@pytest.mark.parametrize("locode", ["NLRT", "nlrtm", "NL-RTM", "NLRTM1"])
def test_bad_locode_is_rejected(locode: str) -> None:
    with pytest.raises(ValidationError, match="locode"):
        Port(text="Antwerpen", start=3, end=12, locode=locode, name="Antwerpen", country="BE")


@pytest.mark.parametrize("year", [1899, 2101])
def test_year_out_of_range_is_rejected(year: int) -> None:
    with pytest.raises(ValidationError):
        Year(text=str(year), start=0, end=4, year=year)


def test_document_rejects_unknown_fields_and_bad_doc_id() -> None:
    with pytest.raises(ValidationError, match="doc_id"):
        Document(doc_id="abc")
    with pytest.raises(ValidationError, match="Extra inputs"):
        Document(doc_id=DOC_ID, colour="blue")


def document_with_every_kind_of_mention() -> Document:
    q = Quantity.model_validate(quantity())
    q.alternates = [
        AlternateAmount(
            text="110 ton",
            start=18,
            end=25,
            value=110,
            unit="t",
            normalized_value=110000,
            normalized_unit="kg",
        )
    ]
    return Document(
        doc_id=DOC_ID,
        quantities=[q],
        ports=[Port(text="Antwerpen", start=3, end=12, locode="BEANR", name="Antwerpen", country="BE")],
        years=[Year(text="110", start=18, end=21, year=2000)],
        dates=[DateMention(text="Antwerpen", start=3, end=12, date=None)],
        officials=[
            Official(
                text="Antwerpen",
                start=3,
                end=12,
                name="Antwerpen",
                mentions=[Mention(text="Antwerpen", start=3, end=12)],
            )
        ],
        seizures=[
            Seizure(
                substance="cocaine",
                quantity=q.model_copy(deep=True),
                evidence=Mention(text="110 ton cocaïne", start=18, end=33),
            )
        ],
    )


def test_offsets_match_checks_every_mention_however_deep() -> None:
    document = document_with_every_kind_of_mention()
    assert offsets_match(document, TEXT)
    Document.model_validate(document.model_dump(), context={"text": TEXT})  # the same verdict
    nested = [
        lambda d: d.quantities[0],
        lambda d: d.quantities[0].alternates[0],
        lambda d: d.ports[0],
        lambda d: d.years[0],
        lambda d: d.dates[0],
        lambda d: d.officials[0],
        lambda d: d.officials[0].mentions[0],
        lambda d: d.seizures[0].quantity,
        lambda d: d.seizures[0].evidence,
    ]
    for path in nested:
        for start, end in [(0, 3), (40, 500), (5, 4), (-1, 3)]:
            broken = document_with_every_kind_of_mention()
            mention = path(broken)
            mention.start, mention.end = start, end
            assert not offsets_match(broken, TEXT)
            with pytest.raises(ValidationError):
                Document.model_validate(broken.model_dump(), context={"text": TEXT})


def test_mention_without_context_checks_only_order() -> None:
    assert Mention(text="x", start=3, end=4).end == 4


def test_json_schema_names_the_scored_fields() -> None:
    schema = Document.model_json_schema()
    quantity_props = schema["$defs"]["Quantity"]["properties"]
    assert {"value", "unit", "qualifier", "text", "start", "end"} <= set(quantity_props)
    seizure_props = schema["$defs"]["Seizure"]["properties"]
    assert {"substance", "quantity", "ports", "year", "aggregate", "evidence"} <= set(seizure_props)
