"""customs_years: the building blocks of day mentions (extractor.components.day_mentions)."""

from __future__ import annotations

import itertools
from functools import lru_cache

import pytest
import spacy
from spacy.tokens import Doc
from spacy.util import filter_spans

from extractor.api import Extractor
from extractor.components.day_mentions import LowerPhrases, Seed, longest_first

PHRASES = [
    (("gisteren",), "DAY"),
    (("vorig", "jaar"), "YEAR"),
    (("het", "vorig", "jaar"), "YEAR"),
    (("jaar",), "WORD"),
    (("vandaag", "de", "dag"), "NOT"),
    (("vandaag", "de", "dag"), "ALSO"),
]


def test_lower_phrases_finds_every_phrase_ending_at_the_given_positions() -> None:
    phrases = LowerPhrases(PHRASES)
    lowers = "vorig jaar en het vorig jaar , vandaag de dag en gisteren dit jaar".split()
    ends = [i for i, word in enumerate(lowers) if word in phrases.by_last]
    found = phrases.find(lowers, ends)
    assert sorted(found, key=lambda seed: (seed[2], seed[1])) == [
        ("YEAR", 0, 2),
        ("WORD", 1, 2),
        ("YEAR", 3, 6),
        ("YEAR", 4, 6),
        ("WORD", 5, 6),
        ("NOT", 7, 10),  # the labels of one phrase in the order they were given
        ("ALSO", 7, 10),
        ("DAY", 11, 12),
        ("WORD", 13, 14),
    ]


def test_lower_phrases_at_the_start_of_the_text() -> None:
    phrases = LowerPhrases(PHRASES)
    assert phrases.find(["jaar"], [0]) == [("WORD", 0, 1)]
    assert phrases.find(["dag"], [0]) == []


@lru_cache(maxsize=1)
def _words() -> Doc:
    return spacy.blank("nl").make_doc(" ".join(["woord"] * 12))


def _filter_spans_on(seeds: list[Seed]) -> list[Seed]:
    """What ``spacy.util.filter_spans`` keeps of the seeds, as seeds."""
    doc = _words()
    spans = [doc[start:end] for _, start, end in seeds]
    kept = {(span.start, span.end) for span in filter_spans(spans)}
    by_position = {(start, end): (label, start, end) for label, start, end in reversed(seeds)}
    return [by_position[position] for position in sorted(kept)]


@pytest.mark.parametrize(
    "seeds",
    [
        [("A", 0, 1), ("B", 2, 4), ("C", 5, 6)],  # no overlaps
        [("C", 5, 6), ("A", 0, 1), ("B", 2, 4)],  # no overlaps, not in text order
        [("A", 0, 2), ("B", 1, 4), ("C", 4, 5)],  # the longer one wins
        [("A", 2, 3), ("B", 0, 5)],  # one inside the other
        [("A", 1, 3), ("B", 2, 4)],  # equally long: the first in the text
        [("A", 1, 2), ("B", 1, 2)],  # the same span twice: the first seed
    ],
)
def test_longest_first_is_filter_spans(seeds: list[Seed]) -> None:
    assert longest_first(seeds) == _filter_spans_on(seeds)


def test_longest_first_on_every_small_layout() -> None:
    """All pairs and triples of short seeds on six tokens: the same as ``filter_spans``."""
    shapes = [(start, end) for start in range(6) for end in range(start + 1, min(start + 4, 7))]
    for count in (2, 3):
        for chosen in itertools.combinations(shapes, count):
            seeds = [(f"L{n}", start, end) for n, (start, end) in enumerate(chosen)]
            assert longest_first(seeds) == _filter_spans_on(seeds), seeds


def test_day_mentions_after_a_split_year_range(extractor: Extractor) -> None:
    """Splitting "2021-2022" moves later tokens: day mentions after it keep their own text."""
    text = "In 2021-2022 en vorig jaar, op vrijdag 14 maart en afgelopen dinsdag werd gecontroleerd."
    document = extractor.extract(text, published="2023-01-12")
    assert [(d.text, d.date.isoformat() if d.date else None) for d in document.dates] == [
        ("vrijdag 14 maart", "2022-03-14"),
        ("afgelopen dinsdag", "2023-01-10"),
    ]
    years = [(y.text, y.year) for y in document.years]
    assert years == [("2021", 2021), ("2022", 2022), ("vorig jaar", 2022)]
    for mention in [*document.dates, *document.years]:
        assert text[mention.start : mention.end] == mention.text
