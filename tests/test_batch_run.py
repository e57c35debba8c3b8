"""The batch end to end, in process: mixed inputs into every output form, row by row, and re-runs.

Expected rows are not written by hand: each document is extracted on its own
with ``Extractor.extract_many`` and flattened with ``tables.document_rows``,
so these tests hold whatever the extraction rules produce; what they check is
that the batch reads, deduplicates, records and stores exactly right.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from batch_support import ENGLISH_TEXT, SEIZURE_TEXT, compose, page, write_jsonl, write_tar, write_zip
from typer.testing import CliRunner

from extractor.api import Extractor, TextInput, document_id
from extractor.batch import runner as batch_runner
from extractor.batch.html import page_text
from extractor.batch.items import ReadOptions
from extractor.batch.runner import BatchOptions, run_batch
from extractor.batch.tables import CSV_COLUMNS, DOCUMENT_TABLES, TABLES, csv_rows, document_rows
from extractor.batch.worker import init_worker
from extractor.cli import app
from extractor.schema import Document

CP1252_TEXT = "In Rotterdam vond de douane vrijdag 40 kilo heroïne in een container met bananen uit Ecuador."
CP1252_WARNING = f"not valid UTF-8 (byte {CP1252_TEXT.index('ï')}); decoded as cp1252"
PAGE = page(
    "Douane onderschept cocaïne in Vlissingen",
    [
        "In de haven van Vlissingen heeft de douane dinsdag 350 kilo cocaïne onderschept.",
        "De drugs zaten verborgen in een lading bevroren vis uit Ecuador, meldt het Openbaar Ministerie.",
    ],
    date="2022-06-15",
)


@dataclass
class Corpus:
    """A composed archive folder and what a correct batch over it holds."""

    root: Path
    documents: list[TextInput]  # first occurrences, in input order
    duplicates: dict[str, str]  # source -> doc_id
    failures: list[tuple[str, str]]  # (source, stage), in input order


def make_corpus(root: Path) -> Corpus:
    root.mkdir()
    (root / "a_bericht.txt").write_text(SEIZURE_TEXT, encoding="utf-8")
    (root / "b_cp1252.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (root / "c_engels.txt").write_text(ENGLISH_TEXT, encoding="utf-8")
    (root / "d_leeg.txt").write_bytes(b"")
    (root / "e_binair.txt").write_bytes(b"\x00\x01\x02PK" * 50)
    zipped = write_zip(
        root / "f_archief.zip",
        [
            ("2022/0114.txt", compose(1)),
            ("2022/0115.txt", compose(2)),
            ("../ontsnapt.txt", "x"),
            ("2022/kopie.txt", SEIZURE_TEXT),
            ("logo.png", b"\x89PNG"),
        ],
    )
    tarred = write_tar(
        root / "g_archief.tar.gz", [("2021/0301.txt", compose(3)), ("2021/0302.txt", compose(4))]
    )
    jsonl = write_jsonl(
        root / "h_export.jsonl.gz",
        [
            {"id": "NB-1", "text": compose(5), "date": "2021-11-02"},
            "{kapot",
            {"id": "NB-3", "titel": "zonder tekst"},
        ],
    )
    (root / "i_pagina.html").write_text(PAGE, encoding="utf-8")
    (root / "j_leeg.html").write_text("<html><body><nav>Home | Nieuws</nav></body></html>", encoding="utf-8")
    (root / "kopie").mkdir()
    (root / "kopie" / "bericht.txt").write_text(SEIZURE_TEXT, encoding="utf-8")
    main_text = page_text(PAGE)
    documents = [
        TextInput(SEIZURE_TEXT, None, f"{root}/a_bericht.txt"),
        TextInput(CP1252_TEXT, None, f"{root}/b_cp1252.txt", [CP1252_WARNING]),
        TextInput(ENGLISH_TEXT, None, f"{root}/c_engels.txt"),
        TextInput(compose(1), None, f"{zipped}!/2022/0114.txt"),
        TextInput(compose(2), None, f"{zipped}!/2022/0115.txt"),
        TextInput(compose(3), None, f"{tarred}!/2021/0301.txt"),
        TextInput(compose(4), None, f"{tarred}!/2021/0302.txt"),
        TextInput(compose(5), dt.date(2021, 11, 2), f"{jsonl}#NB-1"),
        TextInput(main_text.text, main_text.published, f"{root}/i_pagina.html"),
    ]
    seizure_id = document_id(SEIZURE_TEXT)
    return Corpus(
        root,
        documents,
        {f"{zipped}!/2022/kopie.txt": seizure_id, f"{root}/kopie/bericht.txt": seizure_id},
        [
            (f"{root}/d_leeg.txt", "read"),
            (f"{root}/e_binair.txt", "decode"),
            (f"{zipped}!/../ontsnapt.txt", "read"),
            (f"{jsonl}:2", "parse"),
            (f"{jsonl}:3", "parse"),
            (f"{root}/j_leeg.html", "parse"),
        ],
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return make_corpus(tmp_path / "archief")


@pytest.fixture
def expected(corpus: Corpus, extractor: Extractor) -> list[Document]:
    return list(extractor.extract_many(corpus.documents))


def run(corpus: Corpus, out: Path, extractor: Extractor, **options: Any) -> batch_runner.Summary:
    return run_batch(
        BatchOptions([str(corpus.root)], str(out), progress=False, **options), extractor=extractor
    )


def normal(value: Any, kind: str) -> Any:
    """One value as every sink should give it back: ISO dates, real booleans, lists."""
    if value is None:
        return None
    if kind.startswith("list") and isinstance(value, str):
        return json.loads(value)
    if kind == "bool":
        return bool(value)
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    return value


def normal_rows(table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    types = {c.name: c.type for c in TABLES[table]}
    return [{name: normal(row[name], types[name]) for name in types} for row in rows]


def expected_tables(corpus: Corpus, documents: list[Document]) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for document in documents:
        for table, rows in document_rows(document).items():
            tables[table].extend(rows)
        tables["sources"].append({"doc_id": document.doc_id, "source": document.source})
    tables["sources"].extend({"doc_id": d, "source": s} for s, d in corpus.duplicates.items())
    return {name: normal_rows(name, rows) for name, rows in tables.items()}


def key(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, default=str)


def sqlite_tables(path: Path) -> dict[str, list[dict[str, Any]]]:
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        return {
            name: normal_rows(name, [dict(r) for r in conn.execute(f"SELECT * FROM {name} ORDER BY rowid")])
            for name in TABLES
        }


def check_errors(corpus: Corpus, errors: list[dict[str, Any]]) -> None:
    failed = [(e["source"], e["stage"]) for e in errors if e["level"] == "error"]
    assert failed == corpus.failures
    assert all(e["doc_id"] is None for e in errors if e["level"] == "error")
    warnings = {
        (e["source"].rsplit("/", 1)[-1], e["stage"]): e["reason"] for e in errors if e["level"] == "warning"
    }
    assert warnings[("b_cp1252.txt", "decode")] == CP1252_WARNING
    assert "does not look Dutch" in warnings[("c_engels.txt", "extract")]


def test_sqlite_output_holds_every_table_row_by_row(
    corpus: Corpus, expected: list[Document], extractor, tmp_path
):
    out = tmp_path / "uit.db"
    summary = run(corpus, out, extractor)
    assert (summary.read, summary.extracted, summary.duplicates, summary.failed, summary.ignored) == (
        17,
        9,
        2,
        6,
        1,
    )
    assert summary.seizures == sum(len(d.seizures) for d in expected)
    assert summary.exit_code == 1
    found, wanted = sqlite_tables(out), expected_tables(corpus, expected)
    for table in (*DOCUMENT_TABLES, "sources"):
        assert sorted(map(key, found[table])) == sorted(map(key, wanted[table])), table
    assert [r["source"] for r in found["documents"]] == [d.source for d in corpus.documents]
    check_errors(corpus, found["errors"])
    with closing(sqlite3.connect(out)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        (seizures,) = conn.execute(
            "SELECT count(*) FROM seizures s JOIN sources USING (doc_id) WHERE sources.source LIKE '%kopie%'"
        ).fetchone()
    assert seizures == 2 * len(expected[0].seizures)


def test_rerunning_into_the_same_database_changes_nothing(corpus: Corpus, extractor, tmp_path: Path) -> None:
    out = tmp_path / "uit.db"
    run(corpus, out, extractor)
    before = sqlite_tables(out)
    again = run(corpus, out, extractor)
    assert (again.extracted, again.duplicates, again.already_done, again.failed) == (0, 0, 11, 6)
    assert sqlite_tables(out) == before
    (corpus.root / "nieuw.txt").write_text(compose(99), encoding="utf-8")
    (corpus.root / "kopie" / "nog-een.txt").write_text(compose(1), encoding="utf-8")
    more = run(corpus, out, extractor)
    assert (more.extracted, more.duplicates, more.already_done) == (1, 1, 11)
    after = sqlite_tables(out)
    assert len(after["documents"]) == len(before["documents"]) + 1
    assert {"doc_id": document_id(compose(1)), "source": f"{corpus.root}/kopie/nog-een.txt"} in after[
        "sources"
    ]


def test_jsonl_output_is_one_document_a_line(corpus: Corpus, expected: list[Document], extractor, tmp_path):
    out = tmp_path / "uit.jsonl"
    run(corpus, out, extractor)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [Document.model_validate_json(line) for line in lines] == expected
    sources = [json.loads(line) for line in (tmp_path / "uit.sources.jsonl").read_text().splitlines()]
    assert sorted(map(key, sources)) == sorted(map(key, expected_tables(corpus, expected)["sources"]))
    errors = [json.loads(line) for line in (tmp_path / "uit.errors.jsonl").read_text().splitlines()]
    check_errors(corpus, errors)


def test_csv_output_is_one_seizure_a_row(corpus: Corpus, expected: list[Document], extractor, tmp_path: Path):
    out = tmp_path / "uit.csv"
    run(corpus, out, extractor)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    wanted = [row for document in expected for row in csv_rows(document_rows(document))]

    def text(value: Any) -> str:
        if isinstance(value, list):
            return "; ".join(map(str, value))
        return "" if value is None else str(value)

    assert rows == [{c.name: text(row[c.name]) for c in CSV_COLUMNS} for row in wanted]
    with (tmp_path / "uit.errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        check_errors(corpus, [{**r, "doc_id": r["doc_id"] or None} for r in csv.DictReader(handle)])


def test_parquet_output_is_a_folder_of_tables(corpus: Corpus, expected: list[Document], extractor, tmp_path):
    out = tmp_path / "tabellen"
    run(corpus, out, extractor, chunk_size=4)
    wanted = expected_tables(corpus, expected)
    for table in TABLES:
        if table == "errors":
            continue
        found = normal_rows(table, pq.read_table(out / table).to_pylist())
        assert sorted(map(key, found)) == sorted(map(key, wanted[table])), table
    check_errors(corpus, pq.read_table(out / "errors").to_pylist())
    assert len(list((out / "documents").glob("part-*.parquet"))) >= 2
    assert (
        pq.read_table(out / "seizures")
        .schema.field("ports")
        .type.value_type.equals(pq.read_table(out / "documents").schema.field("warnings").type.value_type)
    )


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".db", ""])
def test_resume_after_a_partial_run_gives_the_clean_result(
    corpus: Corpus, extractor: Extractor, tmp_path: Path, suffix: str
) -> None:
    """A run stopped early (--strict at the first failure), debris of a killed write added, then --resume."""
    clean, resumed = tmp_path / f"schoon{suffix}", tmp_path / f"hervat{suffix}"
    run(corpus, clean, extractor, chunk_size=2)
    first = run(corpus, resumed, extractor, chunk_size=2, strict=True)
    assert first.stopped == "strict" and first.failed == 1 and first.extracted == 3
    if suffix in (".jsonl", ".csv"):
        with resumed.open("ab") as handle:
            handle.write(b'{"schema_version": "1.0", "doc_id": "half geschre')  # a line cut by a kill
    elif suffix == "":
        (resumed / "documents" / "part-000099.parquet").write_bytes(b"PAR1 half")
    second = run(corpus, resumed, extractor, chunk_size=3, resume=True)
    assert second.already_done == 3 and second.extracted == 6 and second.failed == 6
    assert snapshot(resumed) == snapshot(clean)


def snapshot(out: Path) -> Any:
    """Everything an output holds, in a comparable form (ids of error rows aside)."""
    if out.suffix == ".db":
        tables = sqlite_tables(out)
        return {name: sorted(map(key, rows)) for name, rows in tables.items()}
    if out.suffix in (".jsonl", ".csv"):
        stem = out.name[: -len(out.suffix)]
        return [
            (out.parent / f"{stem}{part}{out.suffix}").read_bytes().splitlines()
            for part in ("", ".sources", ".errors")
        ]
    return {table: sorted(map(key, pq.read_table(out / table).to_pylist())) for table in TABLES}


def test_a_fresh_run_replaces_file_outputs(corpus: Corpus, extractor: Extractor, tmp_path: Path) -> None:
    out = tmp_path / "uit.jsonl"
    run(corpus, out, extractor)
    before = out.read_bytes()
    run(corpus, out, extractor)
    assert out.read_bytes() == before


def test_strict_stops_at_the_first_failure(corpus: Corpus, extractor: Extractor, tmp_path: Path) -> None:
    out = tmp_path / "uit.db"
    summary = run(corpus, out, extractor, strict=True)
    assert summary.stopped == "strict" and summary.exit_code == 1
    tables = sqlite_tables(out)
    assert [r["source"] for r in tables["documents"]] == [d.source for d in corpus.documents[:3]]
    assert [(e["source"], e["level"]) for e in tables["errors"] if e["level"] == "error"] == [
        (corpus.failures[0][0], "error")
    ]


def test_all_good_inputs_exit_zero(extractor: Extractor, tmp_path: Path) -> None:
    folder = tmp_path / "goed"
    folder.mkdir()
    for number in range(3):
        (folder / f"{number}.txt").write_text(compose(number), encoding="utf-8")
    summary = run_batch(
        BatchOptions([str(folder)], str(tmp_path / "uit.db"), progress=False), extractor=extractor
    )
    assert (summary.extracted, summary.failed, summary.exit_code) == (3, 0, 0)
    assert any(line.startswith("  extracted") and line.rstrip().endswith("3") for line in summary.lines())


class CrashingExecutor(Executor):
    """Runs tasks inline, but a task holding the poison text fails as a whole (every time).

    ``BrokenProcessPool``: the poison 'kills the worker'; another exception: the
    task itself fails (a result that cannot be sent back, say).
    """

    error: Exception = BrokenProcessPool("a worker died")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        init_worker(*args[1:3], kwargs.get("extractor") or args[3], in_pool=False)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        tasks = args[0] if isinstance(args[0], list) else [args[0]]  # extraction tasks are lists
        if any("GIF" in getattr(task, "text", "") for task in tasks):
            future.set_exception(self.error)
        else:
            future.set_result(fn(*args, **kwargs))
        return future


class FailingExecutor(CrashingExecutor):
    error = RuntimeError("cannot send the result back")


@pytest.mark.parametrize(
    ("executor", "reason"),
    [
        (CrashingExecutor, "worker process died"),
        (FailingExecutor, "RuntimeError: cannot send the result back"),
    ],
)
def test_a_document_that_breaks_its_task_fails_alone(
    extractor: Extractor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    executor: type[Executor],
    reason: str,
) -> None:
    """The three documents go to the workers as one task; the task fails, only the poison is lost."""
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [compose(1), compose(2) + " GIF", compose(3)]
    for number, text in enumerate(texts):
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(batch_runner, "make_executor", executor)
    out = tmp_path / "uit.db"
    summary = run_batch(BatchOptions([str(folder)], str(out), progress=False), extractor=extractor)
    assert (summary.extracted, summary.failed) == (2, 1)
    tables = sqlite_tables(out)
    (error,) = tables["errors"]
    assert (error["source"], error["stage"]) == (f"{folder}/1.txt", "extract")
    assert reason in error["reason"]
    assert [d["source"] for d in tables["documents"]] == [f"{folder}/0.txt", f"{folder}/2.txt"]


runner = CliRunner()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["{root}/bestaat-niet", "-o", "{tmp}/uit.db"], "no such file or directory"),
        (["{root}", "-o", "{tmp}/uit.txt"], "cannot tell the output format"),
        (["{root}", "-o", "{tmp}/geen-map/uit.db"], "no such directory"),
        (["{root}", "-o", "{tmp}/uit.db", "--max-bytes", "veel"], "is not a size"),
        (["{root}", "-o", "{tmp}/uit.db", "--workers", "0"], "at least 1"),
    ],
)
def test_a_run_that_cannot_start_exits_2(tmp_path: Path, arguments: list[str], message: str) -> None:
    root = tmp_path / "in"
    root.mkdir()
    args = [a.format(root=root, tmp=tmp_path) for a in arguments]
    result = runner.invoke(app, ["batch", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_resume_without_state_refuses_to_guess(tmp_path: Path) -> None:
    (tmp_path / "uit.jsonl").write_text('{"doc_id": "x"}\n')
    result = runner.invoke(app, ["batch", str(tmp_path), "-o", str(tmp_path / "uit.jsonl"), "--resume"])
    assert result.exit_code == 2
    assert "cannot resume" in result.output


def test_a_database_from_elsewhere_is_not_touched(tmp_path: Path) -> None:
    out = tmp_path / "ander.db"
    with closing(sqlite3.connect(out)) as conn:
        conn.execute("CREATE TABLE klanten (naam TEXT)")
        conn.commit()
    result = runner.invoke(app, ["batch", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 2
    assert "not made by extractor batch" in result.output


def test_read_options_reach_the_readers(extractor: Extractor, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "export.jsonl", [{"uid": "u1", "inhoud": compose(7), "datum": "2020-02-03"}]
    )
    options = BatchOptions(
        [str(path)],
        str(tmp_path / "uit.jsonl"),
        progress=False,
        read=ReadOptions(text_field="inhoud", id_field="uid", date_field="datum", max_bytes=10_000),
    )
    summary = run_batch(options, extractor=extractor)
    assert summary.extracted == 1
    document = Document.model_validate_json((tmp_path / "uit.jsonl").read_text())
    assert (document.source, str(document.published)) == (f"{path}#u1", "2020-02-03")
