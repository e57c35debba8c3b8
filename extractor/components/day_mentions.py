"""Finding day mentions ('14 maart', 'vrijdagavond', 'gisteren') and resolving them.

Rules built from ``patterns/date_phrases.jsonl`` find the candidate spans: the
owner finds anchor tokens (month and weekday names, numeric dates, the last
words of day phrases) in one pass over the distinct token texts, and only the
tokens around an anchor are looked at, through the token table (no Token
objects). Each candidate is normalised to a phrase dateparser can read
("in de nacht van maandag op dinsdag" -> "dinsdag") with a reference date
(``extractor.dates``), so dateparser never sees anything but those phrases.
Used by the ``customs_years`` component, which owns ``doc._.dates``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from spacy.language import Language
from spacy.vocab import Vocab

from extractor import dates
from extractor.hash_memo import TextMemo
from extractor.token_table import MAX_MEMO, TokenTable

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
#: Normalised day phrases naming a day by days back from the publication day (``dates.parse_week_day``).
DAYS_BACK = frozenset({"vandaag", "gisteren", "eergisteren"})

DAY_SHAPES = frozenset({"d", "dd", "d-d", "d-dd", "dd-dd"})
DAY_RANGE_SEP_RE = re.compile(r"[-–]")
NUMERIC_DATE_SHAPES = frozenset(
    [f"{day}{sep}{month}{sep}dddd" for sep in "-/." for day in ("d", "dd") for month in ("d", "dd")]
    + ["dddd-dd-dd"]
)
NUMERIC_DATE_RE = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")
#: Words joining two day numbers of which the first is a day too ("14 en 15 januari");
#: "op" is not here: "de nacht van 3 op 4 januari" is the later day only.
DAY_LIST_CONNECTORS = frozenset({"en", "tot", "-", "–", "à", "t/m"})

#: What a token text can anchor, as bits of one int (``DayFinder.anchor_code``), so that the owner
#: memoises one number per distinct text and finds every anchor of a Doc with one numpy test.
#: The owner's own kinds take the bits above ``DAY_ANCHOR_BITS``.
NUMERIC_DATE, MONTH, WEEKDAY, PHRASE_END = 1, 2, 4, 8
DAY_ANCHOR_BITS = 4

#: A seed: (label, start, end) token positions.
Seed = tuple[str, int, int]
#: Labels of weekday mentions that resolve against another reference date than the publication day.
SHIFTED_BASES = {
    "WEEKDAY_NEXT": dates.coming_day_base,
    "PREVIOUS_WEEK": dates.previous_week_base,
    "NEXT_WEEK": dates.next_week_base,
}
#: What a day mention resolves to: (date, relative, year written inside a single token).
Resolution = tuple[dt.date | None, bool, int | None]


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


_seed_start = itemgetter(1)
_NONE: dict = {}  # ``dict.get`` default: no phrases


def longest_first(seeds: list[Seed]) -> list[Seed]:
    """``spacy.util.filter_spans`` on seeds: of overlapping seeds the (first) longest, in text order.

    Candidates stay tuples until one becomes a mention: a ``Span`` each would
    cost more than the rest of the work on it.
    """
    if len(seeds) < 2:
        return list(seeds)
    by_start = sorted(seeds, key=_seed_start)
    if all(seed[2] <= later[1] for seed, later in zip(by_start, by_start[1:], strict=False)):
        return by_start  # no overlaps (the usual case): every seed stays
    ordered = sorted(seeds, key=lambda seed: (seed[2] - seed[1], -seed[1]), reverse=True)
    kept = []
    seen: set[int] = set()
    for seed in ordered:
        _, start, end = seed
        if start not in seen and end - 1 not in seen:
            kept.append(seed)
            seen.update(range(start, end))
    return sorted(kept, key=lambda seed: seed[1])


class LowerPhrases:
    """Phrases of lower-cased tokens, found from their last word.

    What ``PhraseMatcher(attr="LOWER")`` finds, but looked up only at the
    few positions whose word ends some phrase, which the caller finds in
    its own pass over the token table: no pass over the whole Doc.
    """

    def __init__(self, phrases: Iterable[tuple[tuple[str, ...], str]]) -> None:
        #: last word -> phrase length -> phrase -> labels
        self.by_last: dict[str, dict[int, dict[tuple[str, ...], list[str]]]] = {}
        #: the same for phrases of one word: word -> labels
        self._single: dict[str, list[str]] = {}
        #: the same for longer phrases by their last two words: a frequent last word ("jaar") seldom
        #: has the word before it that a phrase needs, and one look-up says so
        self._by_pair: dict[tuple[str, str], dict[int, dict[tuple[str, ...], list[str]]]] = {}
        for phrase, label in phrases:
            if phrase:
                by_length = self.by_last.setdefault(phrase[-1], {})
                by_length.setdefault(len(phrase), {}).setdefault(phrase, []).append(label)
                if len(phrase) == 1:
                    self._single.setdefault(phrase[0], []).append(label)
                else:
                    by_length = self._by_pair.setdefault(phrase[-2:], {})
                    by_length.setdefault(len(phrase), {}).setdefault(phrase, []).append(label)

    def find(self, lowers: list[str], ends: Iterable[int]) -> list[Seed]:
        """Every phrase ending at one of ``ends`` (positions in ``lowers``): (label, start, end).

        Grouped by length at each end, not in a fixed order of lengths.
        """
        found = []
        single, by_pair = self._single, self._by_pair
        for end in ends:
            labels = single.get(lowers[end])
            if labels is not None:
                found += [(label, end, end + 1) for label in labels]
            if end == 0:
                continue
            for length, phrases in by_pair.get((lowers[end - 1], lowers[end]), _NONE).items():
                start = end + 1 - length
                labels = phrases.get(tuple(lowers[start : end + 1])) if start >= 0 else None
                if labels is not None:
                    found += [(label, start, end + 1) for label in labels]
        return found


@dataclass(slots=True)
class DayHit:
    """A resolved day mention over tokens ``start:end`` (its Span is made with its record).

    ``written_year`` is set when the year is written inside a single token.
    """

    start: int
    end: int
    label: str
    date: dt.date | None
    relative: bool
    written_year: int | None = None


class DayFinder:
    """Candidate day spans by rule, resolved through ``extractor.dates``."""

    def __init__(self, nlp: Language, entries: list[DatePhraseEntry]) -> None:
        self.vocab: Vocab = nlp.vocab
        self.months: dict[str, int] = {}
        self.weekdays: dict[str, int] = {}
        self.words: dict[str, set[str]] = {}
        self.phrases: dict[tuple[str, ...], str] = {}
        #: day phrases and phrases that look like one ("vandaag de dag"): DAY_PHRASE / NOT_A_DAY
        self.phrase_labels: list[tuple[tuple[str, ...], str]] = []
        self.week_phrases: dict[str, list[tuple[str, ...]]] = {"previous_week": [], "next_week": []}
        for entry in entries:
            for word in entry.words:
                tokens = tuple(t.lower_ for t in nlp.make_doc(word))
                if entry.kind == "month":
                    self.months[word.lower()] = entry.month or 0
                elif entry.kind == "weekday":
                    self.weekdays[word.lower()] = entry.weekday or 0
                elif entry.kind in ("day_phrase", "not_a_day"):
                    self.phrase_labels.append((tokens, entry.kind.upper()))
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
        self.day_phrases = LowerPhrases(self.phrase_labels)
        self.recurring = frozenset(self.words.get("recurring", ()))
        self.since = frozenset(self.words.get("since_marker", ()))
        #: text -> whether its shape is a day number's ("14", "14-15"), asked before every month name
        self.day_shaped: TextMemo[bool] = TextMemo(self._day_shaped, MAX_MEMO)

    def _day_shaped(self, text: str) -> bool:
        return self.vocab[text].shape_ in DAY_SHAPES

    def word_codes(self) -> dict[str, int]:
        """The anchor code of each lower-cased word that has one: bits MONTH, WEEKDAY, PHRASE_END.

        A month name makes a DAY_MONTH seed only after a day number ("14 maart"),
        which ``seeds`` checks; context ("dinsdag 3 januari 2023", "afgelopen
        vrijdag", "in de nacht van maandag op dinsdag") is added by ``_expand``.
        """
        codes: dict[str, int] = {}
        for words, bit in (
            (self.months, MONTH),
            (self.weekdays, WEEKDAY),
            (self.day_phrases.by_last, PHRASE_END),
        ):
            for word in words:
                codes[word] = codes.get(word, 0) | bit
        return codes

    @staticmethod
    def shape_code(shape: str) -> int:
        """The anchor code of a token shape (spaCy's SHAPE): NUMERIC_DATE or 0."""
        return NUMERIC_DATE if shape in NUMERIC_DATE_SHAPES else 0

    def seeds(self, table: TokenTable, anchors: Iterable[tuple[int, int]]) -> list[Seed]:
        """The one- and two-token seeds at ``anchors`` ((position, ``anchor_code``) pairs, in text order).

        Grouped by label in the order the labels first occur, each group in
        text order: ``longest_first`` keeps the first of equal candidates.
        """
        groups: dict[str, list[Seed]] = {}
        day_shaped, texts = self.day_shaped, table.texts
        for i, code in anchors:
            if code & NUMERIC_DATE:
                groups.setdefault("NUMERIC_DATE", []).append(("NUMERIC_DATE", i, i + 1))
            if code & MONTH and i > 0 and day_shaped[texts[i - 1]]:
                groups.setdefault("DAY_MONTH", []).append(("DAY_MONTH", i - 1, i + 1))
            if code & WEEKDAY:
                groups.setdefault("WEEKDAY", []).append(("WEEKDAY", i, i + 1))
        if len(groups) == 1:
            return next(iter(groups.values()))
        return [seed for group in groups.values() for seed in group]

    def find(
        self, table: TokenTable, seeds: list[Seed], reference: Reference, body_start: int
    ) -> list[DayHit]:
        """Every day mention in the body of a Doc (``table``: its token table), in text order.

        ``seeds`` are those of ``seeds`` (positions in the current Doc) and
        the DAY_PHRASE / NOT_A_DAY matches of ``day_phrases``.
        """
        hits: list[DayHit] = []
        listed = False
        for label, start, end in longest_first([self._expand(table, *seed) for seed in seeds]):
            if table.idx[start] < body_start or label == "NOT_A_DAY":
                continue
            if label in ("WEEKDAY", "DAY_MONTH", "NUMERIC_DATE") and self._recurring(table, start):
                continue
            found = self._resolve(table, label, start, end, reference)
            if found is not None:
                hits.append(DayHit(start, end, label, *found))
                if label == "DAY_MONTH":
                    extra = self._listed_day(table, start, end, reference, body_start)
                    hits.extend(extra)
                    listed = listed or bool(extra)
        if not listed:
            return hits  # in text order and without overlaps, as ``longest_first`` left them
        taken: set[int] = set()
        unique = []
        for hit in sorted(hits, key=lambda h: h.start):
            if not taken.intersection(range(hit.start, hit.end)):
                unique.append(hit)
                taken.update(range(hit.start, hit.end))
        return unique

    def _expand(self, table: TokenTable, label: str, start: int, end: int) -> Seed:
        """The full mention around a seed match, labelled with how it resolves."""
        if label in ("DAY_PHRASE", "NOT_A_DAY"):
            return (label, start, end)
        if label == "WEEKDAY":
            return self._weekday_context(table, start, end)
        if start > 0 and table.lowers[start - 1] in self.weekdays:
            start -= 1  # "dinsdag 3 januari", "vrijdag 14-01-2022"
        if label == "DAY_MONTH":
            if _text(table, end) == "." and _is_year(table, end + 1):
                end += 2  # "3 sept. 2021"
            elif _is_year(table, end):
                end += 1
            since = self.since
            if _lower(table, end) in since:
                end += 1  # "14 maart jl."
            elif _text(table, end) == "." and _lower(table, end + 1) in since:
                end += 2
        return (label, start, end)

    def _weekday_context(self, table: TokenTable, start: int, end: int) -> Seed:
        lower = _lowers(table, start - 3, start) if _lower(table, start - 1) == "op" else ()
        if len(lower) == 3 and lower[0] == "van" and lower[1] in self.weekdays:
            night = start - 4 if _lower(table, start - 4) == "nacht" else start - 3
            return ("NIGHT_OF", night, end)  # the night ends on the later day
        before = _lower(table, start - 1)
        for phrase, label in self.week_before.get(before, ()):
            if _lowers(table, start - len(phrase), start) == phrase:
                return (label, start - len(phrase), end)  # "vorige week woensdag"
        for phrase, label in self.week_after.get(_lower(table, end), ()):
            if _lowers(table, end, end + len(phrase)) == phrase:
                return (label, start, end + len(phrase))  # "woensdag vorige week"
        for kind, label in (("past_marker", "WEEKDAY_PAST"), ("next_marker", "WEEKDAY_NEXT")):
            if before in self.words.get(kind, ()):
                return (label, start - 1, end)  # "afgelopen vrijdag"
        return ("WEEKDAY", start, end)

    def _recurring(self, table: TokenTable, start: int) -> bool:
        return start > 0 and table.lowers[start - 1] in self.recurring

    def _resolve(
        self, table: TokenTable, label: str, start: int, end: int, ref: Reference
    ) -> Resolution | None:
        if label == "DAY_MONTH":
            return self._day_month(table, start, end, ref)
        if label == "NUMERIC_DATE":
            return self._numeric(table.texts[end - 1])
        lowers = table.lowers[start:end]
        if label == "DAY_PHRASE":
            normal = self.phrases[tuple(lowers)]
            return (self._parse_day_phrase(normal, ref.base) if ref.base else None, True, None)
        name = lowers[-1] if label == "NIGHT_OF" else next(w for w in lowers if w in self.weekdays)
        return (self._weekday_date(label, self.weekdays[name], ref), True, None)

    @staticmethod
    def _weekday_date(label: str, weekday: int, ref: Reference) -> dt.date | None:
        base = ref.base
        if base is None:
            return None
        if label in ("WEEKDAY", "NIGHT_OF") and ref.exact_day and base.weekday() == weekday:
            return base  # "maandag" in a text of a Monday: that day, not a week earlier
        shifted = SHIFTED_BASES.get(label)
        return dates.parse_week_day(WEEKDAY_NAMES[weekday], shifted(base) if shifted else base, weekday)

    @staticmethod
    def _parse_day_phrase(normal: str, base: dt.date) -> dt.date | None:
        if normal in WEEKDAY_NAMES:
            return dates.parse_week_day(normal, base, WEEKDAY_NAMES.index(normal))
        if normal in DAYS_BACK:
            return dates.parse_week_day(normal, base)
        return dates.parse_date(normal, base)

    def _day_month(
        self, table: TokenTable, start: int, end: int, ref: Reference, day_token: int | None = None
    ) -> Resolution | None:
        tokens = range(start, end)
        weekday = self.weekdays.get(table.lowers[start])
        if day_token is None:
            day_token = next(i for i in tokens if self.day_shaped[table.texts[i]])
        day = int(DAY_RANGE_SEP_RE.split(table.texts[day_token])[0])
        month = next(self.months[table.lowers[i]] for i in tokens if table.lowers[i] in self.months)
        year = next((int(table.texts[i]) for i in tokens if _is_year(table, i)), None)
        if not 1 <= day <= 31:
            return None
        phrase = f"{day} {MONTH_NAMES[month - 1]}"
        if year is not None:
            return (dates.parse_date(f"{phrase} {year}", None), False, None)
        if ref.base is None:
            return (None, True, None)
        found = dates.parse_day_month(phrase, day, month, ref.base)
        if found is not None and weekday is not None:
            found = dates.match_weekday(found, weekday, ref.base)
        return (found, True, None)

    @staticmethod
    def _numeric(text: str) -> Resolution | None:
        match = NUMERIC_DATE_RE.match(text)
        if match is None:
            return None
        if match.group(1):
            day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        else:
            year, month, day = int(match.group(5)), int(match.group(6)), int(match.group(7))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        found = dates.parse_date(f"{day} {MONTH_NAMES[month - 1]} {year}", None)
        return (found, False, year)

    def _listed_day(
        self, table: TokenTable, start: int, end: int, ref: Reference, body_start: int
    ) -> list[DayHit]:
        """The first day of "14 en 15 januari" / "14 tot 16 januari", which shares the later month.

        ``start:end`` is the later day's DAY_MONTH mention.
        """
        if table.lowers[start] in self.weekdays or start < 2:
            return []
        first = start - 2
        if table.lowers[first + 1] not in DAY_LIST_CONNECTORS:
            return []
        if self.vocab[table.texts[first]].shape_ not in ("d", "dd") or table.idx[first] < body_start:
            return []
        found = self._day_month(table, start, end, ref, day_token=first)
        if found is None:
            return []
        return [DayHit(first, first + 1, "DAY_MONTH", *found)]


def _text(table: TokenTable, i: int) -> str:
    """The text of token ``i``, or "" outside the document."""
    return table.texts[i] if 0 <= i < len(table.texts) else ""


def _lower(table: TokenTable, i: int) -> str:
    """The lower-cased text of token ``i``, or "" outside the document."""
    return table.lowers[i] if 0 <= i < len(table.lowers) else ""


def _lowers(table: TokenTable, start: int, end: int) -> tuple[str, ...]:
    """Lower-cased tokens ``start:end``; shorter when the range leaves the document."""
    return tuple(table.lowers[max(start, 0) : max(end, 0)])


def is_four_digits(text: str) -> bool:
    """Four decimal digits: what ``int`` can read ("²000" has spaCy's shape "dddd" but is no number)."""
    return len(text) == 4 and text.isdecimal()


def _is_year(table: TokenTable, i: int) -> bool:
    return is_four_digits(_text(table, i))
