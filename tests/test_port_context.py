"""The compiled context rules of the ports component: phrase tables and per-word flags."""

from __future__ import annotations

from extractor.components.port_context import (
    COORD,
    CUE_AIRPORT,
    CUE_GENERAL,
    CUE_SEAPORT,
    CUES_FOR,
    HEAD_AIRPORT,
    HEAD_SEAPORT,
    LINK,
    PERSON,
    ContextRules,
    PortContextRule,
    phrase_after,
    phrase_before,
)


def compiled(*lines: dict) -> ContextRules:
    return ContextRules.compile([PortContextRule(**line) for line in lines], lambda text: tuple(text.split()))


RULES = compiled(
    {"rule": "prefix", "kind": "seaport", "words": ["haven", "haven van", "de haven van"]},
    {"rule": "prefix", "kind": "airport", "words": ["luchthaven van", "haven van"]},
    {"rule": "suffix", "kind": "airport", "words": ["airport", "international airport"]},
    {"rule": "seat", "words": ["gevestigd in"]},
    {"rule": "cue", "kind": "seaport", "words": ["kade"], "parts": ["haven"]},
    {"rule": "cue", "kind": "general", "parts": ["douane"]},
    {"rule": "head", "kind": "seaport", "words": ["haven"]},
    {"rule": "head", "kind": "airport", "words": ["luchthaven"], "ends": ["luchthaven"]},
    {"rule": "person", "words": ["man"]},
    {"rule": "link", "words": ["uit"]},
    {"rule": "coord", "words": [",", "en"]},
)


def test_phrase_before_takes_the_longest_phrase_and_the_first_of_equal_ones() -> None:
    lowers = "in de haven van rotterdam".split()
    assert phrase_before(RULES.prefixes, lowers, 4) == (3, "seaport")
    assert phrase_before(RULES.prefixes, lowers[2:], 2) == (2, "seaport")  # "haven van": seaport rule first
    assert phrase_before(RULES.prefixes, ["van", "rotterdam"], 1) is None  # "haven van" would start before 0
    assert phrase_before(RULES.prefixes, lowers, 0) is None
    assert phrase_before(RULES.seats, "gevestigd in gent".split(), 2) is True


def test_phrase_after_stops_at_the_end_of_the_text() -> None:
    assert phrase_after(RULES.suffixes, "eindhoven international airport".split(), 1) == (2, "airport")
    assert phrase_after(RULES.suffixes, "eindhoven airport".split(), 1) == (1, "airport")
    assert phrase_after(RULES.suffixes, "eindhoven international".split(), 1) is None
    assert phrase_after(RULES.suffixes, ["eindhoven"], 1) is None


def test_flags_answer_every_word_test_at_once() -> None:
    flags = RULES.flags
    assert flags["haven"] == CUE_SEAPORT | HEAD_SEAPORT
    assert flags["containerhavens"] == CUE_SEAPORT  # an infix cue, not a head
    assert flags["douanedienst"] == CUE_GENERAL
    assert flags["vrachtluchthaven"] == CUE_SEAPORT | HEAD_AIRPORT  # "haven" inside, "luchthaven" at the end
    assert flags["man"] == PERSON and flags["uit"] == LINK and flags["en"] == COORD
    assert flags["fiets"] == 0
    assert RULES.head_kind_of(flags["luchthaven"]) == "airport" == RULES.head_kind("luchthaven")
    assert RULES.head_kind_of(flags["haven"]) == "seaport" == RULES.head_kind("haven")
    assert RULES.head_kind_of(flags["fiets"]) is None


def test_context_kinds_accept_general_cues() -> None:
    assert CUES_FOR["seaport"] & CUE_GENERAL and CUES_FOR["any"] & CUE_SEAPORT
    assert not CUES_FOR["airport"] & CUE_SEAPORT


def test_cue_flags_are_the_cue_bits_of_flags() -> None:
    cue_bits = CUE_SEAPORT | CUE_AIRPORT | CUE_GENERAL
    for word in ("haven", "containerhavens", "douanedienst", "vrachtluchthaven", "man", "fiets"):
        assert RULES.cue_flags[word] == RULES.flags[word] & cue_bits
