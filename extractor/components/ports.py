"""The ``customs_ports`` component: seaports and airports named in a press text.

Names, aliases and adjectives come from the gazetteer ``patterns/ports.jsonl``;
the context rules that decide whether a place name is a port from
``patterns/ports_context.jsonl`` (see ``port_context``). One PhraseMatcher on
the lower-cased text finds every alias, adjective and not-a-port phrase in a
single pass; the rules then look only at the few tokens around each match:

- "haven van X", "luchthaven X", "X Airport": the phrase is the mention and X is
  a port for sure; so is X in a list that starts with one ("de havens van
  Antwerpen en Rotterdam") and an adjective before a port noun ("de Antwerpse
  haven").
- A bare name is no port when it is a seat or residence ("gevestigd in
  Rotterdam", "een 34-jarige man uit Vlissingen", "het parket van Antwerpen").
- Names flagged ``context`` (mainly cities: Brussel, Gent, Lissabon) need a
  port word in their sentence; ``cased`` names (Doel, Turbo) must be written
  with their capital; ``surname`` names (Santos) are no port after a first name.
- The longest match wins ("Maasvlakte 2", "Gazet van Antwerpen" is no port).

The rules read tokens from the shared ``token_table`` (lists of strings), not
through Token objects, ask what a token is to them with one lookup per token
(``ContextRules.flags``), and look up sentences only for the names that need them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import attrgetter, or_
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

import extractor.extensions  # noqa: F401  (registers doc._.ports and span._.port)
from extractor.components.base import PatternComponent
from extractor.components.port_context import (
    ATTRIBUTE,
    COORD,
    CUES_FOR,
    INSTITUTION,
    LINK,
    MAX_MEMO,
    PERSON,
    SEAT_AFTER,
    SKIP,
    ContextRules,
    PortContextRule,
    PortKind,
    phrase_after,
    phrase_before,
)
from extractor.extensions import doc_value, set_doc_value, set_span_value
from extractor.hash_memo import TextMemo
from extractor.schema import LOCODE_PATTERN, Port
from extractor.token_table import TokenTable, sentence_starts, token_table

_INITIAL_RE = re.compile(r"^[A-Z]\.$")
#: Endings of Dutch adjectives ("het Braziliaanse Santos"): such a word is no first name.
_ADJECTIVE_ENDINGS = ("se", "sche")
#: Tokens a person rule may skip between a person noun and its link word.
_MAX_SKIPPED = 4
#: At most this many joining tokens between two ports of one list ("Antwerpen , Rotterdam en").
_MAX_COORD_GAP = 2


#: Prepositions of place: "in Gent", "op Schiphol", "te Antwerpen".
_LOCATIVE = frozenset({"in", "op", "te"})


class PortAlias(BaseModel):
    """An alias with flags; a plain string in the gazetteer is an alias without flags."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="The name as written.")
    context: Literal["any", "seaport", "airport"] | None = Field(
        None,
        description="A port only when its sentence has a port word of this kind (any/seaport/airport).",
    )
    cased: bool = Field(False, description="Also an ordinary word: only capitalised, not sentence-initial.")
    surname: bool = Field(False, description="Also a surname: no port right after a capitalised first name.")


class PortEntry(BaseModel):
    """One line of patterns/ports.jsonl: a port and the ways texts name it."""

    model_config = ConfigDict(extra="forbid")

    locode: str = Field(pattern=LOCODE_PATTERN, description="UN/LOCODE (an airport takes its city's code).")
    name: str = Field(min_length=1, description="Canonical name.")
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO alpha-2: the locode's first two letters.")
    kind: PortKind = Field(description="seaport or airport.")
    aliases: list[str | PortAlias] = Field(min_length=1, description="Names, plain or with flags.")
    adjectives: list[str] = Field(default_factory=list, description="'Antwerpse': a port before a port noun.")

    @model_validator(mode="after")
    def _consistent(self) -> PortEntry:
        if self.locode[:2] != self.country:
            raise ValueError(f"country {self.country} does not match locode {self.locode}")
        if any(not (alias if isinstance(alias, str) else alias.name).strip() for alias in self.aliases):
            raise ValueError("empty alias")
        if any(not adjective.strip() or " " in adjective.strip() for adjective in self.adjectives):
            raise ValueError("an adjective is one word")
        return self

    def alias_objects(self) -> list[PortAlias]:
        return [alias if isinstance(alias, PortAlias) else PortAlias(name=alias) for alias in self.aliases]


