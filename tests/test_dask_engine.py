"""The batch on a Dask cluster: same tables as the local batch, row for row, even when a worker dies.

One LocalCluster (2 worker processes, loopback) serves the whole module. The
archive is composed at test time: text files in folders, a zip, a tar.gz, a
plain JSONL export big enough to be cut into byte ranges, a gzipped one, an
HTML page, duplicates across containers and broken inputs of every kind.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import random
import signal
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")
pq = pytest.importorskip("pyarrow.parquet")

from distributed import Client, LocalCluster  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from extractor.api import Extractor  # noqa: E402
from extractor.batch.runner import BatchOptions, run_batch  # noqa: E402
from extractor.batch.tables import KEYS, TABLES, csv_rows, document_rows  # noqa: E402
from extractor.dask import ExtractionFailed, Fields, extract_bag, extract_frame, seizure_bag, seizure_frame  # noqa: E402
from extractor.dask.engine import DaskOptions, run_batch_dask  # noqa: E402
from extractor.dask.partitions import JsonlRange, ZipMembers, plan_partitions  # noqa: E402
from extractor.dask.tasks import count_newlines, read_piece  # noqa: E402

#: Small partitions, so that a small archive still makes many tasks, JSONL ranges and zip runs.
PARTITION_BYTES = 4_000

PORTS = ["Rotterdam", "Antwerpen", "Vlissingen", "Zeebrugge", "Amsterdam", "Gent"]
CITIES = ["Breda", "Tilburg", "Mechelen", "Lier", "Gouda", "Zwolle", "Hasselt", "Venlo", "Aalst", "Delft"]
CARGO = ["bananen", "ananassen", "koffiebonen", "bouwmaterialen", "bevroren vis", "houtskool", "tegels"]
DRUGS = [
    ("cocaïne", "kilo"),
    ("heroïne", "kilo"),
    ("hasj", "kilo"),
    ("cannabis", "kilo"),
    ("xtc-pillen", "stuks"),
]


def compose(rng: random.Random, number: int) -> str:
    """One composed press text; the container number makes every text unique."""
    port, city, cargo = rng.choice(PORTS), rng.choice(CITIES), rng.choice(CARGO)
    drug, unit = rng.choice(DRUGS)
    amount = rng.randint(2, 900) if unit == "kilo" else rng.randint(1_000, 90_000)
    year = rng.randint(2015, 2023)
    container = f"MSKU{1_000_000 + number:07d}"
    sentences = [
        f"De douane heeft in de haven van {port} {amount} {unit} {drug} onderschept.",
        f"De lading zat verstopt in container {container} tussen de {cargo}.",
        rng.choice(
            [
                f"Een {rng.randint(19, 64)}-jarige man uit {city} is aangehouden.",
                f"In {year} werd in {port} in totaal {rng.randint(10, 90)} ton cocaïne in beslag genomen.",
                "Het Openbaar Ministerie onderzoekt de zaak verder.",
                "Woordvoerder Jan de Vries van de douane laat weten dat de partij werd vernietigd.",
            ]
        ),
    ]
    prefix = f" date {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n" if rng.random() < 0.5 else ""
    return prefix + " ".join(sentences)


def make_archive(root: Path) -> tuple[Path, list[str]]:
    """A folder of mixed inputs; returns it and some texts for the library tests."""
    rng = random.Random(6)
    counter = iter(range(10_000))
    texts = [compose(rng, next(counter)) for _ in range(40)]
    base = root / "archive"
    for index in range(36):
        folder = base / f"{2018 + index % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:03d}.txt").write_text(compose(rng, next(counter)), encoding="utf-8")
    (base / "2018" / "copy-of-001.txt").write_text((base / "2019" / "001.txt").read_text("utf-8"), "utf-8")
    (base / "2018" / "empty.txt").write_bytes(b"")
    (base / "2018" / "binary.txt").write_bytes(b"\x00\x01\x02PK" * 50)
    (base / "2019" / "ansi.txt").write_bytes(
        compose(rng, next(counter)).replace("ï", "i").encode("cp1252") + b" \xe9\xe9n"
    )
    (base / "2019" / "foto.jpg").write_bytes(b"\xff\xd8\xff")
    (base / "2020" / "page.html").write_text(
        "<html><head><title>Douane vindt cocaïne in bananen</title></head><body><nav>Home | Nieuws</nav>"
        f"<article><h1>Douane vindt cocaïne in bananen</h1><p>{compose(rng, next(counter))}</p>"
        f"<p>{compose(rng, next(counter))}</p></article><footer>Contact</footer></body></html>",
        encoding="utf-8",
    )
    with zipfile.ZipFile(base / "export.zip", "w") as archive:
        for index in range(30):
            archive.writestr(f"persberichten/{index:03d}.txt", compose(rng, next(counter)))
        archive.writestr("persberichten/dubbel.txt", (base / "2018" / "000.txt").read_text("utf-8"))
        archive.writestr("../ontsnapt.txt", "De douane vond 5 kilo cocaïne.")
        archive.writestr("leeg.txt", "")
    with tarfile.open(base / "oud.tar.gz", "w:gz") as archive:
        for index in range(12):
            data = compose(rng, next(counter)).encode("utf-8")
            info = tarfile.TarInfo(f"oud/{index:03d}.txt")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    lines = []
    for index in range(70):
        record: dict[str, Any] = {
            "text": compose(rng, next(counter)),
            "date": f"20{15 + index % 9}-0{1 + index % 9}-11",
        }
        if index % 3:
            record["id"] = f"nieuws-{index}"
        lines.append(json.dumps(record, ensure_ascii=False))
    lines[10] = "{dit is geen json"
    lines[20] = json.dumps({"id": "zonder-tekst", "body": "De douane vond niets."})
    lines[30] = json.dumps({"id": "dubbel", "text": (base / "2020" / "002.txt").read_text("utf-8")})
    lines.insert(40, "")
    (base / "nieuws.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(base / "nieuws-oud.jsonl.gz", "wt", encoding="utf-8") as handle:
        for index in range(8):
            handle.write(json.dumps({"id": f"oud-{index}", "text": compose(rng, next(counter))}) + "\n")
        handle.write("[1, 2]\n")
    return base, texts


def tables(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table of a Parquet output, rows sorted by key."""
    result = {}
    for table in TABLES:
        parts = sorted((folder / table).glob("*.parquet"))
        rows = [row for part in parts for row in pq.read_table(part).to_pylist()]
        keys = KEYS[table]
        result[table] = sorted(rows, key=lambda row: tuple(str(row[k]) for k in keys))  # noqa: B023
    return result


