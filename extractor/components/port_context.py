"""Context rules of the ports component: the word lists of ``patterns/ports_context.jsonl``.

A place name in a press text is a port only in some contexts ("in de haven van
Rotterdam", "cocaïne uit Santos") and not in others ("een 34-jarige man uit
Vlissingen", "het parket van Antwerpen"). The lists that tell them apart are
data; this module validates them and compiles them into cheap lookups that
the component consults only around a match, never over the whole document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from extractor.hash_memo import TextMemo

PortKind = Literal["seaport", "airport"]
CueKind = Literal["seaport", "airport", "general"]

#: Rules whose ``words`` are phrases (several tokens allowed); the others test single tokens.
PHRASE_RULES = frozenset({"prefix", "suffix", "seat", "not_port"})
#: Rules that need a ``kind``.
KIND_RULES = frozenset({"cue", "head", "prefix", "suffix"})

RuleName = Literal[
    "cue",
    "head",
    "prefix",
    "suffix",
    "seat",
    "seat_after",
    "attribute",
    "institution",
    "person",
    "link",
    "skip",
    "coord",
    "not_port",
    "country",
]

#: Turns a phrase into its lower-cased tokens (the pipeline's own tokenizer).
Tokenize = Callable[[str], tuple[str, ...]]

V = TypeVar("V")
#: Phrases by the token next to a name, then by length, longest first: [(length, {tokens: value})].
PhraseTable = dict[str, list[tuple[int, dict[tuple[str, ...], V]]]]


class PortContextRule(BaseModel):
    """One line of patterns/ports_context.jsonl (see the file's header for the rules)."""

    model_config = ConfigDict(extra="forbid")

    rule: RuleName = Field(description="What the words do.")
    words: list[str] = Field(default_factory=list, description="Whole tokens, or phrases for phrase rules.")
    starts: list[str] = Field(default_factory=list, description="Token prefixes ('haven' -> 'havengebied').")
    ends: list[str] = Field(default_factory=list, description="Token suffixes ('jarige' -> '34-jarige').")
    parts: list[str] = Field(default_factory=list, description="Substrings of a token ('container').")
    kind: CueKind | None = Field(None, description="seaport / airport (general: cue only).")
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="ISO alpha-2 of a country rule.")

    @model_validator(mode="after")
    def _consistent(self) -> PortContextRule:
        shapes = self.starts or self.ends or self.parts
        if not (self.words or shapes):
            raise ValueError("a rule needs words, starts, ends or parts")
        if any(not w.strip() for w in [*self.words, *self.starts, *self.ends, *self.parts]):
            raise ValueError("empty word")
        if self.rule in PHRASE_RULES and shapes:
            raise ValueError(f"rule {self.rule!r} takes phrases in 'words' only")
        if self.rule not in PHRASE_RULES and any(" " in w.strip() for w in self.words):
            raise ValueError(f"rule {self.rule!r} compares single tokens: no spaces in 'words'")
        if (self.rule in KIND_RULES) != (self.kind is not None):
            raise ValueError(f"'kind' is required for {sorted(KIND_RULES)} and only there")
        if self.kind == "general" and self.rule != "cue":
            raise ValueError("kind 'general' is for cue rules only")
        if (self.rule == "country") != (self.country is not None):
            raise ValueError("'country' is required for country rules and only there")
        return self


#: Words whose test result a WordSet keeps before it empties its memo: bounded memory.
MAX_MEMO = 100_000

# Bits of ``ContextRules.flags``: everything the rules may ask of one token, answered at once.
CUE_SEAPORT = 1
CUE_AIRPORT = 2
CUE_GENERAL = 4
HEAD_SEAPORT = 8
HEAD_AIRPORT = 16
SEAT_AFTER = 32
ATTRIBUTE = 64
INSTITUTION = 128
PERSON = 256
LINK = 512
SKIP = 1024
COORD = 2048
CUE_BITS: dict[str, int] = {"seaport": CUE_SEAPORT, "airport": CUE_AIRPORT, "general": CUE_GENERAL}
HEAD_BITS: dict[str, int] = {"seaport": HEAD_SEAPORT, "airport": HEAD_AIRPORT}
#: The cue bits a name flagged ``context`` accepts ("general" counts for both kinds).
CUES_FOR: dict[str, int] = {
    "any": CUE_SEAPORT | CUE_AIRPORT | CUE_GENERAL,
    "seaport": CUE_SEAPORT | CUE_GENERAL,
    "airport": CUE_AIRPORT | CUE_GENERAL,
}


