"""The composed evaluation corpus (samples/eval) keeps its accuracy: a floor per field.

The corpus's gold was written before the extractor was run on its texts; the
floors are the ones the project promises (every field F1 >= 0.95, strict
seizures >= 0.90). A rule change that costs accuracy elsewhere fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.evaluation import FIELDS, Report, evaluate_folder

CORPUS = Path(__file__).resolve().parent.parent / "samples" / "eval"
FLOORS = {field: 0.95 for field in FIELDS} | {"seizures_strict": 0.90}


@pytest.fixture(scope="module")
def report(extractor) -> Report:
    return evaluate_folder(CORPUS, extractor=extractor)


def test_corpus_is_complete(report: Report) -> None:
    assert len(list((CORPUS / "gold").glob("*.json"))) >= 40
    assert report.missing_documents == []


@pytest.mark.parametrize("field", FIELDS)
def test_field_f1_stays_above_its_floor(report: Report, field: str) -> None:
    assert report.f1(field) >= FLOORS[field], "\n".join(report.misses)


def test_qualifiers_and_roles_are_right_where_matched(report: Report) -> None:
    assert report.qualifier_ok / report.qualifier_n >= 0.95
    assert report.role_ok / report.role_n >= 0.95
