"""The customs_officials component: role anchors, name shapes, exclusions, mentions."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from spacy.language import Language

from extractor.api import Extractor
from extractor.components.officials import OfficialsComponent
from extractor.pipeline import create_pipeline
from extractor.resources import PatternFileError, default_patterns_dir
from extractor.schema import Official

CASES_FILE = Path(__file__).parent / "cases" / "officials.jsonl"
SEED = Path("/work/shared/eval/dev/texts/seed-001.txt")


def _cases() -> list:
    params = []
    for lineno, line in enumerate(CASES_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        case = json.loads(line)
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case, id=f"line{lineno}", marks=marks))
    return params


def _officials(extractor: Extractor, text: str) -> list[Official]:
    return extractor.extract(text).officials


def _find(officials: list[Official], name: str) -> Official:
    return next(o for o in officials if o.name == name)


@pytest.mark.parametrize("case", _cases())
def test_case_file(extractor: Extractor, case: dict) -> None:
    found = _officials(extractor, case["text"])
    assert [o.name for o in found] == [e["name"] for e in case["officials"]]
    for expected, official in zip(case["officials"], found, strict=True):
        for key in ("role", "organisation", "country"):
            if key in expected:
                assert getattr(official, key) == expected[key], key
        if "mentions" in expected:
            assert [m.text for m in official.mentions] == expected["mentions"]
        assert case["text"][official.start : official.end] == official.name


def test_case_file_is_large_enough() -> None:
    assert len(_cases()) >= 40


# --- the seed text -------------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.is_file(), reason="shared eval seed not available")
def test_seed_gives_exactly_the_two_officials(extractor: Extractor) -> None:
    text = SEED.read_text(encoding="utf-8")
    found = _officials(extractor, text)
    assert [(o.name, o.role, o.country) for o in found] == [
        ("Vincent Van Peteghem", "minister van Financiën", "BE"),
        ("Aukje de Vries", "staatssecretaris Toeslagen en Douane", "NL"),
    ]
    van_peteghem = found[0]
    assert [m.text for m in van_peteghem.mentions] == ["Vincent Van Peteghem", "Van Peteghem"]
    stelt = text.index("stelt Van Peteghem") + len("stelt ")
    assert van_peteghem.mentions[1].start == stelt
    for official in found:
        assert text[official.start : official.end] == official.name
        for mention in official.mentions:
            assert text[mention.start : mention.end] == mention.text


# --- shapes with exact offsets ---------------------------------------------------------------------


def test_title_before_name_offsets(extractor: Extractor) -> None:
    text = "Volgens de Belgische minister van Financiën Vincent Van Peteghem is dat een record."
    (official,) = _officials(extractor, text)
    start = text.index("Vincent")
    assert (official.start, official.end) == (start, start + len("Vincent Van Peteghem"))
    assert official.role == "minister van Financiën"
    assert official.organisation == "Financiën"
    assert official.country == "BE"
    assert [(m.start, m.end) for m in official.mentions] == [(official.start, official.end)]


def test_portfolio_without_preposition(extractor: Extractor) -> None:
    text = "Ook de Nederlandse staatssecretaris Toeslagen en Douane Aukje de Vries was erbij."
    (official,) = _officials(extractor, text)
    assert (official.name, official.role, official.organisation, official.country) == (
        "Aukje de Vries",
        "staatssecretaris Toeslagen en Douane",
        "Toeslagen en Douane",
        "NL",
    )
    assert official.start == text.index("Aukje")


def test_apposition_after_name(extractor: Extractor) -> None:
    text = "Els Verhoeven, administrateur-generaal van de douane, is tevreden."
    (official,) = _officials(extractor, text)
    assert (official.name, official.start, official.end) == ("Els Verhoeven", 0, len("Els Verhoeven"))
    assert official.role == "administrateur-generaal van de douane"
    assert official.organisation == "douane"


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ('"Dat klopt", aldus woordvoerder Jan Janssen.', "Jan Janssen", "woordvoerder"),
        (
            '"Het onderzoek loopt", zegt officier van justitie Marieke Bos.',
            "Marieke Bos",
            "officier van justitie",
        ),
        (
            "De lading was voor Rotterdam bestemd, laat douanewoordvoerder Pieter Smit weten.",
            "Pieter Smit",
            "douanewoordvoerder",
        ),
        ("Volgens woordvoerster Lies Claes ging het om cocaïne.", "Lies Claes", "woordvoerster"),
    ],
)
def test_quote_attributions(extractor: Extractor, text: str, name: str, role: str) -> None:
    (official,) = _officials(extractor, text)
    assert (official.name, official.role) == (name, role)
    assert text[official.start : official.end] == name


def test_role_in_parentheses(extractor: Extractor) -> None:
    (official,) = _officials(extractor, "Kristof Aerts (woordvoerder van het parket) bevestigt het.")
    assert (official.name, official.role, official.organisation) == (
        "Kristof Aerts",
        "woordvoerder van het parket",
        "parket",
    )


def test_two_officials_in_one_sentence(extractor: Extractor) -> None:
    text = (
        "Dat zeggen de Belgische minister van Justitie Paul Van Tigchelt en de Nederlandse "
        "staatssecretaris van Financiën Aukje de Vries."
    )
    first, second = _officials(extractor, text)
    assert (first.name, first.role, first.country) == ("Paul Van Tigchelt", "minister van Justitie", "BE")
    assert (second.name, second.role, second.country) == (
        "Aukje de Vries",
        "staatssecretaris van Financiën",
        "NL",
    )


def test_organisation_with_bij(extractor: Extractor) -> None:
    text = "Dat zegt officier van justitie bij het Functioneel Parket Marieke Bos."
    (official,) = _officials(extractor, text)
    assert official.name == "Marieke Bos"
    assert official.role == "officier van justitie bij het Functioneel Parket"
    assert official.organisation == "Functioneel Parket"


def test_unnamed_role_then_comma_name(extractor: Extractor) -> None:
    text = "De burgemeester van Antwerpen, Bart De Wever, vraagt meer geld."
    (official,) = _officials(extractor, text)
    assert (official.name, official.role, official.organisation) == (
        "Bart De Wever",
        "burgemeester van Antwerpen",
        "Antwerpen",
    )


# --- names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Bart De Wever",
        "Vincent Van Peteghem",
        "Ellen van der Laan",
        "Jan van den Heuvel",
        "Tom in 't Veld",
        "Peter op de Beeck",
        "J. de Vries",
        "A.J. ter Horst",
        "Dilan Yeşilgöz-Zegerius",
        "Guy D'Hondt",
        "Kees Vande Walle",
        "Éric Ngoma",
        "Anne-Marie Vanderstraeten",
    ],
)
def test_name_shapes_after_role(extractor: Extractor, name: str) -> None:
    text = f"Dat bevestigt woordvoerder {name} van de douane."
    (official,) = _officials(extractor, text)
    assert official.name == name
    assert official.organisation == "douane"


def test_capitalised_particle_surname_only(extractor: Extractor) -> None:
    (official,) = _officials(extractor, "Burgemeester Van Zanen liet weten dat de haven veilig is.")
    assert (official.name, official.role) == ("Van Zanen", "Burgemeester")


def test_name_stops_before_verbs_and_lowercase_words(extractor: Extractor) -> None:
    (official,) = _officials(extractor, "Woordvoerster Els Jacobs bevestigt dat Vrijdag een inval was.")
    assert official.name == "Els Jacobs"


def test_surname_repeat_is_the_same_person(extractor: Extractor) -> None:
    text = (
        'Minister Vincent Van Peteghem bezocht de haven. "Dit werkt", stelt Van Peteghem. '
        "Later herhaalde minister Van Peteghem dat nog eens."
    )
    (official,) = _officials(extractor, text)
    assert official.name == "Vincent Van Peteghem"
    assert [m.text for m in official.mentions] == ["Vincent Van Peteghem", "Van Peteghem", "Van Peteghem"]
    assert [m.start for m in official.mentions] == [
        text.index("Vincent"),
        text.index("Van Peteghem", text.index("stelt")),
        text.rindex("Van Peteghem"),
    ]


def test_fullest_form_is_the_name_even_when_it_comes_later(extractor: Extractor) -> None:
    text = "Burgemeester Aboutaleb wil actie. Ahmed Aboutaleb, burgemeester van Rotterdam, schreef een brief."
    (official,) = _officials(extractor, text)
    assert official.name == "Ahmed Aboutaleb"
    assert official.start == text.index("Ahmed")
    assert [m.text for m in official.mentions] == ["Aboutaleb", "Ahmed Aboutaleb"]


def test_same_surname_other_given_name_is_another_person(extractor: Extractor) -> None:
    text = "Woordvoerder Jan Peeters bevestigt het. Ook Marc Peeters was aanwezig. Peeters wil niets kwijt."
    (official,) = _officials(extractor, text)
    assert official.name == "Jan Peeters"
    assert [m.text for m in official.mentions] == ["Jan Peeters", "Peeters"]
    assert official.mentions[1].start == text.rindex("Peeters")


def test_particle_surname_mentions_in_any_case_and_with_initial(extractor: Extractor) -> None:
    text = (
        "Staatssecretaris Aukje de Vries sprak. Later zei De Vries dat het klopte. "
        "Volgens de Vries en A. de Vries is het zo."
    )
    (official,) = _officials(extractor, text)
    assert [(m.text, m.start) for m in official.mentions] == [
        ("Aukje de Vries", text.index("Aukje")),
        ("De Vries", text.index("De Vries")),
        ("de Vries", text.index("de Vries", text.index("Volgens"))),
        ("A. de Vries", text.index("A. de")),
    ]


def test_surname_key_shared_by_two_persons_goes_to_the_one_seen_last(extractor: Extractor) -> None:
    text = (
        "Minister Vincent Van Peteghem en woordvoerder Jan Van Peteghem spraken. "
        "Van Peteghem zei niets. J. Van Peteghem wel."
    )
    minister, spokesman = _officials(extractor, text)
    assert [m.text for m in minister.mentions] == ["Vincent Van Peteghem"]
    assert [m.text for m in spokesman.mentions] == ["Jan Van Peteghem", "Van Peteghem", "J. Van Peteghem"]


# --- pronouns ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "organisation"),
    [
        # the last person named before, skipping an excluded one
        (
            "Burgemeester Jan Peeters kwam binnen. Advocaat Karel Smit volgde. "
            "Hij is woordvoerder van de douane.",
            "Jan Peeters",
            "douane",
        ),
        # out of reach: more than two sentences back
        (
            "Burgemeester Jan Peeters kwam binnen. Dat was gisteren. Het regende. Toen kwam het nieuws. "
            "Hij is woordvoerder van de douane.",
            "Jan Peeters",
            None,
        ),
        # nobody named before
        ("Hij is woordvoerder van de douane. Burgemeester Jan Peeters kwam binnen.", "Jan Peeters", None),
    ],
)
def test_pronoun_takes_the_role_of_the_last_person_named_before(
    extractor: Extractor, text: str, name: str, organisation: str | None
) -> None:
    (official,) = _officials(extractor, text)
    assert (official.name, official.role, official.organisation) == (name, "Burgemeester", organisation)


def test_pronoun_goes_to_the_last_of_several_named(extractor: Extractor) -> None:
    text = "Burgemeester Jan Peeters kwam binnen, zegt Els Claes. Hij is woordvoerder van de douane."
    peeters, claes = _officials(extractor, text)
    assert (peeters.role, peeters.organisation) == ("Burgemeester", None)
    assert claes.name == "Els Claes"
    assert (claes.role, claes.organisation) == ("woordvoerder van de douane", "douane")


# --- exclusions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'De verdachte Jan Peeters werd opgepakt. "Ik ben onschuldig", zegt Peeters.',
        'Zijn advocaat Sven Mary pleitte de vrijspraak. "Geen bewijs", zegt Sven Mary.',
        "Strafpleiter Walter Damen vraagt de vrijspraak.",
        "Journalist Tom Peeters schreef er een boek over.",
        "Fotograaf Dirk Waem maakte de beelden.",
        "Getuige Karel Smet zag de wagen wegrijden.",
        "Marc Peeters, journalist bij VRT NWS, volgde het proces.",
        "De 45-jarige hoofdverdachte Youssef E. ontkent alles.",
        "Een woordvoerder bevestigt de vangst.",
        "De minister wil niet reageren op de cijfers.",
        "De woordvoerder van de douane wilde niets kwijt.",
    ],
)
def test_exclusions(extractor: Extractor, text: str) -> None:
    assert _officials(extractor, text) == []


def test_advocaat_generaal_is_not_a_lawyer(extractor: Extractor) -> None:
    (official,) = _officials(extractor, "Advocaat-generaal Marc Van Damme vorderde acht jaar.")
    assert official.role == "Advocaat-generaal"


# --- document plumbing --------------------------------------------------------------------------------


def test_metadata_prefix_offsets(extractor: Extractor) -> None:
    text = " date 2023-01 Woordvoerder Jan Peeters van de douane bevestigt de vangst."
    (official,) = _officials(extractor, text)
    assert text[official.start : official.end] == "Jan Peeters"
    assert official.organisation == "douane"


def test_spans_carry_records(nlp: Language) -> None:
    doc = nlp("Burgemeester Bart De Wever reageert. De Wever is boos.")
    (span,) = doc._.officials
    assert span.text == "Bart De Wever"
    assert span._.official.name == "Bart De Wever"
    assert (span._.official.start, span._.official.end) == (span.start_char, span.end_char)


def test_speakers_can_be_switched_off() -> None:
    nlp = create_pipeline(config={"customs_officials": {"speakers": False}})
    doc = nlp('"Dat klopt", zegt Jan Peeters. Burgemeester Koen Dierickx is tevreden.')
    assert [s.text for s in doc._.officials] == ["Koen Dierickx"]


def test_role_less_speaker(extractor: Extractor) -> None:
    (official,) = _officials(extractor, '"Dat klopt", zegt Jan Peeters.')
    assert (official.name, official.role) == ("Jan Peeters", None)


def test_bad_role_entry_names_file_and_line(tmp_path: Path) -> None:
    for source in default_patterns_dir().glob("*.jsonl"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "roles.jsonl").write_text(
        '{"phrase": "minister"}\n{"phrase": "Woordvoerder"}\n', encoding="utf-8"
    )
    nlp = create_pipeline()
    with pytest.raises(PatternFileError, match=r"roles\.jsonl:2"):
        OfficialsComponent(nlp, "officials", patterns_path=str(tmp_path))


def test_to_disk_from_disk_round_trip(tmp_path: Path, nlp: Language) -> None:
    component = nlp.get_pipe("customs_officials")
    component.to_disk(tmp_path)
    copy = OfficialsComponent(nlp, "copy")
    copy.from_disk(tmp_path)
    assert len(copy.roles) == len(component.roles)
    assert copy.lexicon == component.lexicon


def test_long_document_is_linear(nlp: Language) -> None:
    paragraph = (
        "Volgens de Belgische minister van Financiën Vincent Van Peteghem werd 110 ton onderschept. "
        '"Dat is veel", zegt woordvoerder Jan Peeters van de douane. De verdachte Kevin D. zweeg. '
    )
    started = time.perf_counter()
    doc = nlp(paragraph * 400)
    elapsed = time.perf_counter() - started
    assert len(doc._.officials) == 2
    assert len(doc._.officials[0]._.official.mentions) == 400
    assert elapsed < 20
