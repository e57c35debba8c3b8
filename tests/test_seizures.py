"""The customs_seizures component end to end: regression cases kept as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases" / "seizures.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def as_rows(document) -> list[dict]:
    return [
        {
            "substance": s.substance.value,
            "value": s.quantity.value,
            "unit": s.quantity.unit.value,
            "ports": sorted(p.locode for p in s.ports),
            "year": s.year,
            "aggregate": s.aggregate,
        }
        for s in document.seizures
    ]


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=[pytest.mark.xfail(reason=c["xfail"])] if c.get("xfail") else []) for c in CASES],
    ids=[c["id"] for c in CASES],
)
def test_seizure_case(extractor, case: dict) -> None:
    document = extractor.extract(case["text"])
    expected = [{**s, "ports": sorted(s["ports"])} for s in case["seizures"]]
    assert as_rows(document) == expected


def test_evidence_is_the_clause_of_the_amount(extractor) -> None:
    text = (
        " date 2023-01 In Rotterdam daalde de in beslag genomen hoeveelheid: "
        "van 70 ton in 2021 tot ongeveer 50 ton in 2022."
    )
    document = extractor.extract(text)
    evidence = {s.evidence.text for s in document.seizures}
    assert evidence == {"van 70 ton in 2021 tot ongeveer 50 ton in 2022"}
    for s in document.seizures:
        assert text[s.evidence.start : s.evidence.end] == s.evidence.text
        assert text[s.quantity.start : s.quantity.end] == s.quantity.text


def test_evidence_never_includes_the_date_prefix(extractor) -> None:
    document = extractor.extract(" date 2024-02-16 De douane vond op de Maasvlakte 300 kilo cocaïne.")
    assert [s.evidence.text for s in document.seizures] == [
        "De douane vond op de Maasvlakte 300 kilo cocaïne"
    ]
