"""The customs_quantities component on composed Dutch press sentences."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from number_samples import VARIED_TOKENS
from spacy.language import Language

from extractor.api import Extractor
from extractor.pipeline import create_pipeline
from extractor.resources import PatternFileError, default_patterns_dir
from extractor.schema import Qualifier, Quantity, Unit

CASES_FILE = Path(__file__).parent / "cases" / "quantities.jsonl"
SEED_TEXT = Path("/work/shared/eval/dev/texts/seed-001.txt")


def quantities(nlp: Language, text: str) -> list[Quantity]:
    doc = nlp(text)
    records = [span._.quantity for span in doc._.quantities]
    for span, record in zip(doc._.quantities, records, strict=True):
        assert text[record.start : record.end] == record.text == span.text
        for alternate in record.alternates:
            assert text[alternate.start : alternate.end] == alternate.text
    return records


def summary(records: list[Quantity]) -> list[tuple[str, float, str, str]]:
    return [(q.text, q.value, q.unit.value, q.qualifier.value) for q in records]


# --- the seed text ------------------------------------------------------------------------


@pytest.mark.skipif(not SEED_TEXT.is_file(), reason="shared eval data not available")
def test_seed_text(extractor: Extractor) -> None:
    document = extractor.extract(SEED_TEXT.read_text(encoding="utf-8"))
    assert summary(document.quantities) == [
        ("ruim 160 ton", 160, "t", "more_than"),
        ("110 ton", 110, "t", "exact"),
        ("100 ton", 100, "t", "exact"),
        ("89,5 ton", 89.5, "t", "exact"),
        ("70 ton", 70, "t", "exact"),
        ("ongeveer 50 ton", 50, "t", "approximately"),
        ("160 ton", 160, "t", "exact"),
    ]
    first = document.quantities[0]
    assert [(a.text, a.value, a.unit) for a in first.alternates] == [("160.000 kilo", 160000, Unit.kg)]
    assert first.alternates[0].normalized_value == 160000
    assert all(not q.alternates for q in document.quantities[1:])


# --- records ------------------------------------------------------------------------------


def test_record_fields_and_offsets(nlp: Language) -> None:
    text = "Volgens de douane ging het om ruim 160 ton (oftewel 160.000 kilo) cocaïne."
    [record] = quantities(nlp, text)
    assert record.text == "ruim 160 ton"
    assert (record.start, record.end) == (text.index("ruim"), text.index(" (oftewel"))
    assert (record.value, record.unit, record.qualifier) == (160, Unit.t, Qualifier.more_than)
    assert (record.normalized_value, record.normalized_unit) == (160000, Unit.kg)
    [alternate] = record.alternates
    assert (alternate.text, alternate.start) == ("160.000 kilo", text.index("160.000"))


@pytest.mark.parametrize(
    ("text", "normalized", "unit"),
    [
        ("Er werd 500 gram gevonden.", 0.5, Unit.kg),
        ("Er werd 2,5 ton gevonden.", 2500, Unit.kg),
        ("Er werd 12 kilo gevonden.", 12, Unit.kg),
        ("Er werd 30 liter gevonden.", 30, Unit.l),
        ("Er werden 400 pillen gevonden.", 400, Unit.pieces),
        ("Er werd 3 miljoen euro gevonden.", 3000000, Unit.EUR),
    ],
)
def test_normalized_values(nlp: Language, text: str, normalized: float, unit: Unit) -> None:
    [record] = quantities(nlp, text)
    assert (record.normalized_value, record.normalized_unit) == (normalized, unit)


def test_goods_word_is_not_part_of_a_mass(nlp: Language) -> None:
    assert summary(quantities(nlp, "Er werd 160 ton cocaïne onderschept.")) == [
        ("160 ton", 160, "t", "exact")
    ]


def test_pieces_word_is_the_unit(nlp: Language) -> None:
    assert summary(quantities(nlp, "Ze vonden 2 miljoen sigaretten.")) == [
        ("2 miljoen sigaretten", 2000000, "pieces", "exact")
    ]


# --- capitalisation and punctuation -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ruim 2 Ton werd gevonden.", ("Ruim 2 Ton", 2, "t", "more_than")),
        ("ER WERD 5 KILO GEVONDEN.", ("5 KILO", 5, "kg", "exact")),
        ("Er werd 5 KG gevonden.", ("5 KG", 5, "kg", "exact")),
        ("ONGEVEER 3 TON lag in de loods.", ("ONGEVEER 3 TON", 3, "t", "approximately")),
        ("Honderden Kilo's werden vernietigd.", ("Honderden Kilo's", 100, "kg", "vague")),
        ("De waarde: EUR 400.000.", ("EUR 400.000", 400000, "EUR", "exact")),
        ("Drie Miljoen Euro lag in de kluis.", ("Drie Miljoen Euro", 3000000, "EUR", "exact")),
    ],
)
def test_capitalised_forms(nlp: Language, text: str, expected: tuple) -> None:
    assert summary(quantities(nlp, text)) == [expected]


@pytest.mark.parametrize(
    "text", ["De politie vond 40 kg.", "De politie vond 40kg.", "Het ging om 3 g. Daarna meer."]
)
def test_sentence_final_unit_abbreviation(nlp: Language, text: str) -> None:
    [record] = quantities(nlp, text)
    assert not record.text.endswith(".")
    assert record.unit in (Unit.kg, Unit.g)


def test_sentence_final_unit_keeps_sentences_apart(nlp: Language) -> None:
    doc = nlp("De politie vond 40 kg. Daarna volgde nog 5 kilo.")
    assert len(list(doc.sents)) == 2
    assert [s.text for s in doc._.quantities] == ["40 kg", "5 kilo"]


# --- what is not a quantity ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "De Belgische douane investeert in 108 nieuwe krachten in de haven.",
        "Het project '100 procent risicoscanning' loopt door.",
        "Het aantal controles steeg met 40% en daarna met 4,5%.",
        "Een 34-jarige man uit Breda werd opgepakt.",
        "De man kreeg vier jaar cel en 240 uur taakstraf.",
        "Op 14 maart om 14.30 uur viel de politie binnen.",
        "In 2021 en 2022 werd de haven gecontroleerd.",
        "Er werden 5 verdachten en 12 medeverdachten gearresteerd.",
        "De douane controleerde 109 zendingen en 1.200 containers.",
        "Er werden 3 vrachtwagens, 2 schepen en 14 auto's onderzocht.",
        "Container MSCU1234567 werd gescand; bel 0800-1234.",
        "Het gaat om 2,5 miljoen inwoners.",
        "De kaap van 1 miljoen werd bereikt.",
        "Er werden kilo's cocaïne gevonden.",
        "Tientallen agenten en honderden douaniers waren betrokken.",
        "De 5G-mast werd op 5 april geplaatst.",
        "Er werd een wapen en een plant gevonden.",
        "Er werd 2 miljoen dollar witgewassen.",
    ],
)
def test_not_quantities(nlp: Language, text: str) -> None:
    assert quantities(nlp, text) == []


def test_prefix_is_ignored(nlp: Language) -> None:
    text = " date 2023-01 5 kilo cocaïne werd gevonden."
    assert summary(quantities(nlp, text)) == [("5 kilo", 5, "kg", "exact")]


def test_matches_before_body_start_are_ignored(nlp: Language) -> None:
    doc = nlp.make_doc("5 kilo hier en 3 kilo daar")
    doc._.body_start = 7
    doc = nlp.get_pipe("customs_quantities")(doc)
    assert [s.text for s in doc._.quantities] == ["3 kilo"]


def test_empty_and_unit_only_texts(nlp: Language) -> None:
    component = nlp.get_pipe("customs_quantities")
    assert component(nlp.make_doc(""))._.quantities == []
    assert component(nlp.make_doc("kilo ton euro €"))._.quantities == []


# --- qualifiers and ranges ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Het ging om ongeveer 50 kilo.", "approximately"),
        ("Het ging om om en bij 50 kilo.", "approximately"),
        ("Het ging om ruim 50 kilo.", "more_than"),
        ("Het ging om bijna 50 kilo.", "less_than"),
        ("Het ging om iets minder dan 50 kilo.", "less_than"),
        ("Het ging om minimaal 50 kilo.", "at_least"),
        ("Het ging om tenminste 50 kilo.", "at_least"),
        ("Het ging om ten hoogste 50 kilo.", "at_most"),
        ("Het ging om niet meer dan 50 kilo.", "at_most"),
        ("Het ging om 50 kilo.", "exact"),
    ],
)
def test_qualifiers(nlp: Language, text: str, qualifier: str) -> None:
    [record] = quantities(nlp, text)
    assert record.qualifier.value == qualifier
    assert record.value == 50


def test_tot_after_a_from_amount_is_no_upper_bound(nlp: Language) -> None:
    text = "De vangst ging van 70 ton in 2021 tot 50 ton in 2022."
    assert summary(quantities(nlp, text)) == [("70 ton", 70, "t", "exact"), ("50 ton", 50, "t", "exact")]


def test_tot_alone_is_an_upper_bound(nlp: Language) -> None:
    assert summary(quantities(nlp, "Er staat een boete op tot 40 miljoen euro.")) == [
        ("tot 40 miljoen euro", 40000000, "EUR", "at_most")
    ]


def test_range_with_large_first_number_keeps_it(nlp: Language) -> None:
    text = "De schade bedraagt 500.000 tot 1 miljoen euro."
    assert summary(quantities(nlp, text)) == [
        ("500.000", 500000, "EUR", "exact"),
        ("1 miljoen euro", 1000000, "EUR", "exact"),
    ]


def test_restatement_needs_close_values(nlp: Language) -> None:
    text = "Er lag 2 ton (waarvan 300 kilo heroïne) in de loods."
    records = quantities(nlp, text)
    assert summary(records) == [("2 ton", 2, "t", "exact"), ("300 kilo", 300, "kg", "exact")]
    assert records[0].alternates == []


def test_restatement_across_units_within_rounding(nlp: Language) -> None:
    [record] = quantities(nlp, "Er lag ruim 2 ton (2.400 kilo) in de loods.")
    assert [(a.value, a.unit) for a in record.alternates] == [(2400, Unit.kg)]


# --- the regression cases -----------------------------------------------------------------


def _cases() -> list[Any]:
    params = []
    for number, line in enumerate(CASES_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        case = json.loads(line)
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case, id=f"line{number}", marks=marks))
    return params


def test_case_file_is_large_enough() -> None:
    assert len(_cases()) >= 40


@pytest.mark.parametrize("case", _cases())
def test_case(nlp: Language, case: dict[str, Any]) -> None:
    records = quantities(nlp, case["text"])
    expected = case["quantities"]
    assert summary(records) == [(q["text"], q["value"], q["unit"], q["qualifier"]) for q in expected]
    for record, want in zip(records, expected, strict=True):
        got_alternates = [(a.text, a.value, a.unit.value) for a in record.alternates]
        assert got_alternates == [(a["text"], a["value"], a["unit"]) for a in want.get("alternates", [])]


# --- configuration and serialisation ------------------------------------------------------


def test_to_disk_and_from_disk(nlp: Language, tmp_path: Path) -> None:
    component = nlp.get_pipe("customs_quantities")
    component.to_disk(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} >= {
        "units.jsonl",
        "qualifiers.jsonl",
        "quantity_links.jsonl",
        "number_words.jsonl",
    }
    fresh = create_pipeline(patterns_path=str(default_patterns_dir()))
    fresh.get_pipe("customs_quantities").from_disk(tmp_path)
    assert summary(quantities(fresh, "Er lag ruim 3 ton.")) == [("ruim 3 ton", 3, "t", "more_than")]


def test_custom_patterns_path(tmp_path: Path) -> None:
    for path in default_patterns_dir().glob("*.jsonl"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "units.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"forms": ["zakken"], "unit": "pieces"}\n')
    nlp = create_pipeline(patterns_path=str(tmp_path))
    assert summary(quantities(nlp, "Er werden 40 zakken gevonden.")) == [("40 zakken", 40, "pieces", "exact")]


def test_bad_pattern_line_names_file_and_line(tmp_path: Path) -> None:
    for path in default_patterns_dir().glob("*.jsonl"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "qualifiers.jsonl").write_text(
        '# hedge\n{"phrase": "ruim", "qualifier": "lots"}\n', encoding="utf-8"
    )
    with pytest.raises(PatternFileError, match=r"qualifiers\.jsonl:2"):
        create_pipeline(patterns_path=str(tmp_path))


# --- fast paths agree with the full decisions ---------------------------------------------


def _lone_kind_in_full(component: Any, text: str) -> str | None:
    """``QuantitiesComponent._lone_kind`` without its figure shortcut: every token from its reading."""
    return None if text.lower() in component.units.index else component._reading_kind(text)


def test_lone_kind_agrees_with_the_full_reading(nlp: Language) -> None:
    import itertools

    component = nlp.get_pipe("customs_quantities")
    figures = ["".join(chars) for n in range(1, 7) for chars in itertools.product("019.,", repeat=n)]
    glued = [f"{a}{b}" for a in ("", "€", "EUR", "±", "ca", "A") for b in ("2,5", "160.000", "05")]
    suffixes = ("kg", "KG", "mln", "-jarige", "e", "-350")
    glued += [f"{a}{b}" for a in ("2,5", "160.000", "1234") for b in suffixes]
    for text in [*figures, *glued, *VARIED_TOKENS]:
        assert component._lone_kind(text) == _lone_kind_in_full(component, text), text


def _can_start_in_full(component: Any, text: str) -> bool:
    """``QuantitiesComponent._can_start`` as first written: no test on the last letters."""
    from extractor.numbers import parse_approximate_word, parse_number_word

    lower = text.lower()
    if lower in component.currency_first:
        return True
    if not text.isalpha():
        return any(map(str.isdigit, text))
    if lower in component.start_words:
        return True
    if text.isascii() and not lower.endswith(component.number_endings):
        return False
    lex = component.lexicon
    return parse_number_word(lower, lex) is not None or parse_approximate_word(lower, lex) is not None


def test_can_start_agrees_with_all_its_tests(nlp: Language) -> None:

    component = nlp.get_pipe("customs_quantities")
    lex = component.lexicon
    words = [*component.start_words, *component.number_endings, *component.currency_first]
    words += [*lex.cardinals, *lex.scales, *lex.fractions, *lex.vague, *lex.multipliers]
    affixes = [(a, b) for a in ("", "x", "twee") for b in ("", "s", "e", "tal", "ste")]
    words += [f"{a}{w}{b}" for w in list(words) for a, b in affixes]
    words += [w.upper() for w in words] + [w.title() for w in words]
    words += [*VARIED_TOKENS, "rapporten", "onderzoeken", "tweeëntwintig", "Één", "n", "en", "ën", "a", "é"]
    for word in words:
        assert component._can_start(word) is _can_start_in_full(component, word), word
