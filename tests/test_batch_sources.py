"""Reading batch inputs: folders, archives streamed member by member, JSONL exports, and every broken kind."""

from __future__ import annotations

import gzip
import io
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from batch_support import compose, write_jsonl, write_tar, write_zip

from extractor.batch.errors import BatchSetupError, Failure, Skipped, Stage
from extractor.batch.items import Kind, RawItem, ReadOptions, parse_size
from extractor.batch.sources import check_inputs, iter_inputs

OPTIONS = ReadOptions()


def entries(*paths: Path, options: ReadOptions = OPTIONS) -> list[RawItem | Failure | Skipped]:
    return list(iter_inputs([str(p) for p in paths], options))


def summary(found: list[RawItem | Failure | Skipped]) -> list[tuple[str, str, str]]:
    """(kind, source, detail) per entry: the item's text, the failure's stage, the skip's reason."""
    rows = []
    for entry in found:
        if isinstance(entry, RawItem):
            text = entry.content.decode() if isinstance(entry.content, bytes) else entry.content
            rows.append(("item", entry.source, text))
        elif isinstance(entry, Failure):
            rows.append(("failure", entry.source, entry.stage.value))
        else:
            rows.append(("skipped", entry.source, entry.reason))
    return rows


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "persberichten"
    (root / "2022" / "maart").mkdir(parents=True)
    (root / "2021").mkdir()
    (root / "2022" / "maart" / "b.txt").write_text("tekst b")
    (root / "2022" / "a.txt").write_text("tekst a")
    (root / "2021" / "z.htm").write_text("<p>pagina</p>")
    (root / "2021" / "foto.jpg").write_bytes(b"\xff\xd8")
    (root / ".DS_Store").write_bytes(b"\x00")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("verborgen")
    found = entries(root)
    assert summary(found) == [
        ("skipped", f"{root}/2021/foto.jpg", "not a document type"),
        ("item", f"{root}/2021/z.htm", "<p>pagina</p>"),
        ("item", f"{root}/2022/a.txt", "tekst a"),
        ("item", f"{root}/2022/maart/b.txt", "tekst b"),
    ]
    assert [e.kind for e in found if isinstance(e, RawItem)] == [Kind.html, Kind.text, Kind.text]


def test_an_explicit_file_of_any_name_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "bericht.md"
    path.write_text("Douane vindt cocaïne")
    assert summary(entries(path)) == [("item", str(path), "Douane vindt cocaïne")]


def test_zip_members_keep_their_provenance(tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "archief.zip",
        [
            ("2022/0114.txt", compose(1)),
            ("2022/0115.html", "<p>x</p>"),
            ("2022/", b""),
            ("logo.png", b"\x89PNG"),
        ],
    )
    assert summary(entries(archive)) == [
        ("item", f"{archive}!/2022/0114.txt", compose(1)),
        ("item", f"{archive}!/2022/0115.html", "<p>x</p>"),
        ("skipped", f"{archive}!/logo.png", "not a document type"),
    ]


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2", "w:xz"])
def test_tar_archives_of_every_compression(tmp_path: Path, mode: str) -> None:
    suffix = {"w": ".tar", "w:gz": ".tar.gz", "w:bz2": ".tar.bz2", "w:xz": ".tar.xz"}[mode]
    archive = write_tar(
        tmp_path / f"archief{suffix}", [("a/1.txt", compose(1)), ("a/2.txt", compose(2))], mode
    )
    assert summary(entries(archive)) == [
        ("item", f"{archive}!/a/1.txt", compose(1)),
        ("item", f"{archive}!/a/2.txt", compose(2)),
    ]


def test_unsafe_member_paths_are_recorded_and_not_read(tmp_path: Path) -> None:
    zipped = write_zip(
        tmp_path / "a.zip", [("../../etc/passwd.txt", "x"), ("/abs.txt", "y"), ("ok.txt", "z")]
    )
    tarred = write_tar(tmp_path / "a.tgz", [("../uit.txt", "x"), ("C:/win.txt", "y"), ("ok.txt", "z")])
    assert summary(entries(zipped, tarred)) == [
        ("failure", f"{zipped}!/../../etc/passwd.txt", "read"),
        ("failure", f"{zipped}!//abs.txt", "read"),
        ("item", f"{zipped}!/ok.txt", "z"),
        ("failure", f"{tarred}!/../uit.txt", "read"),
        ("failure", f"{tarred}!/C:/win.txt", "read"),
        ("item", f"{tarred}!/ok.txt", "z"),
    ]
    assert all("unsafe member path" in e.reason for e in entries(zipped) if isinstance(e, Failure))


