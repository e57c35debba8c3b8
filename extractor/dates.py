"""Resolving day phrases with dateparser, and the reference dates they resolve against.

The years component finds candidate spans with rules and normalises each one
to a phrase dateparser understands ("woensdagnacht" -> "woensdag"); only those
phrases reach dateparser, never the whole text. Press texts report past
events, so parsing prefers the past: "14 maart" in a text published in January
2023 is 14 March 2022.

dateparser takes ``RELATIVE_BASE`` only when a parser is built, so there is one
``DateDataParser`` per reference date, built once and reused for every phrase
resolved against that date; results are cached per (phrase, reference date).

A press archive has a different publication date on nearly every text, so
that cache alone rarely hits, and a dateparser call costs as much as the
whole pipeline on a short text (the first one also compiles ~600 regexes,
~0.1 s of a one-file run). The two kinds of phrase that make up most day
mentions follow fixed rules, the ones dateparser applies with the past
preferred (tests/test_dates.py checks them against dateparser): a weekday
name is the last such day strictly before the reference date
(``parse_week_day``); "14 maart" is in the reference year unless that day
comes after the reference date, then in the year before
(``parse_day_month``). Other relative days ("gisteren") name the same number
of days back from every date on the same weekday: dateparser is asked once
per phrase and weekday and its answer moved to the other dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from extractor.schema import MAX_YEAR, MIN_YEAR

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

#: Settings shared by every parser: Dutch day-month order, past preferred.
PARSER_SETTINGS: dict[str, object] = {
    "PREFER_DATES_FROM": "past",
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_TIME_AS_PERIOD": False,
}


#: Reference years whose dates reuse a shift learned from dateparser; results stay well inside
#: MIN_YEAR-MAX_YEAR. Other dates are always parsed themselves.
SHIFT_YEARS = range(MIN_YEAR + 1, MAX_YEAR)

#: Days per month in a year without 29 February (index 1-12).
COMMON_YEAR = (0, *(calendar.monthrange(2001, month)[1] for month in range(1, 13)))
#: (phrase, weekday of the reference date) -> days from the reference date to the day named.
_WEEK_SHIFTS: dict[tuple[str, int], int] = {}
#: Side of the reference day a named day and month fall on (-1 before, 0 on it, 1 after) ->
#: years from the reference year to the year meant (past preferred: only a later day moves back).
YEAR_SHIFTS: dict[int, int] = {-1: 0, 0: 0, 1: -1}


@lru_cache(maxsize=64)
def _parser(base: dt.date | None) -> DateDataParser:
    """The Dutch parser for one reference date (None: dateparser's own 'now')."""
    from dateparser.date import DateDataParser  # imported on first use: ~35 ms of start-up

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
    return _in_range(result.date_obj.date())


def _in_range(day: dt.date) -> dt.date | None:
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def parse_week_day(phrase: str, base: dt.date, weekday: int | None = None) -> dt.date | None:
    """``parse_date(phrase, base)`` for a phrase naming a day by weekday or days back ("vrijdag", "gisteren").

    Only for such phrases. A weekday name (``weekday``: the day it names,
    0 = Monday) is the last such day strictly before ``base``: no dateparser
    call. For other phrases the answer is the same number of days before
    every ``base`` on the same weekday, so dateparser is asked once per
    phrase and weekday.
    """
    if base.year not in SHIFT_YEARS:
        return parse_date(phrase, base)
    if weekday is not None:
        return _in_range(base - dt.timedelta(days=(base.weekday() - weekday) % 7 or 7))
    key = (phrase, base.weekday())
    shift = _WEEK_SHIFTS.get(key)
    if shift is not None:
        return _in_range(base + dt.timedelta(days=shift))
    day = parse_date(phrase, base)
    if day is not None:
        _WEEK_SHIFTS[key] = (day - base).days
    return day


def parse_day_month(phrase: str, day: int, month: int, base: dt.date) -> dt.date | None:
    """``parse_date(phrase, base)`` for ``phrase`` naming ``day`` ``month`` without a year ("14 maart").

    The day in the year of ``base``, or in the year before when it would come
    after ``base`` (``YEAR_SHIFTS``): no dateparser call. Days not in every
    year (29 February) and days that do not exist go to dateparser.
    """
    if base.year not in SHIFT_YEARS or not 1 <= month <= 12 or not 1 <= day <= COMMON_YEAR[month]:
        return parse_date(phrase, base)
    named, today = (month, day), (base.month, base.day)
    side = (named > today) - (named < today)
    return _in_range(dt.date(base.year + YEAR_SHIFTS[side], month, day))


def clear_cache() -> None:
    """Forget cached parses, shifts and parsers (tests; long-running jobs with many dates)."""
    parse_date.cache_clear()
    _parser.cache_clear()
    _WEEK_SHIFTS.clear()


@lru_cache(maxsize=4096)
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
