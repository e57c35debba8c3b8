"""The SQLite output: documents, seizures, quantities, ports, officials, sources, errors, keyed by doc_id.

The database is its own ledger: a chunk is one transaction, rows are
inserted only when their key is new, so a killed run leaves whole chunks
and re-running the same batch into the same database changes nothing.
While the batch runs the database is in WAL mode, so analysts can query it
without blocking the commits; at the end it is one self-contained file again. The
database is never emptied by a new run: it accumulates, like an archive
does (``--resume`` makes no difference here).
"""

from __future__ import annotations

from extractor.batch.errors import BatchSetupError
from extractor.batch.ledger import Ledger
from extractor.batch.sinks import Chunk, Sink
from extractor.batch.tables import DOCUMENT_TABLES, TABLES

#: Bumped whenever the table layout changes (stored as PRAGMA user_version).
SQLITE_SCHEMA_VERSION = 1

INDEXES = (
    "CREATE INDEX IF NOT EXISTS sources_by_source ON sources(source)",
    "CREATE INDEX IF NOT EXISTS errors_by_doc ON errors(doc_id)",
    "CREATE INDEX IF NOT EXISTS seizures_by_substance ON seizures(substance, year)",
    "CREATE INDEX IF NOT EXISTS documents_by_published ON documents(published)",
)


class SqliteSink(Sink):
    """Tables of ``tables.TABLES`` in one SQLite file, with foreign keys to documents(doc_id)."""

    def open(self, resume: bool) -> None:
        if not self.out.parent.is_dir():
            raise BatchSetupError(f"{self.out.parent}: no such directory")
        self.ledger = Ledger(
            self.out,
            TABLES,
            INDEXES,
            version=SQLITE_SCHEMA_VERSION,
            foreign_keys=True,
            exclusive=False,
            wal=True,
        )

    @property
    def errors_location(self) -> str:
        return f"the errors table of {self.out}"

    def commit(self, chunk: Chunk) -> None:
        with self.ledger.transaction():
            for document in chunk.documents:
                rows = document.rows or {}
                if not self.ledger.insert_new("documents", rows["documents"][0]):
                    continue
                for table in DOCUMENT_TABLES[1:]:
                    for row in rows.get(table, []):
                        self.ledger.insert_new(table, row)
            for row in chunk.sources:
                self.ledger.insert_new("sources", row)
            for row in chunk.errors:
                self.ledger.insert_new("errors", row)