@dataclass(frozen=True)
class _Option:
    """One reading of a matched name: which port, through which alias."""

    entry: PortEntry
    alias: PortAlias
    forms: frozenset[str]  # exact spellings, for cased aliases
    explicit: bool  # the alias itself says port ("Port of Antwerp", "Waaslandhaven")


#: What a matched phrase is (``_Reading.what``).
_NOT_PORT, _ADJECTIVE, _ALIAS = 0, 1, 2


@dataclass(frozen=True)
class _Reading:
    """What every match of one phrase label stands for, worked out once when the matcher is built."""

    what: int  # _NOT_PORT, _ADJECTIVE or _ALIAS
    options: tuple[_Option, ...]  # the ports it may name (none for a not-a-port phrase)
    cased: bool = False  # some option is a cased alias: the options are filtered per match
    explicit: bool = False  # some option says port by itself

    @classmethod
    def of(cls, what: int, options: list[_Option]) -> _Reading:
        return cls(
            what,
            tuple(options),
            cased=any(option.alias.cased for option in options),
            explicit=any(option.explicit for option in options),
        )


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    options: tuple[_Option, ...]  # empty for a not-a-port phrase
    explicit: bool = False
    kind: PortKind | None = None  # from "luchthaven", "haven", "Airport" around the name


class _Text:
    """One Doc as the rules read it: token strings from the shared table, sentences on first use."""

    def __init__(self, doc: Doc, table: TokenTable) -> None:
        self.doc = doc
        self.table = table
        self.lowers = table.lowers
        self._sents: list[int] | None = None

    def sentence(self, i: int) -> tuple[int, int]:
        """Bounds of the sentence of token ``i`` (the whole Doc when it has no sentences)."""
        if self._sents is None:
            self._sents = sentence_starts(self.doc)
        s = bisect.bisect_right(self._sents, i)
        return self._sents[s - 1], self._sents[s] if s < len(self._sents) else len(self.lowers)


def spelling_variants(name: str) -> list[str]:
    """The name as written (NFC), without diacritics (Itajaí -> Itajai) and decomposed (NFD)."""
    nfc = unicodedata.normalize("NFC", name.strip())
    nfd = unicodedata.normalize("NFD", nfc)
    bare = unicodedata.normalize("NFC", "".join(c for c in nfd if not unicodedata.combining(c)))
    return list(dict.fromkeys([nfc, bare, nfd]))


_START = attrgetter("start")