@dataclass(frozen=True)
class WordSet:
    """Lower-cased token test: whole word, prefix, suffix or infix.

    The result is kept per word: the component asks about the same few hundred
    words over and over, and the infix test is a loop.
    """

    words: frozenset[str] = frozenset()
    starts: tuple[str, ...] = ()
    ends: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()

    @cached_property
    def _memo(self) -> TextMemo[bool]:
        return TextMemo(self._matches, MAX_MEMO)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._memo[word]

    def _matches(self, word: str) -> bool:
        return (
            word in self.words
            or word.startswith(self.starts)
            or word.endswith(self.ends)
            or any(part in word for part in self.parts)
        )

    @classmethod
    def of(cls, rules: Iterable[PortContextRule]) -> WordSet:
        rules = list(rules)
        return cls(
            words=frozenset(w.lower().strip() for r in rules for w in r.words),
            starts=tuple(w.lower() for r in rules for w in r.starts),
            ends=tuple(w.lower() for r in rules for w in r.ends),
            parts=tuple(w.lower() for r in rules for w in r.parts),
        )


@dataclass
class ContextRules:
    """The compiled rules: token tests and phrase tables, keyed the way the component asks."""

    cues: dict[str, WordSet] = field(default_factory=dict)  # cue kind -> words
    heads: list[tuple[PortKind, WordSet]] = field(default_factory=list)  # airport heads first
    prefixes: PhraseTable[tuple[int, PortKind]] = field(default_factory=dict)  # by last word: (length, kind)
    suffixes: PhraseTable[tuple[int, PortKind]] = field(default_factory=dict)  # by first word: (length, kind)
    seats: PhraseTable[bool] = field(default_factory=dict)  # by last word
    seat_after: WordSet = field(default_factory=WordSet)
    attributes: WordSet = field(default_factory=WordSet)
    institutions: WordSet = field(default_factory=WordSet)
    persons: WordSet = field(default_factory=WordSet)
    links: frozenset[str] = frozenset()
    skips: frozenset[str] = frozenset()
    coords: frozenset[str] = frozenset()
    not_port: list[str] = field(default_factory=list)
    countries: dict[str, WordSet] = field(default_factory=dict)  # ISO alpha-2 -> words

    @cached_property
    def flags(self) -> TextMemo[int]:
        """``flags[word]``: the bits above that apply to a lower-cased token, kept per word.

        The component asks several of these questions of the tokens around each
        name; one dict lookup answers them all (a WordSet test is a Python call each).
        """
        return TextMemo(self._flags_of, MAX_MEMO)

    @cached_property
    def cue_flags(self) -> TextMemo[int]:
        """``cue_flags[word]``: the cue bits alone, for the scan of a whole sentence.

        Most words of a sentence are no port word; their first test is cheaper
        with the three cue tests than with every test of ``flags``.
        """
        return TextMemo(self._cue_flags_of, MAX_MEMO)

    def _cue_flags_of(self, word: str) -> int:
        bits = 0
        for kind, words in self.cues.items():
            if word in words:
                bits |= CUE_BITS[kind]
        return bits

    @cached_property
    def _flag_tests(self) -> list[tuple[int, WordSet | frozenset[str]]]:
        """(bit, words) for each bit of ``flags``."""
        return [
            *((CUE_BITS[kind], words) for kind, words in self.cues.items()),
            *((HEAD_BITS[kind], words) for kind, words in self.heads),
            (SEAT_AFTER, self.seat_after),
            (ATTRIBUTE, self.attributes),
            (INSTITUTION, self.institutions),
            (PERSON, self.persons),
            (LINK, self.links),
            (SKIP, self.skips),
            (COORD, self.coords),
        ]

    def _flags_of(self, word: str) -> int:
        bits = 0
        for bit, words in self._flag_tests:
            if word in words:
                bits |= bit
        return bits

    @classmethod
    def compile(cls, rules: Iterable[PortContextRule], tokenize: Tokenize) -> ContextRules:
        """Group the rules; phrases are tokenized with the pipeline's tokenizer."""
        by_rule: dict[str, list[PortContextRule]] = defaultdict(list)
        for rule in rules:
            by_rule[rule.rule].append(rule)
        compiled = cls()
        for kind in ("seaport", "airport", "general"):
            compiled.cues[kind] = WordSet.of(r for r in by_rule["cue"] if r.kind == kind)
        compiled.heads = [
            (kind, WordSet.of(r for r in by_rule["head"] if r.kind == kind))
            for kind in ("airport", "seaport")
        ]
        compiled.prefixes = _phrase_table(_kinds(by_rule["prefix"], tokenize), last=True)
        compiled.suffixes = _phrase_table(_kinds(by_rule["suffix"], tokenize), last=False)
        seats = (tokenize(phrase) for rule in by_rule["seat"] for phrase in rule.words)
        compiled.seats = _phrase_table(((tokens, True) for tokens in seats), last=True)
        compiled.seat_after = WordSet.of(by_rule["seat_after"])
        compiled.attributes = WordSet.of(by_rule["attribute"])
        compiled.institutions = WordSet.of(by_rule["institution"])
        compiled.persons = WordSet.of(by_rule["person"])
        compiled.links = WordSet.of(by_rule["link"]).words
        compiled.skips = WordSet.of(by_rule["skip"]).words
        compiled.coords = WordSet.of(by_rule["coord"]).words
        compiled.not_port = [phrase for rule in by_rule["not_port"] for phrase in rule.words]
        countries: dict[str, list[PortContextRule]] = defaultdict(list)
        for rule in by_rule["country"]:
            countries[str(rule.country)].append(rule)
        compiled.countries = {code: WordSet.of(group) for code, group in countries.items()}
        return compiled

    @staticmethod
    def head_kind_of(bits: int) -> PortKind | None:
        """``head_kind`` from a word's ``flags`` (an airport noun wins, as in ``heads``)."""
        if bits & HEAD_AIRPORT:
            return "airport"
        return "seaport" if bits & HEAD_SEAPORT else None

    def head_kind(self, word: str) -> PortKind | None:
        """The port kind a port noun names ("luchthaven" airport, "haven" seaport), or None."""
        for kind, words in self.heads:
            if word in words:
                return kind
        return None

    def is_cue(self, word: str) -> bool:
        """Any port word, of whatever kind."""
        return any(word in words for words in self.cues.values())


