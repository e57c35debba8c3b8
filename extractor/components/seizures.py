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
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extractor.components.base import PatternComponent
from extractor.extensions import doc_list
from extractor.schema import AlternateAmount, Mention, PortRef, Qualifier, Quantity, Seizure, Substance, Unit

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

#: Tokens that end a clause inside a sentence.
CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—"})
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


class CueIndex:
    """Where each kind of cue stands in one Doc, queryable by token range."""

    def __init__(self, matches: Iterable[tuple[str, int, int]]) -> None:
        self.starts: dict[str, list[int]] = {}
        self.ends: dict[str, list[int]] = {}
        for kind, start, end in sorted(matches, key=lambda m: m[1]):
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


@dataclass
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
    own_substance: Span | None = None  # the substance named with the amount itself, if any


@dataclass
class _Layout:
    """Clauses, sentences and paragraphs of one Doc, and the cues found in it."""

    doc: Doc
    clauses: list[_Clause]
    clause_of: list[int]
    cues: CueIndex
    busy: set[int] = field(default_factory=set)  # clauses that hold a reported amount
    own_clause: int = -1  # the clause of the amount being linked (not "busy" for itself)
    amounts: dict[int, list[int]] = field(default_factory=dict)  # clause -> starts of its reported amounts
    substance_tokens: frozenset[int] = frozenset()  # tokens inside a substance mention
    amount_starts: list[int] = field(default_factory=list)  # where every amount starts, in order
    claimed: set[int] = field(default_factory=set)  # substance mentions named with an amount
    arrivals: _Mentions | None = None  # ports named as a destination ("naar Antwerpen")

    def clause(self, span: Span) -> _Clause:
        return self.clauses[self.clause_of[span.start]]

    def is_busy(self, clause_index: int) -> bool:
        """Does this clause hold another reported amount than the one being linked?"""
        return clause_index != self.own_clause and clause_index in self.busy

    def is_comparison(self, clause: _Clause) -> bool:
        """Does the clause compare with another figure ("tegen 3,9 ton een jaar eerder")?"""
        return any(
            self.cues.starts_at("comparison", i)
            for i in range(clause.start, min(clause.start + 3, clause.end))
        )

    def compares(self, span: Span) -> bool:
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
    """Spans of one kind in text order, found by clause, sentence or position without scanning all."""

    def __init__(self, spans: Iterable[Span], layout: _Layout) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]
        self.by_clause: dict[int, list[Span]] = {}
        self.by_sent: dict[int, list[Span]] = {}
        for span in self.spans:
            c = layout.clause_of[span.start]
            self.by_clause.setdefault(c, []).append(span)
            self.by_sent.setdefault(layout.clauses[c].sent, []).append(span)

    def in_clause(self, clause_index: int) -> list[Span]:
        return self.by_clause.get(clause_index, [])

    def in_sent(self, sent: int) -> list[Span]:
        return self.by_sent.get(sent, [])

    def starting_in(self, lo: int, hi: int) -> list[Span]:
        """Spans that start at a token in [lo, hi]."""
        return self.spans[bisect.bisect_left(self.starts, lo) : bisect.bisect_right(self.starts, hi)]

    def count_before(self, position: int) -> int:
        """How many spans start before token ``position``."""
        return bisect.bisect_left(self.starts, position)