class PortsComponent(PatternComponent):
    """Finds port mentions: ``doc._.ports`` spans with ``span._.port`` (a ``schema.Port``)."""

    files = {
        "ports": ("ports.jsonl", PortEntry),
        "context": ("ports_context.jsonl", PortContextRule),
    }

    def compile(self) -> None:
        self.rules = ContextRules.compile(self.entries["context"], self._tokenize)
        self.flags = self.rules.flags
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        strings = self.nlp.vocab.strings
        aliases: dict[int, list[_Option]] = {}  # match_id -> options
        adjectives: dict[int, list[_Option]] = {}
        self.adjective_words: set[str] = set()
        for entry in self.entries["ports"]:
            for alias in entry.alias_objects():
                forms = spelling_variants(alias.name)
                for form in forms:
                    doc = self.nlp.make_doc(form)
                    label = "port:" + " ".join(t.lower_ for t in doc)
                    key = strings.add(label)
                    if key not in aliases:
                        self.matcher.add(label, self._pattern_docs(form, doc))
                    options = aliases.setdefault(key, [])
                    if all(option.entry is not entry for option in options):
                        explicit = any(self._says_port(t.lower_) for t in doc)
                        options.append(_Option(entry, alias, frozenset(forms), explicit))
            for adjective in entry.adjectives:
                reading = _Option(entry, PortAlias(name=adjective), frozenset(), explicit=True)
                for form in spelling_variants(adjective):
                    doc = self.nlp.make_doc(form)
                    label = "adj:" + doc.text.lower()
                    key = strings.add(label)
                    if key not in adjectives:
                        self.matcher.add(label, [doc])
                    options = adjectives.setdefault(key, [])
                    if all(option.entry is not entry for option in options):
                        options.append(reading)
                    self.adjective_words.add(doc.text.lower())
        #: match_id -> what the matches of its label stand for
        self.readings = {key: _Reading.of(_ALIAS, options) for key, options in aliases.items()}
        self.readings.update({key: _Reading.of(_ADJECTIVE, options) for key, options in adjectives.items()})
        if self.rules.not_port:
            self.matcher.add("not_port", [self.nlp.make_doc(phrase) for phrase in self.rules.not_port])
            self.readings[strings.add("not_port")] = _Reading(_NOT_PORT, ())
        #: the lexeme's ``like_num`` ("34", "twee"), kept per text
        self._number_memo = TextMemo(lambda text: bool(self.nlp.vocab[text].like_num), MAX_MEMO)

    def _pattern_docs(self, form: str, doc: Doc) -> list[Doc]:
        """The alias, and the alias with a sentence-final period where the tokenizer glues it on
        ("Tanger Med." is one abbreviation token): then the mention includes the period."""
        glued = self.nlp.make_doc(form + ".")
        return [doc, glued] if len(glued) == len(doc) else [doc]

    def _tokenize(self, text: str) -> tuple[str, ...]:
        return tuple(t.lower_ for t in self.nlp.make_doc(text.strip()))

    def _says_port(self, word: str) -> bool:
        return self.rules.is_cue(word) or self.rules.head_kind(word) is not None

    # --- the pass over a document -------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        # ``doc_value``, not ``doc._``: each ``doc._`` builds a proxy, and each read through it costs as much
        spans: list[Span] = []
        matches = self.matcher(doc)
        if not matches:
            set_doc_value(doc, "ports", spans)
            return doc
        body_start = doc_value(doc, "body_start") or 0
        table = token_table(doc)
        text = _Text(doc, table)
        texts, idx = table.texts, table.idx
        for cand, option in self._accept(text, self._without_overlaps(self._candidates(text, matches))):
            start, end = cand.start, cand.end
            start_char = idx[start]  # offsets from the table: no Token objects behind them
            if start_char < body_start:
                continue
            entry = option.entry
            span = Span(doc, start, end, label=entry.locode)
            port = Port(
                text=text.table.text(start, end),
                start=start_char,
                end=idx[end - 1] + len(texts[end - 1]),
                locode=entry.locode,
                name=entry.name,
                country=entry.country,
                kind=cand.kind or entry.kind,
            )
            set_span_value(span, "port", port)
            spans.append(span)
        set_doc_value(doc, "ports", spans)
        return doc

    def _candidates(self, doc: _Text, matches: list[tuple[int, int, int]]) -> list[_Candidate]:
        """The matches in the matcher's order (ties in ``_without_overlaps`` keep it)."""
        found: list[_Candidate] = []
        readings = self.readings
        for key, start, end in matches:
            reading = readings[key]
            if reading.what == _ALIAS:
                options, explicit = reading.options, reading.explicit
                if reading.cased:
                    options = tuple(o for o in options if self._spelled_right(doc, start, end, o))
                    if not options:
                        continue
                    explicit = any(o.explicit for o in options)
                found.append(self._alias(doc, start, end, options, explicit))
            elif reading.what == _ADJECTIVE:
                cand = self._adjective(doc, start, end, reading.options)
                if cand is not None:
                    found.append(cand)
            else:
                found.append(_Candidate(start, end, ()))
        return found

    @staticmethod
    def _spelled_right(doc: _Text, start: int, end: int, option: _Option) -> bool:
        """Cased aliases ("Doel", "Turbo") only as written and not as the first word of a sentence."""
        if not option.alias.cased:
            return True
        return doc.table.text(start, end) in option.forms and not doc.doc[start].is_sent_start

    def _alias(
        self, doc: _Text, start: int, end: int, options: tuple[_Option, ...], explicit: bool
    ) -> _Candidate:
        """The name, with "haven van", "luchthaven", "port of" before and "Airport" after it taken in."""
        lowers, prefixes, suffixes = doc.lowers, self.rules.prefixes, self.rules.suffixes
        kind: PortKind | None = None
        if start and lowers[start - 1] in prefixes:  # the test first: most names have no prefix
            prefix = phrase_before(prefixes, lowers, start)
            if prefix is not None:
                start, explicit, kind = start - prefix[0], True, prefix[1]
        if end < len(lowers) and lowers[end] in suffixes:
            suffix = phrase_after(suffixes, lowers, end)
            if suffix is not None:
                end, explicit, kind = end + suffix[0], True, kind or suffix[1]
        return _Candidate(start, end, options, explicit, kind)

    def _adjective(self, doc: _Text, start: int, end: int, options: tuple[_Option, ...]) -> _Candidate | None:
        """Adjective + port noun ("de Antwerpse haven"), also "de Antwerpse en Rotterdamse haven"."""
        lowers = doc.lowers
        i = end
        coords, adjectives = self.rules.coords, self.adjective_words
        while i + 1 < len(lowers) and lowers[i] in coords and lowers[i + 1] in adjectives:
            i += 2
        if i >= len(lowers):
            return None
        kind = self.rules.head_kind_of(self.flags[lowers[i]])
        if kind is None:
            return None
        return _Candidate(start, i + 1 if i == end else end, options, explicit=True, kind=kind)

    @staticmethod
    def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
        """Longest first (a not-a-port phrase wins a tie), then in text order."""
        if _in_order_apart(candidates):
            return candidates  # the common case: nothing to choose between
        taken: set[int] = set()
        kept: list[_Candidate] = []
        for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start, bool(c.options))):
            tokens = range(cand.start, cand.end)
            if not taken.intersection(tokens):
                taken.update(tokens)
                kept.append(cand)
        return sorted(kept, key=_START)

    def _accept(self, doc: _Text, candidates: list[_Candidate]) -> list[tuple[_Candidate, _Option]]:
        accepted: list[tuple[_Candidate, _Option]] = []
        waiting: list[tuple[_Candidate, _Option]] = []
        previous: _Candidate | None = None  # the last explicit mention, for lists of ports
        for cand in candidates:
            if not cand.options:
                continue
            if not cand.explicit and previous and self._coordinated(doc, previous.end, cand.start):
                cand.explicit, cand.kind = True, cand.kind or previous.kind
            option = cand.options[0] if len(cand.options) == 1 else self._choose(doc, cand)
            if cand.explicit:
                accepted.append((cand, option))
                previous = cand
            elif self._blocked(doc, cand, option):
                continue
            elif option.alias.context:
                waiting.append((cand, option))
            else:
                accepted.append((cand, option))
        if not waiting:
            return accepted  # in text order, as the candidates came
        # a port word inside another mention ("de haven van Antwerpen naar Brussel") is that port's
        covered = _Spans([cand.start for cand, _ in accepted], [cand.end for cand, _ in accepted])
        cues: dict[int, int] = {}  # sentence start -> cue bits
        listed = _CountriesBySentence(accepted, covered)
        for cand, option in waiting:
            bounds = doc.sentence(cand.start)
            if bounds[0] not in cues:
                cues[bounds[0]] = self._cue_bits(doc, bounds, covered)
            need = CUES_FOR[str(option.alias.context)]  # a name waits for context only when flagged
            if cues[bounds[0]] & need or self._listed_with_ports(doc, cand, option, bounds, listed):
                accepted.append((cand, option))
                listed.countries(bounds).add(option.entry.country)
        return sorted(accepted, key=lambda item: item[0].start)

    @staticmethod
    def _listed_with_ports(
        doc: _Text, cand: _Candidate, option: _Option, bounds: tuple[int, int], listed: _CountriesBySentence
    ) -> bool:
        """A place named "in"/"op" a sentence that names other ports of its country is one of them.

        "In Zeebrugge ging het om 1.870 kilogram, in Gent om 312 kilogram": an
        enumeration of ports. A destination ("naar Amsterdam") does not count.
        """
        if cand.start == 0 or doc.lowers[cand.start - 1] not in _LOCATIVE:
            return False
        return option.entry.country in listed.countries(bounds)

    def _coordinated(self, doc: _Text, previous_end: int, start: int) -> bool:
        if not 0 < start - previous_end <= _MAX_COORD_GAP:
            return False  # tested first: no slice of the text between far-apart mentions
        return all(self.flags[lower] & COORD for lower in doc.lowers[previous_end:start])

    def _choose(self, doc: _Text, cand: _Candidate) -> _Option:
        """Of ports sharing a name, the one whose country the sentence names; else the first listed."""
        first, last = doc.sentence(cand.start)
        words = set(doc.lowers[first:last])
        for option in cand.options:
            country_words = self.rules.countries.get(option.entry.country)
            if country_words is not None and any(w in country_words for w in words):
                return option
        return cand.options[0]

    def _blocked(self, doc: _Text, cand: _Candidate, option: _Option) -> bool:
        """A bare name that is a seat, residence, institution's city or a surname."""
        start, end = cand.start, cand.end
        lowers, flags = doc.lowers, self.flags
        before = flags[lowers[start - 1]] if start > 0 else 0
        if start and lowers[start - 1] in self.rules.seats and phrase_before(self.rules.seats, lowers, start):
            return True  # "gevestigd in Rotterdam"
        if end < len(lowers):
            after = flags[lowers[end]]
            if after & SEAT_AFTER:
                return True
            if after & ATTRIBUTE and end + 1 < len(lowers) and flags[lowers[end + 1]] & PERSON:
                return True  # "de uit Antwerpen afkomstige verdachte"
        if before & LINK:
            if start > 1 and flags[lowers[start - 2]] & INSTITUTION:
                return True
            if self._person_before(doc, start - 2):
                return True
        elif before & INSTITUTION:
            return True
        return option.alias.surname and start > 0 and self._after_first_name(doc, start - 1)

    def _after_first_name(self, doc: _Text, i: int) -> bool:
        """Token ``i`` may be a first name ("Carlos Santos"): a capitalised word inside a sentence."""
        prev = doc.doc[i]
        return (
            prev.is_alpha
            and prev.is_title
            and not prev.is_sent_start
            and not prev.is_stop
            and not prev.lower_.endswith(_ADJECTIVE_ENDINGS)
            and not self._says_port(prev.lower_)
        )

    def _person_before(self, doc: _Text, i: int) -> bool:
        """Token ``i`` (before the link word) ends a person or company: "een man (34)", "Jan V."."""
        skipped: list[str] = []  # token texts
        lowers, texts, flags, like_num = doc.lowers, doc.table.texts, self.flags, self._number_memo
        while i >= 0 and len(skipped) < _MAX_SKIPPED and (flags[lowers[i]] & SKIP or like_num[texts[i]]):
            skipped.append(texts[i])
            i -= 1
        if ")" in skipped and any(like_num[t] for t in skipped):
            return True  # an age in brackets: "Mohamed (34) uit Antwerpen"
        return i >= 0 and (bool(flags[lowers[i]] & PERSON) or bool(_INITIAL_RE.match(texts[i])))

    def _cue_bits(self, doc: _Text, bounds: tuple[int, int], covered: _Spans) -> int:
        """The cue bits of the port words in the sentence, outside the mentions already accepted."""
        first, last = bounds
        words = doc.lowers[first:last]
        for start, end in reversed(covered.within(first, last)):  # from the end: earlier positions stay valid
            del words[max(start, first) - first : min(end, last) - first]
        return reduce(or_, map(self.rules.cue_flags.__getitem__, set(words)), 0)


