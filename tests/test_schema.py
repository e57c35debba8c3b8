"""The records validate for real: enums, LOCODEs, year ranges, offsets against the text."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from extractor.schema import Document, Mention, Port, Quantity, Year

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


def test_mention_without_context_checks_only_order() -> None:
    assert Mention(text="x", start=3, end=4).end == 4


def test_json_schema_names_the_scored_fields() -> None:
    schema = Document.model_json_schema()
    quantity_props = schema["$defs"]["Quantity"]["properties"]
    assert {"value", "unit", "qualifier", "text", "start", "end"} <= set(quantity_props)
    seizure_props = schema["$defs"]["Seizure"]["properties"]
    assert {"substance", "quantity", "ports", "year", "aggregate", "evidence"} <= set(seizure_props)
