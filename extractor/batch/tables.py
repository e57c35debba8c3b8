"""Flattening a ``schema.Document`` into table rows: documents, seizures, quantities, ports, officials.

This is the one place that decides the table layout, for every sink that
writes tables (SQLite, Parquet, CSV) and for later engines that write the
same rows elsewhere (e.g. Parquet from Dask): ``document_rows`` is a pure
function of the Document, with no I/O and no spaCy. Every child row is
keyed by ``(doc_id, seq)``, ``seq`` being its position in the Document's list.
Values are plain Python (str, int, float, bool, datetime.date, list); each
sink maps the column types below to its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from extractor.batch.errors import Failure
from extractor.schema import Document, Quantity

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """A column and its type: str, int, float, bool, date, list[str] or list[int]."""

    name: str
    type: str


def _columns(spec: str) -> tuple[Column, ...]:
    return tuple(Column(*part.split(":")) for part in spec.split())


#: Table name -> columns, in order. ``doc_id`` references documents(doc_id) in every other table.
TABLES: dict[str, tuple[Column, ...]] = {
    "documents": _columns(
        "doc_id:str source:str published:date schema_version:str n_quantities:int n_ports:int n_years:int"
        " n_dates:int n_officials:int n_seizures:int years:list[int] port_codes:list[str] warnings:list[str]"
    ),
    "seizures": _columns(
        "doc_id:str seq:int substance:str substance_text:str amount:float unit:str qualifier:str"
        " normalized_value:float normalized_unit:str quantity_text:str quantity_start:int quantity_end:int"
        " alternates:list[str] ports:list[str] port_names:list[str] year:int aggregate:bool evidence:str"
        " evidence_start:int evidence_end:int"
    ),
    "quantities": _columns(
        "doc_id:str seq:int text:str start:int end:int value:float unit:str qualifier:str"
        " normalized_value:float normalized_unit:str alternates:list[str]"
    ),
    "ports": _columns(
        "doc_id:str seq:int text:str start:int end:int locode:str name:str country:str kind:str"
    ),
    "officials": _columns(
        "doc_id:str seq:int name:str role:str organisation:str country:str text:str start:int end:int"
        " n_mentions:int"
    ),
    "sources": _columns("doc_id:str source:str"),
    "errors": _columns("source:str stage:str level:str reason:str doc_id:str"),
}

#: The tables ``document_rows`` fills (sources and errors come from the runner).
DOCUMENT_TABLES: tuple[str, ...] = ("documents", "seizures", "quantities", "ports", "officials")

#: Primary keys; errors are unique by what went wrong where.
KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "seizures": ("doc_id", "seq"),
    "quantities": ("doc_id", "seq"),
    "ports": ("doc_id", "seq"),
    "officials": ("doc_id", "seq"),
    "sources": ("doc_id", "source"),
    "errors": ("source", "stage", "reason"),
}

#: The flat CSV of seizures: one seizure a row, with where it came from.
CSV_COLUMNS: tuple[Column, ...] = (
    Column("doc_id", "str"),
    Column("source", "str"),
    Column("published", "date"),
    *(c for c in TABLES["seizures"] if c.name != "doc_id"),
    Column("warnings", "list[str]"),
)


def _alternates(quantity: Quantity) -> list[str]:
    return [f"{a.value:g} {a.unit.value}" for a in quantity.alternates]


def _quantity_values(quantity: Quantity) -> Row:
    return {
        "unit": quantity.unit.value,
        "qualifier": quantity.qualifier.value,
        "normalized_value": quantity.normalized_value,
        "normalized_unit": quantity.normalized_unit.value,
        "alternates": _alternates(quantity),
    }


def document_rows(document: Document | Mapping[str, Any]) -> dict[str, list[Row]]:
    """Rows for every document table (DOCUMENT_TABLES) from one Document or its ``model_dump()``."""
    doc = document if isinstance(document, Document) else Document.model_validate(document)
    key = doc.doc_id
    rows: dict[str, list[Row]] = {name: [] for name in DOCUMENT_TABLES}
    rows["documents"].append(
        {
            "doc_id": key,
            "source": doc.source,
            "published": doc.published,
            "schema_version": doc.schema_version,
            "n_quantities": len(doc.quantities),
            "n_ports": len(doc.ports),
            "n_years": len(doc.years),
            "n_dates": len(doc.dates),
            "n_officials": len(doc.officials),
            "n_seizures": len(doc.seizures),
            "years": sorted({y.year for y in doc.years}),
            "port_codes": list(dict.fromkeys(p.locode for p in doc.ports)),
            "warnings": list(doc.warnings),
        }
    )
    for seq, s in enumerate(doc.seizures):
        q = s.quantity
        rows["seizures"].append(
            {
                "doc_id": key,
                "seq": seq,
                "substance": s.substance.value,
                "substance_text": s.substance_text,
                "amount": q.value,
                **_quantity_values(q),
                "quantity_text": q.text,
                "quantity_start": q.start,
                "quantity_end": q.end,
                "ports": [p.locode for p in s.ports],
                "port_names": [p.name for p in s.ports],
                "year": s.year,
                "aggregate": s.aggregate,
                "evidence": s.evidence.text,
                "evidence_start": s.evidence.start,
                "evidence_end": s.evidence.end,
            }
        )
    for seq, q in enumerate(doc.quantities):
        rows["quantities"].append(
            {
                "doc_id": key,
                "seq": seq,
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "value": q.value,
                **_quantity_values(q),
            }
        )
    for seq, p in enumerate(doc.ports):
        rows["ports"].append(
            {
                "doc_id": key,
                "seq": seq,
                "text": p.text,
                "start": p.start,
                "end": p.end,
                "locode": p.locode,
                "name": p.name,
                "country": p.country,
                "kind": p.kind,
            }
        )
    for seq, o in enumerate(doc.officials):
        rows["officials"].append(
            {
                "doc_id": key,
                "seq": seq,
                "name": o.name,
                "role": o.role,
                "organisation": o.organisation,
                "country": o.country,
                "text": o.text,
                "start": o.start,
                "end": o.end,
                "n_mentions": len(o.mentions),
            }
        )
    for table, table_rows in rows.items():
        names = [c.name for c in TABLES[table]]
        rows[table] = [{name: row.get(name) for name in names} for row in table_rows]
    return rows


def csv_rows(rows: Mapping[str, list[Row]]) -> list[Row]:
    """The flat seizure rows of one document's tables (CSV_COLUMNS), document context joined in."""
    document = rows["documents"][0]
    context = {
        "source": document["source"],
        "published": document["published"],
        "warnings": document["warnings"],
    }
    return [{c.name: {**seizure, **context}.get(c.name) for c in CSV_COLUMNS} for seizure in rows["seizures"]]


def source_row(doc_id: str, source: str) -> Row:
    """A row of the sources table: one place a document was found."""
    return {"doc_id": doc_id, "source": source}


def error_row(failure: Failure) -> Row:
    """A row of the errors table: a failed document (level error) or a recorded warning."""
    return {
        "source": failure.source,
        "stage": failure.stage.value,
        "level": failure.level.value,
        "reason": failure.reason,
        "doc_id": failure.doc_id,
    }
