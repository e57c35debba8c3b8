"""The customs_substances component: Dutch forms to canonical substances."""

from __future__ import annotations

import pytest


def found(nlp, text: str) -> list[tuple[str, str]]:
    return [(s.text, s._.substance.value) for s in nlp(text)._.substances]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De douane vond coke en cocaïne.", [("coke", "cocaine"), ("cocaïne", "cocaine")]),
        ("COCAÏNE in de Scheldestad", [("COCAÏNE", "cocaine")]),
        ("Een cocaïnevangst van formaat.", [("cocaïnevangst", "cocaine")]),
        ("Er lagen 3.000 xtc-pillen en wat hasjplaten.", [("xtc-pillen", "mdma"), ("hasjplaten", "hashish")]),
        (
            "Ook heroïne, wiet en speed.",
            [("heroïne", "heroin"), ("wiet", "cannabis"), ("speed", "amphetamine")],
        ),
        ("Crystal meth en ketamine", [("Crystal meth", "methamphetamine"), ("ketamine", "ketamine")]),
        (
            "Methamfetamine, geen amfetamine.",
            [("Methamfetamine", "methamphetamine"), ("amfetamine", "amphetamine")],
        ),
        ("liters BMK en PMK-olie", [("BMK", "precursors"), ("PMK-olie", "precursors")]),
        ("2 miljoen namaaksigaretten", [("namaaksigaretten", "cigarettes")]),
        ("namaakkleding en shag", [("namaakkleding", "counterfeit"), ("shag", "tobacco")]),
        ("waterpijptabak", [("waterpijptabak", "tobacco")]),
        (
            "Vuurwapens, munitie en contant geld.",
            [("Vuurwapens", "weapons"), ("munitie", "ammunition"), ("contant geld", "cash")],
        ),
        ("Een lading verdovende middelen.", [("verdovende middelen", "other")]),
        ("Synthetische drugs uit Limburg.", [("Synthetische drugs", "synthetic_drugs")]),
    ],
)
def test_substance_terms(nlp, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "De drugshandel en de drugsbendes zijn een probleem.",
        "De cokehandelaar werd gearresteerd.",
        "Een wapenstilstand.",
        "Het cashflowprobleem.",
        "De Colombiaanse kust.",
    ],
)
def test_words_that_only_look_like_substances(nlp, text: str) -> None:
    assert found(nlp, text) == []

