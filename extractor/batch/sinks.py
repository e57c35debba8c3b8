"""Where a batch writes: chosen by the form of ``--out``, committed chunk by chunk, exactly once.

``out.jsonl``: one Document a line. ``out.csv``: one seizure a row. ``out.db``
or ``out.sqlite``: tables keyed by doc_id (see ``sqlite_sink``). A folder (or a
name without suffix): Parquet tables (see ``parquet_sink``).

The file outputs share one mechanism: lines are appended and fsynced, then
a state database (``out.jsonl.state.sqlite``) records in one transaction the
keys written and the committed size of every file. A run killed at any
point leaves at worst bytes past those sizes; ``--resume`` cuts them off, so
no partial line or half-written row survives. Duplicate sources and errors
go to sidecars beside the output (``out.sources.jsonl``, ``out.errors.jsonl``;
``.csv`` for a CSV output).
"""

from __future__ import annotations

import csv
import io
import json
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from extractor.batch.errors import BatchSetupError
from extractor.batch.ledger import Ledger, key_columns
from extractor.batch.tables import CSV_COLUMNS, TABLES, Column, Row, csv_rows

FILE_STATE_VERSION = 1


@dataclass
class DocResult:
    """One extracted document as the sinks need it: its id, table rows and/or JSON line."""

    doc_id: str
    rows: dict[str, list[Row]] | None
    json: bytes | None  # the Document's JSON line, UTF-8, without the newline


@dataclass
class Chunk:
    """What one commit writes: documents, the places they were found, the errors met, in input order."""

    documents: list[DocResult] = field(default_factory=list)
    sources: list[Row] = field(default_factory=list)
    errors: list[Row] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.documents) + len(self.sources) + len(self.errors)


class Sink(ABC):
    """An output with a ledger: it knows what it holds and commits chunks atomically."""

    want_json = False
    want_rows = True
    ledger: Ledger

    def __init__(self, out: Path) -> None:
        self.out = out

    @abstractmethod
    def open(self, resume: bool) -> None:
        """Create the output, or (``resume``) cut it back to its last commit; else ``BatchSetupError``."""

    @abstractmethod
    def commit(self, chunk: Chunk) -> None:
        """Write the chunk; after a crash at any point it is either all there or not at all."""

    @property
    @abstractmethod
    def errors_location(self) -> str:
        """Where a user finds the recorded errors."""

    def known(self, doc_id: str) -> bool:
        return self.ledger.known(doc_id)

    def has_source(self, doc_id: str, source: str) -> bool:
        return self.ledger.has_source(doc_id, source)

    def close(self) -> None:
        ledger = getattr(self, "ledger", None)
        if ledger is not None:
            ledger.close()


