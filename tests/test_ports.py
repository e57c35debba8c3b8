"""The customs_ports component: gazetteer, alias forms, context rules, serialisation."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from spacy.language import Language

from extractor.components.ports import PortEntry, PortsComponent, spelling_variants
from extractor.resources import PatternFileError, default_patterns_dir, read_entries
from extractor.schema import Port

CASES = Path(__file__).parent / "cases" / "ports.jsonl"
SEED = Path("/work/shared/eval/dev/texts/seed-001.txt")


def ports(nlp: Language, text: str) -> list[tuple[str, str]]:
    """(text, locode) of every port mention, in text order; offsets checked against the text."""
    doc = nlp(text)
    found = []
    for span in doc._.ports:
        port = span._.port
        assert isinstance(port, Port)
        assert (port.text, port.start, port.end) == (span.text, span.start_char, span.end_char)
        assert text[port.start : port.end] == port.text
        found.append((port.text, port.locode))
    return found


def load_cases() -> list:
    params = []
    for lineno, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        case = json.loads(line)
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        expected = [tuple(pair) for pair in case["expect"]]
        params.append(pytest.param(case["text"], expected, marks=marks, id=f"line{lineno}"))
    return params


@pytest.mark.parametrize(("text", "expected"), load_cases())
def test_case_file(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert ports(nlp, text) == expected


def test_case_file_is_large_enough() -> None:
    assert len(load_cases()) >= 40


# --- the seed text ----------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.is_file(), reason="shared evaluation data not available")
def test_seed_gives_antwerp_and_rotterdam_only(nlp: Language) -> None:
    text = SEED.read_text(encoding="utf-8")
    found = ports(nlp, text)
    assert {locode for _, locode in found} == {"BEANR", "NLRTM"}
    assert ("Scheldestad", "BEANR") in found
    assert ("Antwerpse haven", "BEANR") in found
    assert found[0] == ("havens van Antwerpen", "BEANR")
    assert found[1] == ("Rotterdam", "NLRTM")


# --- records and offsets ------------------------------------------------------------------------


def test_record_fields_and_offsets(nlp: Language) -> None:
    text = "De coke kwam via de luchthaven van Zaventem en de haven van Rotterdam binnen."
    doc = nlp(text)
    first, second = (span._.port for span in doc._.ports)
    assert first == Port(
        text="luchthaven van Zaventem",
        start=20,
        end=43,
        locode="BEBRU",
        name="Brussels Airport",
        country="BE",
        kind="airport",
    )
    assert second == Port(
        text="haven van Rotterdam",
        start=50,
        end=69,
        locode="NLRTM",
        name="Rotterdam",
        country="NL",
        kind="seaport",
    )


def test_kind_follows_the_port_noun(nlp: Language) -> None:
    doc = nlp("De Rotterdamse luchthaven en de Rotterdamse haven.")
    assert [(s.text, s._.port.kind) for s in doc._.ports] == [
        ("Rotterdamse luchthaven", "airport"),
        ("Rotterdamse haven", "seaport"),
    ]


def test_metadata_prefix_is_not_searched_and_offsets_stay_in_the_original(nlp: Language) -> None:
    text = " date 2023-01 In Antwerpen werd 50 kilo cocaïne onderschept."
    doc = nlp(text)
    (span,) = doc._.ports
    assert span._.port.start == text.index("Antwerpen") == 17
    assert span.start_char >= doc._.body_start


def test_extractor_document_lists_ports(extractor) -> None:
    text = "In de haven van Vlissingen en in Moerdijk werd cocaïne gevonden."
    document = extractor.extract(text)
    assert [(p.text, p.locode) for p in document.ports] == [
        ("haven van Vlissingen", "NLVLI"),
        ("Moerdijk", "NLMOE"),
    ]


def test_no_ports_gives_an_empty_list(nlp: Language) -> None:
    assert nlp("Er werd niets gevonden.")._.ports == []


# --- alias forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SCHELDESTAD", [("SCHELDESTAD", "BEANR")]),
        ("De Scheldestad en de scheldestad.", [("Scheldestad", "BEANR"), ("scheldestad", "BEANR")]),
        ("Haven van Antwerpen meldt groei.", [("Haven van Antwerpen", "BEANR")]),
        ("IN DE HAVEN VAN ROTTERDAM", [("HAVEN VAN ROTTERDAM", "NLRTM")]),
        ("Via ANTWERP en Anvers.", [("ANTWERP", "BEANR"), ("Anvers", "BEANR")]),
        (
            "De Maasvlakte II en de Tweede Maasvlakte.",
            [("Maasvlakte II", "NLRTM"), ("Tweede Maasvlakte", "NLRTM")],
        ),
        ("Op de Maasvlakte.", [("Maasvlakte", "NLRTM")]),
        (
            "Het Havenbedrijf Rotterdam en Port of Rotterdam.",
            [("Havenbedrijf Rotterdam", "NLRTM"), ("Port of Rotterdam", "NLRTM")],
        ),
        (
            "Luchthaven Schiphol en Schiphol-Oost.",
            [("Luchthaven Schiphol", "NLAMS"), ("Schiphol-Oost", "NLAMS")],
        ),
        ("Ze landden op Antwerp Airport.", [("Antwerp Airport", "BEANR")]),
        ("Via Zeebrugge Port.", [("Zeebrugge Port", "BEZEE")]),
        ("Op Luik-Bierset en in Bierset.", [("Luik-Bierset", "BELGG"), ("Bierset", "BELGG")]),
        ("De Brusselse luchthaven.", [("Brusselse luchthaven", "BEBRU")]),
        (
            "Op de Antwerpse kaaien en de Gentse terminals.",
            [("Antwerpse kaaien", "BEANR"), ("Gentse terminals", "BEGNE")],
        ),
        ("Het Rotterdams havengebied.", [("Rotterdams havengebied", "NLRTM")]),
        ("De lading ging naar Duinkerke en Dunkerque.", [("Duinkerke", "FRDKK"), ("Dunkerque", "FRDKK")]),
        (
            "Schepen uit Constanța, Constanţa en Constanta.",
            [("Constanța", "ROCND"), ("Constanţa", "ROCND"), ("Constanta", "ROCND")],
        ),
        ("Containers uit ITAJAÍ en Itajai.", [("ITAJAÍ", "BRITJ"), ("Itajai", "BRITJ")]),
        ("Via Pecem en Vila do Conde.", [("Pecem", "BRPEC"), ("Vila do Conde", "BRVLC")]),
        ("Via Tanger Med en Tanger-Med.", [("Tanger Med", "MAPTM"), ("Tanger-Med", "MAPTM")]),
        ("In Santo Tomás de Castilla.", [("Santo Tomás de Castilla", "GTSTC")]),
    ],
)
def test_alias_forms(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert ports(nlp, text) == expected


def test_longest_match_wins(nlp: Language) -> None:
    assert ports(nlp, "Op Brussels South Charleroi Airport.") == [
        ("Brussels South Charleroi Airport", "BECRL")
    ]
    assert ports(nlp, "In de havens van Antwerpen.") == [("havens van Antwerpen", "BEANR")]


def test_diacritic_free_variants() -> None:
    assert spelling_variants("Itajaí")[:2] == ["Itajaí", "Itajai"]
    assert spelling_variants("Gdańsk")[1] == "Gdansk"
    assert spelling_variants("Rotterdam") == ["Rotterdam"]


# --- context rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Een Rotterdams transportbedrijf ging failliet.",
        "Het Antwerpse parket opende een onderzoek.",
        "De Antwerpse politie rukte uit.",
        "Het bedrijf is gevestigd te Antwerpen.",
        "Hij woont in Rotterdam.",
        "Een man die in Rotterdam woont.",
        "Ze is een inwoner van Vlissingen.",
        "De verdachten uit Antwerpen zwegen.",
        "Twee mannen (31 en 45) uit Rotterdam werden opgepakt.",
        "Jan de V. uit Rotterdam werd vrijgesproken.",
        "Een expeditiebedrijf uit Antwerpen werd vervolgd.",
        "De zaak komt voor de correctionele rechtbank in Antwerpen.",
        "Het hof van beroep van Antwerpen bevestigde het vonnis.",
        "De politiezone Antwerpen en de provincie Antwerpen.",
        "In het centrum van Rotterdam was het druk.",
        "Hij woonde in de regio Rotterdam.",
        "Brazilië en Ecuador zijn geen havens.",
        "In Lissabon werd een congres gehouden.",
        "In Madrid werd de verdachte opgepakt.",
        "Luik en Charleroi zijn Waalse steden.",
        "De Koper betaalde de prijs.",
        "Het Dakar-rally team en de Dakar Rally.",
        "De Rio Grande do Sul is een deelstaat.",
        "Sparta Rotterdam won van Royal Antwerp.",
    ],
)
def test_not_a_port(nlp: Language, text: str) -> None:
    assert ports(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cocaïne uit Santos.", [("Santos", "BRSSZ")]),
        ("Een container uit Guayaquil.", [("Guayaquil", "ECGYE")]),
        ("De drugs werden in Antwerpen onderschept.", [("Antwerpen", "BEANR")]),
        ("De lading werd naar Rotterdam verscheept.", [("Rotterdam", "NLRTM")]),
        ("De cocaïne (110 ton) in Antwerpen.", [("Antwerpen", "BEANR")]),
        ("Antwerpen vreest een drugsoorlog.", [("Antwerpen", "BEANR")]),
        ("In Lissabon werd een containerschip doorzocht.", [("Lissabon", "PTLIS")]),
        ("Een vlucht uit Madrid landde op Schiphol.", [("Madrid", "ESMAD"), ("Schiphol", "NLAMS")]),
        ("In Luik landde een vrachtvlucht met cocaïne.", [("Luik", "BELGG")]),
        ("De douane in Amsterdam onderschepte een zending.", [("Amsterdam", "NLAMS")]),
        ("In de haven van Koper werd gezocht.", [("haven van Koper", "SIKOP")]),
        ("De lading ging via Koper, waar de douane ze onderschepte.", [("Koper", "SIKOP")]),
    ],
)
def test_a_port(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert ports(nlp, text) == expected


def test_context_names_need_a_port_word_of_their_own(nlp: Language) -> None:
    assert ports(nlp, "In Gent werd een fietser aangereden.") == []
    assert ports(nlp, "In Gent werd een container met cocaïne gevonden.") == [("Gent", "BEGNE")]
    # the port word belongs to Antwerpen's mention, not to Brussel's
    assert ports(nlp, "Vanuit de haven van Antwerpen ging het naar Brussel.") == [
        ("haven van Antwerpen", "BEANR")
    ]


def test_list_after_an_explicit_port_inherits_it(nlp: Language) -> None:
    assert ports(nlp, "De havens van Antwerpen en Gent.") == [
        ("havens van Antwerpen", "BEANR"),
        ("Gent", "BEGNE"),
    ]
    doc = nlp("De luchthavens van Zaventem en Luik.")
    assert [(s.text, s._.port.locode, s._.port.kind) for s in doc._.ports] == [
        ("luchthavens van Zaventem", "BEBRU", "airport"),
        ("Luik", "BELGG", "airport"),
    ]


def test_surname_reading(nlp: Language) -> None:
    assert ports(nlp, "Middenvelder Carlos Santos scoorde.") == []
    assert ports(nlp, "Het Braziliaanse Santos is de grootste haven.") == [("Santos", "BRSSZ")]
    assert ports(nlp, "Santos is de grootste haven.") == [("Santos", "BRSSZ")]


def test_cased_names(nlp: Language) -> None:
    assert ports(nlp, "In Doel werd gezocht.") == [("Doel", "BEANR")]
    assert ports(nlp, "Het doel is duidelijk. Doel is een polderdorp.") == []


def test_shared_names_follow_the_country(nlp: Language) -> None:
    assert ports(nlp, "Via Manzanillo.") == [("Manzanillo", "PAMIT")]
    assert ports(nlp, "Via Manzanillo in Panama.") == [("Manzanillo", "PAMIT")]
    assert ports(nlp, "Via Manzanillo in Mexico.") == [("Manzanillo", "MXZLO")]
    assert ports(nlp, "Via het Spaanse Cartagena.") == [("Cartagena", "ESCAR")]
    assert ports(nlp, "Via Cartagena.") == [("Cartagena", "COCTG")]


# --- the gazetteer ------------------------------------------------------------------------------


def gazetteer() -> list[PortEntry]:
    return read_entries(default_patterns_dir() / "ports.jsonl", PortEntry)


def test_gazetteer_is_large_and_consistent() -> None:
    entries = gazetteer()
    assert len({e.locode for e in entries}) >= 150
    names = [(e.locode, e.name) for e in entries]
    assert len(names) == len(set(names))
    assert all(e.locode.startswith(e.country) for e in entries)
    # every Dutch/Belgian port of the brief is there
    locodes = {e.locode for e in entries}
    assert {
        "NLRTM",
        "NLAMS",
        "NLVLI",
        "NLTNZ",
        "NLMOE",
        "NLEEM",
        "NLDZL",
        "NLHAR",
        "NLDHR",
        "NLIJM",
        "NLDOR",
        "NLSCE",
        "NLEIN",
        "NLMST",
        "NLGRQ",
        "BEANR",
        "BEZEE",
        "BEGNE",
        "BEOST",
        "BEBRU",
        "BELGG",
        "BECRL",
    } <= locodes


def test_shared_aliases_are_only_the_intended_ones(nlp: Language) -> None:
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for entry in gazetteer():
        for alias in entry.alias_objects():
            for form in spelling_variants(alias.name):
                owners[tuple(t.lower_ for t in nlp.make_doc(form))].add(entry.locode)
    shared = {" ".join(key): sorted(codes) for key, codes in owners.items() if len(codes) > 1}
    assert shared == {"manzanillo": ["MXZLO", "PAMIT"], "cartagena": ["COCTG", "ESCAR"]}


def test_every_alias_is_found(nlp: Language) -> None:
    """Each alias that needs no context is found in a neutral sentence (shared names: first owner)."""
    component = nlp.get_pipe("customs_ports")
    missing = []
    for entry in gazetteer():
        for alias in entry.alias_objects():
            if entry.locode in {"MXZLO", "ESCAR"}:
                continue
            plain = not (alias.context or alias.surname)
            sentence = (
                "Het kwam uit {} aan." if plain else "De douane onderschepte vracht uit {} in een container."
            )
            doc = nlp(sentence.format(alias.name))
            found = [span._.port.locode for span in doc._.ports]
            if entry.locode not in found:
                missing.append(alias.name)
    assert missing == []
    assert isinstance(component, PortsComponent)


def test_context_aliases_need_context(nlp: Language) -> None:
    """Each alias flagged ``context`` is no port in a sentence without port words."""
    found = []
    for entry in gazetteer():
        for alias in entry.alias_objects():
            if alias.context:
                doc = nlp(f"Hij sprak over {alias.name} tijdens het bezoek.")
                found.extend(span.text for span in doc._.ports)
    assert found == []


def copy_patterns(tmp_path: Path) -> Path:
    target = tmp_path / "patterns"
    shutil.copytree(default_patterns_dir(), target)
    return target


def test_bad_gazetteer_line_names_file_and_line(nlp: Language, tmp_path: Path) -> None:
    directory = copy_patterns(tmp_path)
    path = directory / "ports.jsonl"
    good = entry_line(locode="NLRTM", name="Rotterdam", country="NL", aliases=["Rotterdam"])
    bad = entry_line(locode="NLRT", name="Fout", country="NL", aliases=["Fout"])
    path.write_text(f"# a comment\n{good}\n{bad}\n", encoding="utf-8")
    with pytest.raises(PatternFileError, match=r"ports\.jsonl:3: locode"):
        PortsComponent(nlp, "ports", patterns_path=str(directory))


def entry_line(**fields: object) -> str:
    """A gazetteer line: a valid Antwerp entry with ``fields`` changed."""
    entry: dict[str, object] = {
        "locode": "BEANR",
        "name": "A",
        "country": "BE",
        "kind": "seaport",
        "aliases": ["A"],
    }
    entry.update(fields)
    return json.dumps(entry)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (entry_line(country="NL"), "does not match"),
        (entry_line(kind="harbour"), "kind"),
        (entry_line(aliases=[]), "aliases"),
        (entry_line(aliases=[{"name": "A", "context": "maybe"}]), "context"),
        (entry_line(colour="red"), "colour"),
        (entry_line(adjectives=["Antwerpse haven"]), "one word"),
        ("{not json", "not valid JSON"),
    ],
)
def test_gazetteer_validation(nlp: Language, tmp_path: Path, line: str, message: str) -> None:
    directory = copy_patterns(tmp_path)
    (directory / "ports.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(PatternFileError, match=rf"ports\.jsonl:1: .*{message}"):
        PortsComponent(nlp, "ports", patterns_path=str(directory))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"rule": "cue", "words": ["haven"]}', "kind"),
        ('{"rule": "seat", "starts": ["woon"]}', "phrases"),
        ('{"rule": "person", "words": ["jonge man"]}', "single tokens"),
        ('{"rule": "country", "words": ["mexico"]}', "country"),
        ('{"rule": "head", "kind": "general", "words": ["haven"]}', "general"),
        ('{"rule": "link"}', "needs words"),
    ],
)
def test_context_rule_validation(nlp: Language, tmp_path: Path, line: str, message: str) -> None:
    directory = copy_patterns(tmp_path)
    (directory / "ports_context.jsonl").write_text("# header\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(PatternFileError, match=rf"ports_context\.jsonl:3: .*{message}"):
        PortsComponent(nlp, "ports", patterns_path=str(directory))


def test_patterns_path_points_at_another_gazetteer(tmp_path: Path) -> None:
    from extractor.pipeline import create_pipeline

    directory = copy_patterns(tmp_path)
    line = entry_line(locode="NLRTM", name="Rotterdam", country="NL", aliases=["Maasstad"])
    (directory / "ports.jsonl").write_text(line + "\n", encoding="utf-8")
    custom = create_pipeline(patterns_path=str(directory))
    assert ports(custom, "De Maasstad en Antwerpen.") == [("Maasstad", "NLRTM")]


def test_to_disk_from_disk_roundtrip(nlp: Language, tmp_path: Path) -> None:
    component = nlp.get_pipe("customs_ports")
    component.to_disk(tmp_path / "ports")
    assert sorted(p.name for p in (tmp_path / "ports").iterdir()) == ["ports.jsonl", "ports_context.jsonl"]
    restored = PortsComponent(nlp, "ports_copy").from_disk(tmp_path / "ports")
    assert restored.entries == component.entries
    text = "De havens van Antwerpen en Gent, een man uit Rotterdam en het Mexicaanse Manzanillo."
    doc_a = component(nlp.make_doc(text))
    doc_b = restored(nlp.make_doc(text))
    assert [s._.port for s in doc_a._.ports] == [s._.port for s in doc_b._.ports]
    assert [s._.port.locode for s in doc_b._.ports] == ["BEANR", "BEGNE", "MXZLO"]


def test_whole_pipeline_roundtrip(nlp: Language, tmp_path: Path) -> None:
    import spacy

    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    text = "In de Antwerpse haven en in Zeebrugge werd cocaïne uit Santos gevonden."
    assert (
        ports(loaded, text)
        == ports(nlp, text)
        == [
            ("Antwerpse haven", "BEANR"),
            ("Zeebrugge", "BEZEE"),
            ("Santos", "BRSSZ"),
        ]
    )


# --- the rules around waiting names -------------------------------------------------------------


def test_lists_of_ports_stay_in_their_sentence_and_country(nlp: Language) -> None:
    """A context name after "in" joins a list of ports of its country in its own sentence."""
    text = "In Zeebrugge ging het om 1.870 kilogram, in Gent om 312 kilogram en in Brussel om 20 kilogram."
    assert ports(nlp, text) == [("Zeebrugge", "BEZEE"), ("Gent", "BEGNE"), ("Brussel", "BEBRU")]
    assert ports(nlp, "In Zeebrugge ging het om 1.870 kilogram. In Gent om 312 kilogram.") == [
        ("Zeebrugge", "BEZEE")
    ]
    assert ports(nlp, "In Rotterdam ging het om 5 kilogram, in Gent om 312 kilogram.") == [
        ("Rotterdam", "NLRTM")
    ]


def test_long_text_gives_what_its_paragraphs_give(nlp: Language) -> None:
    """Rules that look back over earlier mentions see the same ones in one long Doc."""
    paragraph = (
        "De havens van Antwerpen en Gent. In Zeebrugge ging het om 1.870 kilogram, in Gent om 312 "
        "kilogram. Een man uit Rotterdam werd opgepakt in Brussel.\n"
    )
    one = ports(nlp, paragraph)
    assert ports(nlp, paragraph * 200) == one * 200
