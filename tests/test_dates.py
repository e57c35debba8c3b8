"""customs_years: day mentions (doc._.dates) and the dateparser wrapper in extractor.dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from dateparser.date import DateDataParser

from extractor import dates
from extractor.api import Extractor
from extractor.components.day_mentions import MONTH_NAMES, WEEKDAY_NAMES
from extractor.components.years import NO_PUBLICATION_DATES

PUBLISHED = "2023-01-12"  # a Thursday


def day_mentions(
    extractor: Extractor, text: str, published: str | None = PUBLISHED
) -> list[tuple[str, str | None]]:
    document = extractor.extract(text, published=published)
    return [(d.text, d.date.isoformat() if d.date else None) for d in document.dates]


@pytest.fixture
def parsed_phrases(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every phrase that reaches dateparser while the test runs (caches emptied first)."""
    seen: list[str] = []
    original = DateDataParser.get_date_data

    def spy(self: DateDataParser, date_string: str, date_formats: list[str] | None = None) -> object:
        seen.append(date_string)
        return original(self, date_string, date_formats)

    dates.clear_cache()
    monkeypatch.setattr(DateDataParser, "get_date_data", spy)
    yield seen
    dates.clear_cache()


@pytest.fixture
def resolved_phrases(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every normalised phrase the years component hands to ``dates`` to resolve (rules or dateparser)."""
    seen: list[str] = []
    depth = [0]  # parse_week_day may call parse_date: record the outer call only

    def recording(function: Callable[..., object]) -> Callable[..., object]:
        def spy(phrase: str, *args: object) -> object:
            if not depth[0]:
                seen.append(phrase)
            depth[0] += 1
            try:
                return function(phrase, *args)
            finally:
                depth[0] -= 1

        return spy

    dates.clear_cache()
    for name in ("parse_date", "parse_week_day", "parse_day_month"):
        monkeypatch.setattr(dates, name, recording(getattr(dates, name)))
    yield seen
    monkeypatch.undo()
    dates.clear_cache()


# --- day and month -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Op 14 maart werd de container geopend.", [("14 maart", "2022-03-14")]),
        ("Op 3 januari werd de container geopend.", [("3 januari", "2023-01-03")]),
        ("De lading kwam op 14 maart 2022 aan.", [("14 maart 2022", "2022-03-14")]),
        ("De lading kwam op 14 mrt. aan.", [("14 mrt", "2022-03-14")]),
        ("Sinds 3 sept. 2021 loopt het onderzoek.", [("3 sept. 2021", "2021-09-03")]),
        ("Het schip werd op 1 juni jl. onderschept.", [("1 juni jl", "2022-06-01")]),
        ("Het schip werd op 20 december ll. onderschept.", [("20 december ll.", "2022-12-20")]),
        ("Dinsdag 3 januari viel de douane binnen.", [("Dinsdag 3 januari", "2023-01-03")]),
        (
            "Op 14 en 15 maart 2022 werd er gecontroleerd.",
            [("14", "2022-03-14"), ("15 maart 2022", "2022-03-15")],
        ),
        ("In de nacht van 3 op 4 januari werd ingegrepen.", [("4 januari", "2023-01-04")]),
    ],
)
def test_day_and_month(extractor: Extractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert day_mentions(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Op 14-03-2022 werd de lading onderschept.", [("14-03-2022", "2022-03-14")]),
        ("Op 14/3/2022 werd de lading onderschept.", [("14/3/2022", "2022-03-14")]),
        ("Op 14.03.2022 werd de lading onderschept.", [("14.03.2022", "2022-03-14")]),
        ("Op 03-04-2022 werd de lading onderschept.", [("03-04-2022", "2022-04-03")]),
        ("Het pv van 2022-03-14 vermeldt de vondst.", [("2022-03-14", "2022-03-14")]),
        ("Op vrijdag 13-01-2023 volgde een tweede vangst.", [("vrijdag 13-01-2023", "2023-01-13")]),
    ],
)
def test_numeric_dates(extractor: Extractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert day_mentions(extractor, text) == expected


def test_impossible_numeric_date_is_no_date(extractor: Extractor) -> None:
    assert day_mentions(extractor, "Referentie 45-13-2022 staat op de factuur.") == []


# --- weekdays ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Maandag werd de container gescand.", [("Maandag", "2023-01-09")]),
        ("De douane greep vrijdag in.", [("vrijdag", "2023-01-06")]),
        ("Zondag werd de loods doorzocht.", [("Zondag", "2023-01-08")]),
        ("Donderdag maakte de douane de vangst bekend.", [("Donderdag", "2023-01-12")]),
        ("Dinsdagavond viel de politie binnen.", [("Dinsdagavond", "2023-01-10")]),
        ("Woensdagnacht werd de man opgepakt.", [("Woensdagnacht", "2023-01-11")]),
        ("Vrijdagochtend kwam het schip aan.", [("Vrijdagochtend", "2023-01-06")]),
        ("Zaterdagmiddag werd de lading gelost.", [("Zaterdagmiddag", "2023-01-07")]),
        ("Maandagnamiddag volgde een tweede actie.", [("Maandagnamiddag", "2023-01-09")]),
        ("Afgelopen vrijdag werd een container onderschept.", [("Afgelopen vrijdag", "2023-01-06")]),
        ("Afgelopen donderdag werd een container onderschept.", [("Afgelopen donderdag", "2023-01-05")]),
        ("De vangst werd voorbije zaterdag gedaan.", [("voorbije zaterdag", "2023-01-07")]),
        ("Vorige week woensdag werd de loods doorzocht.", [("Vorige week woensdag", "2023-01-04")]),
        ("Woensdag vorige week werd de loods doorzocht.", [("Woensdag vorige week", "2023-01-04")]),
        ("Komende maandag volgt de rechtszaak.", [("Komende maandag", "2023-01-16")]),
        ("Volgende week dinsdag volgt de rechtszaak.", [("Volgende week dinsdag", "2023-01-17")]),
        (
            "In de nacht van maandag op dinsdag werd ingebroken.",
            [("nacht van maandag op dinsdag", "2023-01-10")],
        ),
        (
            "In de nacht van woensdag op donderdag werd ingebroken.",
            [("nacht van woensdag op donderdag", "2023-01-12")],
        ),
        ("Zaterdag en zondag werd er gecontroleerd.", [("Zaterdag", "2023-01-07"), ("zondag", "2023-01-08")]),
    ],
)
def test_weekdays(extractor: Extractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert day_mentions(extractor, text) == expected


def test_recurring_weekdays_are_no_dates(extractor: Extractor) -> None:
    assert day_mentions(extractor, "Elke maandag en iedere vrijdagavond controleert de douane.") == []


def test_weekday_next_to_day_and_month_picks_the_year(extractor: Extractor) -> None:
    # published 1 January 2023: "3 januari" alone is 3 January 2022, a Monday; "dinsdag" says 2023
    assert day_mentions(extractor, "Dinsdag 3 januari volgt de zitting.", published="2023-01-01") == [
        ("Dinsdag 3 januari", "2023-01-03")
    ]


# --- day words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gisteren werd de lading onderschept.", [("Gisteren", "2023-01-11")]),
        ("Eergisteren werd de lading onderschept.", [("Eergisteren", "2023-01-10")]),
        ("De douane maakte vandaag de cijfers bekend.", [("vandaag", "2023-01-12")]),
        ("Vanochtend viel de politie binnen.", [("Vanochtend", "2023-01-12")]),
        ("Gisteravond werd een man opgepakt.", [("Gisteravond", "2023-01-11")]),
        ("Afgelopen weekend werd 500 kilo gevonden.", [("Afgelopen weekend", "2023-01-07")]),
        ("Het voorbije weekend werd 500 kilo gevonden.", [("voorbije weekend", "2023-01-07")]),
        ("Vannacht werd een container opengebroken.", [("Vannacht", "2023-01-12")]),
    ],
)
def test_day_words(extractor: Extractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert day_mentions(extractor, text) == expected


def test_vandaag_de_dag_is_no_date(extractor: Extractor) -> None:
    assert day_mentions(extractor, "Vandaag de dag wordt elke container gescand.") == []


# --- normalisation before dateparser -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Woensdagnacht werd de man opgepakt.", "woensdag"),
        ("Zaterdagmiddag werd de lading gelost.", "zaterdag"),
        ("In de nacht van maandag op dinsdag werd ingebroken.", "dinsdag"),
        ("Afgelopen vrijdag werd ingegrepen.", "vrijdag"),
        ("Gisteravond werd een man opgepakt.", "gisteren"),
        ("Afgelopen weekend werd 500 kilo gevonden.", "zaterdag"),
        ("Sinds 3 sept. 2021 loopt het onderzoek.", "3 september 2021"),
        ("De lading kwam op 14 mrt. aan.", "14 maart"),
        ("Op 14-03-2022 werd de lading onderschept.", "14 maart 2022"),
    ],
)
def test_spans_are_normalised_before_dateparser(
    extractor: Extractor, resolved_phrases: list[str], text: str, phrase: str
) -> None:
    extractor.extract(text, published=PUBLISHED)
    assert resolved_phrases == [phrase]


def test_dateparser_never_sees_the_whole_text(extractor: Extractor, parsed_phrases: list[str]) -> None:
    extractor.extract("In 2021 en vorig jaar werd veel gevonden, gisteren nog 40 kilo.", published=PUBLISHED)
    assert parsed_phrases == ["gisteren"]


def test_same_phrase_is_parsed_once(extractor: Extractor, parsed_phrases: list[str]) -> None:
    text = "Gisteren werd 40 kilo gevonden. Ook gisteren werd 10 kilo gevonden. Gisteren was druk."
    assert [d for _, d in day_mentions(extractor, text)] == ["2023-01-11"] * 3
    extractor.extract(text, published=PUBLISHED)
    assert parsed_phrases == ["gisteren"]


def test_parse_date_cache_is_keyed_by_phrase_and_date() -> None:
    dates.clear_cache()
    base = dt.date(2023, 1, 12)
    assert dates.parse_date("14 maart", base) == dt.date(2022, 3, 14)
    assert dates.parse_date("14 maart", base) == dt.date(2022, 3, 14)
    assert dates.parse_date("14 maart", dt.date(2023, 6, 1)) == dt.date(2023, 3, 14)
    info = dates.parse_date.cache_info()
    assert (info.hits, info.misses) == (1, 2)


def test_parse_date_gives_none_for_nonsense() -> None:
    assert dates.parse_date("geen datum", dt.date(2023, 1, 12)) is None


#: Reference dates around year ends, leap days and the ends of the supported range.
SHIFT_BASES = [
    dt.date(2023, 1, 12),
    dt.date(2024, 2, 29),
    dt.date(2024, 3, 1),
    dt.date(2023, 12, 31),
    dt.date(2021, 1, 1),
    dt.date(2022, 3, 14),
    dt.date(1901, 1, 3),
    dt.date(1900, 1, 2),
    dt.date(2100, 12, 30),
]


def test_shifted_answers_equal_dateparser_for_each_reference_date() -> None:
    """The weekday and day-month rules, and shifts learned per weekday, give dateparser's answer."""
    dates.clear_cache()
    for base in SHIFT_BASES:
        for name in ("vrijdag", "maandag", "zondag"):
            weekday = dates.parse_date.__wrapped__(name, base)
            assert dates.parse_week_day(name, base, WEEKDAY_NAMES.index(name)) == weekday, (name, base)
        assert dates.parse_week_day("gisteren", base) == dates.parse_date.__wrapped__("gisteren", base)
        for day, month in ((14, 3), (12, 1), (31, 12), (1, 1), (29, 2), (31, 4)):
            phrase = f"{day} {MONTH_NAMES[month - 1]}"
            found = dates.parse_day_month(phrase, day, month, base)
            assert found == dates.parse_date.__wrapped__(phrase, base), (phrase, base)


def test_dateparser_is_not_asked_for_weekdays_and_days_of_a_month(parsed_phrases: list[str]) -> None:
    """A weekday or a day and month follows a fixed rule; 'gisteren' is parsed once per weekday."""
    thursdays = [dt.date(2023, 1, 12) + dt.timedelta(weeks=n) for n in range(40)]
    assert [dates.parse_week_day("vrijdag", day, 4) for day in thursdays] == [
        day - dt.timedelta(days=6) for day in thursdays
    ]
    march = [dates.parse_day_month("14 maart", 14, 3, day) for day in thursdays[:3]]
    assert march == [dt.date(2022, 3, 14)] * 3
    yesterdays = [dates.parse_week_day("gisteren", day) for day in thursdays[:3]]
    assert yesterdays == [day - dt.timedelta(days=1) for day in thursdays[:3]]
    assert parsed_phrases == ["gisteren"]


# --- publication date --------------------------------------------------------------------


def test_without_publication_date_relative_days_stay_unresolved(extractor: Extractor) -> None:
    text = "Vrijdag en op 14 maart werd gecontroleerd, net als op 14 maart 2022 en 03-04-2022."
    document = extractor.extract(text)
    assert [(d.text, d.date) for d in document.dates] == [
        ("Vrijdag", None),
        ("14 maart", None),
        ("14 maart 2022", dt.date(2022, 3, 14)),
        ("03-04-2022", dt.date(2022, 4, 3)),
    ]
    assert document.warnings.count(NO_PUBLICATION_DATES) == 1


def test_month_only_prefix_resolves_within_that_month(extractor: Extractor) -> None:
    # ' date 2023-01': the day is unknown, so "vrijdag" and "3 januari" stay in January 2023
    text = " date 2023-01 Vrijdag en op 3 januari werd gecontroleerd, ook op 14 maart."
    assert day_mentions(extractor, text, published=None) == [
        ("Vrijdag", "2023-01-27"),
        ("3 januari", "2023-01-03"),
        ("14 maart", "2022-03-14"),
    ]


def test_day_prefix_is_the_exact_publication_day(extractor: Extractor) -> None:
    text = " date 2023-01-12 Gisteren werd de lading onderschept."
    assert day_mentions(extractor, text, published=None) == [("Gisteren", "2023-01-11")]


def test_dates_in_the_prefix_are_ignored(extractor: Extractor) -> None:
    document = extractor.extract(" date 2023-01-12 Er werd niets gevonden.")
    assert document.dates == [] and document.years == []


# --- dates and years ---------------------------------------------------------------------


def test_dates_add_a_year_only_when_it_is_written(extractor: Extractor) -> None:
    text = "Op 14 maart en vrijdag werd gecontroleerd, op 14 maart 2022 en 03-04-2021 ook."
    document = extractor.extract(text, published=PUBLISHED)
    assert [(y.text, y.year, y.relative) for y in document.years] == [
        ("2022", 2022, False),
        ("03-04-2021", 2021, False),
    ]
    assert len(document.dates) == 4


def test_helpers_for_reference_dates() -> None:
    thursday = dt.date(2023, 1, 12)
    assert dates.end_of_month(dt.date(2024, 2, 1)) == dt.date(2024, 2, 29)
    assert dates.start_of_week(thursday) == dt.date(2023, 1, 9)
    assert dates.match_weekday(dt.date(2022, 1, 3), 1, dt.date(2023, 1, 1)) == dt.date(2023, 1, 3)
    assert dates.match_weekday(dt.date(2022, 1, 3), 0, dt.date(2023, 1, 1)) == dt.date(2022, 1, 3)
