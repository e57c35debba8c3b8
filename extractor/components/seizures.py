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
import itertools
import math
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy
from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extractor.components.base import PatternComponent
from extractor.extensions import set_span_value, span_values
from extractor.hash_memo import HashMemo
from extractor.schema import AlternateAmount, Mention, PortRef, Qualifier, Quantity, Seizure, Substance, Unit
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
LEXEME_FLAGS = (
    (IS_ALPHA, "is_alpha"),
    (IS_LOWER, "is_lower"),
    (IS_TITLE, "is_title"),
    (IS_STOP, "is_stop"),
    (IS_PUNCT, "is_punct"),
    (IS_SPACE, "is_space"),
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


class CueEntry(BaseModel):
    """One line of patterns/seizure_cues.jsonl."""

    model_config = ConfigDict(extra="forbid")

    kind: CueKind = Field(description="What the words signal (see the file's header).")
    phrase: str = Field(min_length=1, description="The words, any case.")


_second = operator.itemgetter(1)


class CueIndex:
    """Where each kind of cue stands in one Doc, queryable by token range."""

    def __init__(self, matches: Iterable[tuple[str, int, int]]) -> None:
        self.starts: dict[str, list[int]] = {}
        self.ends: dict[str, list[int]] = {}
        for kind, start, end in sorted(matches, key=_second):
            self.starts.setdefault(kind, []).append(start)
            self.ends.setdefault(kind, []).append(end)
        self.end_sets = {kind: frozenset(ends) for kind, ends in self.ends.items()}
        self.start_sets = {kind: frozenset(starts) for kind, starts in self.starts.items()}

    def within(self, kind: str, start: int, end: int) -> bool:
        """Is a cue of ``kind`` wholly inside tokens [start, end)?"""
        starts = self.starts.get(kind)
        if not starts:
            return False
        i = bisect.bisect_left(starts, start)
        ends = self.ends[kind]
        while i < len(starts) and starts[i] < end:
            if ends[i] <= end:
                return True
            i += 1
        return False

    def ends_at(self, kind: str, position: int) -> bool:
        """Does a cue of ``kind`` end exactly at token ``position`` (exclusive end)?"""
        return position in self.end_sets.get(kind, ())

    def starts_at(self, kind: str, position: int) -> bool:
        return position in self.start_sets.get(kind, ())

    def starts_in(self, kind: str, start: int, end: int) -> bool:
        """Does a cue of ``kind`` start at a token in [start, end)?"""
        starts = self.start_sets.get(kind)
        return starts is not None and not starts.isdisjoint(range(start, end))


_start = operator.attrgetter("start")


@dataclass(slots=True)
class _Mention:
    """A span another component found, with its record read once."""

    start: int
    end: int
    value: Any  # the span's record: Port, Year, DateMention or Substance


@dataclass(slots=True)
class _Clause:
    sent: int
    paragraph: int
    start: int
    end: int


@dataclass
class _Candidate:
    span: Span
    record: Quantity
    clause: _Clause
    clause_index: int
    end: int  # token after the amount and its restatements ("160 ton (oftewel 160.000 kilo)")
    own_substance: _Mention | None = None  # the substance named with the amount itself, if any
    reported: bool = False  # a reported amount, not a threshold, difference or forecast


@dataclass
class _Layout:
    """Clauses, sentences and paragraphs of one Doc, and the cues found in it."""

    table: TokenTable
    codes: list[int]  # per token: DELIMITER, IS_ALPHA ... bits
    clauses: list[_Clause]
    clause_starts: list[int]
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

    def clause_of(self, i: int) -> int:
        """The clause that owns token ``i``: its tokens and the break token that ends it (else clause 0)."""
        c = bisect.bisect_right(self.clause_starts, i) - 1
        return c if c >= 0 and i <= self.clauses[c].end else 0

    def clause(self, mention: Span | _Mention) -> _Clause:
        return self.clauses[self.clause_of(mention.start)]

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

    def is_comparison(self, clause: _Clause) -> bool:
        """Does the clause compare with another figure ("tegen 3,9 ton een jaar eerder")?"""
        return self.cues.starts_in("comparison", clause.start, min(clause.start + 3, clause.end))

    def compares(self, span: _Mention) -> bool:
        """Is this year only the other side of a comparison ("dan in 2022", "In 2021 was het nog ...")?"""
        clause = self.clause(span)
        if self.is_comparison(clause) or self.cues.within("contrast", clause.start, clause.end):
            return True
        if self.cues.within("change_from", clause.start, span.start) and self.cues.within(
            "change_to", span.end, clause.end
        ):
            return True  # "van 62 miljoen stuks in 2023 naar 39,5 miljoen nu": the year left behind
        return any(self.cues.ends_at("versus", p) for p in range(max(0, span.start - 2), span.start + 1))


class _Mentions:
    """Mentions of one kind in text order, found by clause, sentence or position without scanning all."""

    def __init__(self, spans: Iterable[_Mention], layout: _Layout) -> None:
        self.spans = sorted(spans, key=_start)
        self.starts = [s.start for s in self.spans]
        self.layout = layout
        self._by_clause: dict[int, list[_Mention]] | None = None  # indexed on first use
        self._by_sent: dict[int, list[_Mention]] = {}

    def in_clause(self, clause_index: int) -> list[_Mention]:
        return self._index().get(clause_index, [])

    def in_sent(self, sent: int) -> list[_Mention]:
        self._index()
        return self._by_sent.get(sent, [])

    def _index(self) -> dict[int, list[_Mention]]:
        if self._by_clause is None:
            self._by_clause = {}
            for span in self.spans:
                c = self.layout.clause_of(span.start)
                self._by_clause.setdefault(c, []).append(span)
                self._by_sent.setdefault(self.layout.clauses[c].sent, []).append(span)
        return self._by_clause

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
        self.kinds: dict[int, str] = {}  # match id -> cue kind
        for kind, phrases in by_kind.items():
            if kind not in WORD_LISTS:
                self.matcher.add(kind, [self.nlp.make_doc(p) for p in phrases])
                self.kinds[self.nlp.vocab.strings[kind]] = kind
        self.after_ok = frozenset(by_kind.get("after_ok", ()))
        self.packaging = frozenset(by_kind.get("packaging", ()))
        self._codes = HashMemo(self._code)  # string hash -> code, across Docs

    def _code(self, text: str) -> int:
        """The code of a token text: the bits (DELIMITER, IS_ALPHA ...) the rules test."""
        lexeme = self.nlp.vocab[text]
        code = DELIMITER if text in CLAUSE_BREAKS else 0
        if lexeme.is_space and "\n" in text:
            code |= DELIMITER | LINE_BREAK
        for flag, attr in LEXEME_FLAGS:
            if getattr(lexeme, attr):
                code |= flag
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
        array = table.codes(self._codes)
        codes = array.tolist()
        delimiters = numpy.flatnonzero(array & DELIMITER).tolist()
        body = bisect.bisect_left(table.idx, body_start)  # the first token of the body
        d = bisect.bisect_left(delimiters, body)
        clauses: list[_Clause] = []
        paragraph = 0
        for s, first in enumerate(sents):
            end = sents[s + 1] if s + 1 < len(sents) else n
            start = min(max(first, body), end)
            while d < len(delimiters) and delimiters[d] < end:
                i = delimiters[d]
                d += 1
                if codes[i] & LINE_BREAK:
                    paragraph += 1  # a line break starts a new paragraph (or ends a headline)
                    if start == i:
                        start += 1
                elif i > start:
                    clauses.append(_Clause(s, paragraph, start, i))
                    start = i + 1
            if start < end:
                clauses.append(_Clause(s, paragraph, start, end))
        kinds = self.kinds
        cues = CueIndex([(kinds[m], start, end) for m, start, end in self.matcher(doc)])
        return _Layout(table, codes, clauses, [c.start for c in clauses], sents, cues)

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
        if any(
            cues.ends_at("not_before", p) for p in range(max(clause.start, span.start - 1), span.start + 1)
        ):
            return False
        if cues.starts_at("not_after", cand.end) or (
            cand.end in layout.substance_tokens and cues.starts_at("not_after", cand.end + 1)
        ):
            return False  # "20 ton meer dan", "100 ton cocaïne per jaar"
        return not cues.within("not_clause", clause.start, clause.end)

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
        if cand.record.unit is Unit.EUR or layout.is_comparison(cand.clause):
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
    def _port_role(layout: _Layout, port: _Mention) -> str:
        """'origin', 'destination' or 'place' for a port mention, from the words before it."""
        lowers, cues = layout.table.lowers, layout.cues
        start = i = port.start
        # skip "de haven van" style words and country adjectives ("uit het Braziliaanse Santos")
        while i > 0 and (lowers[i - 1] in PORT_LEAD_WORDS or _is_place_adjective(layout, i - 1)):
            if lowers[i - 1] == "van" and i > 1 and lowers[i - 2] not in {"haven", "havens", "luchthaven"}:
                break
            i -= 1
        for position in {start, i}:
            if cues.ends_at("origin", position):
                return "origin"
            if cues.ends_at("destination", position):
                return "destination"
        return "place"

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
        clause, cues = cand.clause, layout.cues
        if cues.within("national", clause.start, clause.end) or cues.within(
            "non_port_site", *layout.sentence(cand.span.start)
        ):
            return []  # a national total, or a find in a house, shed or lab
        free = []
        for p in places.in_sent(clause.sent):
            c = layout.clause_of(p.start)
            other = layout.clauses[c]
            if layout.is_busy(c):
                continue
            if cues.within("partial", other.start, other.end):
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

        ``frame_years`` are the years not named as the other side of a comparison.
        """
        span = cand.span
        in_clause = years.in_clause(cand.clause_index)
        following = [y for y in in_clause if cand.end <= y.start <= cand.end + NEAR]
        if following:
            return following[0].value.year, "year"
        if published_year is not None and layout.cues.within("now", cand.end, cand.end + NEAR):
            return published_year, "year"  # "naar 39,5 miljoen stuks nu"
        preceding = [y for y in in_clause if y.end <= span.start]
        if preceding:
            return preceding[-1].value.year, "year"
        if in_clause:
            return in_clause[0].value.year, "year"
        sent = cand.clause.sent
        if layout.cues.within("then", cand.clause.start, min(cand.clause.start + 2, cand.clause.end)):
            # "..., toen 58,2 ton werd onderschept": the time named just before, compared or not
            i = years.count_before(span.start)
            if i:
                return years.spans[i - 1].value.year, "year"
        in_sent = [y for y in frame_years.in_sent(sent) if not layout.is_busy(layout.clause_of(y.start))]
        if in_sent:
            return min(in_sent, key=lambda y: abs(y.start - span.start)).value.year, "year"
        dated = [d for d in dates.in_sent(sent) if d.value.date is not None]
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
        underscore = doc._  # one proxy for all the Doc's attributes: each ``doc._`` builds a new one
        quantities = underscore.quantities or []
        underscore.seizures = []
        if not quantities or not doc.has_annotation("SENT_START"):
            return doc
        table = token_table(doc)
        layout = self._layout(doc, table, underscore.body_start or 0)
        substance_spans = _mentions_of(doc, underscore.substances, "substance")
        layout.substance_tokens = frozenset(i for s in substance_spans for i in range(s.start, s.end))
        layout.amount_starts = [q.start for q in quantities]
        substances = _Mentions(substance_spans, layout)
        carried = _carried_substances(substances.spans)
        ports = _mentions_of(doc, underscore.ports, "port")
        roles = {p.start: self._port_role(layout, p) for p in ports}
        places = _Mentions((p for p in ports if roles[p.start] == "place"), layout)
        layout.arrivals = _Mentions((p for p in ports if roles[p.start] == "destination"), layout)
        years = _Mentions(_mentions_of(doc, underscore.years, "year"), layout)
        frame_years = _Mentions((y for y in years.spans if not layout.compares(y)), layout)
        dates = _Mentions(_mentions_of(doc, underscore.dates, "date"), layout)
        published = underscore.published
        published_year = published.year if published is not None else None

        candidates = [
            _Candidate(q, record, layout.clause(q), layout.clause_of(q.start), _extent_end(table, q, record))
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
                and layout.is_comparison(cand.clause)
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
            record = Seizure(
                substance=substance,
                substance_text=substance_text,
                quantity=cand.record,
                ports=port_refs,
                year=year,
                aggregate=aggregate,
                evidence=_evidence(layout, cand.clause),
            )
            counted = self._packaged_find(layout, cand, substance, found)
            if counted is not None:
                # "2.150 kilo cocaïne ... Bij de controle kwamen 1.900 blokken tevoorschijn": one find
                found.add_alternate(counted, cand.record)
                continue
            weighed = self._weighing_partner(layout, cand, itertools.islice(goods, n + 1, None))
            if weighed is not None:
                # "1.020 blokken cocaïne, samen goed voor 1.150 kilo": one seizure, the weight an alternative
                record.quantity = _with_alternate(cand.record, weighed.record)
                skipped.add(weighed.span.start)
            if cand.span.start in skipped:
                continue
            same = found.same_as(record)
            if same is None:
                found.add(cand.span, record, cand.clause)
            else:
                found.complete(same, record)  # a headline states less than the body that repeats it

        # a seizure is anchored on its amount: two seizures may share one clause, never one amount
        for span, record, _ in found.records:
            set_span_value(span, "seizure", record)
        underscore.seizures = [span for span, _, _ in found.records]
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
        if not earlier and layout.cues.within("port_noun", cand.clause.start, cand.clause.end):
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
        layout: _Layout, cand: _Candidate, following: list[_Candidate]
    ) -> _Candidate | None:
        """The weight given right after a count of packages ("1.020 blokken, samen goed voor 1.150 kilo")."""
        if cand.record.unit is not Unit.pieces:
            return None
        sent_end = layout.sentence(cand.span.start)[1]
        for other in following:
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
                gap = layout.table.lowers[prev.span.end : cand.span.start]
                if (
                    0 < len(gap) <= 2
                    and all(lower in RANGE_GAP for lower in gap)
                    and prev.record.normalized_unit == cand.record.normalized_unit
                    # "300 tot 350 kilo", not "twee wapens en 150 patronen"
                    and not layout.has(prev.span.end - 1, IS_ALPHA)
                ):
                    continue
            kept.append(cand)
        return kept

    @staticmethod
    def _aggregate(layout: _Layout, cand: _Candidate, year_source: str) -> bool:
        clause, cues = cand.clause, layout.cues
        if cues.within("single", clause.start, clause.end):
            return False
        if cues.within("aggregate", clause.start, clause.end):
            return True
        return year_source in {"year", "earlier-year"}


def _own_substance(layout: _Layout, cand: _Candidate, substances: _Mentions) -> _Mention | None:
    """The substance named with the amount itself: inside it ("2 miljoen sigaretten") or right after it."""
    span = cand.span
    inside = [s for s in substances.starting_in(span.start, span.end - 1) if s.end <= span.end]
    if inside:
        return inside[-1]
    k = bisect.bisect_left(layout.amount_starts, cand.end)
    next_amount = layout.amount_starts[k] if k < len(layout.amount_starts) else len(layout.table)
    reach = min(cand.end + SUBSTANCE_REACH, next_amount - 1)  # never past the next amount
    after = [
        s for s in substances.starting_in(span.end, reach) if layout.clause_of(s.start) == cand.clause_index
    ]
    return after[0] if after else None


class _Found:
    """The seizures found so far, indexed so that each new amount is linked in constant time."""

    def __init__(self) -> None:
        self.records: list[tuple[Span, Seizure, _Clause]] = []  # (amount span, record, clause)
        self.last_of: dict[Substance, tuple[Seizure, _Clause]] = {}
        self.last_located: dict[tuple[Substance, bool], Seizure] = {}
        self.sents_by_kind: dict[bool, set[int]] = {True: set(), False: set()}
        self._by_amount: dict[tuple[Substance, Unit, int], list[Seizure]] = {}

    def add(self, span: Span, record: Seizure, clause: _Clause) -> None:
        self.records.append((span, record, clause))
        self.last_of[record.substance] = (record, clause)
        if record.ports:
            self.last_located[(record.substance, record.aggregate)] = record
        self.sents_by_kind[record.aggregate].add(clause.sent)
        self._index(record, _amounts(record.quantity))

    def add_alternate(self, record: Seizure, other: Quantity) -> None:
        record.quantity = _with_alternate(record.quantity, other)
        self._index(record, [(other.normalized_value, other.normalized_unit)])

    def complete(self, kept: Seizure, repeat: Seizure) -> None:
        """Fill what the first report of a seizure left open from a later repeat of it."""
        if not kept.ports and repeat.ports:
            kept.ports = list(repeat.ports)
            self.last_located.setdefault((kept.substance, kept.aggregate), kept)
        if kept.year is None and repeat.year is not None:
            kept.year = repeat.year

    def same_as(self, record: Seizure) -> Seizure | None:
        """An earlier record of the same seized amount, if any."""
        for value, unit in _amounts(record.quantity):
            bucket = _bucket(value)
            for b in (bucket - 1, bucket, bucket + 1):
                for other in self._by_amount.get((record.substance, unit, b), ()):
                    if _same_seizure(record, other):
                        return other
        return None

    def _index(self, record: Seizure, amounts: list[tuple[float, Unit]]) -> None:
        for value, unit in amounts:
            self._by_amount.setdefault((record.substance, unit, _bucket(value)), []).append(record)


_BUCKET_WIDTH = math.log(1 + HEDGED_AMOUNT_TOLERANCE)


def _bucket(value: float) -> int:
    """Amounts within the hedged tolerance of each other fall in the same or a neighbouring bucket."""
    return math.floor(math.log(abs(value) + 1e-9) / _BUCKET_WIDTH)


def _mentions_of(doc: Doc, spans: list[Span] | None, name: str) -> list[_Mention]:
    """The spans of a ``doc._`` list, each with its ``span._.<name>`` record, read once."""
    if not spans:
        return []
    return [
        _Mention(span.start, span.end, value)
        for span, value in zip(spans, span_values(doc, spans, name), strict=True)
    ]


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
    gap = lowers[left.end : right.start]
    return len(gap) <= 2 and all(lower in PORT_GROUP_GAP for lower in gap)


def _unique_refs(layout: _Layout, ports: list[_Mention]) -> list[PortRef]:
    """The ports as references, one per locode; one PortRef per port and Doc (records may share it)."""
    refs: dict[str, PortRef] = {}
    for mention in ports:
        port = mention.value
        if port.locode not in refs:
            locode, name, country = key = (port.locode, port.name, port.country)
            ref = layout.port_refs.get(key)
            if ref is None:
                ref = layout.port_refs[key] = PortRef(locode=locode, name=name, country=country)
            refs[locode] = ref
    return list(refs.values())


def _evidence(layout: _Layout, clause: _Clause) -> Mention:
    """The clause without leading/trailing punctuation and spaces."""
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
    """The same seized amount reported twice (rounded or repeated later in the text)."""
    if a.substance != b.substance:
        return False
    hedged = Qualifier.exact not in (a.quantity.qualifier, b.quantity.qualifier) or (
        a.quantity.qualifier != b.quantity.qualifier
    )
    tolerance = HEDGED_AMOUNT_TOLERANCE if hedged else SAME_AMOUNT_TOLERANCE
    if not any(
        unit_a == unit_b and abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-9)
        for x, unit_a in _amounts(a.quantity)
        for y, unit_b in _amounts(b.quantity)
    ):
        return False
    if a.year is not None and b.year is not None and a.year != b.year:
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
