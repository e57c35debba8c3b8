"""The scorer behind `extractor evaluate`: exact figures on hand-made predictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.evaluation import GoldError, load_gold, score

GOLD = {
    "id": "t1",
    "published": "2023-01",
    "quantities": [
        {"text": "ruim 160 ton", "value": 160, "unit": "t", "qualifier": "more_than"},
        {"text": "110 ton", "value": 110, "unit": "t", "qualifier": "exact"},
    ],
    "seizures": [
        {
            "substance": "cocaine",
            "amount": 160,
            "unit": "t",
            "qualifier": "more_than",
            "ports": ["BEANR", "NLRTM"],
            "year": 2022,
            "aggregate": True,
            "alternatives": [{"amount": 160000, "unit": "kg"}],
        },
        {
            "substance": "cocaine",
            "amount": 110,
            "unit": "t",
            "ports": ["BEANR"],
            "year": 2021,
            "aggregate": True,
        },
    ],
    "ports": ["BEANR", "NLRTM", "BEBRU"],
    "years": [2021, 2022],
    "officials": [{"name": "Vincent Van Peteghem", "role": "minister van Financiën"}],
}


def quantity(value: float, unit: str, qualifier: str = "exact") -> dict:
    return {"value": value, "unit": unit, "qualifier": qualifier}


PRED = {
    "quantities": [quantity(160000, "kg", "exact"), quantity(110, "t"), quantity(5, "kg")],
    "seizures": [
        {
            "substance": "cocaine",
            "quantity": quantity(160000, "kg"),
            "ports": [{"locode": "NLRTM"}, {"locode": "BEANR"}],
            "year": 2022,
        },
        {
            "substance": "cocaine",
            "quantity": quantity(110, "t"),
            "ports": [{"locode": "BEANR"}],
            "year": 2022,
        },
    ],
    "ports": [{"locode": "BEANR"}, {"locode": "BEZAV"}, {"locode": "NLVLI"}],
    "years": [{"year": 2022}],
    "officials": [
        {"name": "Vincent Van Peteghem", "role": "Belgische minister van Financiën"},
        {"name": "Jan Smit"},
    ],
}


def test_scores_match_hand_computed_figures() -> None:
    report = score([GOLD], {"t1": PRED})
    t = report.tallies
    assert (t["quantities"].tp, t["quantities"].fp, t["quantities"].fn) == (2, 1, 0)
    assert (t["seizures_strict"].tp, t["seizures_strict"].fp, t["seizures_strict"].fn) == (1, 1, 1)
    assert (t["seizures_core"].tp, t["seizures_core"].fp, t["seizures_core"].fn) == (2, 0, 0)
    assert (t["ports"].tp, t["ports"].fp, t["ports"].fn) == (2, 1, 1)  # BEZAV counts as BEBRU
    assert (t["years"].tp, t["years"].fp, t["years"].fn) == (1, 0, 1)
    assert (t["officials"].tp, t["officials"].fp, t["officials"].fn) == (1, 1, 0)
    assert (report.qualifier_ok, report.qualifier_n) == (1, 2)
    assert (report.role_ok, report.role_n) == (1, 1)
    assert report.f1("seizures_core") == 1.0
    assert report.f1("quantities") == pytest.approx(0.8)
    assert "t1 seizure missed: cocaine (110000.0, 'kg') ports=['BEANR'] year=2021" in report.misses


def test_missing_prediction_counts_as_all_misses() -> None:
    report = score([GOLD], {})
    assert report.missing_documents == ["t1"]
    assert report.tallies["quantities"].fn == 2
    assert report.f1("officials") == 0.0


def test_bad_gold_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="x.json: cannot read gold"):
        load_gold(tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(GoldError, match="no gold files"):
        load_gold(tmp_path / "empty")


def test_evaluate_command_on_a_folder_with_gold_and_texts(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "texts").mkdir()
    text = "Geen cijfers in deze tekst over het beleid van de douane."
    (tmp_path / "texts" / "n1.txt").write_text(text, encoding="utf-8")
    gold = {
        "id": "n1",
        "published": None,
        "quantities": [],
        "seizures": [],
        "ports": [],
        "years": [],
        "officials": [],
    }
    (tmp_path / "gold" / "n1.json").write_text(json.dumps(gold), encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["fields"]["seizures_strict"]["f1"] == 1.0
    assert data["fields"]["quantities"]["fp"] == 0


def test_evaluate_min_threshold_fails_with_exit_1(tmp_path: Path) -> None:
    (tmp_path / "t1.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (tmp_path / "t1.txt").write_text("Een tekst zonder cijfers.", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(tmp_path), "--min", "quantities=0.5"])
    assert result.exit_code == 1
    assert "below minimum: quantities 0.000 < 0.5" in result.stderr


def test_evaluate_rejects_unknown_field(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(tmp_path), "--min", "colour=1"])
    assert result.exit_code == 2
    assert "unknown field 'colour'" in result.stderr
