"""The ``customs_years`` component: calendar years (written and relative) and day mentions.

Sets ``doc._.years`` (spans with ``span._.year``, a ``schema.Year``) and
``doc._.dates`` (spans with ``span._.date``, a ``schema.DateMention``).

Written years are four-digit tokens between ``min_year`` and ``max_year``
(1950-2100 by default: customs press texts talk about recent decades and
plans up to 2050, while older or larger four-digit numbers are nearly always
amounts, codes or postcodes) that are not part of an amount. The word lists
that decide this are data: ``patterns/year_context.jsonl``.

Relative phrases (``patterns/relative_years.jsonl``) resolve against the
publication year ("vorig jaar") or, for "een jaar eerder" / "het jaar daarop",
against the most recent year mentioned before them in the text (written or
already resolved), falling back to the publication year: press texts say
"In 2021 ... een jaar eerder" about the year they just named. Without a
publication date a relative phrase gives no year and the document gets one
warning.

Day mentions are found and resolved by ``day_mentions.DayFinder``; a day adds
a year only when the year is written ("14 maart 2022", "14-03-2022").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, takewhile
from typing import Literal

from pydantic import BaseModel, Field
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor import dates
from extractor.components.base import PatternComponent
from extractor.components.day_mentions import DatePhraseEntry, DayFinder, DayHit, Reference
from extractor.extensions import DOC_EXTENSIONS, add_warning, doc_list, register_extensions
from extractor.schema import MAX_YEAR, MIN_YEAR, DateMention, Year

NO_PUBLICATION_YEARS = "relative years could not be resolved without a publication date"
NO_PUBLICATION_DATES = "relative dates could not be resolved without a publication date"

#: "2021-2022", "2021/2022", "2021/22", "2021-'22": one token that names two years.
YEAR_RANGE_RE = re.compile(r"^(\d{4})([-/–])('?)(\d{2}|\d{4})$")
YEAR_RANGE_SHAPES = ["dddd-dddd", "dddd/dddd", "dddd–dddd", "dddd/dd", "dddd-dd", "dddd-'dd", "dddd/'dd"]
SHORT_YEAR_RE = re.compile(r"^'?(\d{2})$")
#: A token split costs time linear in the document length: a document gets at most
#: SPLIT_BUDGET // len(doc) splits (a press text: hundreds), further ranges keep their first year only.
SPLIT_BUDGET = 500_000
DAY_SEEDS = frozenset(DayFinder.seed_labels)
#: A month-only ' date YYYY-MM' prefix: the publication day is unknown.
PREFIX_WITH_DAY_RE = re.compile(r"date\s+\d{4}-\d{1,2}-\d{1,2}", re.IGNORECASE)


class RelativeYearEntry(BaseModel):
    """One line of relative_years.jsonl: a phrase and how many years it moves from its anchor."""

    phrase: str = Field(min_length=1)
    offset: int = Field(ge=-50, le=50)
    anchor: Literal["published", "previous"] = "published"


class YearContextEntry(BaseModel):
    """One line of year_context.jsonl: words that make a four-digit number a year or not."""

    kind: Literal["cue", "count_noun", "code_word", "hedge", "determiner", "connector", "comparison"]
    words: list[str] = Field(min_length=1)
    note: str | None = None


@dataclass
class YearHit:
    """A year mention before and after resolution (``year`` None: unresolved)."""

    span: Span
    year: int | None
    anchor: Literal["written", "published", "previous"] = "written"
    offset: int = 0


def publication_reference(doc: Doc) -> Reference:
    """The date day phrases resolve against: the publication day, or its month's last day.

    A ' date 2023-01' prefix gives only year and month (the day is set to 1);
    resolving against the 1st would push "vrijdag" and "3 januari" into the
    previous year, so the end of the month is used instead.
    """
    published = doc._.published
    if published is None:
        return Reference(None, False)
    body_start = doc._.body_start or 0
    # the prefix only: doc.text would join every token of the document
    prefix = "".join(t.text_with_ws for t in takewhile(lambda t: t.idx < body_start, doc))
    if prefix.strip() and published.day == 1 and not PREFIX_WITH_DAY_RE.search(prefix):
        return Reference(dates.end_of_month(published), False)
    return Reference(published, True)


Seeds = dict[str, list[tuple[int, int]]]


def _shift_seeds(seeds: Seeds, splits: list[tuple[int, list[str]]]) -> Seeds:
    """Seeds after splitting the tokens at ``splits`` (old index, parts), which become YEAR seeds."""
    starts = [i for i, _ in splits]
    added = list(accumulate(len(parts) - 1 for _, parts in splits))

    def moved(i: int) -> int:
        k = bisect_left(starts, i)
        return i + (added[k - 1] if k else 0)

    shifted = {
        label: [(moved(s), moved(e - 1) + 1) for s, e in found]
        for label, found in seeds.items()
        if label != "YEAR_RANGE"
    }
    years = shifted.setdefault("YEAR", [])
    for i, parts in splits:
        first = moved(i)
        years.append((first, first + 1))
        if len(parts[-1]) == 4:
            years.append((first + 2, first + 3))
    years.sort()
    return shifted


def reanchor_span_lists(doc: Doc) -> None:
    """Rebuild the Span lists other components left on ``doc`` after a token split.

    Spans keep token indices, which a split shifts; their character offsets
    (and so their ``span._`` values, stored by offsets) stay valid.
    """
    for name in DOC_EXTENSIONS:
        value = getattr(doc._, name)
        if isinstance(value, list) and value and all(isinstance(s, Span) for s in value):
            setattr(doc._, name, [_same_span(doc, s) for s in value])


def _same_span(doc: Doc, span: Span) -> Span:
    start, end = span.start_char, span.end_char
    new = doc.char_span(start, end, label=span.label, kb_id=span.kb_id, span_id=span.id)
    return new if new is not None else doc.char_span(start, end, label=span.label, alignment_mode="expand")


class YearsComponent(PatternComponent):
    """Finds written and relative years and day mentions; see the module docstring."""

    files = {
        "relative_years": ("relative_years.jsonl", RelativeYearEntry),
        "year_context": ("year_context.jsonl", YearContextEntry),
        "date_phrases": ("date_phrases.jsonl", DatePhraseEntry),
    }

    def __init__(
        self, nlp: Language, name: str, *, patterns_path: str | None, min_year: int, max_year: int
    ) -> None:
        if not MIN_YEAR <= min_year <= max_year <= MAX_YEAR:
            raise ValueError(f"year range {min_year}-{max_year} outside {MIN_YEAR}-{MAX_YEAR}")
        self.min_year = min_year
        self.max_year = max_year
        super().__init__(nlp, name, patterns_path=patterns_path)

    def compile(self) -> None:
        """Word sets, the year and range matchers, the relative phrase matcher, the day finder."""
        words: dict[str, set[tuple[str, ...]]] = {}
        for entry in self.entries["year_context"]:
            for word in entry.words:
                words.setdefault(entry.kind, set()).add(tuple(t.lower_ for t in self.nlp.make_doc(word)))
        single = {kind: {w[0] for w in ws if len(w) == 1} for kind, ws in words.items()}
        self.cues = single.get("cue", set())
        self.count_nouns = single.get("count_noun", set())
        self.connectors = single.get("connector", set())
        self.comparisons = single.get("comparison", set())
        self.hedges = frozenset(words.get("hedge", set()))
        self.blockers = self.hedges | words.get("code_word", set()) | words.get("determiner", set())
        self.window = max((len(p) for p in self.blockers), default=0)
        self.relative: dict[tuple[str, ...], RelativeYearEntry] = {}
        self.relative_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for entry in self.entries["relative_years"]:
            phrase = self.nlp.make_doc(entry.phrase)
            self.relative[tuple(t.lower_ for t in phrase)] = entry
            self.relative_matcher.add("RELATIVE_YEAR", [phrase])
        self.day_finder = DayFinder(self.nlp, self.entries["date_phrases"])
        self.matcher = Matcher(self.nlp.vocab)  # one pass over the tokens finds every seed
        self.matcher.add("YEAR", [[{"SHAPE": "dddd", "LENGTH": 4}]])
        self.matcher.add("YEAR_RANGE", [[{"SHAPE": {"IN": YEAR_RANGE_SHAPES}}]])
        for label, patterns in self.day_finder.patterns().items():
            self.matcher.add(label, patterns)

    def __call__(self, doc: Doc) -> Doc:
        register_extensions()
        body_start = doc._.body_start or 0
        seeds = self._split_year_ranges(doc, self._seeds(doc), body_start)
        day_seeds = [(label, s, e) for label, found in seeds.items() if label in DAY_SEEDS for s, e in found]
        days = self.day_finder.find(doc, day_seeds, publication_reference(doc), body_start)
        hits = self._written_years(doc, seeds.get("YEAR", []), body_start)
        hits += self._relative_years(doc, body_start)
        hits += [YearHit(h.span[-1:], h.written_year) for h in days if h.written_year is not None]
        years = self._resolve(doc, hits)
        doc._.years = [self._year_span(hit) for hit in years]
        doc._.dates = [self._date_span(hit) for hit in days]
        if doc._.published is None and any(h.relative and h.date is None for h in days):
            self._warn_once(doc, NO_PUBLICATION_DATES)
        return doc

    def _seeds(self, doc: Doc) -> Seeds:
        """Matcher results grouped by label: label -> [(start, end)]."""
        seeds: Seeds = {}
        strings = doc.vocab.strings
        for key, start, end in self.matcher(doc):
            seeds.setdefault(strings[key], []).append((start, end))
        return seeds

    # --- written years ---------------------------------------------------------------

    def _quantity_tokens(self, doc: Doc) -> set[int]:
        return {i for span in doc_list(doc, "quantities") for i in range(span.start, span.end)}

    def _written_years(self, doc: Doc, seeds: list[tuple[int, int]], body_start: int) -> list[YearHit]:
        blocked = self._quantity_tokens(doc)
        hits = []
        for start, _ in seeds:
            if doc[start].idx < body_start or start in blocked or not self._is_year(doc, start):
                continue
            hits.append(YearHit(doc[start : start + 1], int(doc[start].text)))
            second = self._short_second_year(doc, start)
            if second is not None:
                hits.append(second)
        return hits

    def _is_year(self, doc: Doc, i: int) -> bool:
        """Whether the four-digit token ``doc[i]`` is used as a year, judged by its neighbours."""
        tok = doc[i]
        if not self.min_year <= int(tok.text) <= self.max_year:
            return False
        prev = doc[i - 1] if i > 0 else None
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and self._counted(nxt.lower_):
            return False  # "2000 kilo", "2022 containers"
        if self._counted_range(doc, i) or self._preceded_by(doc, i, self.blockers):
            return False  # "2000 tot 3000 kilo", "artikel 2000", "ruim 2000", "de 2000"
        cue = prev is None or bool(tok.is_sent_start) or prev.lower_ in self.cues
        if cue:
            return True
        if (prev is not None and prev.is_digit) or (nxt is not None and nxt.is_digit):
            return False  # a group of a phone or reference number
        # "2030 Antwerpen", "2011 AB Haarlem": a postcode
        name_follows = nxt is not None and nxt.is_alpha and (nxt.is_title or nxt.is_upper)
        return not (name_follows and not nxt.is_sent_start)

    def _counted(self, word: str) -> bool:
        return word in self.count_nouns or word.rsplit("-", 1)[-1] in self.count_nouns

    def _counted_range(self, doc: Doc, i: int) -> bool:
        if i + 3 >= len(doc) or doc[i + 1].lower_ not in self.connectors:
            return False
        return bool(doc[i + 2].like_num) and self._counted(doc[i + 3].lower_)

    def _compared(self, doc: Doc, start: int) -> bool:
        """Is the year at token ``start`` compared with ("meer dan in 2022", "als vorig jaar")?"""
        return any(t.lower_ in self.comparisons for t in doc[max(0, start - 2) : start])

    def _preceded_by(self, doc: Doc, i: int, phrases: frozenset[tuple[str, ...]]) -> bool:
        """Whether one of ``phrases`` (lower-cased token tuples) ends just before ``doc[i]``."""
        before = tuple(doc[j].lower_ for j in range(max(0, i - self.window), i))
        return any(before[k:] in phrases for k in range(len(before)))

    def _short_second_year(self, doc: Doc, i: int) -> YearHit | None:
        """The '22 of "2021/22" or "2021-'22" (split by ``_split_year_ranges``)."""
        if i + 2 >= len(doc) or doc[i + 1].text not in ("-", "/", "–"):
            return None
        match = SHORT_YEAR_RE.match(doc[i + 2].text)
        if match is None:
            return None
        second = self._short_second_year_value(int(doc[i].text), int(match.group(1)))
        return YearHit(doc[i + 2 : i + 3], second) if second is not None else None

    def _range_parts(self, text: str) -> list[str] | None:
        match = YEAR_RANGE_RE.match(text)
        if match is None:
            return None
        first, sep, quote, rest = match.groups()
        if len(rest) == 4:
            if quote or not self.min_year <= int(first) < int(rest) <= self.max_year:
                return None
        elif self._short_second_year_value(int(first), int(rest)) is None:
            return None
        return [first, sep, quote + rest]

    def _short_second_year_value(self, first: int, two_digits: int) -> int | None:
        """2022 for (2021, 22): the next year(s) written with two digits, at most ten years on."""
        second = first - first % 100 + two_digits
        if second <= first:
            second += 100
        ok = self.min_year <= first and second - first <= 10 and second <= self.max_year
        return second if ok else None

    def _split_year_ranges(self, doc: Doc, seeds: Seeds, body_start: int) -> Seeds:
        """Split "2021-2022" into "2021" "-" "2022" so that each year gets its own span.

        spaCy's Dutch tokenizer keeps such ranges as one token, and two spans
        over one token would share their ``span._`` values. Returns ``seeds``
        moved to the new token positions, the split years added as YEAR seeds.
        """
        blocked = self._quantity_tokens(doc)
        splits = []
        for start, _ in seeds.get("YEAR_RANGE", []):
            tok = doc[start]
            parts = self._range_parts(tok.text)
            if parts is None or tok.idx < body_start or start in blocked:
                continue
            if start + 1 < len(doc) and self._counted(doc[start + 1].lower_):
                continue
            splits.append((tok, parts))
        del splits[max(1, SPLIT_BUDGET // max(1, len(doc))) :]
        if not splits:
            return seeds
        positions = [(tok.i, parts) for tok, parts in splits]
        with doc.retokenize() as retokenizer:
            for tok, parts in splits:
                retokenizer.split(tok, parts, heads=[(tok, 0)] * len(parts))
        reanchor_span_lists(doc)
        return _shift_seeds(seeds, positions)

    # --- relative years --------------------------------------------------------------

    def _relative_years(self, doc: Doc, body_start: int) -> list[YearHit]:
        spans = filter_spans([Span(doc, s, e) for _, s, e in self.relative_matcher(doc)])
        hits = []
        for span in spans:
            if span.start_char < body_start:
                continue
            if span[0].like_num and self._preceded_by(doc, span.start, self.hedges):
                continue  # "ruim twee jaar geleden" is no calendar year; "meer dan vorig jaar" is
            entry = self.relative[tuple(t.lower_ for t in span)]
            hits.append(YearHit(span, None, entry.anchor, entry.offset))
        return hits

    def _resolve(self, doc: Doc, hits: list[YearHit]) -> list[YearHit]:
        """Resolve relative hits in text order; the resolved ones, sorted."""
        published = doc._.published
        last: int | None = None
        resolved = []
        for hit in sorted(hits, key=lambda h: (h.span.start_char, h.span.end_char)):
            if hit.anchor != "written":
                anchor = last if hit.anchor == "previous" and last is not None else None
                if anchor is None and published is not None:
                    anchor = published.year
                if anchor is None:
                    self._warn_once(doc, NO_PUBLICATION_YEARS)
                    continue
                hit.year = anchor + hit.offset
            if hit.year is not None and MIN_YEAR <= hit.year <= MAX_YEAR:
                if not self._compared(doc, hit.span.start):
                    last = hit.year  # "meer dan in 2022, ... een jaar eerder": 2022 is no anchor
                resolved.append(hit)
        return resolved

    # --- results ---------------------------------------------------------------------

    @staticmethod
    def _year_span(hit: YearHit) -> Span:
        span = hit.span
        span._.year = Year(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            year=hit.year,
            relative=hit.anchor != "written",
        )
        return span

    @staticmethod
    def _date_span(hit: DayHit) -> Span:
        span = hit.span
        span._.date = DateMention(text=span.text, start=span.start_char, end=span.end_char, date=hit.date)
        return span

    @staticmethod
    def _warn_once(doc: Doc, message: str) -> None:
        if message not in doc_list(doc, "warnings"):
            add_warning(doc, message)


@Language.factory(
    "customs_years",
    default_config={"patterns_path": None, "min_year": 1950, "max_year": 2100},
    assigns=["doc._.years", "doc._.dates", "doc._.warnings"],
)
def make_years(
    nlp: Language, name: str, *, patterns_path: str | None, min_year: int, max_year: int
) -> YearsComponent:
    return YearsComponent(nlp, name, patterns_path=patterns_path, min_year=min_year, max_year=max_year)
