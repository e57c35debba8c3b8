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

Most tokens of a text are none of this: each distinct token text gets one
anchor code, bits saying what it can anchor (four-digit numbers and ranges,
numeric dates, month and weekday names, the last words of relative and day
phrases), memoised across Docs (``TokenTable.codes``); one numpy test finds a
Doc's anchors, and only the tokens around them are looked at, through the
token table rather than Token objects. A candidate stays a pair of token
positions until it becomes a record: only then is its Span made.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter
from typing import Literal

from pydantic import BaseModel, Field
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor import dates
from extractor.components.base import PatternComponent
from extractor.components.day_mentions import (
    DAY_ANCHOR_BITS,
    PHRASE_END,
    DatePhraseEntry,
    DayFinder,
    DayHit,
    LowerPhrases,
    Reference,
    Seed,
    is_four_digits,
    longest_first,
)
from extractor.extensions import DOC_EXTENSIONS, add_warning, doc_value, set_doc_value, set_span_value
from extractor.hash_memo import HashMemo, TextMemo
from extractor.schema import MAX_YEAR, MIN_YEAR, DateMention, Year
from extractor.token_table import MAX_MEMO, TokenTable, token_table

NO_PUBLICATION_YEARS = "relative years could not be resolved without a publication date"
NO_PUBLICATION_DATES = "relative dates could not be resolved without a publication date"

#: "2021-2022", "2021/2022", "2021/22", "2021-'22": one token that names two years.
YEAR_RANGE_RE = re.compile(r"^(\d{4})([-/–])('?)(\d{2}|\d{4})$")
YEAR_RANGE_SHAPES = frozenset(
    {"dddd-dddd", "dddd/dddd", "dddd–dddd", "dddd/dd", "dddd-dd", "dddd-'dd", "dddd/'dd"}
)
SHORT_YEAR_RE = re.compile(r"^'?(\d{2})$")
#: A token split costs time linear in the document length: a document gets at most
#: SPLIT_BUDGET // len(doc) splits (a press text: hundreds), further ranges keep their first year only.
SPLIT_BUDGET = 500_000
#: Anchor code bits of the years (above the day finder's, ``day_mentions.NUMERIC_DATE`` ...):
#: four decimal digits; a token of a YEAR_RANGE_SHAPES shape.
YEAR, YEAR_RANGE = 1 << DAY_ANCHOR_BITS, 2 << DAY_ANCHOR_BITS
#: Anchor code memos (``YearsComponent.compile``) by the word lists they depend on: a pipeline
#: built anew with the same patterns starts with what earlier ones learnt.
_ANCHOR_MEMOS: dict[tuple[frozenset[str], ...], HashMemo] = {}
#: The label of relative year phrases among the day phrases in ``YearsComponent.phrases``.
RELATIVE_YEAR = "RELATIVE_YEAR"
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


@dataclass(slots=True)
class YearHit:
    """A year mention (tokens ``start:end``) before and after resolution (``year`` None: unresolved)."""

    start: int
    end: int
    year: int | None
    anchor: Literal["written", "published", "previous"] = "written"
    offset: int = 0


def publication_reference(table: TokenTable, published: dt.date | None, body_start: int) -> Reference:
    """The date day phrases resolve against: the publication day, or its month's last day.

    A ' date 2023-01' prefix gives only year and month (the day is set to 1);
    resolving against the 1st would push "vrijdag" and "3 januari" into the
    previous year, so the end of the month is used instead.
    """
    if published is None:
        return Reference(None, False)
    if published.day != 1:
        return Reference(published, True)
    # the tokens before the body only: doc.text would join every token of the document
    end = bisect_left(table.idx, body_start)
    prefix = table.text(0, end) + (table.gaps[end - 1] if end else "")
    if prefix.strip() and not PREFIX_WITH_DAY_RE.search(prefix):
        return Reference(dates.end_of_month(published), False)
    return Reference(published, True)


