"""``import_spacy``: spaCy imported without ``spacy.cli`` in a fresh process, and still whole afterwards."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    """Run ``code`` in a fresh interpreter (spaCy not yet imported) and return what it printed."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, check=True
    )
    return result.stdout.strip()


def test_spacy_works_without_its_cli_and_the_cli_loads_later() -> None:
    out = _run(
        """
        import sys
        from extractor.spacy_import import import_spacy
        spacy = import_spacy()
        print("cli imported:", "spacy.cli" in sys.modules, hasattr(spacy, "cli"))
        print("tokens:", len(spacy.blank("nl")("Er werd 200 kilo cocaïne onderschept.")))
        import spacy.cli
        print("real cli:", callable(spacy.cli.download), spacy.cli.info is sys.modules["spacy.cli.info"].info)
        print("info:", type(spacy.info(silent=True)).__name__)
        print("same module:", import_spacy() is spacy)
        """
    )
    assert out.splitlines() == [
        "cli imported: False False",
        "tokens: 7",
        "real cli: True True",
        "info: dict",
        "same module: True",
    ]


def test_falls_back_to_a_plain_import_when_the_stand_ins_do_not_fit() -> None:
    # a spaCy that imported another part of its cli would fail with the stand-ins: imported anew, whole
    out = _run(
        """
        import sys
        import extractor.spacy_import as spacy_import
        spacy_import._INFO = "spacy.cli.not_info"
        spacy = spacy_import.import_spacy()
        print("tokens:", len(spacy.blank("nl")("Douane onderschept 40 kg heroïne.")))
        print("stand-ins left:", [name for name in ("spacy.cli.not_info",) if name in sys.modules])
        print("cli:", sys.modules["spacy.cli"].__file__.endswith("__init__.py"))
        """
    )
    assert out.splitlines() == ["tokens: 6", "stand-ins left: []", "cli: True"]


def test_the_cli_extract_command_does_not_import_spacy_cli(tmp_path) -> None:
    text = tmp_path / "bericht.txt"
    text.write_text("In de haven van Antwerpen werd 1,2 ton cocaïne onderschept.", encoding="utf-8")
    out = _run(
        f"""
        import sys
        from typer.testing import CliRunner
        from extractor.cli import app
        result = CliRunner().invoke(app, ["extract", {str(text)!r}])
        print(result.exit_code, '"BEANR"' in result.output, "spacy.cli" in sys.modules)
        """
    )
    assert out == "0 True False"