def _json_line(row: Row) -> bytes:
    return (json.dumps(row, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def _csv_value(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if value is None:
        return ""
    return value


def _csv_lines(columns: tuple[Column, ...], rows: list[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_value(row.get(c.name)) for c in columns])
    return buffer.getvalue().encode("utf-8")


class FileSink(Sink):
    """Append-only files plus a state database that knows their committed sizes."""

    suffix = ""

    def __init__(self, out: Path) -> None:
        super().__init__(out)
        stem = out.name[: -len(self.suffix)] if out.name.endswith(self.suffix) else out.name
        self.files: dict[str, Path] = {
            "main": out,
            "sources": out.with_name(f"{stem}.sources{self.suffix}"),
            "errors": out.with_name(f"{stem}.errors{self.suffix}"),
        }
        self.state_path = out.with_name(f"{out.name}.state.sqlite")
        self.handles: dict[str, io.BufferedWriter] = {}

    @property
    def errors_location(self) -> str:
        return str(self.files["errors"])

    def header(self, key: str) -> bytes:
        """Bytes a new file starts with."""
        return b""

    @abstractmethod
    def encode(self, chunk: Chunk) -> dict[str, bytes]:
        """The bytes each file gets for these (new) documents, sources and errors."""

    def open(self, resume: bool) -> None:
        if not self.out.parent.is_dir():
            raise BatchSetupError(f"{self.out.parent}: no such directory")
        if self.out.is_dir():
            raise BatchSetupError(f"{self.out}: is a directory")
        if resume and not self.state_path.exists() and any(p.exists() for p in self.files.values()):
            raise BatchSetupError(
                f"cannot resume: {self.state_path} is missing; run without --resume to start over"
            )
        tables = {name: key_columns(name) for name in ("documents", "sources", "errors")}
        self.ledger = Ledger(
            self.state_path,
            tables,
            ["CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, size INTEGER NOT NULL)"],
            version=FILE_STATE_VERSION,
            foreign_keys=False,
            exclusive=True,
        )
        if not resume:
            self.ledger.reset()
        committed = dict(self.ledger.conn.execute("SELECT name, size FROM files").fetchall())
        try:
            for key, path in self.files.items():
                size = committed.get(key)
                if size is None:
                    path.write_bytes(self.header(key))
                    size = path.stat().st_size
                elif not path.exists() or path.stat().st_size < size:
                    raise BatchSetupError(f"cannot resume: {path} is shorter than its last commit (damaged?)")
                handle = path.open("r+b")
                handle.truncate(size)
                handle.seek(size)
                self.handles[key] = handle  # type: ignore[assignment]
                committed[key] = size
            with self.ledger.transaction() as conn:
                conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?)", committed.items())
        except OSError as err:
            raise BatchSetupError(f"cannot write {err.filename or self.out}: {err.strerror or err}") from err

    def commit(self, chunk: Chunk) -> None:
        sizes = {key: handle.tell() for key, handle in self.handles.items()}
        try:
            with self.ledger.transaction() as conn:
                new = Chunk(
                    [d for d in chunk.documents if self.ledger.insert_new("documents", {"doc_id": d.doc_id})],
                    [r for r in chunk.sources if self.ledger.insert_new("sources", r)],
                    [r for r in chunk.errors if self.ledger.insert_new("errors", r)],
                )
                for key, data in self.encode(new).items():
                    self.handles[key].write(data)
                for handle in self.handles.values():
                    handle.flush()
                    os.fsync(handle.fileno())
                conn.executemany(
                    "UPDATE files SET size = ? WHERE name = ?",
                    [(h.tell(), k) for k, h in self.handles.items()],
                )
        except BaseException:
            for key, handle in self.handles.items():
                handle.seek(sizes[key])
                handle.truncate(sizes[key])
            raise

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()
        self.handles.clear()
        super().close()


class JsonlSink(FileSink):
    """``out.jsonl``: one ``schema.Document`` a line (its ``source`` is the first place it was found)."""

    suffix = ".jsonl"
    want_json = True
    want_rows = False

    def encode(self, chunk: Chunk) -> dict[str, bytes]:
        return {
            "main": b"".join((d.json or b"") + b"\n" for d in chunk.documents),
            "sources": b"".join(_json_line(r) for r in chunk.sources),
            "errors": b"".join(_json_line(r) for r in chunk.errors),
        }


class CsvSink(FileSink):
    """``out.csv``: one seizure a row, flat, UTF-8 with a BOM so spreadsheets read the accents right."""

    suffix = ".csv"

    def header(self, key: str) -> bytes:
        columns = CSV_COLUMNS if key == "main" else TABLES[key]
        return "\ufeff".encode() + ",".join(c.name for c in columns).encode() + b"\r\n"

    def encode(self, chunk: Chunk) -> dict[str, bytes]:
        seizures = [row for d in chunk.documents if d.rows for row in csv_rows(d.rows)]
        return {
            "main": _csv_lines(CSV_COLUMNS, seizures),
            "sources": _csv_lines(TABLES["sources"], chunk.sources),
            "errors": _csv_lines(TABLES["errors"], chunk.errors),
        }


def open_sink(out: str) -> Sink:
    """The sink for ``--out``'s form: .jsonl, .csv, .db/.sqlite/.sqlite3, or a folder for Parquet."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return JsonlSink(path)
    if suffix == ".csv":
        return CsvSink(path)
    if suffix in (".db", ".sqlite", ".sqlite3"):
        from extractor.batch.sqlite_sink import SqliteSink

        return SqliteSink(path)
    if path.is_dir() or not suffix or out.endswith(("/", os.sep)) or suffix == ".parquet":
        from extractor.batch.parquet_sink import ParquetSink

        return ParquetSink(path)
    raise BatchSetupError(
        f"{out}: cannot tell the output format; use .jsonl, .csv, .db/.sqlite, or a folder for Parquet tables"
    )