def test_links_hidden_files_and_nested_archives(tmp_path: Path) -> None:
    path = tmp_path / "a.tar"
    with tarfile.open(path, "w") as archive:
        link = tarfile.TarInfo("link.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
        for name, data in [
            ("__MACOSX/._a.txt", b"\x00\x05\x16\x07"),
            ("inner.zip", b"PK"),
            ("a.txt", b"tekst"),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    assert summary(entries(path)) == [
        ("skipped", f"{path}!/link.txt", "link or special file"),
        ("skipped", f"{path}!/__MACOSX/._a.txt", "hidden file"),
        ("failure", f"{path}!/inner.zip", "read"),
        ("item", f"{path}!/a.txt", "tekst"),
    ]


def test_size_cap_applies_to_files_and_members(tmp_path: Path) -> None:
    options = ReadOptions(max_bytes=1_000)
    big, small = "x" * 1_001, "y" * 1_000
    (tmp_path / "big.txt").write_text(big)
    zipped = write_zip(tmp_path / "a.zip", [("big.txt", big), ("small.txt", small)])
    tarred = write_tar(tmp_path / "a.tar.gz", [("big.txt", big), ("small.txt", small)])
    found = entries(tmp_path / "big.txt", zipped, tarred, options=options)
    assert [(kind, source) for kind, source, _ in summary(found)] == [
        ("failure", str(tmp_path / "big.txt")),
        ("failure", f"{zipped}!/big.txt"),
        ("item", f"{zipped}!/small.txt"),
        ("failure", f"{tarred}!/big.txt"),
        ("item", f"{tarred}!/small.txt"),
    ]
    assert all("over the size cap of 1,000" in e.reason for e in found if isinstance(e, Failure))


def test_zip_bomb_stops_at_the_total_cap(tmp_path: Path) -> None:
    """Members each under the document cap, together far over the archive cap: the archive stops."""
    members = [(f"{i:03d}.txt", "a" * 90_000) for i in range(50)]
    bomb = write_zip(tmp_path / "bom.zip", members)
    assert bomb.stat().st_size < 50_000
    found = entries(bomb, options=ReadOptions(max_bytes=100_000, max_archive_bytes=500_000))
    items = [e for e in found if isinstance(e, RawItem)]
    assert len(items) == 5
    assert isinstance(found[-1], Failure) and found[-1].source == str(bomb)
    assert "more than 500,000 bytes" in found[-1].reason


def test_tar_bomb_stops_while_streaming(tmp_path: Path) -> None:
    """A gzipped tar whose one member inflates far past the caps: read no further than the cap."""
    bomb = write_tar(
        tmp_path / "bom.tar.gz", [("eerst.txt", "voor de bom"), ("nullen.txt", b"\0" * 30_000_000)]
    )
    assert bomb.stat().st_size < 100_000
    found = entries(bomb, options=ReadOptions(max_bytes=1_000, max_archive_bytes=1_000_000))
    assert summary(found) == [
        ("item", f"{bomb}!/eerst.txt", "voor de bom"),
        ("failure", f"{bomb}!/nullen.txt", "read"),
        ("failure", str(bomb), "read"),
    ]
    assert "more than 1,000,000 bytes" in found[-1].reason


def test_corrupt_and_truncated_archives(tmp_path: Path) -> None:
    not_zip = tmp_path / "kapot.zip"
    not_zip.write_bytes(b"dit is geen zip" * 100)
    whole = write_zip(tmp_path / "heel.zip", [(f"{i}.txt", compose(i)) for i in range(5)])
    cut_zip = tmp_path / "afgebroken.zip"
    cut_zip.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    tar = write_tar(tmp_path / "heel.tar.gz", [(f"{i}.txt", compose(i) * 40) for i in range(6)])
    cut_tar = tmp_path / "afgebroken.tar.gz"
    cut_tar.write_bytes(tar.read_bytes()[: tar.stat().st_size * 2 // 3])
    found = summary(entries(not_zip, cut_zip, cut_tar))
    assert found[0] == ("failure", str(not_zip), "read")
    assert found[1] == ("failure", str(cut_zip), "read")
    tar_entries = found[2:]
    assert tar_entries[0] == ("item", f"{cut_tar}!/0.txt", compose(0) * 40)
    assert [kind for kind, _, _ in tar_entries[:-1]] == ["item"] * (len(tar_entries) - 1)
    assert tar_entries[-1][0] == "failure" and tar_entries[-1][1].startswith(str(cut_tar))
    last = [e for e in entries(cut_tar) if isinstance(e, Failure)][0]
    assert "corrupt or truncated" in last.reason


def test_a_damaged_zip_member_fails_alone(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "a.zip", [("a.txt", compose(1) * 20), ("b.txt", compose(2) * 20)])
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("a.txt")
    start = info.header_offset + 30 + len(info.filename) + 10  # inside a.txt's compressed data
    data[start : start + 20] = bytes(20)
    path.write_bytes(bytes(data))
    found = summary(entries(path))
    assert found[0][:2] == ("failure", f"{path}!/a.txt")
    assert found[1] == ("item", f"{path}!/b.txt", compose(2) * 20)


def test_jsonl_records_fields_and_bad_lines(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "export.jsonl.gz",
        [
            {"id": "NB-0114", "text": "Douane vindt hasj", "date": "2022-01-14T08:30:00Z"},
            "dit is geen json",
            {"id": 7, "body": "geen tekstveld"},
            "",
            ["een", "lijst"],
            {"text": None},
            {"text": "zonder id", "date": "gisteren"},
        ],
    )
    found = entries(path)
    assert summary(found) == [
        ("item", f"{path}#NB-0114", "Douane vindt hasj"),
        ("failure", f"{path}:2", "parse"),
        ("failure", f"{path}:3", "parse"),
        ("failure", f"{path}:5", "parse"),
        ("failure", f"{path}:6", "parse"),
        ("item", f"{path}:7", "zonder id"),
    ]
    first, last = found[0], found[-1]
    assert (
        isinstance(first, RawItem)
        and first.published is not None
        and first.published.isoformat() == "2022-01-14"
    )
    assert isinstance(last, RawItem) and last.published is None
    assert last.warnings == ["'date' field 'gisteren' is not a date; ignored"]
    reasons = [e.reason for e in found if isinstance(e, Failure)]
    assert reasons[0].startswith("not JSON") and reasons[1] == "no 'text' field"
    assert (
        reasons[2] == "not a JSON object but list" and reasons[3] == "'text' field is NoneType, not a string"
    )


def test_jsonl_field_options_reach_nested_fields(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "nieuws.jsonl",
        [{"meta": {"uid": "a1", "datum": "2021-06"}, "artikel": {"tekst": "In Gent werd hasj gevonden."}}],
    )
    options = ReadOptions(text_field="artikel.tekst", id_field="meta.uid", date_field="meta.datum")
    (item,) = entries(path, options=options)
    assert isinstance(item, RawItem)
    assert (item.source, item.content, str(item.published)) == (
        f"{path}#a1",
        "In Gent werd hasj gevonden.",
        "2021-06-01",
    )


def test_jsonl_cp1252_line_over_long_line_and_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "oud.jsonl"
    path.write_bytes(
        '{"text": "Coca\u00efne in Antwerpen"}\n'.encode("cp1252")
        + b'{"text": "'
        + b"x" * 300
        + b'"}\n'
        + b'{"text": "ok"}'
    )
    found = entries(path, options=ReadOptions(max_bytes=200))
    assert summary(found) == [
        ("item", f"{path}:1", "Cocaïne in Antwerpen"),
        ("failure", f"{path}:2", "read"),
        ("item", f"{path}:3", "ok"),
    ]
    assert isinstance(found[0], RawItem) and "decoded as cp1252" in found[0].warnings[0]
    whole = write_jsonl(tmp_path / "groot.jsonl.gz", [{"text": compose(i)} for i in range(200)])
    cut = tmp_path / "kapot.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    found = entries(cut)
    assert isinstance(found[-1], Failure) and "corrupt or truncated" in found[-1].reason
    assert [e.source for e in found[:3]] == [f"{cut}:1", f"{cut}:2", f"{cut}:3"]


def test_jsonl_inside_archives_is_streamed(tmp_path: Path) -> None:
    lines = gzip.compress(b'{"id": "x1", "text": "tekst een"}\n{"id": "x2", "text": "tekst twee"}\n')
    archive = write_zip(tmp_path / "a.zip", [("export/dag.jsonl.gz", lines)])
    assert summary(entries(archive)) == [
        ("item", f"{archive}!/export/dag.jsonl.gz#x1", "tekst een"),
        ("item", f"{archive}!/export/dag.jsonl.gz#x2", "tekst twee"),
    ]


@pytest.mark.parametrize("suffix", [".zip", ".tar.gz"])
def test_archives_are_streamed_in_flat_memory(tmp_path: Path, suffix: str) -> None:
    """12 MB of members through the reader: Python memory stays a few member sizes, not the archive."""
    member = ("Persbericht. " * 1_600)[:20_000]
    members = ((f"{i:05d}.txt", member + str(i)) for i in range(600))
    path = tmp_path / f"groot{suffix}"
    write_zip(path, members) if suffix == ".zip" else write_tar(path, members)
    tracemalloc.start()
    try:
        count = sum(1 for entry in iter_inputs([str(path)], OPTIONS) if isinstance(entry, RawItem))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 600
    assert peak < 2_000_000, f"peak {peak:,} bytes while streaming 12 MB"


def test_missing_inputs_stop_the_run_before_it_starts(tmp_path: Path) -> None:
    with pytest.raises(BatchSetupError, match="no such file or directory"):
        check_inputs([str(tmp_path / "bestaat-niet.zip")])
    with pytest.raises(BatchSetupError):
        check_inputs([])


@pytest.mark.parametrize(
    ("text", "size"),
    [("5MB", 5_000_000), ("500 kB", 500_000), ("1.5GB", 1_500_000_000), ("2GiB", 2 << 30), ("123", 123)],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["vijf", "5XB", "0", "-1MB"])
def test_parse_size_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


def test_stage_values_are_the_documented_ones() -> None:
    assert [s.value for s in Stage] == ["read", "decode", "parse", "extract"]