class SeizuresComponent(PatternComponent):
    """Builds ``doc._.seizures``: the seized amounts, each carrying its ``span._.seizure`` record."""

    files = {"cues": ("seizure_cues.jsonl", CueEntry)}

    def compile(self) -> None:
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        by_kind: dict[str, list[str]] = {}
        for entry in self.entries["cues"]:
            by_kind.setdefault(entry.kind, []).append(entry.phrase.lower())
        for kind, phrases in by_kind.items():
            self.matcher.add(kind, [self.nlp.make_doc(p) for p in phrases])
        self.after_ok = frozenset(by_kind.get("after_ok", ()))
        self.packaging = frozenset(by_kind.get("packaging", ()))

    # -- structure -------------------------------------------------------------------------

    def _layout(self, doc: Doc) -> _Layout:
        clauses: list[_Clause] = []
        paragraph = 0
        body_start = doc._.body_start or 0
        for s, sent in enumerate(doc.sents):
            start = sent.start
            while start < sent.end and doc[start].idx < body_start:
                start += 1  # the ' date ...' prefix is no part of any clause
            for token in doc[start : sent.end]:
                if token.is_space and "\n" in token.text:
                    paragraph += 1  # a line break starts a new paragraph (or ends a headline)
                    if start == token.i:
                        start += 1
                    continue
                if token.text in CLAUSE_BREAKS and token.i > start:
                    clauses.append(_Clause(s, paragraph, start, token.i))
                    start = token.i + 1
            if start < sent.end:
                clauses.append(_Clause(s, paragraph, start, sent.end))
        clause_of = [0] * len(doc)
        for c, clause in enumerate(clauses):
            # a clause owns its tokens and the break token that ends it
            for i in range(clause.start, min(clause.end + 1, len(doc))):
                clause_of[i] = c
        cues = CueIndex((self.nlp.vocab.strings[m], start, end) for m, start, end in self.matcher(doc))
        return _Layout(doc, clauses, clause_of, cues)

    # -- decisions ---------------------------------------------------------------------------

    def _is_cover_cargo(self, doc: Doc, end: int, substances_at: dict[int, Span]) -> bool:
        """Is the amount one of another good ("20 ton bananen") rather than of the contraband?

        True when the first word after the amount (past "aan", "van" and
        brackets) is a lower-case content word that is neither a substance
        nor a verb form that may follow an amount ("onderschept", "gevonden").
        """
        i = end
        while i < len(doc) and doc[i].lower_ in {"aan", "van", "(", ")"}:
            i += 1
        if i >= len(doc) or i in substances_at:
            return False
        token = doc[i]
        if not token.is_alpha or token.is_stop or not token.is_lower:
            return False
        lower = token.lower_
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
        if not self._is_reported_amount(layout, cand):
            return False
        if cand.record.unit is Unit.EUR:
            if substance is not Substance.cash:
                return False
            if layout.cues.within("value", max(cand.clause.start, cand.span.start - 4), cand.span.start):
                return False
        return True

    @staticmethod
    def _substance(
        layout: _Layout, cand: _Candidate, substances: _Mentions, carried: list[Span | None]
    ) -> Span | None:
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
    def _port_role(layout: _Layout, port: Span) -> str:
        """'origin', 'destination' or 'place' for a port mention, from the words before it."""
        doc, cues = layout.doc, layout.cues
        start = i = port.start
        # skip "de haven van" style words and country adjectives ("uit het Braziliaanse Santos")
        while i > 0 and (doc[i - 1].lower_ in PORT_LEAD_WORDS or _is_place_adjective(doc[i - 1])):
            if (
                doc[i - 1].lower_ == "van"
                and i > 1
                and doc[i - 2].lower_ not in {"haven", "havens", "luchthaven"}
            ):
                break
            i -= 1
        for position in {start, i}:
            if cues.ends_at("origin", position):
                return "origin"
            if cues.ends_at("destination", position):
                return "destination"
        return "place"

    @staticmethod
    def _own_ports(layout: _Layout, cand: _Candidate, own: list[Span]) -> list[Span]:
        """Of the ports in the amount's clause, those that go with it.

        In an enumeration ("in Gent om 312 kilogram en op Brussels Airport om
        236 kilogram") each amount takes the port group right before it.
        """
        others = [a for a in layout.amounts.get(cand.clause_index, ()) if a != cand.span.start]
        if not others:
            return own
        groups = _port_groups(layout.doc, own)
        before = [g for g in groups if g[-1].end <= cand.span.start]
        if before and not any(before[-1][-1].end <= a < cand.span.start for a in others):
            return before[-1]
        after = [g for g in groups if g[0].start >= cand.end]
        if after and not any(cand.end <= a < after[0][0].start for a in others):
            return after[0]
        return own

    def _clause_ports(self, layout: _Layout, cand: _Candidate, places: _Mentions) -> list[Span] | None:
        """Ports stated with the amount: its clause, or the amount-free clauses of its sentence."""
        own = places.in_clause(cand.clause_index)
        if own:
            return self._own_ports(layout, cand, own)
        clause, cues = cand.clause, layout.cues
        sent = cand.span.sent
        if cues.within("national", clause.start, clause.end) or cues.within(
            "non_port_site", sent.start, sent.end
        ):
            return []  # a national total, or a find in a house, shed or lab
        free = []
        for p in places.in_sent(clause.sent):
            c = layout.clause_of[p.start]
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
    ) -> list[Span]:
        """The last group of ports named before the amount in its paragraph (not in ``skip_sents``)."""
        group: list[Span] = []
        i = places.count_before(cand.span.start)
        for port in reversed(places.spans[max(0, i - MAX_LOOKBACK) : i]):
            clause = layout.clause(port)
            if port.end > cand.span.start:
                continue
            if clause.paragraph != cand.clause.paragraph:
                break
            if clause.sent in skip_sents:
                continue
            if group and not _named_together(layout.doc, port, group[0]):
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
            return following[0]._.year.year, "year"
        if published_year is not None and layout.cues.within("now", cand.end, cand.end + NEAR):
            return published_year, "year"  # "naar 39,5 miljoen stuks nu"
        preceding = [y for y in in_clause if y.end <= span.start]
        if preceding:
            return preceding[-1]._.year.year, "year"
        if in_clause:
            return in_clause[0]._.year.year, "year"
        sent = cand.clause.sent
        if layout.cues.within("then", cand.clause.start, min(cand.clause.start + 2, cand.clause.end)):
            # "..., toen 58,2 ton werd onderschept": the time named just before, compared or not
            i = years.count_before(span.start)
            if i:
                return years.spans[i - 1]._.year.year, "year"
        in_sent = [y for y in frame_years.in_sent(sent) if not layout.is_busy(layout.clause_of[y.start])]
        if in_sent:
            return min(in_sent, key=lambda y: abs(y.start - span.start))._.year.year, "year"
        dated = [d for d in dates.in_sent(sent) if d._.date.date is not None]
        if dated:
            return min(dated, key=lambda d: abs(d.start - span.start))._.date.date.year, "date"
        # days named earlier are mostly about the press release itself ("maakte donderdag bekend");
        # a year named earlier in the paragraph carries over, else the year the text opened with
        i = frame_years.count_before(span.start)
        if i:
            last = frame_years.spans[i - 1]
            if layout.clause(last).paragraph == cand.clause.paragraph:
                return last._.year.year, "earlier-year"
            return frame_years.spans[0]._.year.year, "earlier-year"
        if published_year is not None:
            return published_year, "published"
        return None, "none"

    # -- the component -----------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        quantities = doc_list(doc, "quantities")
        doc._.seizures = []
        if not quantities or not doc.has_annotation("SENT_START"):
            return doc
        layout = self._layout(doc)
        substance_spans = doc_list(doc, "substances")
        substances_at = {i: s for s in substance_spans for i in range(s.start, s.end)}
        layout.substance_tokens = frozenset(substances_at)
        layout.amount_starts = [q.start for q in quantities]
        substances = _Mentions(substance_spans, layout)
        carried = _carried_substances(substances.spans)
        roles = {p.start: self._port_role(layout, p) for p in doc_list(doc, "ports")}
        places = _Mentions((p for p in doc_list(doc, "ports") if roles[p.start] == "place"), layout)
        layout.arrivals = _Mentions(
            (p for p in doc_list(doc, "ports") if roles[p.start] == "destination"), layout
        )
        years = _Mentions(doc_list(doc, "years"), layout)
        frame_years = _Mentions((y for y in years.spans if not layout.compares(y)), layout)
        dates = _Mentions(doc_list(doc, "dates"), layout)
        published_year = doc._.published.year if doc._.published is not None else None

        candidates = [
            _Candidate(q, q._.quantity, layout.clause(q), layout.clause_of[q.start], _extent_end(doc, q))
            for q in quantities
            if q._.quantity is not None
        ]
        candidates = self._drop_range_partners(doc, candidates)
        goods = [c for c in candidates if not self._is_cover_cargo(doc, c.end, substances_at)]
        reported = [c for c in goods if self._is_reported_amount(layout, c)]
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
                substance, substance_text = substance_span._.substance, substance_span.text
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
            evidence = _evidence_span(doc, cand.clause)
            record = Seizure(
                substance=substance,
                substance_text=substance_text,
                quantity=cand.record,
                ports=port_refs,
                year=year,
                aggregate=aggregate,
                evidence=Mention(text=evidence.text, start=evidence.start_char, end=evidence.end_char),
            )
            counted = self._packaged_find(cand, substance, found)
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
            span._.seizure = record
        doc._.seizures = [span for span, _, _ in found.records]
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
            return _unique_refs(stated)
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
        return _unique_refs(earlier)

    @staticmethod
    def _named_later(layout: _Layout, cand: _Candidate, places: _Mentions) -> list[Span]:
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
        sent = cand.span.sent
        cues = layout.cues
        return cues.within("seized", sent.start, sent.end) and not cues.within("value", sent.start, sent.end)

    def _packaged_find(self, cand: _Candidate, substance: Substance, found: _Found) -> Seizure | None:
        """The single find by weight that a later count of its packages describes again."""
        if cand.record.unit is not Unit.pieces or cand.span[-1].lower_ not in self.packaging:
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
        sent_end = cand.span.sent.end
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
    def _drop_range_partners(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
        """Keep the first figure of a range ("300 tot 350 kilo"): one seizure, not two."""
        kept: list[_Candidate] = []
        for cand in candidates:
            if kept:
                prev = kept[-1]
                gap = doc[prev.span.end : cand.span.start]
                if (
                    0 < len(gap) <= 2
                    and all(t.lower_ in RANGE_GAP for t in gap)
                    and prev.record.normalized_unit == cand.record.normalized_unit
                    and not prev.span[-1].is_alpha  # "300 tot 350 kilo", not "twee wapens en 150 patronen"
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


def _own_substance(layout: _Layout, cand: _Candidate, substances: _Mentions) -> Span | None:
    """The substance named with the amount itself: inside it ("2 miljoen sigaretten") or right after it."""
    span = cand.span
    inside = [s for s in substances.starting_in(span.start, span.end - 1) if s.end <= span.end]
    if inside:
        return inside[-1]
    k = bisect.bisect_left(layout.amount_starts, cand.end)
    next_amount = layout.amount_starts[k] if k < len(layout.amount_starts) else len(layout.doc)
    reach = min(cand.end + SUBSTANCE_REACH, next_amount - 1)  # never past the next amount
    after = [
        s for s in substances.starting_in(span.end, reach) if layout.clause_of[s.start] == cand.clause_index
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


def _bucket(value: float) -> int:
    """Amounts within the hedged tolerance of each other fall in the same or a neighbouring bucket."""
    return math.floor(math.log(abs(value) + 1e-9) / math.log(1 + HEDGED_AMOUNT_TOLERANCE))


def _carried_substances(spans: list[Span]) -> list[Span | None]:
    """For each i, the substance a text has named before its i-th substance mention.

    That is the last specific one ("De drugs zaten ..." does not replace "cocaïne"),
    else the last generic one; cash never carries over.
    """
    carried: list[Span | None] = [None]
    last_specific: Span | None = None
    last_any: Span | None = None
    for span in spans:
        if span._.substance is not Substance.cash:
            last_any = span
            if span._.substance is not Substance.other:
                last_specific = span
        carried.append(last_specific or last_any)
    return carried


def _extent_end(doc: Doc, span: Span) -> int:
    """Token index after the amount including its restatements."""
    alternates = span._.quantity.alternates
    if not alternates:
        return span.end
    end_char = max(a.end for a in alternates)
    end = span.end
    while end < len(doc) and doc[end].idx < end_char:
        end += 1
    if end < len(doc) and doc[end].text == ")":
        end += 1
    return end


def _is_place_adjective(token) -> bool:
    """A capitalised adjective of place before a port name ("Braziliaanse", "Turkse", "Ecuadoraanse")."""
    return token.is_title and token.lower_.endswith(("se", "sche"))


def _port_groups(doc: Doc, ports: list[Span]) -> list[list[Span]]:
    """Ports in text order, grouped where they are named together ("Antwerpen en Rotterdam")."""
    groups: list[list[Span]] = []
    for port in ports:
        if groups and _named_together(doc, groups[-1][-1], port):
            groups[-1].append(port)
        else:
            groups.append([port])
    return groups


def _named_together(doc: Doc, left: Span, right: Span) -> bool:
    """Are two port mentions joined by at most "en", "," or the like ("Antwerpen en Rotterdam")?"""
    gap = doc[left.end : right.start]
    return len(gap) <= 2 and all(t.lower_ in PORT_GROUP_GAP for t in gap)


def _unique_refs(spans: list[Span]) -> list[PortRef]:
    refs: dict[str, PortRef] = {}
    for span in spans:
        port = span._.port
        refs.setdefault(port.locode, PortRef(locode=port.locode, name=port.name, country=port.country))
    return list(refs.values())


def _evidence_span(doc: Doc, clause: _Clause) -> Span:
    """The clause without leading/trailing punctuation and spaces."""
    start, end = clause.start, clause.end
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start + 1 and (doc[end - 1].is_space or doc[end - 1].text in CLAUSE_BREAKS | {"."}):
        end -= 1
    return doc[start:end]


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
