"""The ``customs_seizures`` component: tying quantities, substances, ports and years into seizures.

It runs last and reads what the other components left on the Doc. For every
quantity of goods (or of seized cash) it decides whether the text reports it
as seized, then finds its substance, port(s), year and whether it is a period
total, looking first in the quantity's clause, then in the rest of its
sentence, then back through the text ("In 2021 vond de douane nog maar 89,5
ton" takes the port and substance of the sentences before). Context words
live in ``patterns/seizure_cues.jsonl``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extractor.components.base import PatternComponent
from extractor.extensions import doc_list
from extractor.schema import Mention, PortRef, Quantity, Seizure, Substance, Unit

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
    "after_ok",
]

#: Tokens that end a clause inside a sentence.
CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—"})
#: How far (tokens) before/after an amount its own context words may stand.
NEAR = 3
#: Tokens that may stand between two port names of one group ("Antwerpen en Rotterdam").
PORT_GROUP_GAP = frozenset({"en", ",", "of", "&", "/", "in"})
#: Tokens that may stand between the two figures of a range ("300 tot 350 kilo").
RANGE_GAP = frozenset({"tot", "à", "a", "-", "–", "en", "of"})
#: Beginnings of Dutch participles ("gevonden", "onderschept", "aangetroffen", "ontdekt").
VERB_PREFIXES = ("ge", "onder", "aan", "ont", "be", "ver", "door", "op", "in", "weg", "mee")
#: Relative tolerance under which two amounts are the same seizure.
SAME_AMOUNT_TOLERANCE = 0.005


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
        return position in self.ends.get(kind, ())

    def starts_at(self, kind: str, position: int) -> bool:
        return position in self.starts.get(kind, ())


@dataclass
class _Clause:
    sent: int
    start: int
    end: int


@dataclass
class _Candidate:
    span: Span
    record: Quantity
    clause: _Clause


class SeizuresComponent(PatternComponent):
    """Builds ``doc._.seizures``: evidence spans carrying ``span._.seizure`` records."""

    files = {"cues": ("seizure_cues.jsonl", CueEntry)}

    def compile(self) -> None:
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        by_kind: dict[str, list[str]] = {}
        for entry in self.entries["cues"]:
            by_kind.setdefault(entry.kind, []).append(entry.phrase.lower())
        for kind, phrases in by_kind.items():
            self.matcher.add(kind, [self.nlp.make_doc(p) for p in phrases])
        self.after_ok = frozenset(by_kind.get("after_ok", ()))

    # -- structure -------------------------------------------------------------------------

    @staticmethod
    def _clauses(doc: Doc) -> tuple[list[_Clause], list[int]]:
        """Clauses in text order, and for every token the index of its clause."""
        clauses: list[_Clause] = []
        of_token = [0] * len(doc)
        for s, sent in enumerate(doc.sents):
            start = sent.start
            for token in sent:
                if token.text in CLAUSE_BREAKS and token.i > start:
                    clauses.append(_Clause(s, start, token.i))
                    start = token.i + 1
            if start < sent.end or start == sent.start:
                clauses.append(_Clause(s, start, sent.end))
        for c, clause in enumerate(clauses):
            # a clause owns its tokens and the break token that ends it
            for i in range(clause.start, min(clause.end + 1, len(doc))):
                of_token[i] = c
        return clauses, of_token

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

    def _is_seizure(self, doc: Doc, cand: _Candidate, cues: CueIndex, substance: Substance | None) -> bool:
        span, clause = cand.span, cand.clause
        if any(
            cues.ends_at("not_before", p) for p in range(max(clause.start, span.start - 1), span.start + 1)
        ):
            return False
        if cues.starts_at("not_after", span.end):
            return False
        if cues.within("not_clause", clause.start, clause.end):
            return False
        if cand.record.unit is Unit.EUR:
            if substance is not Substance.cash:
                return False
            if cues.within("value", max(clause.start, span.start - 4), span.start):
                return False
        return True

    def _substance(
        self, doc: Doc, cand: _Candidate, substances: list[Span], clause_of: list[int]
    ) -> Span | None:
        """The substance span of an amount: inside it, right after it, in its clause, sentence, or before."""
        span = cand.span
        inside = [s for s in substances if s.start >= span.start and s.end <= span.end]
        if inside:
            return inside[-1]
        after = [
            s
            for s in substances
            if span.end <= s.start <= span.end + NEAR and clause_of[s.start] == clause_of[span.end - 1]
        ]
        if after:
            return after[0]
        if cand.record.unit is Unit.EUR:
            return None  # money is cash only when the cash word stands right by it
        same_clause = [s for s in substances if clause_of[s.start] == clause_of[span.start]]
        if same_clause:
            return min(same_clause, key=lambda s: abs(s.start - span.start))
        sent = span.sent
        same_sent = [s for s in substances if sent.start <= s.start < sent.end]
        if same_sent:
            return min(same_sent, key=lambda s: abs(s.start - span.start))
        earlier = [s for s in substances if s.end <= span.start and s._.substance is not Substance.cash]
        return earlier[-1] if earlier else None

    @staticmethod
    def _port_role(doc: Doc, port: Span, cues: CueIndex) -> str:
        """'origin', 'destination' or 'place' for a port mention, from the words before it."""
        start = port.start
        # skip "de haven van" style words between the cue and the name
        i = start
        while i > 0 and doc[i - 1].lower_ in {
            "de",
            "het",
            "haven",
            "havens",
            "van",
            "luchthaven",
            "terminal",
        }:
            if (
                doc[i - 1].lower_ == "van"
                and i - 1 > 0
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

    def _ports(
        self,
        doc: Doc,
        cand: _Candidate,
        places: list[Span],
        clauses: list[_Clause],
        clause_of: list[int],
        busy_clauses: set[int],
        cues: CueIndex,
    ) -> list[Span]:
        """Where the amount was seized: its clause, quantity-free clauses of its sentence, or earlier."""
        clause_index = clause_of[cand.span.start]
        own = [p for p in places if clause_of[p.start] == clause_index]
        if own:
            return own
        sent = cand.clause.sent
        free = [
            p
            for p in places
            if clauses[clause_of[p.start]].sent == sent and clause_of[p.start] not in busy_clauses
        ]
        if free:
            return free
        if cues.within("national", cand.clause.start, cand.clause.end):
            return []
        earlier = [p for p in places if p.end <= cand.span.start and clauses[clause_of[p.start]].sent < sent]
        if not earlier:
            return []
        group = [earlier[-1]]
        for port in reversed(earlier[:-1]):
            gap = doc[port.end : group[0].start]
            if len(gap) <= 2 and all(t.lower_ in PORT_GROUP_GAP for t in gap):
                group.insert(0, port)
            else:
                break
        return group

    @staticmethod
    def _year(
        doc: Doc,
        cand: _Candidate,
        years: list[Span],
        dates: list[Span],
        clauses: list[_Clause],
        clause_of: list[int],
        busy_clauses: set[int],
    ) -> tuple[int | None, str]:
        """(year, where it came from: 'year', 'date', 'earlier' or 'published')."""
        span = cand.span
        clause_index = clause_of[span.start]
        in_clause = [y for y in years if clause_of[y.start] == clause_index]
        following = [y for y in in_clause if span.end <= y.start <= span.end + NEAR]
        if following:
            return following[0]._.year.year, "year"
        preceding = [y for y in in_clause if y.end <= span.start]
        if preceding:
            return preceding[-1]._.year.year, "year"
        if in_clause:
            return in_clause[0]._.year.year, "year"
        sent = cand.clause.sent
        in_sent = [
            y
            for y in years
            if clauses[clause_of[y.start]].sent == sent and clause_of[y.start] not in busy_clauses
        ]
        if in_sent:
            return min(in_sent, key=lambda y: abs(y.start - span.start))._.year.year, "year"
        dated = [d for d in dates if clauses[clause_of[d.start]].sent == sent and d._.date.date is not None]
        if dated:
            return min(dated, key=lambda d: abs(d.start - span.start))._.date.date.year, "date"
        earlier = [y for y in years if y.end <= span.start] + [
            d for d in dates if d.end <= span.start and d._.date.date is not None
        ]
        if earlier:
            last = max(earlier, key=lambda s: s.start)
            value = last._.year.year if last._.year is not None else last._.date.date.year
            return value, "earlier-year" if last._.year is not None else "date"
        if doc._.published is not None:
            return doc._.published.year, "published"
        return None, "none"

    # -- the component -----------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        quantities = doc_list(doc, "quantities")
        doc._.seizures = []
        if not quantities or not doc.has_annotation("SENT_START"):
            return doc
        cues = CueIndex(
            (self.nlp.vocab.strings[match_id], start, end) for match_id, start, end in self.matcher(doc)
        )
        clauses, clause_of = self._clauses(doc)
        substances = doc_list(doc, "substances")
        substances_at = {i: s for s in substances for i in range(s.start, s.end)}
        ports = doc_list(doc, "ports")
        places = [p for p in ports if self._port_role(doc, p, cues) == "place"]
        years = doc_list(doc, "years")
        dates = doc_list(doc, "dates")

        candidates = [
            _Candidate(q, q._.quantity, clauses[clause_of[q.start]])
            for q in quantities
            if q._.quantity is not None
        ]
        candidates = self._drop_range_partners(doc, candidates)
        goods = [c for c in candidates if not self._is_cover_cargo(doc, c.span.end, substances_at)]
        busy = {clause_of[c.span.start] for c in goods}

        records: list[tuple[Span, Seizure]] = []
        for cand in goods:
            substance_span = self._substance(doc, cand, substances, clause_of)
            substance = substance_span._.substance if substance_span is not None else None
            if not self._is_seizure(doc, cand, cues, substance):
                continue
            if substance is None:
                substance = Substance.other
            own_busy = busy - {clause_of[cand.span.start]}
            port_spans = self._ports(doc, cand, places, clauses, clause_of, own_busy, cues)
            year, year_source = self._year(doc, cand, years, dates, clauses, clause_of, own_busy)
            aggregate = self._aggregate(cand, cues, year_source)
            refs = _unique_refs(port_spans)
            evidence = _evidence_span(doc, cand.clause)
            record = Seizure(
                substance=substance,
                substance_text=substance_span.text if substance_span is not None else None,
                quantity=cand.record,
                ports=refs,
                year=year,
                aggregate=aggregate,
                evidence=Mention(text=evidence.text, start=evidence.start_char, end=evidence.end_char),
            )
            if not any(_same_seizure(record, other) for _, other in records):
                records.append((evidence, record))

        result = []
        for k, (evidence, record) in enumerate(records):
            span = Span(doc, evidence.start, evidence.end, label="SEIZURE", span_id=k)
            span._.seizure = record
            result.append(span)
        doc._.seizures = result
        return doc

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
                ):
                    continue
            kept.append(cand)
        return kept

    @staticmethod
    def _aggregate(cand: _Candidate, cues: CueIndex, year_source: str) -> bool:
        clause = cand.clause
        if cues.within("single", clause.start, clause.end):
            return False
        if cues.within("aggregate", clause.start, clause.end):
            return True
        return year_source in {"year", "earlier-year"}


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
    while end > start + 1 and (doc[end - 1].is_space or doc[end - 1].text in CLAUSE_BREAKS):
        end -= 1
    return doc[start:end]


def _same_seizure(a: Seizure, b: Seizure) -> bool:
    """The same seized amount reported twice (rounded or repeated later in the text)."""
    if a.substance != b.substance or a.quantity.normalized_unit != b.quantity.normalized_unit:
        return False
    x, y = a.quantity.normalized_value, b.quantity.normalized_value
    if abs(x - y) > SAME_AMOUNT_TOLERANCE * max(abs(x), abs(y), 1e-9):
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
