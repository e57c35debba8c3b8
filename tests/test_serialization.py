"""The pipeline round-trips through nlp.to_disk / spacy.load, and pattern files are validated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy

from extractor.api import Extractor
from extractor.pipeline import COMPONENTS, create_pipeline
from extractor.resources import PatternFileError, default_patterns_dir

TEXT = (
    " date 2023-01 In de havens van Antwerpen en Rotterdam is vorig jaar ruim 160 ton cocaïne "
    "onderschept, zegt minister van Financiën Vincent Van Peteghem. In 2021 was dat 89,5 ton."
)


def test_saved_pipeline_loads_and_extracts_the_same(tmp_path: Path, extractor: Extractor) -> None:
    extractor.nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == extractor.nlp.pipe_names
    for name in COMPONENTS:
        assert name in loaded.pipe_names
    again = Extractor(model_path=tmp_path / "model").extract(TEXT)
    assert again.model_dump() == extractor.extract(TEXT).model_dump()


def test_saved_patterns_are_what_the_component_uses(tmp_path: Path, nlp) -> None:
    nlp.to_disk(tmp_path / "model")
    saved = sorted(p.name for p in (tmp_path / "model" / "customs_substances").iterdir())
    assert saved == ["substances.jsonl"]


def test_tokenizer_fix_survives_serialisation(tmp_path: Path, nlp) -> None:
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert [t.text for t in loaded("Er lag 40 kg.")] == ["Er", "lag", "40", "kg", "."]


def copy_patterns(tmp_path: Path) -> Path:
    target = tmp_path / "patterns"
    shutil.copytree(default_patterns_dir(), target)
    return target


def test_patterns_path_overrides_the_default(tmp_path: Path) -> None:
    patterns = copy_patterns(tmp_path)
    with (patterns / "substances.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"term": "snuif", "substance": "cocaine"}\n')
    nlp = create_pipeline(patterns_path=str(patterns))
    doc = nlp("Er werd snuif gevonden.")
    assert [(s.text, s._.substance.value) for s in doc._.substances] == [("snuif", "cocaine")]


def test_bad_pattern_line_names_file_and_line(tmp_path: Path) -> None:
    patterns = copy_patterns(tmp_path)
    path = patterns / "substances.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append('{"term": "snuif", "substance": "snuifpoeder"}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PatternFileError, match=rf"substances.jsonl:{len(lines)}: substance: Input should be"):
        create_pipeline(patterns_path=str(patterns))


def test_broken_json_names_file_and_line(tmp_path: Path) -> None:
    patterns = copy_patterns(tmp_path)
    (patterns / "seizure_cues.jsonl").write_text(
        '# header\n{"kind": "single", "phrase": \n', encoding="utf-8"
    )
    with pytest.raises(PatternFileError, match=r"seizure_cues.jsonl:2: not valid JSON"):
        create_pipeline(patterns_path=str(patterns))


def test_missing_pattern_file_is_reported(tmp_path: Path) -> None:
    patterns = copy_patterns(tmp_path)
    (patterns / "substances.jsonl").unlink()
    with pytest.raises(PatternFileError, match="substances.jsonl: pattern file not found"):
        create_pipeline(patterns_path=str(patterns))
