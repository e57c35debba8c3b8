"""The customs_seizures cue index, clause cue masks, token codes and same-amount test against plain rules."""

from __future__ import annotations

import math
import random

import pytest
from spacy.strings import get_string_id

from extractor.components.seizures import (
    CLAUSE_BREAKS,
    DELIMITER,
    IS_ALPHA,
    IS_LOWER,
    IS_PUNCT,
    IS_SPACE,
    IS_STOP,
    IS_TITLE,
    KIND_BITS,
    LINE_BREAK,
    OPENS_COMPARISON,
    OPENS_THEN,
    CueIndex,
    _same_seizure,
)
from extractor.schema import AlternateAmount, PortRef, Qualifier, Quantity, Seizure, Substance, Unit

KINDS = ("comparison", "then", "origin", "not_before", "national", "partial", "seized")
IDS = {kind: get_string_id(kind) for kind in KIND_BITS}
BITS = {IDS[kind]: bit for kind, bit in KIND_BITS.items()}


def _random_matches(rng: random.Random, n: int) -> list[tuple[int, int, int]]:
    """Matches as the PhraseMatcher gives them: by start, then end; several kinds may overlap."""
    matches = set()
    for _ in range(n):
        start = rng.randrange(40)
        matches.add((IDS[rng.choice(KINDS)], start, start + rng.randint(1, 4)))
    return sorted(matches, key=lambda m: (m[1], m[2]))


def _plain_mask(matches: list[tuple[int, int, int]], start: int, end: int) -> int:
    """What ``clause_mask`` stands for, one cue and one rule at a time."""
    mask = 0
    for key, cue_start, cue_end in matches:
        kind = next(k for k, i in IDS.items() if i == key)
        if start <= cue_start and cue_end <= end:
            mask |= KIND_BITS[kind]
        if kind == "comparison" and start <= cue_start < min(start + 3, end):
            mask |= OPENS_COMPARISON
        if kind == "then" and start <= cue_start and cue_end <= min(start + 2, end):
            mask |= OPENS_THEN
    return mask


@pytest.mark.parametrize("seed", range(20))
def test_cue_queries_follow_the_plain_rules(seed: int) -> None:
    rng = random.Random(seed)
    matches = _random_matches(rng, rng.randint(0, 30))
    cues = CueIndex(list(matches), IDS, BITS)
    for _ in range(200):
        kind = rng.choice(KINDS)
        start = rng.randrange(45)
        end = start + rng.randint(-3, 12)  # an empty range too (a mention before its clause)
        of_kind = [m for m in matches if m[0] == IDS[kind]]
        assert cues.within(kind, start, end) == any(start <= s and e <= end for _, s, e in of_kind)
        assert cues.starts_in(kind, start, end) == any(start <= s < end for _, s, _ in of_kind)
        assert cues.ends_in(kind, start, end) == any(start <= e < end for _, _, e in of_kind)
        assert cues.ends(kind) == {e for _, _, e in of_kind}
        assert cues.clause_mask(start, end) == _plain_mask(matches, start, end)


def test_code_reads_the_lexeme_flags(nlp) -> None:
    """``_code`` reads ``lexeme.flags`` once; the bits are those of the lexeme's properties."""
    component = nlp.get_pipe("customs_seizures")
    flags = ((IS_ALPHA, "is_alpha"), (IS_LOWER, "is_lower"), (IS_TITLE, "is_title"), (IS_STOP, "is_stop"))
    flags += ((IS_PUNCT, "is_punct"), (IS_SPACE, "is_space"))
    for text in ["de", "Douane", "COCAÏNE", "4.000", ",", ";", "–", ".", " ", "\n", " \n\n", "Hé!", "naar"]:
        lexeme = nlp.vocab[text]
        expected = DELIMITER if text in CLAUSE_BREAKS else 0
        if lexeme.is_space and "\n" in text:
            expected |= DELIMITER | LINE_BREAK
        for bit, attr in flags:
            if getattr(lexeme, attr):
                expected |= bit
        assert component._code(text) == expected, text


def _seizure(value: float, unit: Unit = Unit.kg, qualifier: Qualifier = Qualifier.exact, **extra) -> Seizure:
    alternates = extra.pop("alternates", [])
    quantity = Quantity(
        text="x",
        start=0,
        end=1,
        value=value,
        unit=unit,
        qualifier=qualifier,
        normalized_value=value,
        normalized_unit=unit,
        alternates=alternates,
    )
    evidence = {"text": "x", "start": 0, "end": 1}
    return Seizure(substance=Substance.cocaine, quantity=quantity, evidence=evidence, **extra)


def _plain_same(a: Seizure, b: Seizure) -> bool:
    """The same-amount rule as first written: every form of one against every form of the other."""

    def forms(q: Quantity) -> list[tuple[float, Unit]]:
        return [(q.normalized_value, q.normalized_unit)] + [
            (x.normalized_value, x.normalized_unit) for x in q.alternates
        ]

    if a.substance != b.substance:
        return False
    qa, qb = a.quantity.qualifier, b.quantity.qualifier
    tolerance = 0.05 if Qualifier.exact not in (qa, qb) or qa != qb else 0.005
    if not any(
        ua == ub and abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-9)
        for x, ua in forms(a.quantity)
        for y, ub in forms(b.quantity)
    ):
        return False
    if a.year is not None and b.year is not None and a.year != b.year:
        return False
    ports_a, ports_b = {p.locode for p in a.ports}, {p.locode for p in b.ports}
    return not ports_a or not ports_b or ports_a <= ports_b or ports_b <= ports_a


def test_same_seizure_follows_the_plain_rule() -> None:
    antwerp = PortRef(locode="BEANR", name="Antwerpen", country="BE")
    rotterdam = PortRef(locode="NLRTM", name="Rotterdam", country="NL")
    alternate = AlternateAmount(
        text="y", start=0, end=1, value=1000.0, unit=Unit.kg, normalized_value=1000.0, normalized_unit=Unit.kg
    )
    records = [
        _seizure(100.0),
        _seizure(100.4),
        _seizure(104.0, qualifier=Qualifier.approximately),
        _seizure(104.0),
        _seizure(100.0, unit=Unit.l),
        _seizure(100.0, year=2022),
        _seizure(100.0, year=2023),
        _seizure(100.0, ports=[antwerp]),
        _seizure(100.0, ports=[rotterdam]),
        _seizure(100.0, ports=[antwerp, rotterdam]),
        _seizure(1.0, unit=Unit.t, alternates=[alternate]),
        _seizure(1000.0),
        _seizure(0.0),
        _seizure(math.nan),
    ]
    for a in records:
        for b in records:
            assert _same_seizure(a, b) == _plain_same(a, b), (a, b)
