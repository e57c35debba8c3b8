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
through Token objects, and look up sentences only for the names that need them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

import extractor.extensions  # noqa: F401  (registers doc._.ports and span._.port)
from extractor.components.base import PatternComponent
from extractor.components.port_context import MAX_MEMO, ContextRules, PortContextRule, PortKind
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


@dataclass
class _Candidate:
    start: int
    end: int
    options: tuple[_Option, ...]  # empty for a not-a-port phrase
    explicit: bool = False
    kind: PortKind | None = None  # from "luchthaven", "haven", "Airport" around the name


class _Text:
    """One Doc as the rules read it: token strings from the shared table, sentences on first use."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.table: TokenTable = token_table(doc)
        self.lowers = self.table.lowers
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


class PortsComponent(PatternComponent):
    """Finds port mentions: ``doc._.ports`` spans with ``span._.port`` (a ``schema.Port``)."""

    files = {
        "ports": ("ports.jsonl", PortEntry),
        "context": ("ports_context.jsonl", PortContextRule),
    }

    def compile(self) -> None:
        self.rules = ContextRules.compile(self.entries["context"], self._tokenize)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        strings = self.nlp.vocab.strings
        self.aliases: dict[int, list[_Option]] = defaultdict(list)
        self.adjectives: dict[int, list[_Option]] = defaultdict(list)
        self.adjective_words: set[str] = set()
        for entry in self.entries["ports"]:
            for alias in entry.alias_objects():
                forms = spelling_variants(alias.name)
                for form in forms:
                    doc = self.nlp.make_doc(form)
                    label = "port:" + " ".join(t.lower_ for t in doc)
                    key = strings.add(label)
                    if key not in self.aliases:
                        self.matcher.add(label, self._pattern_docs(form, doc))
                    if all(option.entry is not entry for option in self.aliases[key]):
                        explicit = any(self._says_port(t.lower_) for t in doc)
                        self.aliases[key].append(_Option(entry, alias, frozenset(forms), explicit))
            for adjective in entry.adjectives:
                reading = _Option(entry, PortAlias(name=adjective), frozenset(), explicit=True)
                for form in spelling_variants(adjective):
                    doc = self.nlp.make_doc(form)
                    label = "adj:" + doc.text.lower()
                    key = strings.add(label)
                    if key not in self.adjectives:
                        self.matcher.add(label, [doc])
                    if all(option.entry is not entry for option in self.adjectives[key]):
                        self.adjectives[key].append(reading)
                    self.adjective_words.add(doc.text.lower())
        self._cue_memo = TextMemo(self._find_cue_kinds, MAX_MEMO)
        self._number_memo = TextMemo(lambda text: bool(self.nlp.vocab[text].like_num), MAX_MEMO)
        self.not_port_key = strings.add("not_port")
        if self.rules.not_port:
            self.matcher.add("not_port", [self.nlp.make_doc(phrase) for phrase in self.rules.not_port])

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
        body_start = doc_value(doc, "body_start") or 0
        spans: list[Span] = []
        matches = self.matcher(doc)
        if not matches:
            set_doc_value(doc, "ports", spans)
            return doc
        text = _Text(doc)
        table = text.table
        for cand, option in self._accept(text, self._without_overlaps(self._candidates(text, matches))):
            start_char = table.idx[cand.start]  # offsets from the table: no Token objects behind them
            if start_char < body_start:
                continue
            span = Span(doc, cand.start, cand.end, label=option.entry.locode)
            port = Port(
                text=table.text(cand.start, cand.end),
                start=start_char,
                end=table.end_char(cand.end - 1),
                locode=option.entry.locode,
                name=option.entry.name,
                country=option.entry.country,
                kind=cand.kind or option.entry.kind,
            )
            set_span_value(span, "port", port)
            spans.append(span)
        set_doc_value(doc, "ports", spans)
        return doc

    def _candidates(self, doc: _Text, matches: list[tuple[int, int, int]]) -> list[_Candidate]:
        found: list[_Candidate] = []
        for key, start, end in matches:
            if key == self.not_port_key:
                found.append(_Candidate(start, end, ()))
            elif key in self.adjectives:
                cand = self._adjective(doc, start, end, self.adjectives[key])
                if cand is not None:
                    found.append(cand)
            else:
                options = tuple(o for o in self.aliases[key] if self._spelled_right(doc, start, end, o))
                if options:
                    explicit = any(o.explicit for o in options)
                    found.append(self._extend(doc, _Candidate(start, end, options, explicit)))
        return found

    @staticmethod
    def _spelled_right(doc: _Text, start: int, end: int, option: _Option) -> bool:
        """Cased aliases ("Doel", "Turbo") only as written and not as the first word of a sentence."""
        if not option.alias.cased:
            return True
        return doc.table.text(start, end) in option.forms and not doc.doc[start].is_sent_start

    def _extend(self, doc: _Text, cand: _Candidate) -> _Candidate:
        """Take in "haven van", "luchthaven", "port of" before and "Airport" after the name."""
        lowers = doc.lowers
        if cand.start > 0:
            for phrase, kind in self.rules.prefixes.get(lowers[cand.start - 1], ()):
                first = cand.start - len(phrase)
                if first >= 0 and tuple(lowers[first : cand.start]) == phrase:
                    cand.start, cand.explicit, cand.kind = first, True, kind
                    break
        if cand.end < len(lowers):
            for phrase, kind in self.rules.suffixes.get(lowers[cand.end], ()):
                last = cand.end + len(phrase)
                if last <= len(lowers) and tuple(lowers[cand.end : last]) == phrase:
                    cand.end, cand.explicit, cand.kind = last, True, cand.kind or kind
                    break
        return cand

    def _adjective(self, doc: _Text, start: int, end: int, options: list[_Option]) -> _Candidate | None:
        """Adjective + port noun ("de Antwerpse haven"), also "de Antwerpse en Rotterdamse haven"."""
        lowers = doc.lowers
        i = end
        coords, adjectives = self.rules.coords, self.adjective_words
        while i + 1 < len(lowers) and lowers[i] in coords and lowers[i + 1] in adjectives:
            i += 2
        if i >= len(lowers):
            return None
        kind = self.rules.head_kind(lowers[i])
        if kind is None:
            return None
        return _Candidate(start, i + 1 if i == end else end, tuple(options), explicit=True, kind=kind)

    @staticmethod
    def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
        """Longest first (a not-a-port phrase wins a tie), then in text order."""
        taken: set[int] = set()
        kept: list[_Candidate] = []
        for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start, bool(c.options))):
            tokens = range(cand.start, cand.end)
            if not taken.intersection(tokens):
                taken.update(tokens)
                kept.append(cand)
        return sorted(kept, key=lambda c: c.start)

    def _accept(self, doc: _Text, candidates: list[_Candidate]) -> list[tuple[_Candidate, _Option]]:
        accepted: list[tuple[_Candidate, _Option]] = []
        waiting: list[tuple[_Candidate, _Option]] = []
        previous: _Candidate | None = None  # the last explicit mention, for lists of ports
        for cand in candidates:
            if not cand.options:
                continue
            if not cand.explicit and previous and self._coordinated(doc, previous.end, cand.start):
                cand.explicit, cand.kind = True, cand.kind or previous.kind
            option = self._choose(doc, cand)
            if cand.explicit:
                accepted.append((cand, option))
                previous = cand
            elif self._blocked(doc, cand, option):
                continue
            elif option.alias.context:
                waiting.append((cand, option))
            else:
                accepted.append((cand, option))
        # a port word inside another mention ("de haven van Antwerpen naar Brussel") is that port's
        covered = {i for cand, _ in accepted for i in range(cand.start, cand.end)}
        cue_cache: dict[int, set[str]] = {}
        for cand, option in waiting:
            bounds = doc.sentence(cand.start)
            if bounds[0] not in cue_cache:
                cue_cache[bounds[0]] = self._cue_kinds(doc, bounds, covered)
            kinds = cue_cache[bounds[0]]
            need = option.alias.context
            if kinds & ({"seaport", "airport", "general"} if need == "any" else {need, "general"}):
                accepted.append((cand, option))
            elif self._listed_with_ports(doc, cand, option, bounds, accepted):
                accepted.append((cand, option))
        return sorted(accepted, key=lambda item: item[0].start)

    @staticmethod
    def _listed_with_ports(
        doc: _Text, cand: _Candidate, option: _Option, bounds: tuple[int, int], accepted: list
    ) -> bool:
        """A place named "in"/"op" a sentence that names other ports of its country is one of them.

        "In Zeebrugge ging het om 1.870 kilogram, in Gent om 312 kilogram": an
        enumeration of ports. A destination ("naar Amsterdam") does not count.
        """
        if cand.start == 0 or doc.lowers[cand.start - 1] not in _LOCATIVE:
            return False
        return any(
            bounds[0] <= other.start < bounds[1] and other_option.entry.country == option.entry.country
            for other, other_option in accepted
        )

    def _coordinated(self, doc: _Text, previous_end: int, start: int) -> bool:
        gap = doc.lowers[previous_end:start]
        return 0 < len(gap) <= _MAX_COORD_GAP and all(lower in self.rules.coords for lower in gap)

    def _choose(self, doc: _Text, cand: _Candidate) -> _Option:
        """Of ports sharing a name, the one whose country the sentence names; else the first listed."""
        if len(cand.options) == 1:
            return cand.options[0]
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
        rules, lowers = self.rules, doc.lowers
        for length, phrases in rules.seats.items():
            if start >= length and tuple(lowers[start - length : start]) in phrases:
                return True
        if end < len(lowers) and lowers[end] in rules.seat_after:
            return True
        after = lowers[end : end + 2]
        if len(after) == 2 and after[0] in rules.attributes and after[1] in rules.persons:
            return True  # "de uit Antwerpen afkomstige verdachte"
        i = start - 1
        has_link = i >= 0 and lowers[i] in rules.links
        if has_link:
            i -= 1
        if i >= 0 and lowers[i] in rules.institutions:
            return True
        if has_link and self._person_before(doc, i):
            return True
        if option.alias.surname and start > 0:
            prev = doc.doc[start - 1]
            if (
                prev.is_alpha
                and prev.is_title
                and not prev.is_sent_start
                and not prev.is_stop
                and not prev.lower_.endswith(_ADJECTIVE_ENDINGS)
                and not self._says_port(prev.lower_)
            ):
                return True
        return False

    def _person_before(self, doc: _Text, i: int) -> bool:
        """Token ``i`` (before the link word) ends a person or company: "een man (34)", "Jan V."."""
        skipped: list[str] = []  # token texts
        skips, lowers, texts = self.rules.skips, doc.lowers, doc.table.texts
        while i >= 0 and len(skipped) < _MAX_SKIPPED and (lowers[i] in skips or self._like_num(texts[i])):
            skipped.append(texts[i])
            i -= 1
        if any(self._like_num(t) for t in skipped) and ")" in skipped:
            return True  # an age in brackets: "Mohamed (34) uit Antwerpen"
        return i >= 0 and (lowers[i] in self.rules.persons or bool(_INITIAL_RE.match(texts[i])))

    def _like_num(self, text: str) -> bool:
        """The lexeme's ``like_num`` ("34", "twee"), kept per text."""
        return self._number_memo[text]

    def _cue_kinds(self, doc: _Text, bounds: tuple[int, int], covered: set[int]) -> set[str]:
        """Kinds of port words in the sentence, outside the mentions already accepted."""
        kinds: set[str] = set()
        cue_kinds = self._word_cue_kinds
        for i in range(bounds[0], bounds[1]):
            if i not in covered:
                kinds.update(cue_kinds(doc.lowers[i]))
        return kinds

    def _word_cue_kinds(self, lower: str) -> tuple[str, ...]:
        """The kinds of port word a token is (most are none), kept per word."""
        return self._cue_memo[lower]

    def _find_cue_kinds(self, lower: str) -> tuple[str, ...]:
        return tuple(kind for kind, words in self.rules.cues.items() if lower in words)


@Language.factory(
    "customs_ports",
    default_config={"patterns_path": None},
    assigns=["doc._.ports", "span._.port"],
)
def make_ports(nlp: Language, name: str, *, patterns_path: str | None) -> PortsComponent:
    return PortsComponent(nlp, name, patterns_path=patterns_path)
