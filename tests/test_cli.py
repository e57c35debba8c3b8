"""The command line: formats, inputs, and errors as one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app

runner = CliRunner()

TEXT = " date 2023-03-10 In de haven van Antwerpen werd vrijdag 1.200 kilo cocaïne onderschept.\n"


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text("In Rotterdam vond de douane 40 kilo heroïne.\n", encoding="utf-8")
    (folder / "notes.md").write_text("not a press text", encoding="utf-8")
    return folder


def test_extract_directory_as_jsonl(texts: Path) -> None:
    result = runner.invoke(app, ["extract", str(texts)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert [Path(json.loads(line)["source"]).name for line in lines] == ["a.txt", "b.txt"]
    first = json.loads(lines[0])
    assert first["published"] == "2023-03-10"
    assert first["schema_version"] == "1.0"


def test_extract_json_of_one_file_is_one_object(texts: Path) -> None:
    result = runner.invoke(app, ["extract", str(texts / "a.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"].endswith("a.txt")


def test_extract_from_stdin_with_published(texts: Path) -> None:
    result = runner.invoke(app, ["extract", "-", "--published", "2021-06-01"], input=TEXT)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["source"] == "<stdin>"
    assert document["published"] == "2021-06-01"


def test_table_format_prints_a_table(texts: Path) -> None:
    result = runner.invoke(app, ["extract", str(texts / "a.txt"), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "substance" in result.stdout
    assert "a.txt" in result.stdout


def test_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'nope.txt'}: no such file or directory"
    ]


def test_bad_published_is_reported(texts: Path) -> None:
    result = runner.invoke(app, ["extract", str(texts / "a.txt"), "--published", "gisteren"])
    assert result.exit_code == 2
    assert "publication date 'gisteren'" in result.stderr


def test_binary_file_fails_alone_and_others_go_through(texts: Path) -> None:
    (texts / "c.txt").write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(app, ["extract", str(texts)])
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 2
    assert "c.txt: binary data" in result.stderr


def test_cp1252_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "oud.txt"
    path.write_bytes("In Antwerpen werd cocaïne gevonden.".encode("cp1252"))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    assert "decoded as cp1252" in json.loads(result.stdout)["warnings"][0]


def test_schema_command_prints_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Document"


def test_console_script_errors_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "extract", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("error:")


def test_help_lists_the_commands_without_importing_spacy_or_rich() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['extractor', '--help']\n"
        "from extractor.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('heavy imports:', [m for m in ('spacy', 'rich', 'pydantic') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    for command in ("extract", "batch", "schema", "evaluate"):
        assert f"  {command} " in result.stdout
    assert result.stdout.rstrip().endswith("heavy imports: []")
