"""The ``customs_seizures`` component: tying quantities, substances, ports and years into seizures.

It runs last and reads what the other components left on the Doc. For every
quantity of goods (or of seized cash) it decides whether the text reports it
as seized, then finds its substance, port(s), year and whether it is a period
total. Each of these is looked for first in the amount's own clause, then in
the clauses of its sentence that carry no other amount, then back through the
text, within limits that follow how press texts are written:

- a comparison clause ("..., tegen 3,9 ton een jaar eerder") is about the
  seizure just reported: it takes that seizure's substance and port;
- an amount without its own port takes the port of the last seizure of the
  same substance in its or the previous paragraph ("In 2021 vond de douane nog
  maar 89,5 ton" after the Antwerp figure), else the port named in an earlier
  sentence of its paragraph; finds in houses, warehouses and labs and national
  totals take no port;
- years named in a comparison ("dan in 2022") never become the year of a
  later amount.

Context words live in ``patterns/seizure_cues.jsonl``.

Beyond one PhraseMatcher pass for the cue words, the work is proportional
to the amounts, not to the length of the text: the clauses are cut at the
few tokens that delimit them (sentence starts, line breaks, commas), tokens
are read from the shared ``token_table`` and records from ``doc.user_data``,
never through Token objects or ``span._`` proxies.
"""

from __future__ import annotations

import bisect
import functools
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, get_args

from pydantic import BaseModel, ConfigDict, Field
from spacy import attrs
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from extractor.components.base import PatternComponent
from extractor.extensions import doc_value, set_doc_value, set_span_value, span_values
from extractor.hash_memo import HashMemo
from extractor.schema import (
    AlternateAmount,
    Mention,
    Port,
    PortRef,
    Qualifier,
    Quantity,
    Seizure,
    Substance,
    Unit,
)
from extractor.token_table import TokenTable, sentence_starts, token_table

CueKind = Literal[
    "not_before",
    "not_after",
    "not_clause",
    "value",
    "aggregate",
    "single",
    "origin",
    "destination",
    "national",
    "non_port_site",
    "partial",
    "comparison",
    "versus",
    "contrast",
    "then",
    "weighing",
    "port_noun",
    "packaging",
    "seized",
    "now",
    "change_from",
    "change_to",
    "after_ok",
]

#: The bit of each cue kind in a clause's cue mask (``_Layout.clause_cues``).
KIND_BITS = {kind: 1 << n for n, kind in enumerate(get_args(CueKind))}
#: More bits of that mask: a comparison cue starts among the clause's first 3 tokens ...
OPENS_COMPARISON = 1 << len(KIND_BITS)
#: ... a "then" cue lies within its first 2 tokens ("..., toen 58,2 ton werd onderschept").
OPENS_THEN = OPENS_COMPARISON << 1
_COMPARISON, _THEN = KIND_BITS["comparison"], KIND_BITS["then"]
#: Kinds that are word lists the rules read directly, never cues looked for in the text.
WORD_LISTS = frozenset({"after_ok", "packaging"})
#: Tokens that end a clause inside a sentence.
CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—"})
#: Tokens trimmed off the end of a clause quoted as evidence.
EVIDENCE_TRIM = CLAUSE_BREAKS | {"."}
# Bits of a token's code: what the rules ask about a token, worked out once per distinct text.
DELIMITER = 1  # ends a clause or a paragraph: a clause break or a line break
LINE_BREAK = 2  # a space token that holds a line break
IS_ALPHA = 4  # the lexeme flags of the same names
IS_LOWER = 8
IS_TITLE = 16
IS_STOP = 32
IS_PUNCT = 64
IS_SPACE = 128
#: (our bit, spaCy's lexeme flag id): ``lexeme.is_alpha`` is bit ``attrs.IS_ALPHA`` of ``lexeme.flags``.
LEXEME_FLAGS = (
    (IS_ALPHA, attrs.IS_ALPHA),
    (IS_LOWER, attrs.IS_LOWER),
    (IS_TITLE, attrs.IS_TITLE),
    (IS_STOP, attrs.IS_STOP),
    (IS_PUNCT, attrs.IS_PUNCT),
    (IS_SPACE, attrs.IS_SPACE),
)
#: How far (tokens) before/after an amount its own context words may stand.
NEAR = 3
#: How far (tokens) after an amount its substance may stand ("2,4 miljoen euro aan niet-aangegeven cash").
SUBSTANCE_REACH = 6
#: Tokens that may stand between two port names of one group ("Antwerpen en Rotterdam").
PORT_GROUP_GAP = frozenset({"en", ",", "of", "&", "/", "in"})
#: Tokens that may stand between the two figures of a range ("300 tot 350 kilo").
RANGE_GAP = frozenset({"tot", "à", "a", "-", "–", "en", "of"})
#: Words between a cue and the port name it governs ("uit de haven van Santos").
PORT_LEAD_WORDS = frozenset({"de", "het", "haven", "havens", "van", "luchthaven", "terminal"})
#: Beginnings of Dutch participles ("gevonden", "onderschept", "aangetroffen", "ontdekt").
VERB_PREFIXES = ("ge", "onder", "aan", "ont", "be", "ver", "door", "op", "in", "weg", "mee")
#: How far (tokens) after a count of packages its total weight may follow.
WEIGHING_REACH = 8
#: How many port mentions back a carried-over port is looked for.
MAX_LOOKBACK = 50
#: Relative tolerance under which two amounts are the same seizure ...
SAME_AMOUNT_TOLERANCE = 0.005
#: ... and when one of them is hedged ("bijna 400.000 euro" and later "€ 386.450").
HEDGED_AMOUNT_TOLERANCE = 0.05
#: A seizure is compared with at most this many of the latest earlier seizures of about the same
#: amount. A press text repeats an amount a few times; without a bound, an archive joined into one
#: document made every new seizure compare with every earlier one of its amount (quadratic).
MAX_SAME_AMOUNT_RECORDS = 16


class CueEntry(BaseModel):
    """One line of patterns/seizure_cues.jsonl."""

    model_config = ConfigDict(extra="forbid")

    kind: CueKind = Field(description="What the words signal (see the file's header).")
    phrase: str = Field(min_length=1, description="The words, any case.")