def _kinds(
    rules: Iterable[PortContextRule], tokenize: Tokenize
) -> Iterator[tuple[tuple[str, ...], tuple[int, PortKind]]]:
    """(tokens, (length, kind)) of every phrase of prefix or suffix rules, in file order."""
    for rule in rules:
        assert rule.kind in ("seaport", "airport")  # checked by the model
        for phrase in rule.words:
            tokens = tokenize(phrase)
            yield tokens, (len(tokens), rule.kind)


def _phrase_table(phrases: Iterable[tuple[tuple[str, ...], V]], *, last: bool) -> PhraseTable[V]:
    """Phrases keyed by the token next to the name (last of a prefix, first of a suffix), longest first.

    Of equal phrases the first one counts.
    """
    by_length: dict[str, dict[int, dict[tuple[str, ...], V]]] = defaultdict(lambda: defaultdict(dict))
    for tokens, value in phrases:
        if tokens:
            by_length[tokens[-1] if last else tokens[0]][len(tokens)].setdefault(tokens, value)
    return {word: sorted(lengths.items(), reverse=True) for word, lengths in by_length.items()}


def phrase_before(table: PhraseTable[V], lowers: list[str], start: int) -> V | None:
    """The value of the longest phrase of ``table`` that ends right before token ``start``."""
    if start == 0:
        return None
    for length, phrases in table.get(lowers[start - 1], ()):
        if length <= start:
            value = phrases.get(tuple(lowers[start - length : start]))
            if value is not None:
                return value
    return None


def phrase_after(table: PhraseTable[V], lowers: list[str], end: int) -> V | None:
    """The value of the longest phrase of ``table`` that starts at token ``end``."""
    if end >= len(lowers):
        return None
    for length, phrases in table.get(lowers[end], ()):
        if end + length <= len(lowers):
            value = phrases.get(tuple(lowers[end : end + length]))
            if value is not None:
                return value
    return None
