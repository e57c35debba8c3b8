"""The Parquet output: a folder with one dataset per table (``out/seizures/part-000003.parquet`` ...).

Each commit writes one part file per table that has rows: written under a
hidden temporary name (readers skip names starting with '.'), fsynced, then
renamed into place, and recorded in ``out/_state.sqlite`` in the same
transaction as the document keys. On ``--resume`` any part file the state
does not list (the remains of a killed commit) is deleted. Column types come
from ``tables.TABLES`` through ``arrow_schema``, so every part of a table
has the same schema, empty columns included.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extractor.batch.errors import BatchSetupError
from extractor.batch.ledger import Ledger, key_columns
from extractor.batch.sinks import Chunk, Sink
from extractor.batch.tables import DOCUMENT_TABLES, TABLES, Column, Row

PARQUET_STATE_VERSION = 1
STATE_NAME = "_state.sqlite"

_ARROW_TYPES: dict[str, Any] = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "list[str]": pa.list_(pa.string()),
    "list[int]": pa.list_(pa.int64()),
}


def arrow_schema_of(columns: Sequence[Column]) -> pa.Schema:
    """The Arrow schema of columns typed as in ``tables`` (e.g. ``tables.CSV_COLUMNS``)."""
    return pa.schema([pa.field(c.name, _ARROW_TYPES[c.type]) for c in columns])


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of one table of ``tables.TABLES``."""
    return arrow_schema_of(TABLES[table])


def arrow_table(table: str, rows: list[Row]) -> pa.Table:
    """Rows of one table as an Arrow table with its fixed schema."""
    return pa.Table.from_pylist(rows, schema=arrow_schema(table))


class ParquetSink(Sink):
    """A folder of Parquet datasets, one per table, committed part by part."""

    def __init__(self, out: Path) -> None:
        super().__init__(out)
        self.state_path = out / STATE_NAME
        self.next_part = 0

    @property
    def errors_location(self) -> str:
        return str(self.out / "errors")

    def open(self, resume: bool) -> None:
        if self.out.exists() and not self.out.is_dir():
            raise BatchSetupError(f"{self.out}: exists and is not a folder")
        if not self.out.parent.is_dir():
            raise BatchSetupError(f"{self.out.parent}: no such directory")
        if resume and self.out.is_dir() and not self.state_path.exists() and any(self._table_dirs()):
            raise BatchSetupError(
                f"cannot resume: {self.state_path} is missing; run without --resume to start over"
            )
        try:
            self.out.mkdir(exist_ok=True)
        except OSError as err:
            raise BatchSetupError(f"cannot write {self.out}: {err.strerror or err}") from err
        self.ledger = Ledger(
            self.state_path,
            {name: key_columns(name) for name in ("documents", "sources", "errors")},
            ["CREATE TABLE IF NOT EXISTS parts (name TEXT PRIMARY KEY, part INTEGER NOT NULL)"],
            version=PARQUET_STATE_VERSION,
            foreign_keys=False,
            exclusive=True,
        )
        try:
            if not resume:
                self.ledger.reset()
                for folder in self._table_dirs():
                    shutil.rmtree(folder)
            for table in TABLES:
                (self.out / table).mkdir(exist_ok=True)
        except OSError as err:
            raise BatchSetupError(f"cannot write {err.filename or self.out}: {err.strerror or err}") from err
        listed = {name for (name,) in self.ledger.conn.execute("SELECT name FROM parts")}
        for table in TABLES:
            for path in (self.out / table).iterdir():
                if f"{table}/{path.name}" not in listed:
                    path.unlink()
        self.next_part = self.ledger.conn.execute("SELECT coalesce(max(part) + 1, 0) FROM parts").fetchone()[
            0
        ]

    def _table_dirs(self) -> list[Path]:
        return [self.out / table for table in TABLES if (self.out / table).is_dir()]

    def commit(self, chunk: Chunk) -> None:
        written: list[Path] = []
        try:
            with self.ledger.transaction() as conn:
                tables: dict[str, list[Row]] = {table: [] for table in TABLES}
                for document in chunk.documents:
                    if self.ledger.insert_new("documents", {"doc_id": document.doc_id}) and document.rows:
                        for table in DOCUMENT_TABLES:
                            tables[table].extend(document.rows.get(table, []))
                tables["sources"] = [r for r in chunk.sources if self.ledger.insert_new("sources", r)]
                tables["errors"] = [r for r in chunk.errors if self.ledger.insert_new("errors", r)]
                name = f"part-{self.next_part:06d}.parquet"
                for table, rows in tables.items():
                    if rows:
                        written.append(self._write_part(table, name, rows))
                        conn.execute("INSERT INTO parts VALUES (?, ?)", (f"{table}/{name}", self.next_part))
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        self.next_part += 1

    def _write_part(self, table: str, name: str, rows: list[Row]) -> Path:
        final = self.out / table / name
        temporary = final.with_name(f".{name}.tmp")
        pq.write_table(arrow_table(table, rows), temporary)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, final)
        return final
