"""Finding day mentions ('14 maart', 'vrijdagavond', 'gisteren') and resolving them.

Rules (a Matcher with few patterns built from ``patterns/date_phrases.jsonl``)
find the candidate spans; each is normalised to a phrase dateparser can read
("in de nacht van maandag op dinsdag" -> "dinsdag") with a reference date
(``extractor.dates``), so dateparser never sees anything but those phrases.
Used by the ``customs_years`` component, which owns ``doc._.dates``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor import dates

DateKind = Literal[
    "month",
    "weekday",
    "day_part",
    "day_phrase",
    "past_marker",
    "next_marker",
    "previous_week",
    "next_week",
    "recurring",
    "since_marker",
    "not_a_day",
]

#: Full month names handed to dateparser (abbreviations such as "sept." it cannot always read).
MONTH_NAMES = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()
WEEKDAY_NAMES = "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()

DAY_SHAPES = ["d", "dd", "d-d", "d-dd", "dd-dd"]
DAY_RANGE_SEP_RE = re.compile(r"[-–]")
NUMERIC_DATE_SHAPES = [
    f"{day}{sep}{month}{sep}dddd" for sep in "-/." for day in ("d", "dd") for month in ("d", "dd")
] + ["dddd-dd-dd"]
NUMERIC_DATE_RE = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")
#: Words joining two day numbers of which the first is a day too ("14 en 15 januari");
#: "op" is not here: "de nacht van 3 op 4 januari" is the later day only.
DAY_LIST_CONNECTORS = frozenset({"en", "tot", "-", "–", "à", "t/m"})


class DatePhraseEntry(BaseModel):
    """One line of date_phrases.jsonl: a word list of one kind."""

    kind: DateKind
    words: list[str] = Field(min_length=1)
    month: int | None = Field(None, ge=1, le=12)
    weekday: int | None = Field(None, ge=0, le=6)
    normal: str | None = None

    @model_validator(mode="after")
    def _needs_value(self) -> DatePhraseEntry:
        field = {"month": "month", "weekday": "weekday", "day_phrase": "normal"}.get(self.kind)
        if field is not None and getattr(self, field) is None:
            raise ValueError(f"kind {self.kind!r} needs {field!r}")
        return self


@dataclass(frozen=True)
class Reference:
    """What day phrases resolve against.

    ``base`` is the publication date, or the last day of its month when only
    year and month are known (a ' date 2023-01' prefix): "3 januari" then stays
    in January 2023 and "vrijdag" in the publication month. ``exact_day`` says
    whether ``base`` is the real publication day.
    """

    base: dt.date | None
    exact_day: bool


@dataclass
class DayHit:
    """A resolved day mention; ``written_year`` is set when the year is written inside a single token."""

    span: Span
    date: dt.date | None
    relative: bool
    written_year: int | None = None


class DayFinder:
    """Candidate day spans by rule, resolved through ``extractor.dates``."""

    #: Labels of the seed patterns returned by ``patterns()``.
    seed_labels = ("DAY_MONTH", "NUMERIC_DATE", "WEEKDAY")

    def __init__(self, nlp: Language, entries: list[DatePhraseEntry]) -> None:
        self.months: dict[str, int] = {}
        self.weekdays: dict[str, int] = {}
        self.words: dict[str, set[str]] = {}
        self.phrases: dict[tuple[str, ...], str] = {}
        phrase_docs: dict[str, list[Doc]] = {"DAY_PHRASE": [], "NOT_A_DAY": []}
        self.week_phrases: dict[str, list[tuple[str, ...]]] = {"previous_week": [], "next_week": []}
        for entry in entries:
            for word in entry.words:
                tokens = tuple(t.lower_ for t in nlp.make_doc(word))
                if entry.kind == "month":
                    self.months[word.lower()] = entry.month or 0
                elif entry.kind == "weekday":
                    self.weekdays[word.lower()] = entry.weekday or 0
                elif entry.kind in ("day_phrase", "not_a_day"):
                    phrase_docs[entry.kind.upper()].append(nlp.make_doc(word))
                    self.phrases[tokens] = entry.normal or ""
                elif entry.kind in self.week_phrases:
                    self.week_phrases[entry.kind].append(tokens)
                else:
                    self.words.setdefault(entry.kind, set()).add(word.lower())
        parts = self.words.get("day_part", set())
        for name, weekday in list(self.weekdays.items()):
            for part in parts:
                self.weekdays[name + part] = weekday
        #: week phrases by the word that touches the weekday: "week" of "vorige week woensdag"
        self.week_before: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.week_after: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for kind, phrases in self.week_phrases.items():
            for phrase in phrases:
                self.week_before.setdefault(phrase[-1], []).append((phrase, kind.upper()))
                if phrase[-1] != "op":  # "vorige week op woensdag", not "woensdag vorige week op"
                    self.week_after.setdefault(phrase[0], []).append((phrase, kind.upper()))
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for key, docs in phrase_docs.items():
            if docs:
                self.phrase_matcher.add(key, docs)

    def patterns(self) -> dict[str, list[list[dict]]]:
        """The one-token seeds of day mentions ("14 maart" is two); the owner runs them in its Matcher.

        Context ("dinsdag 3 januari 2023", "afgelopen vrijdag", "in de nacht van
        maandag op dinsdag") is added by cheap token checks in ``_expand``.
        """
        return {
            "DAY_MONTH": [[{"SHAPE": {"IN": DAY_SHAPES}}, {"LOWER": {"IN": sorted(self.months)}}]],
            "NUMERIC_DATE": [[{"SHAPE": {"IN": NUMERIC_DATE_SHAPES}}]],
            "WEEKDAY": [[{"LOWER": {"IN": sorted(self.weekdays)}}]],
        }

    def find(
        self, doc: Doc, seeds: list[tuple[str, int, int]], reference: Reference, body_start: int
    ) -> list[DayHit]:
        """Every day mention in the body of ``doc``, in text order, from the matches of ``patterns()``."""
        strings = doc.vocab.strings
        candidates = [self._expand(doc, label, start, end) for label, start, end in seeds]
        candidates += [Span(doc, s, e, label=strings[key]) for key, s, e in self.phrase_matcher(doc)]
        hits: list[DayHit] = []
        for span in filter_spans(candidates):
            if span.start_char < body_start or span.label_ == "NOT_A_DAY":
                continue
            if span.label_ in ("WEEKDAY", "DAY_MONTH", "NUMERIC_DATE") and self._recurring(doc, span.start):
                continue
            hit = self._resolve(span, reference)
            if hit is not None:
                hits.append(hit)
                hits.extend(self._listed_days(doc, hit, reference, body_start))
        taken: set[int] = set()
        unique = []
        for hit in sorted(hits, key=lambda h: h.span.start):
            if not taken.intersection(range(hit.span.start, hit.span.end)):
                unique.append(hit)
                taken.update(range(hit.span.start, hit.span.end))
        return unique

    def _expand(self, doc: Doc, label: str, start: int, end: int) -> Span:
        """The full mention around a seed match, labelled with how it resolves."""
        if label == "WEEKDAY":
            return self._weekday_context(doc, start, end)
        if start > 0 and doc[start - 1].lower_ in self.weekdays:
            start -= 1  # "dinsdag 3 januari", "vrijdag 14-01-2022"
        if label == "DAY_MONTH":
            if _text(doc, end) == "." and _is_year(doc, end + 1):
                end += 2  # "3 sept. 2021"
            elif _is_year(doc, end):
                end += 1
            since = self.words.get("since_marker", set())
            if _text(doc, end).lower() in since:
                end += 1  # "14 maart jl."
            elif _text(doc, end) == "." and _text(doc, end + 1).lower() in since:
                end += 2
        return Span(doc, start, end, label=label)

    def _weekday_context(self, doc: Doc, start: int, end: int) -> Span:
        lower = _lowers(doc, start - 3, start) if _text(doc, start - 1).lower() == "op" else ()
        if len(lower) == 3 and lower[0] == "van" and lower[1] in self.weekdays:
            night = start - 4 if _text(doc, start - 4).lower() == "nacht" else start - 3
            return Span(doc, night, end, label="NIGHT_OF")  # the night ends on the later day
        before = _text(doc, start - 1).lower()
        for phrase, label in self.week_before.get(before, ()):
            if _lowers(doc, start - len(phrase), start) == phrase:
                return Span(doc, start - len(phrase), end, label=label)  # "vorige week woensdag"
        for phrase, label in self.week_after.get(_text(doc, end).lower(), ()):
            if _lowers(doc, end, end + len(phrase)) == phrase:
                return Span(doc, start, end + len(phrase), label=label)  # "woensdag vorige week"
        for kind, label in (("past_marker", "WEEKDAY_PAST"), ("next_marker", "WEEKDAY_NEXT")):
            if before in self.words.get(kind, ()):
                return Span(doc, start - 1, end, label=label)  # "afgelopen vrijdag"
        return Span(doc, start, end, label="WEEKDAY")

    def _recurring(self, doc: Doc, start: int) -> bool:
        return start > 0 and doc[start - 1].lower_ in self.words.get("recurring", ())

    def _resolve(self, span: Span, ref: Reference) -> DayHit | None:
        label = span.label_
        if label == "DAY_MONTH":
            return self._day_month(span, ref)
        if label == "NUMERIC_DATE":
            return self._numeric(span, ref)
        if label == "DAY_PHRASE":
            normal = self.phrases[tuple(t.lower_ for t in span)]
            return DayHit(span, dates.parse_date(normal, ref.base) if ref.base else None, True)
        name = span[-1].lower_ if label == "NIGHT_OF" else self._weekday_token(span)
        weekday = self.weekdays[name]
        return DayHit(span, self._weekday_date(label, weekday, ref), True)

    def _weekday_token(self, span: Span) -> str:
        return next(t.lower_ for t in span if t.lower_ in self.weekdays)

    @staticmethod
    def _weekday_date(label: str, weekday: int, ref: Reference) -> dt.date | None:
        base = ref.base
        if base is None:
            return None
        if label in ("WEEKDAY", "NIGHT_OF") and ref.exact_day and base.weekday() == weekday:
            return base  # "maandag" in a text of a Monday: that day, not a week earlier
        shifted = {
            "WEEKDAY_NEXT": dates.coming_day_base,
            "PREVIOUS_WEEK": dates.previous_week_base,
            "NEXT_WEEK": dates.next_week_base,
        }.get(label)
        return dates.parse_date(WEEKDAY_NAMES[weekday], shifted(base) if shifted else base)

    def _day_month(self, span: Span, ref: Reference, day_token: int | None = None) -> DayHit | None:
        weekday = self.weekdays.get(span[0].lower_)
        if day_token is None:
            day_token = next(t.i for t in span if t.shape_ in DAY_SHAPES)
        day = int(DAY_RANGE_SEP_RE.split(span.doc[day_token].text)[0])
        month = next(self.months[t.lower_] for t in span if t.lower_ in self.months)
        year = next((int(t.text) for t in span if t.shape_ == "dddd" and len(t) == 4), None)
        if not 1 <= day <= 31:
            return None
        phrase = f"{day} {MONTH_NAMES[month - 1]}"
        if year is not None:
            return DayHit(span, dates.parse_date(f"{phrase} {year}", None), False)
        if ref.base is None:
            return DayHit(span, None, True)
        found = dates.parse_date(phrase, ref.base)
        if found is not None and weekday is not None:
            found = dates.match_weekday(found, weekday, ref.base)
        return DayHit(span, found, True)

    def _numeric(self, span: Span, ref: Reference) -> DayHit | None:
        match = NUMERIC_DATE_RE.match(span[-1].text)
        if match is None:
            return None
        if match.group(1):
            day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        else:
            year, month, day = int(match.group(5)), int(match.group(6)), int(match.group(7))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        found = dates.parse_date(f"{day} {MONTH_NAMES[month - 1]} {year}", None)
        return DayHit(span, found, False, written_year=year)

    def _listed_days(self, doc: Doc, hit: DayHit, ref: Reference, body_start: int) -> list[DayHit]:
        """The first day of "14 en 15 januari" / "14 tot 16 januari", which shares the later month."""
        span = hit.span
        if span.label_ != "DAY_MONTH" or span[0].lower_ in self.weekdays or span.start < 2:
            return []
        connector, first = doc[span.start - 1], doc[span.start - 2]
        if connector.lower_ not in DAY_LIST_CONNECTORS or first.shape_ not in ("d", "dd"):
            return []
        if first.idx < body_start:
            return []
        extra = self._day_month(span, ref, day_token=first.i)
        if extra is None:
            return []
        extra.span = Span(doc, first.i, first.i + 1, label="DAY_MONTH")
        return [extra]


def _text(doc: Doc, i: int) -> str:
    """The text of token ``i``, or "" outside the document."""
    return doc[i].text if 0 <= i < len(doc) else ""


def _lowers(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    """Lower-cased tokens ``start:end``; shorter when the range leaves the document."""
    return tuple(doc[i].lower_ for i in range(max(start, 0), min(end, len(doc))))


def _is_year(doc: Doc, i: int) -> bool:
    return 0 <= i < len(doc) and doc[i].shape_ == "dddd" and len(doc[i]) == 4
