"""The SQLite bookkeeping behind exactly-once output: which documents, sources and errors are stored.

Every sink keeps one: for the SQLite output it is the output database
itself, for the file outputs (JSONL, CSV, Parquet) a small state database
beside them that also records how far each file is committed. A chunk is
committed in one transaction, so after a crash the ledger tells exactly
what is in the output; the file sinks cut their files back to match it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from extractor.batch.errors import BatchSetupError
from extractor.batch.tables import KEYS, TABLES, Column, Row

_SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER", "date": "TEXT"}


def sql_type(column: Column) -> str:
    """SQLite type of a column; lists are JSON arrays in TEXT."""
    return _SQL_TYPES.get(column.type, "TEXT")


def to_sql(value: Any) -> Any:
    """A row value as SQLite stores it: ISO dates, 0/1 booleans, JSON lists."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def create_table_sql(name: str, columns: Sequence[Column], foreign_keys: bool) -> str:
    """CREATE TABLE for one table of ``tables.TABLES`` (or a subset of its columns) with its keys."""
    parts = [f'"{c.name}" {sql_type(c)}' + (" NOT NULL" if c.name in KEYS[name] else "") for c in columns]
    if name == "errors":
        parts.insert(0, "id INTEGER PRIMARY KEY")
        parts.append(f"UNIQUE ({', '.join(KEYS[name])})")
    else:
        parts.append(f"PRIMARY KEY ({', '.join(KEYS[name])})")
    if foreign_keys and name != "documents" and any(c.name == "doc_id" for c in columns):
        parts.append("FOREIGN KEY (doc_id) REFERENCES documents(doc_id) ON DELETE CASCADE")
    return f'CREATE TABLE IF NOT EXISTS "{name}" (\n  ' + ",\n  ".join(parts) + "\n)"


def insert_sql(name: str, columns: Sequence[str]) -> str:
    """INSERT OR IGNORE of one row into ``columns`` of table ``name``."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT OR IGNORE INTO "{name}" ({quoted}) VALUES ({", ".join("?" * len(columns))})'


def key_columns(name: str) -> tuple[Column, ...]:
    """Only the key columns of a table: what a state database needs to know."""
    return tuple(c for c in TABLES[name] if c.name in KEYS[name])


class Ledger:
    """A SQLite database holding (at least) documents, sources and errors keyed as in ``tables.KEYS``."""

    def __init__(
        self,
        path: Path,
        tables: Mapping[str, Sequence[Column]],
        extra_sql: Sequence[str] = (),
        *,
        version: int,
        foreign_keys: bool,
        exclusive: bool,
        wal: bool = False,
    ) -> None:
        self.path = path
        self.tables = {name: tuple(c.name for c in columns) for name, columns in tables.items()}
        # one INSERT per table, written once: a batch inserts some three rows per document
        self._inserts = {name: insert_sql(name, names) for name, names in self.tables.items()}
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=60)
            self.conn.execute("PRAGMA foreign_keys = ON" if foreign_keys else "PRAGMA foreign_keys = OFF")
            if exclusive:
                self.conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            self.wal = wal
            if wal:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = FULL")
            found = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if found not in (0, version):
                raise BatchSetupError(
                    f"{path}: made by another version of extractor batch ({found}, not {version})"
                )
            if found == 0 and self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise BatchSetupError(f"{path}: an existing database not made by extractor batch")
            with self.transaction():
                for name, columns in tables.items():
                    self.conn.execute(create_table_sql(name, columns, foreign_keys))
                for statement in extra_sql:
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {version}")
        except sqlite3.Error as err:
            raise BatchSetupError(f"{path}: {err}") from err

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: all of it is committed or none of it."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def reset(self) -> None:
        """Forget everything (a fresh run into the same output)."""
        with self.transaction() as conn:
            names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for name in names:
                if not name.startswith("sqlite_"):
                    conn.execute(f'DELETE FROM "{name}"')

    def known(self, doc_id: str) -> bool:
        """True when the document is stored."""
        return self.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def has_source(self, doc_id: str, source: str) -> bool:
        """True when this place of this document is stored."""
        query = "SELECT 1 FROM sources WHERE doc_id = ? AND source = ?"
        return self.conn.execute(query, (doc_id, source)).fetchone() is not None

    def insert_new(self, table: str, row: Row) -> bool:
        """Insert the row unless its key is there; True when it was new (call inside a transaction)."""
        cursor = self.conn.execute(self._inserts[table], [to_sql(row.get(n)) for n in self.tables[table]])
        return cursor.rowcount == 1

    def close(self) -> None:
        """Close; a WAL database is folded back into one self-contained file when no one else reads it."""
        if self.wal:
            try:
                self.conn.execute("PRAGMA journal_mode = DELETE")
            except sqlite3.Error:
                pass  # a reader still has it open: the WAL stays and is folded in by the next writer
        self.conn.close()