class CueIndex:
    """Where each kind of cue stands in one Doc, queryable by token range.

    The matcher's (kind id, start, end) triples are kept by start (sorted in C on
    the start alone: they come in that order): a query bisects to its start and
    looks at the few cues that start in its range, of any kind, with no per-cue
    Python work for building the index (a Doc has a few dozen cues, asked about a
    few times each). Most kinds have no cue in a given Doc: those queries stop at
    a set lookup.
    """

    __slots__ = ("matches", "starts", "ids", "bits", "present", "_ends")

    def __init__(
        self, matches: list[tuple[int, int, int]], ids: dict[str, int], bits: dict[int, int]
    ) -> None:
        self.matches = sorted(matches, key=_second)
        self.starts = list(map(_second, self.matches))
        self.ids = ids  # cue kind -> match id
        self.bits = bits  # match id -> the kind's bit (``KIND_BITS``)
        self.present = frozenset(map(_first, self.matches))  # ids of the kinds found
        self._ends: dict[str, frozenset[int]] = {}  # built on first ``ends`` of a kind

    def clause_mask(self, start: int, end: int) -> int:
        """``KIND_BITS`` of the cues wholly inside the clause [start, end), OPENS_COMPARISON, OPENS_THEN."""
        bits = self.bits
        mask = 0
        for key, cue_start, cue_end in self._starting_in(start, end):
            bit = bits[key]
            if cue_end <= end:
                mask |= bit
            if bit == _COMPARISON and cue_start < start + 3:
                mask |= OPENS_COMPARISON  # ``starts_in("comparison", start, min(start + 3, end))``
            elif bit == _THEN and cue_end <= min(start + 2, end):
                mask |= OPENS_THEN  # ``within("then", start, min(start + 2, end))``
        return mask

    def within(self, kind: str, start: int, end: int) -> bool:
        """Is a cue of ``kind`` wholly inside tokens [start, end)?"""
        key = self.ids[kind]
        if key in self.present:
            for cue_key, _, cue_end in self._starting_in(start, end):
                if cue_key == key and cue_end <= end:
                    return True
        return False

    def ends_in(self, kind: str, start: int, end: int) -> bool:
        """Does a cue of ``kind`` end (exclusive end) at a token in [start, end)?"""
        return not self.ends(kind).isdisjoint(range(start, end))

    def ends(self, kind: str) -> frozenset[int]:
        """Where the cues of ``kind`` end (exclusive ends)."""
        ends = self._ends.get(kind)
        if ends is not None:
            return ends
        key = self.ids[kind]
        if key not in self.present:
            ends = _NO_ENDS  # the common case: no cue of this kind in the Doc
        else:
            ends = frozenset(cue_end for cue_key, _, cue_end in self.matches if cue_key == key)
        self._ends[kind] = ends
        return ends

    def starts_at(self, kind: str, position: int) -> bool:
        return self.starts_in(kind, position, position + 1)

    def starts_in(self, kind: str, start: int, end: int) -> bool:
        """Does a cue of ``kind`` start at a token in [start, end)?"""
        key = self.ids[kind]
        if key in self.present:
            for cue_key, _, _ in self._starting_in(start, end):
                if cue_key == key:
                    return True
        return False

    def _starting_in(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The cues (of any kind) that start at a token in [start, end), by start: two bisects, one slice."""
        first = bisect.bisect_left(self.starts, start)
        return self.matches[first : bisect.bisect_left(self.starts, end, first)]


_first = operator.itemgetter(0)
_second = operator.itemgetter(1)
_NO_ENDS: frozenset[int] = frozenset()
_start = operator.attrgetter("start")
_end = operator.attrgetter("end")


class _Mention(NamedTuple):
    """A span another component found, with its record and clause read once."""

    start: int
    end: int
    value: Any  # the span's record: Port, Year, DateMention or Substance
    clause: int  # index of the clause that owns its first token (``_Layout.clause_of``)


#: ``_Mention`` from a (start, end, value, clause) tuple, in C (``_Mention._make`` is Python code).
_new_mention = functools.partial(tuple.__new__, _Mention)


class _Clause(NamedTuple):
    """A stretch of a sentence between clause breaks: tokens [start, end)."""

    sent: int
    paragraph: int
    start: int
    end: int


#: ``_Clause`` from a (sent, paragraph, start, end) tuple, in C.
_new_clause = functools.partial(tuple.__new__, _Clause)


@dataclass(slots=True)
class _Candidate:
    span: Span
    record: Quantity
    clause: _Clause
    clause_index: int
    end: int  # token after the amount and its restatements ("160 ton (oftewel 160.000 kilo)")
    own_substance: _Mention | None = None  # the substance named with the amount itself, if any
    reported: bool = False  # a reported amount, not a threshold, difference or forecast


@dataclass(slots=True)
class _Layout:
    """Clauses, sentences and paragraphs of one Doc, and the cues found in it."""

    table: TokenTable
    codes: list[int]  # each token's DELIMITER, IS_ALPHA ... bits
    clauses: list[_Clause]
    owners: list[int]  # token -> the clause that owns it (``clause_of``); one more entry than tokens
    sent_starts: list[int]
    cues: CueIndex
    busy: set[int] = field(default_factory=set)  # clauses that hold a reported amount
    own_clause: int = -1  # the clause of the amount being linked (not "busy" for itself)
    amounts: dict[int, list[int]] = field(default_factory=dict)  # clause -> starts of its reported amounts
    substance_tokens: frozenset[int] = frozenset()  # tokens inside a substance mention
    amount_starts: list[int] = field(default_factory=list)  # where every amount starts, in order
    claimed: set[int] = field(default_factory=set)  # substance mentions named with an amount
    arrivals: _Mentions | None = None  # ports named as a destination ("naar Antwerpen")
    port_refs: dict[tuple[str, str, str], PortRef] = field(default_factory=dict)  # one per port
    evidence: dict[int, Mention] = field(default_factory=dict)  # clause -> its evidence, built once
    cue_masks: dict[int, int] = field(default_factory=dict)  # clause -> ``clause_cues``, built on first use

    def clause_of(self, i: int) -> int:
        """The clause that owns token ``i``: its tokens and the break token that ends it (else clause 0)."""
        return self.owners[i]

    def clause(self, mention: _Mention) -> _Clause:
        return self.clauses[mention.clause]

    def sentence(self, i: int) -> tuple[int, int]:
        """Bounds of the sentence of token ``i`` (what ``span.sent`` gives, without a Span)."""
        s = bisect.bisect_right(self.sent_starts, i)
        return self.sent_starts[s - 1], self.sent_starts[s] if s < len(self.sent_starts) else len(self.table)

    def has(self, i: int, flag: int) -> bool:
        """Does token ``i`` have the ``flag`` bit (IS_ALPHA, IS_PUNCT ...)?"""
        return bool(self.codes[i] & flag)

    def is_busy(self, clause_index: int) -> bool:
        """Does this clause hold another reported amount than the one being linked?"""
        return clause_index != self.own_clause and clause_index in self.busy

    def clause_cues(self, clause_index: int) -> int:
        """The ``KIND_BITS`` of the cues wholly inside the clause, with OPENS_COMPARISON and OPENS_THEN.

        Worked out once per clause from the few cues that start in it: the rules ask
        about the clause of every amount (and year) several times, each for another kind.
        """
        mask = self.cue_masks.get(clause_index)
        if mask is None:
            _, _, start, end = self.clauses[clause_index]
            mask = self.cue_masks[clause_index] = self.cues.clause_mask(start, end)
        return mask

    def is_comparison(self, clause_index: int) -> bool:
        """Does the clause compare with another figure ("tegen 3,9 ton een jaar eerder")?"""
        return bool(self.clause_cues(clause_index) & OPENS_COMPARISON)

    def compares(self, span: _Mention) -> bool:
        """Is this year only the other side of a comparison ("dan in 2022", "In 2021 was het nog ...")?"""
        if self.clause_cues(span.clause) & (OPENS_COMPARISON | KIND_BITS["contrast"]):
            return True
        clause = self.clause(span)
        if self.cues.within("change_from", clause.start, span.start) and self.cues.within(
            "change_to", span.end, clause.end
        ):
            return True  # "van 62 miljoen stuks in 2023 naar 39,5 miljoen nu": the year left behind
        return self.cues.ends_in("versus", max(0, span.start - 2), span.start + 1)


class _Mentions:
    """Mentions of one kind in text order, found by clause, sentence or position without scanning all."""

    __slots__ = ("spans", "starts", "_clauses", "_by_clause", "_by_sent")

    def __init__(self, spans: list[_Mention], layout: _Layout) -> None:
        self.spans = spans  # in text order
        self.starts = list(map(_start, spans))
        self._clauses = layout.clauses
        # built on first use: most kinds are asked only by clause or only by sentence
        self._by_clause: dict[int, list[_Mention]] | None = None
        self._by_sent: dict[int, list[_Mention]] | None = None

    def in_clause(self, clause_index: int) -> Sequence[_Mention]:
        by_clause = self._by_clause
        if by_clause is None:
            by_clause = self._by_clause = {}
            for span in self.spans:
                by_clause.setdefault(span.clause, []).append(span)
        return by_clause.get(clause_index, ())

    def in_sent(self, sent: int) -> Sequence[_Mention]:
        by_sent = self._by_sent
        if by_sent is None:
            by_sent = self._by_sent = {}
            clauses = self._clauses
            for span in self.spans:
                by_sent.setdefault(clauses[span.clause].sent, []).append(span)
        return by_sent.get(sent, ())

    def starting_in(self, lo: int, hi: int) -> list[_Mention]:
        """Spans that start at a token in [lo, hi]."""
        return self.spans[bisect.bisect_left(self.starts, lo) : bisect.bisect_right(self.starts, hi)]

    def count_before(self, position: int) -> int:
        """How many spans start before token ``position``."""
        return bisect.bisect_left(self.starts, position)


class SeizuresComponent(PatternComponent):
    """Builds ``doc._.seizures``: the seized amounts, each carrying its ``span._.seizure`` record."""

    files = {"cues": ("seizure_cues.jsonl", CueEntry)}

    def compile(self) -> None:
        by_kind: dict[str, list[str]] = {}
        for entry in self.entries["cues"]:
            by_kind.setdefault(entry.kind, []).append(entry.phrase.lower())
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for kind, phrases in by_kind.items():
            if kind not in WORD_LISTS:
                self.matcher.add(kind, [self.nlp.make_doc(p) for p in phrases])
        # cue kind -> match id, for every kind (one the file lacks is never matched)
        self.kind_ids = {kind: get_string_id(kind) for kind in get_args(CueKind)}
        self.kind_bits = {self.kind_ids[kind]: bit for kind, bit in KIND_BITS.items()}  # match id -> bit
        self.after_ok = frozenset(by_kind.get("after_ok", ()))
        self.packaging = frozenset(by_kind.get("packaging", ()))
        # every token's code, read for a whole Doc at once (each distinct string tested once)
        self._codes = HashMemo(self._code)

    def _code(self, text: str) -> int:
        """The code of a token text: the bits (DELIMITER, IS_ALPHA ...) the rules test."""
        flags = self.nlp.vocab[text].flags  # one read, not one property per flag
        code = DELIMITER if text in CLAUSE_BREAKS else 0
        for bit, flag_id in LEXEME_FLAGS:
            if flags >> flag_id & 1:
                code |= bit
        if code & IS_SPACE and "\n" in text:
            code |= DELIMITER | LINE_BREAK
        return code

    # -- structure -------------------------------------------------------------------------

    def _layout(self, doc: Doc, table: TokenTable, body_start: int) -> _Layout:
        """Clauses, sentences and paragraphs, cut at the few tokens that delimit them.

        A line break starts a new paragraph (or ends a headline); the ' date ...'
        prefix (before ``body_start``) is no part of any clause, and its line
        breaks are not counted.
        """
        n = len(table)
        sents = sentence_starts(doc)
        codes_array = table.codes(self._codes)
        codes = codes_array.tolist()
        delimiters = (codes_array & DELIMITER).nonzero()[0].tolist()
        delimiters.append(n)  # a sentinel: no sentence ends after it
        body = bisect.bisect_left(table.idx, body_start)  # the first token of the body
        d = bisect.bisect_left(delimiters, body)
        clauses: list[_Clause] = []
        add = clauses.append
        paragraph = 0
        s = bisect.bisect_right(sents, body) - 1  # the sentence the body starts in (sents[0] == 0)
        ends = sents[s + 1 :]
        ends.append(n)
        for end in ends:
            start = sents[s] if sents[s] > body else body
            while delimiters[d] < end:
                i = delimiters[d]
                d += 1
                if codes[i] & LINE_BREAK:
                    paragraph += 1  # a line break starts a new paragraph (or ends a headline)
                    if start == i:
                        start += 1
                elif i > start:
                    add(_new_clause((s, paragraph, start, i)))
                    start = i + 1
            if start < end:
                add(_new_clause((s, paragraph, start, end)))
            s += 1
        cues = CueIndex(self.matcher(doc), self.kind_ids, self.kind_bits)
        return _Layout(table, codes, clauses, _owners(clauses, n), sents, cues)

    # -- decisions ---------------------------------------------------------------------------

    def _is_cover_cargo(self, layout: _Layout, end: int, substances_at: set[int]) -> bool:
        """Is the amount one of another good ("20 ton bananen") rather than of the contraband?

        True when the first word after the amount (past "aan", "van" and
        brackets) is a lower-case content word that is neither a substance
        nor a verb form that may follow an amount ("onderschept", "gevonden").
        """
        lowers = layout.table.lowers
        i = end
        while i < len(lowers) and lowers[i] in {"aan", "van", "(", ")"}:
            i += 1
        if i >= len(lowers) or i in substances_at:
            return False
        code = layout.codes[i]
        if not code & IS_ALPHA or code & IS_STOP or not code & IS_LOWER:
            return False
        lower = lowers[i]
        if lower in self.after_ok:
            return False
        looks_like_participle = lower.startswith(VERB_PREFIXES) and lower[-1] in "dtn"
        return not looks_like_participle

    @staticmethod
    def _is_reported_amount(layout: _Layout, cand: _Candidate) -> bool:
        """Not a threshold, difference, rate, forecast or capacity ("de kaap van 100 ton")."""
        cues, span, clause = layout.cues, cand.span, cand.clause
        if cues.ends_in("not_before", max(clause.start, span.start - 1), span.start + 1):
            return False
        if cues.starts_at("not_after", cand.end) or (
            cand.end in layout.substance_tokens and cues.starts_at("not_after", cand.end + 1)
        ):
            return False  # "20 ton meer dan", "100 ton cocaïne per jaar"
        return not layout.clause_cues(cand.clause_index) & KIND_BITS["not_clause"]

    def _is_seizure(self, layout: _Layout, cand: _Candidate, substance: Substance | None) -> bool:
        if not cand.reported:
            return False
        if cand.record.unit is Unit.EUR:
            if substance is not Substance.cash:
                return False
            if layout.cues.within("value", max(cand.clause.start, cand.span.start - 4), cand.span.start):
                return False
        return True

    @staticmethod
    def _substance(
        layout: _Layout, cand: _Candidate, substances: _Mentions, carried: list[_Mention | None]
    ) -> _Mention | None:
        """The substance of an amount: inside it, right after it, in its clause or sentence, or before it.

        ``carried[i]`` is the substance a text has named before its i-th substance mention
        (the last specific one: "De drugs zaten ..." does not replace "cocaïne").
        """
        span = cand.span
        if cand.own_substance is not None:
            return cand.own_substance
        if cand.record.unit is Unit.EUR or layout.is_comparison(cand.clause_index):
            return None  # cash only with its word; a comparison takes the substance compared with
        # a substance named right with another amount is that amount's ("600 planten en 45.000 euro cash")
        same_clause = [s for s in substances.in_clause(cand.clause_index) if s.start not in layout.claimed]
        if same_clause:
            return min(same_clause, key=lambda s: abs(s.start - span.start))
        same_sent = [s for s in substances.in_sent(cand.clause.sent) if s.start not in layout.claimed]
        if same_sent:
            return min(same_sent, key=lambda s: abs(s.start - span.start))
        return carried[substances.count_before(span.start)]

    @staticmethod
    def _places_and_arrivals(layout: _Layout, ports: list[_Mention]) -> tuple[list[_Mention], list[_Mention]]:
        """The ports named as where something was (``_port_role`` 'place') and as a destination.

        The cue sets are read once per Doc; without origin or destination cues
        (most Docs) every port is a place and no words are looked at.
        """
        origins, destinations = layout.cues.ends("origin"), layout.cues.ends("destination")
        if not origins and not destinations:
            return ports, []
        places: list[_Mention] = []
        arrivals: list[_Mention] = []
        for port in ports:
            role = _port_role(layout, port, origins, destinations)
            if role == "place":
                places.append(port)
            elif role == "destination":
                arrivals.append(port)
        return places, arrivals

    @staticmethod
    def _own_ports(layout: _Layout, cand: _Candidate, own: list[_Mention]) -> list[_Mention]:
        """Of the ports in the amount's clause, those that go with it.

        In an enumeration ("in Gent om 312 kilogram en op Brussels Airport om
        236 kilogram") each amount takes the port group right before it.
        """
        others = [a for a in layout.amounts.get(cand.clause_index, ()) if a != cand.span.start]
        if not others:
            return own
        groups = _port_groups(layout.table.lowers, own)
        before = [g for g in groups if g[-1].end <= cand.span.start]
        if before and not any(before[-1][-1].end <= a < cand.span.start for a in others):
            return before[-1]
        after = [g for g in groups if g[0].start >= cand.end]
        if after and not any(cand.end <= a < after[0][0].start for a in others):
            return after[0]
        return own

    def _clause_ports(self, layout: _Layout, cand: _Candidate, places: _Mentions) -> list[_Mention] | None:
        """Ports stated with the amount: its clause, or the amount-free clauses of its sentence."""
        own = places.in_clause(cand.clause_index)
        if own:
            return self._own_ports(layout, cand, own)
        if layout.clause_cues(cand.clause_index) & KIND_BITS["national"] or layout.cues.within(
            "non_port_site", *layout.sentence(cand.span.start)
        ):
            return []  # a national total, or a find in a house, shed or lab
        free = []
        for p in places.in_sent(cand.clause.sent):
            c = p.clause
            if layout.is_busy(c):
                continue
            if layout.clause_cues(c) & KIND_BITS["partial"]:
                continue  # "het merendeel op de luchthaven van Zaventem" is where part of it was
            free.append(p)
        return free or None

    @staticmethod
    def _earlier_ports(
        layout: _Layout, cand: _Candidate, places: _Mentions, skip_sents: set[int]
    ) -> list[_Mention]:
        """The last group of ports named before the amount in its paragraph (not in ``skip_sents``)."""
        group: list[_Mention] = []
        i = places.count_before(cand.span.start)
        for port in reversed(places.spans[max(0, i - MAX_LOOKBACK) : i]):
            clause = layout.clause(port)
            if port.end > cand.span.start:
                continue
            if clause.paragraph != cand.clause.paragraph:
                break
            if clause.sent in skip_sents:
                continue
            if group and not _named_together(layout.table.lowers, port, group[0]):
                break
            group.insert(0, port)
        return group

    @staticmethod
    def _year(
        layout: _Layout,
        cand: _Candidate,
        years: _Mentions,
        dates: _Mentions,
        frame_years: _Mentions,
        published_year: int | None,
    ) -> tuple[int | None, str]:
        """(year, where it came from: 'year', 'date', 'earlier-year', 'published' or 'none').

        ``frame_years`` are the years not named as the other side of a comparison, ``dates``
        those with a full date.
        """
        span = cand.span
        in_clause = years.in_clause(cand.clause_index)
        for y in in_clause:  # the first year right after the amount
            if cand.end <= y.start <= cand.end + NEAR:
                return y.value.year, "year"
        if published_year is not None and layout.cues.within("now", cand.end, cand.end + NEAR):
            return published_year, "year"  # "naar 39,5 miljoen stuks nu"
        for y in reversed(in_clause):  # the last year before it
            if y.end <= span.start:
                return y.value.year, "year"
        if in_clause:
            return in_clause[0].value.year, "year"
        sent = cand.clause.sent
        if layout.clause_cues(cand.clause_index) & OPENS_THEN:
            # "..., toen 58,2 ton werd onderschept": the time named just before, compared or not
            i = years.count_before(span.start)
            if i:
                return years.spans[i - 1].value.year, "year"
        in_sent = [y for y in frame_years.in_sent(sent) if not layout.is_busy(y.clause)]
        if in_sent:
            return min(in_sent, key=lambda y: abs(y.start - span.start)).value.year, "year"
        dated = dates.in_sent(sent)
        if dated:
            return min(dated, key=lambda d: abs(d.start - span.start)).value.date.year, "date"
        # days named earlier are mostly about the press release itself ("maakte donderdag bekend");
        # a year named earlier in the paragraph carries over, else the year the text opened with
        i = frame_years.count_before(span.start)
        if i:
            last = frame_years.spans[i - 1]
            if layout.clause(last).paragraph == cand.clause.paragraph:
                return last.value.year, "earlier-year"
            return frame_years.spans[0].value.year, "earlier-year"
        if published_year is not None:
            return published_year, "published"
        return None, "none"

    # -- the component -----------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        # ``doc_value``: no Underscore proxy (a few microseconds each)
        quantities = doc_value(doc, "quantities") or []
        set_doc_value(doc, "seizures", [])
        if not quantities or not doc.has_annotation("SENT_START"):
            return doc
        table = token_table(doc)
        layout = self._layout(doc, table, doc_value(doc, "body_start") or 0)
        substance_spans = _mentions_of(doc, doc_value(doc, "substances"), "substance", layout)
        layout.substance_tokens = frozenset(i for s in substance_spans for i in range(s.start, s.end))
        layout.amount_starts = [q.start for q in quantities]
        substances = _Mentions(substance_spans, layout)
        carried = _carried_substances(substances.spans)
        ports = _mentions_of(doc, doc_value(doc, "ports"), "port", layout)
        place_ports, arrival_ports = self._places_and_arrivals(layout, ports)
        places = _Mentions(place_ports, layout)
        layout.arrivals = _Mentions(arrival_ports, layout)
        years = _Mentions(_mentions_of(doc, doc_value(doc, "years"), "year", layout), layout)
        frame_years = _Mentions([y for y in years.spans if not layout.compares(y)], layout)
        # only dates with a day, month and year tell the year of an amount
        days = _mentions_of(doc, doc_value(doc, "dates"), "date", layout)
        dates = _Mentions([d for d in days if d.value.date is not None], layout)
        published = doc_value(doc, "published")
        published_year = published.year if published is not None else None

        candidates = [
            _candidate(layout, q, record)
            for q, record in zip(quantities, span_values(doc, quantities, "quantity"), strict=True)
            if record is not None
        ]
        candidates = self._drop_range_partners(layout, candidates)
        goods = [c for c in candidates if not self._is_cover_cargo(layout, c.end, layout.substance_tokens)]
        for c in goods:
            c.reported = self._is_reported_amount(layout, c)
        reported = [c for c in goods if c.reported]
        layout.busy = {c.clause_index for c in reported}
        for c in goods:
            c.own_substance = _own_substance(layout, c, substances)
            if c.own_substance is not None:
                layout.claimed.add(c.own_substance.start)
        for c in reported:
            layout.amounts.setdefault(c.clause_index, []).append(c.span.start)

        found = _Found()
        skipped: set[int] = set()  # amounts already taken as another form of a seizure
        for n, cand in enumerate(goods):
            layout.own_clause = cand.clause_index
            previous = found.records[-1] if found.records else None
            compared = (
                previous
                if previous is not None
                and layout.is_comparison(cand.clause_index)
                and previous[2].sent == cand.clause.sent
                and previous[1].quantity.normalized_unit == cand.record.normalized_unit
                else None
            )
            substance_span = self._substance(layout, cand, substances, carried)
            if substance_span is not None:
                substance = substance_span.value
                substance_text = table.text(substance_span.start, substance_span.end)
            elif compared is not None:
                substance, substance_text = compared[1].substance, compared[1].substance_text
            elif self._continues_cash(layout, cand, found):
                substance, substance_text = Substance.cash, None
            else:
                substance, substance_text = None, None
            if not self._is_seizure(layout, cand, substance):
                continue
            if substance is None:
                substance = Substance.other
            year, year_source = self._year(layout, cand, years, dates, frame_years, published_year)
            aggregate = self._aggregate(layout, cand, year_source)
            port_refs = self._ports(layout, cand, places, substance, aggregate, found, compared)
            counted = self._packaged_find(layout, cand, substance, found)
            if counted is not None:
                # "2.150 kilo cocaïne ... Bij de controle kwamen 1.900 blokken tevoorschijn": one find
                found.add_alternate(counted, cand.record)
                continue
            quantity = cand.record
            weighed = self._weighing_partner(layout, cand, goods, n + 1)
            if weighed is not None:
                # "1.020 blokken cocaïne, samen goed voor 1.150 kilo": one seizure, the weight an alternative
                quantity = _with_alternate(cand.record, weighed.record)
                skipped.add(weighed.span.start)
            if cand.span.start in skipped:
                continue
            record = Seizure(  # built only for an amount that is kept or completes one
                substance=substance,
                substance_text=substance_text,
                quantity=quantity,
                ports=port_refs,
                year=year,
                aggregate=aggregate,
                evidence=_evidence(layout, cand.clause_index),
            )
            keys = found.amount_keys(record)
            same = found.same_as(record, keys)
            if same is None:
                found.add(cand.span, record, cand.clause, keys)
            else:
                found.complete(same, record)  # a headline states less than the body that repeats it

        # a seizure is anchored on its amount: two seizures may share one clause, never one amount
        for span, record, _ in found.records:
            set_span_value(span, "seizure", record)
        set_doc_value(doc, "seizures", [span for span, _, _ in found.records])
        return doc

    def _ports(
        self,
        layout: _Layout,
        cand: _Candidate,
        places: _Mentions,
        substance: Substance,
        aggregate: bool,
        found: _Found,
        compared: tuple[Span, Seizure, _Clause] | None,
    ) -> list[PortRef]:
        """Where the amount was seized: stated with it, or carried over from what came before."""
        stated = self._clause_ports(layout, cand, places)
        if stated is not None:
            return _unique_refs(layout, stated)
        if compared is not None:
            return list(compared[1].ports)
        # the last report of this substance, if it was located: a period total is not
        # where a single find was, nor the other way round
        located = found.last_located.get((substance, aggregate))
        if located is not None:
            return list(located.ports)
        # ports named in sentences about the other kind of report do not carry over either
        skip = found.sents_by_kind[not aggregate]
        earlier = self._earlier_ports(layout, cand, places, skip)
        if not earlier and layout.clause_cues(cand.clause_index) & KIND_BITS["port_noun"]:
            earlier = self._named_later(layout, cand, places)
        return _unique_refs(layout, earlier)

    @staticmethod
    def _named_later(layout: _Layout, cand: _Candidate, places: _Mentions) -> list[_Mention]:
        """The port that a bare "in de haven" refers to, named later in the paragraph.

        "... 4 ton cocaïne in de haven. De drugs werden aangetroffen in een container die
        naar Antwerpen was verscheept" (a shipment is found in the port it was sent to).
        """
        paragraph = cand.clause.paragraph
        for mentions in (places, layout.arrivals):
            i = mentions.count_before(cand.end)
            for port in mentions.spans[i : i + MAX_LOOKBACK]:
                if layout.clause(port).paragraph != paragraph:
                    break
                return [port]
        return []

    @staticmethod
    def _continues_cash(layout: _Layout, cand: _Candidate, found: _Found) -> bool:
        """Money named in a sentence about a catch, after seized cash in the same or previous paragraph.

        "Een van de opvallendste vangsten was die van een zakenman met 1,2 miljoen euro in zijn koffer."
        """
        if cand.record.unit is not Unit.EUR:
            return False
        last = found.last_of.get(Substance.cash)
        if last is None or cand.clause.paragraph - last[1].paragraph > 1:
            return False
        sent = layout.sentence(cand.span.start)
        cues = layout.cues
        return cues.within("seized", *sent) and not cues.within("value", *sent)

    def _packaged_find(
        self, layout: _Layout, cand: _Candidate, substance: Substance, found: _Found
    ) -> Seizure | None:
        """The single find by weight that a later count of its packages describes again."""
        if cand.record.unit is not Unit.pieces:
            return None
        if layout.table.lowers[cand.span.end - 1] not in self.packaging:
            return None
        last = found.last_of.get(substance)
        if last is None:
            return None
        other, other_clause = last
        near = cand.clause.paragraph - other_clause.paragraph <= 1
        by_weight = other.quantity.normalized_unit is Unit.kg
        if near and by_weight and not other.aggregate and not other.quantity.alternates:
            return other
        return None

    @staticmethod
    def _weighing_partner(
        layout: _Layout, cand: _Candidate, candidates: list[_Candidate], following: int
    ) -> _Candidate | None:
        """The weight given right after a count of packages ("1.020 blokken, samen goed voor 1.150 kilo").

        Looked for among ``candidates[following:]`` (indexed: no slice copied per amount).
        """
        if cand.record.unit is not Unit.pieces:
            return None
        sent_end = layout.sentence(cand.span.start)[1]
        for k in range(following, len(candidates)):
            other = candidates[k]
            if other.span.start < cand.end:
                continue
            if other.span.start >= sent_end:
                return None
            if other.record.normalized_unit is not Unit.kg or other.span.start - cand.end > WEIGHING_REACH:
                return None
            lead = max(cand.end, other.span.start - 4)
            return other if layout.cues.within("weighing", lead, other.span.start) else None
        return None

    @staticmethod
    def _drop_range_partners(layout: _Layout, candidates: list[_Candidate]) -> list[_Candidate]:
        """Keep the first figure of a range ("300 tot 350 kilo"): one seizure, not two."""
        kept: list[_Candidate] = []
        for cand in candidates:
            if kept:
                prev = kept[-1]
                gap_start, gap_end = prev.span.end, cand.span.start
                if (
                    0 < gap_end - gap_start <= 2  # (tested before slicing: amounts stand far apart as a rule)
                    and all(lower in RANGE_GAP for lower in layout.table.lowers[gap_start:gap_end])
                    and prev.record.normalized_unit == cand.record.normalized_unit
                    # "300 tot 350 kilo", not "twee wapens en 150 patronen"
                    and not layout.has(prev.span.end - 1, IS_ALPHA)
                ):
                    continue
            kept.append(cand)
        return kept

    @staticmethod
    def _aggregate(layout: _Layout, cand: _Candidate, year_source: str) -> bool:
        cues = layout.clause_cues(cand.clause_index)
        if cues & KIND_BITS["single"]:
            return False
        if cues & KIND_BITS["aggregate"]:
            return True
        return year_source in {"year", "earlier-year"}


def _owners(clauses: list[_Clause], n: int) -> list[int]:
    """For each token position 0..n, the clause that owns it (``_Layout.clause_of``).

    That is the last clause to start at or before the token, if the token is one
    of its tokens or the break token that ends it, else clause 0. Filled clause by
    clause with slices, so that ``clause_of`` is a list index, not a bisect: where a
    clause ends at a sentence start, the next clause starts at that same token and,
    written later, owns it.
    """
    owners = [0] * (n + 1)
    for c, clause in enumerate(clauses):
        start, end = clause.start, clause.end
        owners[start : end + 1] = [c] * (end + 1 - start)
    return owners


def _candidate(layout: _Layout, span: Span, record: Quantity) -> _Candidate:
    c = layout.clause_of(span.start)
    return _Candidate(span, record, layout.clauses[c], c, _extent_end(layout.table, span, record))


def _own_substance(layout: _Layout, cand: _Candidate, substances: _Mentions) -> _Mention | None:
    """The substance named with the amount itself: inside it ("2 miljoen sigaretten") or right after it."""
    span = cand.span
    inside = [s for s in substances.starting_in(span.start, span.end - 1) if s.end <= span.end]
    if inside:
        return inside[-1]
    k = bisect.bisect_left(layout.amount_starts, cand.end)
    next_amount = layout.amount_starts[k] if k < len(layout.amount_starts) else len(layout.table)
    reach = min(cand.end + SUBSTANCE_REACH, next_amount - 1)  # never past the next amount
    after = [s for s in substances.starting_in(span.end, reach) if s.clause == cand.clause_index]
    return after[0] if after else None


class _Found:
    """The seizures found so far, indexed so that each new amount is linked in constant time."""

    def __init__(self) -> None:
        self.records: list[tuple[Span, Seizure, _Clause]] = []  # (amount span, record, clause)
        self.last_of: dict[Substance, tuple[Seizure, _Clause]] = {}
        self.last_located: dict[tuple[Substance, bool], Seizure] = {}
        self.sents_by_kind: dict[bool, set[int]] = {True: set(), False: set()}
        self._by_amount: dict[tuple[Substance, Unit, int], list[Seizure]] = {}

    def add(self, span: Span, record: Seizure, clause: _Clause, keys: list[tuple[Unit, int]]) -> None:
        """Keep a new seizure; ``keys`` are its ``amount_keys``."""
        self.records.append((span, record, clause))
        self.last_of[record.substance] = (record, clause)
        if record.ports:
            self.last_located[(record.substance, record.aggregate)] = record
        self.sents_by_kind[record.aggregate].add(clause.sent)
        self._index(record, keys)

    def add_alternate(self, record: Seizure, other: Quantity) -> None:
        record.quantity = _with_alternate(record.quantity, other)
        self._index(record, [(other.normalized_unit, _bucket(other.normalized_value))])

    def complete(self, kept: Seizure, repeat: Seizure) -> None:
        """Fill what the first report of a seizure left open from a later repeat of it."""
        if not kept.ports and repeat.ports:
            kept.ports = list(repeat.ports)
            self.last_located.setdefault((kept.substance, kept.aggregate), kept)
        if kept.year is None and repeat.year is not None:
            kept.year = repeat.year

    @staticmethod
    def amount_keys(record: Seizure) -> list[tuple[Unit, int]]:
        """(unit, bucket) of each form of the record's amount: what ``same_as`` and ``add`` look up."""
        return [(unit, _bucket(value)) for value, unit in _amounts(record.quantity)]

    def same_as(self, record: Seizure, keys: list[tuple[Unit, int]]) -> Seizure | None:
        """An earlier record of the same seized amount, if any (``keys``: its ``amount_keys``)."""
        by_amount, substance = self._by_amount, record.substance
        if substance not in self.last_of:
            return None  # the first seizure of its substance (every one indexed is in ``last_of``)
        for unit, bucket in keys:
            for b in (bucket - 1, bucket, bucket + 1):
                for other in by_amount.get((substance, unit, b), ())[-MAX_SAME_AMOUNT_RECORDS:]:
                    if _same_seizure(record, other):
                        return other
        return None

    def _index(self, record: Seizure, keys: list[tuple[Unit, int]]) -> None:
        for unit, bucket in keys:
            self._by_amount.setdefault((record.substance, unit, bucket), []).append(record)


_BUCKET_WIDTH = math.log(1 + HEDGED_AMOUNT_TOLERANCE)


def _bucket(value: float) -> int:
    """Amounts within the hedged tolerance of each other fall in the same or a neighbouring bucket."""
    return math.floor(math.log(abs(value) + 1e-9) / _BUCKET_WIDTH)


def _mentions_of(doc: Doc, spans: list[Span] | None, name: str, layout: _Layout) -> list[_Mention]:
    """The spans of a ``doc._`` list, each with its ``span._.<name>`` record and clause, in text order.

    Built with ``map`` (no Python function call per span).
    """
    if not spans:
        return []
    starts = list(map(_start, spans))
    ends = list(map(_end, spans))
    clauses = map(layout.owners.__getitem__, starts)
    mentions = list(map(_new_mention, zip(starts, ends, span_values(doc, spans, name), clauses, strict=True)))
    mentions.sort(key=_start)
    return mentions


def _carried_substances(spans: list[_Mention]) -> list[_Mention | None]:
    """For each i, the substance a text has named before its i-th substance mention.

    That is the last specific one ("De drugs zaten ..." does not replace "cocaïne"),
    else the last generic one; cash never carries over.
    """
    carried: list[_Mention | None] = [None]
    last_specific: _Mention | None = None
    last_any: _Mention | None = None
    for span in spans:
        if span.value is not Substance.cash:
            last_any = span
            if span.value is not Substance.other:
                last_specific = span
        carried.append(last_specific or last_any)
    return carried


def _extent_end(table: TokenTable, span: Span, record: Quantity) -> int:
    """Token index after the amount including its restatements."""
    if not record.alternates:
        return span.end
    end_char = max(a.end for a in record.alternates)
    end = span.end
    while end < len(table) and table.idx[end] < end_char:
        end += 1
    if end < len(table) and table.texts[end] == ")":
        end += 1
    return end


def _is_place_adjective(layout: _Layout, i: int) -> bool:
    """A capitalised adjective of place before a port name ("Braziliaanse", "Turkse", "Ecuadoraanse")."""
    return layout.table.lowers[i].endswith(("se", "sche")) and layout.has(i, IS_TITLE)


def _port_role(layout: _Layout, port: _Mention, origins: frozenset[int], destinations: frozenset[int]) -> str:
    """'origin', 'destination' or 'place' for a port mention, from the words before it.

    ``origins`` and ``destinations``: where the Doc's origin and destination cues end.
    """
    lowers = layout.table.lowers
    start = i = port.start
    # skip "de haven van" style words and country adjectives ("uit het Braziliaanse Santos")
    while i > 0 and (lowers[i - 1] in PORT_LEAD_WORDS or _is_place_adjective(layout, i - 1)):
        if lowers[i - 1] == "van" and i > 1 and lowers[i - 2] not in {"haven", "havens", "luchthaven"}:
            break
        i -= 1
    # the cue nearest the port first: a set's order would follow the positions' hashes, not the text
    for position in (start, i) if i != start else (start,):
        if position in origins:
            return "origin"
        if position in destinations:
            return "destination"
    return "place"


def _port_groups(lowers: list[str], ports: list[_Mention]) -> list[list[_Mention]]:
    """Ports in text order, grouped where they are named together ("Antwerpen en Rotterdam")."""
    groups: list[list[_Mention]] = []
    for port in ports:
        if groups and _named_together(lowers, groups[-1][-1], port):
            groups[-1].append(port)
        else:
            groups.append([port])
    return groups


def _named_together(lowers: list[str], left: _Mention, right: _Mention) -> bool:
    """Are two port mentions joined by at most "en", "," or the like ("Antwerpen en Rotterdam")?"""
    if right.start - left.end > 2:
        return False  # (tested before slicing: on a long text ports may stand far apart)
    return all(lower in PORT_GROUP_GAP for lower in lowers[left.end : right.start])


def _unique_refs(layout: _Layout, ports: Sequence[_Mention]) -> list[PortRef]:
    """The ports as references, one per locode; one PortRef per port and Doc (records may share it)."""
    if len(ports) == 1:  # the common case: no locode to tell apart
        return [_port_ref(layout, ports[0].value)]
    refs: dict[str, PortRef] = {}
    for mention in ports:
        port = mention.value
        if port.locode not in refs:
            refs[port.locode] = _port_ref(layout, port)
    return list(refs.values())


def _port_ref(layout: _Layout, port: Port) -> PortRef:
    """The Doc's one PortRef of ``port`` (built on first use)."""
    locode, name, country = key = (port.locode, port.name, port.country)
    ref = layout.port_refs.get(key)
    if ref is None:
        ref = layout.port_refs[key] = PortRef(locode=locode, name=name, country=country)
    return ref


def _evidence(layout: _Layout, clause_index: int) -> Mention:
    """The clause without leading/trailing punctuation and spaces (one record per clause and Doc)."""
    evidence = layout.evidence.get(clause_index)
    if evidence is None:
        evidence = layout.evidence[clause_index] = _clause_evidence(layout, layout.clauses[clause_index])
    return evidence


def _clause_evidence(layout: _Layout, clause: _Clause) -> Mention:
    table, codes = layout.table, layout.codes
    start, end = clause.start, clause.end
    while start < end - 1 and codes[start] & (IS_PUNCT | IS_SPACE):
        start += 1
    while end > start + 1 and (codes[end - 1] & IS_SPACE or table.texts[end - 1] in EVIDENCE_TRIM):
        end -= 1
    return Mention(text=table.text(start, end), start=table.idx[start], end=table.end_char(end - 1))


def _with_alternate(quantity: Quantity, other: Quantity) -> Quantity:
    """A copy of ``quantity`` that also lists ``other`` as another form of the amount."""
    alternate = AlternateAmount(
        text=other.text,
        start=other.start,
        end=other.end,
        value=other.value,
        unit=other.unit,
        normalized_value=other.normalized_value,
        normalized_unit=other.normalized_unit,
    )
    return quantity.model_copy(update={"alternates": [*quantity.alternates, alternate]})


def _amounts(quantity: Quantity) -> list[tuple[float, Unit]]:
    forms = [(quantity.normalized_value, quantity.normalized_unit)]
    return forms + [(a.normalized_value, a.normalized_unit) for a in quantity.alternates]


def _same_seizure(a: Seizure, b: Seizure) -> bool:
    """The same seized amount reported twice (rounded or repeated later in the text).

    The cheap tests first: on a long archive each new seizure meets a dozen earlier
    ones of about its amount, and most differ in year.
    """
    if a.substance != b.substance:
        return False
    if a.year is not None and b.year is not None and a.year != b.year:
        return False
    qa, qb = a.quantity, b.quantity
    hedged = Qualifier.exact not in (qa.qualifier, qb.qualifier) or qa.qualifier != qb.qualifier
    tolerance = HEDGED_AMOUNT_TOLERANCE if hedged else SAME_AMOUNT_TOLERANCE
    forms_b = _amounts(qb)
    if not any(
        unit_a == unit_b and abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-9)
        for x, unit_a in _amounts(qa)
        for y, unit_b in forms_b
    ):
        return False
    ports_a, ports_b = {p.locode for p in a.ports}, {p.locode for p in b.ports}
    return not ports_a or not ports_b or ports_a <= ports_b or ports_b <= ports_a


@Language.factory(
    "customs_seizures",
    default_config={"patterns_path": None},
    assigns=["doc._.seizures", "span._.seizure"],
    requires=["doc._.quantities", "doc._.substances", "doc._.ports", "doc._.years"],
)
def make_seizures(nlp: Language, name: str, *, patterns_path: str | None) -> SeizuresComponent:
    return SeizuresComponent(nlp, name, patterns_path=patterns_path)
