"""The customs_seizures layout helpers against the plain rules they replace."""

from __future__ import annotations

import bisect

import pytest

from extractor.components.seizures import _Clause, _owners
from extractor.token_table import token_table

TEXTS = [
    "De douane heeft in Rotterdam 4.000 kilo cocaïne onderschept, verstopt in bananen.",
    "Antwerpen\n\nIn 2023 vond de douane 116 ton; in 2022 was dat nog 110 ton.  Dat is veel.\n",
    "x",
    "  Een , , twee ;\n drie: vier – vijf.",
]


def _owner_by_bisect(clauses: list[_Clause], i: int) -> int:
    """The rule ``_owners`` tabulates: the last clause starting at or before ``i``, if ``i`` is within
    its tokens or is its break token, else clause 0."""
    c = bisect.bisect_right([clause.start for clause in clauses], i) - 1
    return c if c >= 0 and i <= clauses[c].end else 0


@pytest.mark.parametrize("text", TEXTS)
def test_owners_follow_the_clause_rule(nlp, text: str) -> None:
    doc = nlp(text)
    layout = nlp.get_pipe("customs_seizures")._layout(doc, token_table(doc), 0)
    assert layout.owners == [_owner_by_bisect(layout.clauses, i) for i in range(len(doc) + 1)]


def test_owners_with_gaps_between_clauses() -> None:
    # tokens 0-1 before the first clause, a break token (5) owned by the clause it ends,
    # a clause ending where the next sentence starts (8), token 11 after the last clause
    clauses = [_Clause(0, 0, 2, 5), _Clause(0, 0, 6, 8), _Clause(1, 0, 8, 10)]
    assert _owners(clauses, 12) == [_owner_by_bisect(clauses, i) for i in range(13)]


def test_same_amount_check_is_bounded_on_long_texts(nlp, monkeypatch) -> None:
    """Each new seizure is compared with at most the latest MAX_SAME_AMOUNT_RECORDS of its amount
    (per neighbouring bucket), not with every earlier one: linear cost on an archive joined into one text."""
    import extractor.components.seizures as seizures

    calls = 0
    compare = seizures._same_seizure

    def counting(a, b) -> bool:
        nonlocal calls
        calls += 1
        return compare(a, b)

    monkeypatch.setattr(seizures, "_same_seizure", counting)
    years = range(1950, 2100)
    text = " ".join(f"In {year} werd in Antwerpen 100 kilo cocaïne onderschept." for year in years)
    doc = nlp(text)
    assert [s._.seizure.year for s in doc._.seizures] == list(years)  # different years: never merged
    assert calls <= len(years) * seizures.MAX_SAME_AMOUNT_RECORDS
    assert calls > len(years) * (seizures.MAX_SAME_AMOUNT_RECORDS - 1) // 2  # the latest ones are compared