@pytest.fixture(scope="module")
def client() -> Any:
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    return make_archive(tmp_path_factory.mktemp("dask"))


@pytest.fixture(scope="module")
def local_tables(
    archive: tuple[Path, list[str]], extractor: Extractor, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    out = tmp_path_factory.mktemp("local") / "tables"
    summary = run_batch(BatchOptions([str(archive[0])], str(out), progress=False), extractor=extractor)
    assert summary.extracted > 150 and summary.failed >= 6 and summary.duplicates >= 3
    return tables(out), summary


def test_partitions_cut_big_inputs_and_read_like_the_whole(archive: tuple[Path, list[str]]) -> None:
    from extractor.batch.items import ReadOptions
    from extractor.batch.sources import iter_inputs

    options = ReadOptions()
    partitions = list(plan_partitions([str(archive[0])], options, PARTITION_BYTES))
    pieces = [piece for partition in partitions for piece in partition.pieces]
    ranges = [p for p in pieces if isinstance(p, JsonlRange)]
    assert len(ranges) >= 4 and len([p for p in pieces if isinstance(p, ZipMembers)]) >= 2
    assert len({partition.key for partition in partitions}) == len(partitions)
    newlines = {r.block: count_newlines(r.path, r.start, r.end) for r in ranges}
    entries = []
    for piece in pieces:
        before = sum(newlines[b] for b in range(piece.block)) if isinstance(piece, JsonlRange) else 0
        entries.extend(read_piece(piece, options, before))
    whole = list(iter_inputs([str(archive[0])], options))
    assert [(type(e).__name__, e.source) for e in entries] == [(type(e).__name__, e.source) for e in whole]


@pytest.mark.parametrize("target", [1, 9, 40, 97, 10_000])
def test_jsonl_ranges_number_lines_as_the_whole_file_does(tmp_path: Path, target: int) -> None:
    from extractor.batch.formats import Format
    from extractor.batch.items import ReadOptions
    from extractor.batch.sources import read_file
    from extractor.dask.partitions import WholeFile, split_file

    lines = [json.dumps({"text": f"De douane vond {i} kilo." + " x" * (i * 7 % 30)}) for i in range(30)]
    lines[4] = json.dumps({"text": "y" * 300})  # over the cap: skipped unread, still counted
    lines[9], lines[12] = "geen json", ""
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")  # no newline after the last line
    options = ReadOptions(max_bytes=200)
    pieces = split_file(path, "export.jsonl", Format.jsonl, path.stat().st_size, target)
    pieces = pieces or [WholeFile(str(path), "export.jsonl", True)]
    entries, newlines = [], 0
    for piece in pieces:
        entries.extend(read_piece(piece, options, newlines))
        if isinstance(piece, JsonlRange):
            newlines += count_newlines(piece.path, piece.start, piece.end)

    def facts(entry: Any) -> tuple:
        return (entry.source, getattr(entry, "content", None), getattr(entry, "reason", None))

    assert [facts(e) for e in entries] == [facts(e) for e in read_file(path, "export.jsonl", options, True)]


def test_partitions_split_in_halves_down_to_one_input() -> None:
    from extractor.dask.partitions import Partition, WholeFile

    files = tuple(WholeFile(f"/a/{i}.txt", f"a/{i}.txt", False) for i in range(3))
    halves = Partition(4, files, "k").split()
    assert [h.pieces for h in halves] == [files[:1], files[1:]] and [h.key for h in halves] == ["k/0", "k/1"]
    assert Partition(4, files[:1], "k").split() == []
    members = Partition(5, (ZipMembers("/a.zip", "a.zip", 10, 15),), "z").split()
    assert [(h.pieces[0].first, h.pieces[0].stop) for h in members] == [(10, 12), (12, 15)]
    assert Partition(5, (ZipMembers("/a.zip", "a.zip", 3, 4),), "z").split() == []


def test_cluster_output_matches_local_batch_row_for_row(
    client: Client, archive: tuple[Path, list[str]], local_tables: Any, tmp_path: Path
) -> None:
    expected, local = local_tables
    out = tmp_path / "tables"
    options = BatchOptions([str(archive[0])], str(out), progress=False)
    summary = run_batch_dask(options, DaskOptions(partition_bytes=PARTITION_BYTES), client=client)
    got = tables(out)
    assert got["seizures"] == expected["seizures"] and len(got["seizures"]) > 150
    assert got == expected
    assert (summary.read, summary.extracted, summary.duplicates, summary.failed, summary.ignored) == (
        local.read,
        local.extracted,
        local.duplicates,
        local.failed,
        local.ignored,
    )
    assert summary.seizures == local.seizures and summary.warnings == local.warnings

    again = run_batch_dask(
        BatchOptions([str(archive[0])], str(out), resume=True, progress=False),
        DaskOptions(partition_bytes=PARTITION_BYTES),
        client=client,
    )
    assert again.extracted == 0 and again.already_done == local.extracted + local.duplicates
    assert tables(out) == expected


def test_a_worker_killed_mid_run_loses_no_document(
    client: Client, archive: tuple[Path, list[str]], local_tables: Any, tmp_path: Path
) -> None:
    expected, _ = local_tables
    killed: list[int] = []
    settled_after_kill: list[int] = []

    def kill_a_busy_worker(summary: Any) -> None:
        if killed:
            settled_after_kill.append(summary.read)
            return
        busy = {address: tasks for address, tasks in client.processing().items() if tasks}
        if not busy:
            return
        address = max(busy, key=lambda a: len(busy[a]))
        pid = client.run(os.getpid, workers=[address])[address]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    out = tmp_path / "tables"
    options = BatchOptions([str(archive[0])], str(out), progress=False)
    run_batch_dask(
        options, DaskOptions(partition_bytes=PARTITION_BYTES), client=client, on_partition=kill_a_busy_worker
    )
    assert killed, "no worker was busy to be killed"
    assert settled_after_kill, "the run ended with the kill: nothing was left to recover"
    assert killed[0] not in client.run(os.getpid).values()
    assert tables(out) == expected


def test_library_bag_and_frame(client: Client, archive: tuple[Path, list[str]], extractor: Extractor) -> None:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    texts = archive[1]
    items = [
        {"text": text, "id": f"doc-{i}", "date": "2022-03-04" if i % 2 else None}
        for i, text in enumerate(texts)
    ]
    expected = [extractor.extract(t["text"], published=t["date"], source=t["id"]) for t in items]
    got = extract_bag(db.from_sequence(items, npartitions=4)).compute()
    assert got == expected
    plain = extract_bag(db.from_sequence(texts[:5], npartitions=2)).compute()
    assert [d.doc_id for d in plain] == [d.doc_id for d in expected[:5]]

    rows = [row for d in expected for row in csv_rows(document_rows(d))]
    assert sorted(seizure_bag(db.from_sequence(items, npartitions=3)).compute(), key=repr) == sorted(
        rows, key=repr
    )

    frame = dd.from_pandas(pd.DataFrame(items).rename(columns={"text": "body"}), npartitions=3)
    seizures = seizure_frame(frame, text="body", id="id", date="date").compute()
    assert len(seizures) == len(rows) > 20
    assert list(seizures["doc_id"]) == [r["doc_id"] for r in rows]
    assert list(seizures["amount"]) == [r["amount"] for r in rows]
    assert [d.doc_id for d in extract_frame(frame, text="body").compute()] == [d.doc_id for d in expected]

    broken = db.from_sequence([texts[0], {"id": "x", "text": 42}, {"id": "y"}], npartitions=1)
    assert len(extract_bag(broken, on_error="skip").compute()) == 1
    with pytest.raises(ExtractionFailed, match="x: 'text' is int"):
        extract_bag(broken).compute()
    nested = [{"article": {"body": texts[1]}, "meta": {"url": "u1"}}]
    docs = extract_bag(db.from_sequence(nested), fields=Fields("article.body", "meta.url", None)).compute()
    assert docs[0].source == "u1" and docs[0].doc_id == expected[1].doc_id


def test_cli_runs_on_a_scheduler(
    client: Client, archive: tuple[Path, list[str]], local_tables: Any, tmp_path: Path
) -> None:
    from extractor.cli import app

    expected, _ = local_tables
    out = tmp_path / "tables"
    result = CliRunner().invoke(
        app,
        [
            "batch",
            str(archive[0]),
            "--out",
            str(out),
            "--engine",
            "dask",
            "--scheduler",
            client.scheduler.address,
            "--partition-mb",
            "0.006",
            "--no-progress",
        ],
    )
    assert result.exit_code == 1, result.output  # the archive holds broken documents
    assert "batch done" in result.output
    assert tables(out) == expected


def test_cli_names_the_extra_when_dask_is_missing(
    archive: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor.cli import app

    monkeypatch.setitem(__import__("sys").modules, "distributed", None)
    result = CliRunner().invoke(
        app, ["batch", str(archive[0]), "--out", str(tmp_path / "t"), "--engine", "dask"]
    )
    assert result.exit_code == 2
    assert 'pip install "customs-extractor[dask]"' in result.output