def _shift_seeds(
    years: list[int], day_seeds: list[Seed], splits: list[tuple[int, list[str]]]
) -> tuple[list[int], list[Seed]]:
    """Year positions and day seeds after splitting the tokens at ``splits`` (old index, parts).

    The years of a split range join ``years``, which stays sorted.
    """
    starts = [i for i, _ in splits]
    added = list(accumulate(len(parts) - 1 for _, parts in splits))

    def moved(i: int) -> int:
        k = bisect_left(starts, i)
        return i + (added[k - 1] if k else 0)

    shifted_years = [moved(i) for i in years]
    for i, parts in splits:
        first = moved(i)
        shifted_years.append(first)
        if len(parts[-1]) == 4:
            shifted_years.append(first + 2)
    shifted_years.sort()
    shifted_days = [(label, moved(s), moved(e - 1) + 1) for label, s, e in day_seeds]
    return shifted_years, shifted_days


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
        """Word sets, the relative phrases, the day finder, the anchor code memo."""
        words: dict[str, set[tuple[str, ...]]] = {}
        for entry in self.entries["year_context"]:
            for word in entry.words:
                words.setdefault(entry.kind, set()).add(tuple(t.lower_ for t in self.nlp.make_doc(word)))
        single = {kind: {w[0] for w in ws if len(w) == 1} for kind, ws in words.items()}
        self.cues = single.get("cue", set())
        self.count_nouns = single.get("count_noun", set())
        self.connectors = single.get("connector", set())
        self.comparisons = frozenset(single.get("comparison", set()))
        self.hedges = frozenset(words.get("hedge", set()))
        self.blockers = self.hedges | words.get("code_word", set()) | words.get("determiner", set())
        self.window = max((len(p) for p in self.blockers), default=0)
        #: the words a blocker or hedge can end with: most years follow none of them
        self.blocker_ends = frozenset(p[-1] for p in self.blockers if p)
        self.relative: dict[tuple[str, ...], RelativeYearEntry] = {}
        for entry in self.entries["relative_years"]:
            self.relative[tuple(t.lower_ for t in self.nlp.make_doc(entry.phrase))] = entry
        self.relative_phrases = LowerPhrases((phrase, RELATIVE_YEAR) for phrase in self.relative)
        self.day_finder = finder = DayFinder(self.nlp, self.entries["date_phrases"])
        #: day phrases and relative phrases, found in one look-up at each phrase end
        self.phrases = LowerPhrases([*finder.phrase_labels, *((p, RELATIVE_YEAR) for p in self.relative)])
        #: lower-cased words that anchor a mention without digits -> what they anchor
        self.word_codes = finder.word_codes()
        for word in self.relative_phrases.by_last:
            self.word_codes[word] = self.word_codes.get(word, 0) | PHRASE_END
        vocab = self.nlp.vocab
        #: text -> spaCy's LIKE_NUM of it, asked of the first word of relative phrases and range ends
        self.like_num: TextMemo[bool] = TextMemo(lambda text: bool(vocab[text].like_num), MAX_MEMO)
        words = (finder.months, finder.weekdays, finder.day_phrases.by_last, self.relative_phrases.by_last)
        #: what a text anchors (``_anchor_code``), kept per string (``TokenTable.codes``)
        self.anchor_memo = _ANCHOR_MEMOS.setdefault(tuple(map(frozenset, words)), HashMemo(self._anchor_code))

    def __call__(self, doc: Doc) -> Doc:
        table = token_table(doc)
        anchors = self._anchors(table)
        if not anchors:
            set_doc_value(doc, "years", [])
            set_doc_value(doc, "dates", [])
            return doc
        published, body_start = doc_value(doc, "published"), doc_value(doc, "body_start") or 0
        years = [i for i, code in anchors if code & YEAR]
        day_seeds = self.day_finder.seeds(table, anchors)
        ranges = [i for i, code in anchors if code & YEAR_RANGE]
        splits = self._split_year_ranges(doc, table, ranges, body_start) if ranges else []
        if splits:  # tokens were split: positions moved, phrases may be new
            years, day_seeds = _shift_seeds(years, day_seeds, splits)
            table = token_table(doc)
            anchors = self._anchors(table)
        ends = [i for i, code in anchors if code & PHRASE_END]
        relative = []
        if ends:
            for seed in self.phrases.find(table.lowers, ends):
                (relative if seed[0] == RELATIVE_YEAR else day_seeds).append(seed)
        days = []
        if day_seeds:
            reference = publication_reference(table, published, body_start)
            days = self.day_finder.find(table, day_seeds, reference, body_start)
        hits = self._written_years(doc, table, years, body_start) if years else []
        if relative:
            hits += self._relative_years(table, relative, body_start)
        for day in days:
            if day.written_year is not None:  # the year token of "14-03-2022" ends the mention
                hits.append(YearHit(day.end - 1, day.end, day.written_year))
        resolved = self._resolve(doc, table, hits, published) if hits else []
        set_doc_value(doc, "years", self._year_spans(doc, table, resolved))
        set_doc_value(doc, "dates", self._date_spans(doc, table, days))
        if published is None and any(h.relative and h.date is None for h in days):
            self._warn_once(doc, NO_PUBLICATION_DATES)
        return doc

    # --- anchors ---------------------------------------------------------------------

    def _anchors(self, table: TokenTable) -> list[tuple[int, int]]:
        """(position, anchor code) of the tokens that anchor something, in text order."""
        codes = table.codes(self.anchor_memo)
        positions = codes.nonzero()[0]
        return list(zip(positions.tolist(), codes.take(positions).tolist(), strict=True))

    def _anchor_code(self, text: str) -> int:
        """What a token with this text anchors, as bits: YEAR, YEAR_RANGE, the day finder's; 0 for most.

        What the old token Matcher patterns tested, from the text alone.
        """
        code = self.word_codes.get(text.lower(), 0)  # the LOWER attribute
        # every shape looked for has digits: most texts need neither a lexeme nor more tests
        if text.isalpha() or not any(map(str.isdigit, text)):
            return code
        shape = self.nlp.vocab[text].shape_
        if is_four_digits(text):
            code |= YEAR
        if shape in YEAR_RANGE_SHAPES:
            code |= YEAR_RANGE
        return code | self.day_finder.shape_code(shape)

    # --- written years ---------------------------------------------------------------

    @staticmethod
    def _quantity_tokens(doc: Doc) -> set[int]:
        return {i for span in doc_value(doc, "quantities") or () for i in range(span.start, span.end)}

    def _written_years(
        self, doc: Doc, table: TokenTable, starts: list[int], body_start: int
    ) -> list[YearHit]:
        blocked: set[int] | None = None  # the tokens of amounts, read at the first year in the body
        hits = []
        for start in starts:
            if table.idx[start] < body_start:
                continue
            if blocked is None:
                blocked = self._quantity_tokens(doc)
            if start in blocked or not self._is_year(doc, table, start):
                continue
            hits.append(YearHit(start, start + 1, int(table.texts[start])))
            second = self._short_second_year(table, start)
            if second is not None:
                hits.append(second)
        return hits

    def _is_year(self, doc: Doc, table: TokenTable, i: int) -> bool:
        """Whether the four-digit token ``i`` is used as a year, judged by its neighbours."""
        if not self.min_year <= int(table.texts[i]) <= self.max_year:
            return False
        # the neighbours' lexical attributes are spaCy's (``lower_``, ``is_digit`` ... are these
        # ``str`` methods), read from the strings: no Lexeme objects
        prev = table.texts[i - 1] if i > 0 else None
        nxt = table.texts[i + 1] if i + 1 < len(table) else None
        if nxt is not None and self._counted(table.lowers[i + 1]):
            return False  # "2000 kilo", "2022 containers"
        if self._counted_range(table, i) or self._preceded_by(table, i, self.blockers):
            return False  # "2000 tot 3000 kilo", "artikel 2000", "ruim 2000", "de 2000"
        cue = prev is None or table.lowers[i - 1] in self.cues or bool(doc[i].is_sent_start)
        if cue:
            return True
        if (prev is not None and prev.isdigit()) or (nxt is not None and nxt.isdigit()):
            return False  # a group of a phone or reference number
        # "2030 Antwerpen", "2011 AB Haarlem": a postcode
        name_follows = nxt is not None and nxt.isalpha() and (nxt.istitle() or nxt.isupper())
        return not (name_follows and not doc[i + 1].is_sent_start)

    def _counted(self, word: str) -> bool:
        return word in self.count_nouns or word.rsplit("-", 1)[-1] in self.count_nouns

    def _counted_range(self, table: TokenTable, i: int) -> bool:
        if i + 3 >= len(table) or table.lowers[i + 1] not in self.connectors:
            return False
        return self.like_num[table.texts[i + 2]] and self._counted(table.lowers[i + 3])

    def _compared(self, table: TokenTable, start: int) -> bool:
        """Is the year at token ``start`` compared with ("meer dan in 2022", "als vorig jaar")?"""
        return not self.comparisons.isdisjoint(table.lowers[max(0, start - 2) : start])

    def _preceded_by(self, table: TokenTable, i: int, phrases: frozenset[tuple[str, ...]]) -> bool:
        """Whether one of ``phrases`` (lower-cased token tuples) ends just before token ``i``.

        ``phrases`` are among ``blockers``, so they end in one of ``blocker_ends``.
        """
        if i == 0 or table.lowers[i - 1] not in self.blocker_ends:
            return False
        before = tuple(table.lowers[max(0, i - self.window) : i])
        return any(before[k:] in phrases for k in range(len(before)))

    def _short_second_year(self, table: TokenTable, i: int) -> YearHit | None:
        """The '22 of "2021/22" or "2021-'22" (split by ``_split_year_ranges``)."""
        if i + 2 >= len(table) or table.texts[i + 1] not in ("-", "/", "–"):
            return None
        match = SHORT_YEAR_RE.match(table.texts[i + 2])
        if match is None:
            return None
        second = self._short_second_year_value(int(table.texts[i]), int(match.group(1)))
        return YearHit(i + 2, i + 3, second) if second is not None else None

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

    def _split_year_ranges(
        self, doc: Doc, table: TokenTable, ranges: list[int], body_start: int
    ) -> list[tuple[int, list[str]]]:
        """Split "2021-2022" into "2021" "-" "2022" so that each year gets its own span.

        spaCy's Dutch tokenizer keeps such ranges as one token, and two spans
        over one token would share their ``span._`` values. Returns the splits
        made, (old position, parts), for ``_shift_seeds``.
        """
        blocked: set[int] | None = None  # the tokens of amounts, read at the first range in the body
        splits = []
        for start in ranges:
            if table.idx[start] < body_start:
                continue  # " date 2023-01"
            parts = self._range_parts(table.texts[start])
            if parts is None:
                continue
            if blocked is None:
                blocked = self._quantity_tokens(doc)
            if start in blocked or (start + 1 < len(table) and self._counted(table.lowers[start + 1])):
                continue
            splits.append((start, parts))
        del splits[max(1, SPLIT_BUDGET // max(1, len(doc))) :]
        if not splits:
            return splits
        tokens = [doc[start] for start, _ in splits]  # taken before the split moves them
        with doc.retokenize() as retokenizer:
            for tok, (_, parts) in zip(tokens, splits, strict=True):
                retokenizer.split(tok, parts, heads=[(tok, 0)] * len(parts))
        reanchor_span_lists(doc)
        return splits

    # --- relative years --------------------------------------------------------------

    def _relative_years(self, table: TokenTable, found: list[Seed], body_start: int) -> list[YearHit]:
        """Year hits for the relative phrases ``found`` (longest first where they overlap)."""
        hits = []
        for _, start, end in longest_first(found):
            if table.idx[start] < body_start:
                continue
            if self.like_num[table.texts[start]] and self._preceded_by(table, start, self.hedges):
                continue  # "ruim twee jaar geleden" is no calendar year; "meer dan vorig jaar" is
            entry = self.relative[tuple(table.lowers[start:end])]
            hits.append(YearHit(start, end, None, entry.anchor, entry.offset))
        return hits

    def _resolve(
        self, doc: Doc, table: TokenTable, hits: list[YearHit], published: dt.date | None
    ) -> list[YearHit]:
        """Resolve relative hits in text order; the resolved ones, sorted."""
        last: int | None = None
        resolved = []
        for hit in sorted(hits, key=_START_END):
            if hit.anchor != "written":
                anchor = last if hit.anchor == "previous" and last is not None else None
                if anchor is None and published is not None:
                    anchor = published.year
                if anchor is None:
                    self._warn_once(doc, NO_PUBLICATION_YEARS)
                    continue
                hit.year = anchor + hit.offset
            if hit.year is not None and MIN_YEAR <= hit.year <= MAX_YEAR:
                if not self._compared(table, hit.start):
                    last = hit.year  # "meer dan in 2022, ... een jaar eerder": 2022 is no anchor
                resolved.append(hit)
        return resolved

    # --- results ---------------------------------------------------------------------

    @staticmethod
    def _year_spans(doc: Doc, table: TokenTable, hits: list[YearHit]) -> list[Span]:
        """The Span of each hit, its ``schema.Year`` set on it: the one Span and record per mention."""
        spans = []
        for hit in hits:
            start, end = hit.start, hit.end
            span = Span(doc, start, end)
            text, relative = table.text(start, end), hit.anchor != "written"
            first, last = span.start_char, span.end_char
            record = Year(text=text, start=first, end=last, year=hit.year, relative=relative)
            set_span_value(span, "year", record)
            spans.append(span)
        return spans

    @staticmethod
    def _date_spans(doc: Doc, table: TokenTable, hits: list[DayHit]) -> list[Span]:
        """The Span of each hit, its ``schema.DateMention`` set on it."""
        spans = []
        for hit in hits:
            start, end = hit.start, hit.end
            span = Span(doc, start, end, label=hit.label)
            text = table.text(start, end)
            record = DateMention(text=text, start=span.start_char, end=span.end_char, date=hit.date)
            set_span_value(span, "date", record)
            spans.append(span)
        return spans

    @staticmethod
    def _warn_once(doc: Doc, message: str) -> None:
        if message not in (doc_value(doc, "warnings") or ()):
            add_warning(doc, message)


#: Sort key of hits: text order.
_START_END = attrgetter("start", "end")


@Language.factory(
    "customs_years",
    default_config={"patterns_path": None, "min_year": 1950, "max_year": 2100},
    assigns=["doc._.years", "doc._.dates", "doc._.warnings"],
)
def make_years(
    nlp: Language, name: str, *, patterns_path: str | None, min_year: int, max_year: int
) -> YearsComponent:
    return YearsComponent(nlp, name, patterns_path=patterns_path, min_year=min_year, max_year=max_year)
