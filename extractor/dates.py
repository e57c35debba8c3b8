"""Resolving day phrases with dateparser, and the reference dates they resolve against.

The years component finds candidate spans with rules and normalises each one
to a phrase dateparser understands ("woensdagnacht" -> "woensdag"); only those
phrases reach dateparser, never the whole text. Press texts report past
events, so parsing prefers the past: "14 maart" in a text published in January
2023 is 14 March 2022.

dateparser takes ``RELATIVE_BASE`` only when a parser is built, so there is one
``DateDataParser`` per reference date, built once and reused for every phrase
resolved against that date; results are cached per (phrase, reference date).
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

from dateparser.date import DateDataParser

from extractor.schema import MAX_YEAR, MIN_YEAR

#: Settings shared by every parser: Dutch day-month order, past preferred.
PARSER_SETTINGS: dict[str, object] = {
    "PREFER_DATES_FROM": "past",
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_TIME_AS_PERIOD": False,
}


@lru_cache(maxsize=64)
def _parser(base: dt.date | None) -> DateDataParser:
    """The Dutch parser for one reference date (None: dateparser's own 'now')."""
    settings = dict(PARSER_SETTINGS)
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["nl"], settings=settings)


@lru_cache(maxsize=8192)
def parse_date(phrase: str, base: dt.date | None) -> dt.date | None:
    """The day ``phrase`` names, seen from ``base``; None when dateparser cannot tell.

    ``phrase`` must already be normalised (lower case, no compounds); ``base``
    may be None only for phrases that carry their own year.
    """
    result = _parser(base).get_date_data(phrase)
    if result is None or result.date_obj is None:
        return None
    day = result.date_obj.date()
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def clear_cache() -> None:
    """Forget cached parses and parsers (tests; long-running jobs with many dates)."""
    parse_date.cache_clear()
    _parser.cache_clear()


def end_of_month(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def start_of_week(day: dt.date) -> dt.date:
    """The Monday of ``day``'s (ISO) week."""
    return day - dt.timedelta(days=day.weekday())


def previous_week_base(day: dt.date) -> dt.date:
    """Reference date under which 'woensdag' (past preferred) is Wednesday of the week before ``day``'s.

    dateparser resolves a weekday to the last such day strictly before its
    reference date, so the Monday of this week gives a day of last week.
    """
    return start_of_week(day)


def next_week_base(day: dt.date) -> dt.date:
    """Reference date under which 'woensdag' (past preferred) is Wednesday of the week after ``day``'s."""
    return start_of_week(day) + dt.timedelta(days=14)


def coming_day_base(day: dt.date) -> dt.date:
    """Reference date under which 'vrijdag' (past preferred) is the first Friday after ``day``."""
    return day + dt.timedelta(days=8)


def match_weekday(day: dt.date, weekday: int, base: dt.date) -> dt.date:
    """``day`` moved by a year when the written weekday says so ('dinsdag 3 januari').

    A day and month without a year get their year from the reference date; if
    the weekday written next to them does not fit that year but fits the year
    before or after, that year is meant.
    """
    if day.weekday() == weekday:
        return day
    candidates = []
    for shift in (-1, 1):
        try:
            moved = day.replace(year=day.year + shift)
        except ValueError:  # 29 February
            continue
        if moved.weekday() == weekday:
            candidates.append(moved)
    if not candidates:
        return day
    return min(candidates, key=lambda d: (abs((d - base).days), d > base))
