"""customs_years: written and relative years (doc._.years), run through the real pipeline."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from spacy.language import Language

from extractor.api import Extractor
from extractor.components.years import NO_PUBLICATION_YEARS, YearsComponent
from extractor.pipeline import create_pipeline
from extractor.resources import PatternFileError, default_patterns_dir

PUBLISHED = "2023-01-12"  # a Thursday
SEED = Path("/work/shared/eval/dev/texts/seed-001.txt")
CASES = Path(__file__).parent / "cases" / "years.jsonl"


def years(extractor: Extractor, text: str, published: str | None = PUBLISHED) -> list[tuple[str, int]]:
    return [(y.text, y.year) for y in extractor.extract(text, published=published).years]


def year_values(extractor: Extractor, text: str, published: str | None = PUBLISHED) -> list[int]:
    return [year for _, year in years(extractor, text, published)]


# --- the seed text -----------------------------------------------------------------------


@pytest.mark.skipif(not SEED.is_file(), reason="shared eval data not available")
def test_seed_text_gives_2021_and_2022(extractor: Extractor) -> None:
    document = extractor.extract(SEED.read_text(encoding="utf-8"))
    assert {y.year for y in document.years} == {2021, 2022}
    relative = [(y.text, y.year) for y in document.years if y.relative]
    assert relative == [("vorig jaar", 2022), ("vorig jaar", 2022)]
    assert not any("jaren" in y.text for y in document.years)


# --- written years -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2021 vond de douane 89,5 ton cocaïne.", [("2021", 2021)]),
        ("2022 was een recordjaar voor de douane.", [("2022", 2022)]),
        ("Het jaar 2019 bleef rustig in de haven.", [("2019", 2019)]),
        ("In 2021 en 2022 steeg de hoeveelheid.", [("2021", 2021), ("2022", 2022)]),
        ("De jaarcijfers 2022 van de douane zijn bekend.", [("2022", 2022)]),
        ("Sinds 2019 werkt de haven met scanners.", [("2019", 2019)]),
        ("Op 14 maart 2022 werd de lading onderschept.", [("2022", 2022)]),
        ("Eind 2021 en begin 2022 liep het aantal vangsten op.", [("2021", 2021), ("2022", 2022)]),
        ("Het rapport (2022) noemt de Antwerpse haven.", [("2022", 2022)]),
        ("In 2030 moet de haven klimaatneutraal zijn.", [("2030", 2030)]),
    ],
)
def test_written_years(extractor: Extractor, text: str, expected: list[tuple[str, int]]) -> None:
    assert years(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De cijfers over 2021-2022 zijn gunstig.", [("2021", 2021), ("2022", 2022)]),
        ("Het boekjaar 2021/2022 sloot positief af.", [("2021", 2021), ("2022", 2022)]),
        ("In het seizoen 2021/22 liep dat op.", [("2021", 2021), ("22", 2022)]),
        ("Het seizoen 2021-'22 was uitzonderlijk.", [("2021", 2021), ("'22", 2022)]),
        ("Van 2019 tot 2021 liep het onderzoek.", [("2019", 2019), ("2021", 2021)]),
    ],
)
def test_year_ranges_give_both_years(
    extractor: Extractor, text: str, expected: list[tuple[str, int]]
) -> None:
    assert years(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "De douane vond 2000 kilo cocaïne in de container.",
        "Er werden 2022 containers gecontroleerd.",
        "Ze vonden 1990 pakketten met xtc-pillen.",
        "De verdachte container MSCU1234567 werd gescand.",
        "Bel het nummer 0475 12 34 56 voor meer informatie.",
        "Op grond van artikel 2000 van het wetboek volgt een boete.",
        "In totaal ging het om 2.022 kilo hasj.",
        "Er lagen ruim 2000 pillen en zo'n 1980 sigaretten in de auto.",
        "De 2000 pakketten kwamen uit Ecuador.",
        "Het bedrijf is gevestigd aan de Noorderlaan 147, 2030 Antwerpen.",
        "Het kantoor ligt op de Kleine Houtweg, 2011 AB Haarlem.",
        "Het schip vertrok om 2030 uur uit de haven.",
        "Er werd tussen 2000 en 3000 kilo cocaïne verwacht.",
        "De boete bedraagt € 2000 per overtreding.",
        "In 1949 bestond de douanedienst al.",
        "Het plan loopt tot 2101.",
    ],
)
def test_numbers_that_are_not_years(extractor: Extractor, text: str) -> None:
    assert years(extractor, text) == []


def test_numbers_inside_quantities_are_not_years(nlp: Language) -> None:
    doc = nlp.make_doc("Er werd in 2021 een lading van 1990 onderschept.")
    doc = nlp.get_pipe("customs_metadata")(doc)
    doc._.quantities = [doc[6:8]]  # "van 1990", as if the quantities component had found it
    doc = nlp.get_pipe("customs_years")(doc)
    assert [s.text for s in doc._.years] == ["2021"]


def test_splitting_a_range_keeps_other_spans_intact(nlp: Language) -> None:
    doc = nlp.make_doc("In 2021-2022 werd 300 ton cocaïne in Rotterdam onderschept.")
    doc = nlp.get_pipe("customs_metadata")(doc)
    doc._.quantities = [doc[3:5]]
    doc._.ports = [doc[7:8]]
    doc = nlp.get_pipe("customs_years")(doc)
    assert [s.text for s in doc._.years] == ["2021", "2022"]
    assert [s.text for s in doc._.quantities] == ["300 ton"]
    assert [s.text for s in doc._.ports] == ["Rotterdam"]
    assert doc.text == "In 2021-2022 werd 300 ton cocaïne in Rotterdam onderschept."


def test_metadata_prefix_is_not_a_year(extractor: Extractor) -> None:
    text = " date 2023-01 In 2021 werd er minder gevonden dan dit jaar."
    document = extractor.extract(text)
    assert [(y.text, y.year, y.start) for y in document.years] == [("2021", 2021, 17), ("dit jaar", 2023, 50)]


def test_metadata_prefix_on_its_own_line(extractor: Extractor) -> None:
    text = " date 2022-11-30\nVorig jaar werd in Antwerpen 90 ton onderschept."
    assert years(extractor, text, published=None) == [("Vorig jaar", 2021)]


# --- relative years ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vorig jaar werd 110 ton onderschept.", [("Vorig jaar", 2022)]),
        ("Het vorige jaar was rustiger.", [("Het vorige jaar", 2022)]),
        ("Verleden jaar was dat nog anders.", [("Verleden jaar", 2022)]),
        ("Het afgelopen jaar steeg de hoeveelheid.", [("Het afgelopen jaar", 2022)]),
        ("In het voorbije jaar vond de douane meer.", [("het voorbije jaar", 2022)]),
        ("Voorbije jaar lag het lager.", [("Voorbije jaar", 2022)]),
        ("Dit jaar nog komen er scanners bij.", [("Dit jaar nog", 2023)]),
        ("De douane wil dit jaar meer controleren.", [("dit jaar", 2023)]),
        ("Volgend jaar komen er 108 douaniers bij.", [("Volgend jaar", 2024)]),
        ("Komend jaar wordt de terminal uitgebreid.", [("Komend jaar", 2024)]),
        ("Het komende jaar blijft de druk hoog.", [("Het komende jaar", 2024)]),
        ("Twee jaar geleden ging het om 60 ton.", [("Twee jaar geleden", 2021)]),
        ("Dat was drie jaar geleden al zo.", [("drie jaar geleden", 2020)]),
        ("Tien jaar geleden was dat ondenkbaar.", [("Tien jaar geleden", 2013)]),
        ("Eind vorig jaar werd de scanner geplaatst.", [("vorig jaar", 2022)]),
        ("Begin vorig jaar startte het project.", [("vorig jaar", 2022)]),
        ("Halverwege vorig jaar kantelde de trend.", [("vorig jaar", 2022)]),
        ("In de eerste helft van vorig jaar werd 40 ton onderschept.", [("vorig jaar", 2022)]),
    ],
)
def test_relative_years(extractor: Extractor, text: str, expected: list[tuple[str, int]]) -> None:
    document = extractor.extract(text, published=PUBLISHED)
    assert [(y.text, y.year) for y in document.years] == expected
    assert all(y.relative for y in document.years)


@pytest.mark.parametrize(
    "text",
    [
        "Beide diensten blijven samenwerken in de komende jaren.",
        "De voorbije jaren steeg de hoeveelheid cocaïne.",
        "De afgelopen jaren werd er meer gecontroleerd.",
        "Vorige week werd een container onderschept.",
        "Vorige maand vond de douane 2 ton.",
        "De haven kampt al jaren met drugssmokkel.",
        "Dat gebeurde ruim twee jaar geleden.",
        "Dat is meer dan tien jaar geleden.",
        "Het onderzoek duurde twee jaar.",
    ],
)
def test_phrases_that_are_not_calendar_years(extractor: Extractor, text: str) -> None:
    assert years(extractor, text) == []


def test_comparison_with_last_year_is_a_year(extractor: Extractor) -> None:
    text = "Er werd 20 procent meer dan vorig jaar onderschept, bijna dit jaar."
    assert years(extractor, text) == [("vorig jaar", 2022), ("dit jaar", 2023)]


def test_year_later_resolves_against_the_year_named_before(extractor: Extractor) -> None:
    text = "In 2019 werd 30 ton onderschept. Een jaar later was dat al 40 ton."
    assert years(extractor, text) == [("2019", 2019), ("Een jaar later", 2020)]


def test_year_earlier_resolves_against_a_relative_year_before(extractor: Extractor) -> None:
    text = "Vorig jaar werd 110 ton onderschept, een jaar eerder was dat 89 ton en het jaar daarvoor 65 ton."
    assert years(extractor, text) == [
        ("Vorig jaar", 2022),
        ("een jaar eerder", 2021),
        ("het jaar daarvoor", 2020),
    ]


def test_narrative_following_year_counts_from_the_year_named_before(extractor: Extractor) -> None:
    text = "In 2020 startte de samenwerking; het volgende jaar steeg de vangst, meer dan het vorige jaar."
    assert years(extractor, text) == [("2020", 2020), ("het volgende jaar", 2021), ("het vorige jaar", 2020)]


def test_year_earlier_without_a_year_before_uses_the_publication_year(extractor: Extractor) -> None:
    assert years(extractor, "Een jaar eerder lag dat cijfer lager.") == [("Een jaar eerder", 2022)]


def test_year_later_after_a_written_year_needs_no_publication_date(extractor: Extractor) -> None:
    document = extractor.extract(
        "In 2019 begon het onderzoek. Het jaar daarop volgden de eerste arrestaties."
    )
    assert [(y.text, y.year) for y in document.years] == [("2019", 2019), ("Het jaar daarop", 2020)]
    assert NO_PUBLICATION_YEARS not in document.warnings


def test_relative_years_without_publication_date_warn_once(extractor: Extractor) -> None:
    document = extractor.extract(
        "Vorig jaar werd 110 ton onderschept, dit jaar al 20 ton. In 2021 was dat 89 ton."
    )
    assert [(y.text, y.year) for y in document.years] == [("2021", 2021)]
    assert document.warnings.count(NO_PUBLICATION_YEARS) == 1


def test_no_warning_when_everything_resolves(extractor: Extractor) -> None:
    document = extractor.extract("Vorig jaar werd 110 ton onderschept.", published=PUBLISHED)
    assert NO_PUBLICATION_YEARS not in document.warnings


def test_year_records_have_exact_offsets(extractor: Extractor) -> None:
    text = "Ook vorig jaar en in 2021 werd er veel gevonden."
    for year in extractor.extract(text, published=PUBLISHED).years:
        assert text[year.start : year.end] == year.text


# --- configuration and pattern files -----------------------------------------------------


def test_year_range_is_configurable() -> None:
    nlp = create_pipeline(config={"customs_years": {"min_year": 1900}})
    doc = nlp("In 1930 bestond de douanepost al.")
    assert [s._.year.year for s in doc._.years] == [1930]


def test_bad_year_range_is_refused(nlp: Language) -> None:
    with pytest.raises(ValueError, match="year range"):
        YearsComponent(nlp, "years", patterns_path=None, min_year=2000, max_year=1990)


def test_bad_pattern_line_names_file_and_line(nlp: Language, tmp_path: Path) -> None:
    for name in ("relative_years.jsonl", "year_context.jsonl", "date_phrases.jsonl"):
        shutil.copy(default_patterns_dir() / name, tmp_path / name)
    (tmp_path / "relative_years.jsonl").write_text(
        "# test\n" + json.dumps({"phrase": "vorig jaar", "offset": "veel"}) + "\n", encoding="utf-8"
    )
    with pytest.raises(PatternFileError, match=r"relative_years\.jsonl:2: offset"):
        YearsComponent(nlp, "years", patterns_path=str(tmp_path), min_year=1950, max_year=2100)


def test_component_round_trips_through_disk(nlp: Language, tmp_path: Path) -> None:
    component = nlp.get_pipe("customs_years")
    component.to_disk(tmp_path)
    copy = YearsComponent(nlp, "copy", patterns_path=None, min_year=1950, max_year=2100).from_disk(tmp_path)
    assert len(copy.entries["relative_years"]) == len(component.entries["relative_years"])
    doc = nlp.make_doc("Vorig jaar en in 2021.")
    doc._.published = dt.date(2023, 1, 12)
    assert [s._.year.year for s in copy(doc)._.years] == [2022, 2021]


# --- the case file -----------------------------------------------------------------------


def _cases() -> list:
    cases = []
    for number, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        case = json.loads(line)
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        cases.append(pytest.param(case, id=f"line{number}", marks=marks))
    return cases


@pytest.mark.parametrize("case", _cases())
def test_year_cases(extractor: Extractor, case: dict) -> None:
    document = extractor.extract(case["text"], published=case.get("published"))
    assert [[y.text, y.year] for y in document.years] == case["years"]
    if "dates" in case:
        assert [[d.text, d.date.isoformat() if d.date else None] for d in document.dates] == case["dates"]


def test_case_file_is_big_enough() -> None:
    assert len(_cases()) >= 40