@dataclass(frozen=True)
class _Spans:
    """Token spans in text order, none overlapping: (starts, ends), both ascending."""

    starts: list[int]
    ends: list[int]

    def starting_in(self, first: int, last: int) -> tuple[int, int]:
        """Positions ``lo:hi`` of the spans that start in tokens ``first:last``."""
        return bisect.bisect_left(self.starts, first), bisect.bisect_left(self.starts, last)

    def within(self, first: int, last: int) -> list[tuple[int, int]]:
        """The spans that overlap tokens ``first:last`` (found by bisection: linear cost on long Docs)."""
        lo, hi = bisect.bisect_right(self.ends, first), bisect.bisect_left(self.starts, last)
        return list(zip(self.starts[lo:hi], self.ends[lo:hi], strict=True))


class _CountriesBySentence:
    """The countries of the ports accepted so far, per sentence.

    Read once per sentence from the mentions accepted before the names that wait
    for context (``covered``: the first entries of ``accepted``); the caller adds
    each waiting name it accepts. One set per sentence instead of a scan of every
    accepted mention per name: linear cost on long Docs.
    """

    def __init__(self, accepted: list[tuple[_Candidate, _Option]], covered: _Spans) -> None:
        self.accepted = accepted
        self.covered = covered
        self._by_start: dict[int, set[str]] = {}  # sentence start -> countries

    def countries(self, bounds: tuple[int, int]) -> set[str]:
        """The set for the sentence ``bounds`` (add to it what is accepted there)."""
        countries = self._by_start.get(bounds[0])
        if countries is None:
            lo, hi = self.covered.starting_in(*bounds)
            countries = {option.entry.country for _, option in self.accepted[lo:hi]}
            self._by_start[bounds[0]] = countries
        return countries


def _in_order_apart(candidates: list[_Candidate]) -> bool:
    """Each candidate starts at or after the end of the one before: in text order, no overlaps."""
    end = 0
    for cand in candidates:
        if cand.start < end:
            return False
        end = cand.end
    return True


@Language.factory(
    "customs_ports",
    default_config={"patterns_path": None},
    assigns=["doc._.ports", "span._.port"],
)
def make_ports(nlp: Language, name: str, *, patterns_path: str | None) -> PortsComponent:
    return PortsComponent(nlp, name, patterns_path=patterns_path)
