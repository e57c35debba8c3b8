"""Flattening a Document into table rows: the layout every table output (SQLite, Parquet, CSV) shares."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.batch.errors import Failure, Level, Stage
from extractor.batch.tables import (
    CSV_COLUMNS,
    DOCUMENT_TABLES,
    KEYS,
    TABLES,
    csv_rows,
    document_rows,
    error_row,
    source_row,
)
from extractor.schema import Document

TEXT = (
    "In de haven van Antwerpen werd in 2022 ruim 160 ton (oftewel 160.000 kilo) coke onderschept, "
    "zegt minister van Financiën Vincent Van Peteghem."
)
DOC_ID = "a" * 64


def span(text: str, fragment: str) -> dict:
    start = text.index(fragment)
    return {"text": fragment, "start": start, "end": start + len(fragment)}


def quantity() -> dict:
    return {
        **span(TEXT, "ruim 160 ton"),
        "value": 160,
        "unit": "t",
        "qualifier": "more_than",
        "normalized_value": 160_000,
        "normalized_unit": "kg",
        "alternates": [
            {
                **span(TEXT, "160.000 kilo"),
                "value": 160_000,
                "unit": "kg",
                "normalized_value": 160_000,
                "normalized_unit": "kg",
            }
        ],
    }


@pytest.fixture
def document() -> Document:
    port = {
        **span(TEXT, "Antwerpen"),
        "locode": "BEANR",
        "name": "Antwerpen",
        "country": "BE",
        "kind": "seaport",
    }
    return Document.model_validate(
        {
            "doc_id": DOC_ID,
            "source": "archief.zip!/2023/0114.txt",
            "published": "2023-01-14",
            "quantities": [quantity()],
            "ports": [port, {**port, **span(TEXT, "haven van Antwerpen")}],
            "years": [{**span(TEXT, "2022"), "year": 2022}],
            "officials": [
                {
                    **span(TEXT, "Vincent Van Peteghem"),
                    "name": "Vincent Van Peteghem",
                    "role": "minister van Financiën",
                    "mentions": [span(TEXT, "Vincent Van Peteghem")],
                }
            ],
            "seizures": [
                {
                    "substance": "cocaine",
                    "substance_text": "coke",
                    "quantity": quantity(),
                    "ports": [{"locode": "BEANR", "name": "Antwerpen", "country": "BE"}],
                    "year": 2022,
                    "aggregate": True,
                    "evidence": span(TEXT, "ruim 160 ton (oftewel 160.000 kilo) coke onderschept"),
                }
            ],
            "warnings": ["not valid UTF-8 (byte 12); decoded as cp1252"],
        },
        context={"text": TEXT},
    )


def test_every_table_row_has_exactly_its_columns(document: Document) -> None:
    rows = document_rows(document)
    assert set(rows) == set(DOCUMENT_TABLES)
    for table, table_rows in rows.items():
        for row in table_rows:
            assert list(row) == [c.name for c in TABLES[table]]
    assert {table: len(r) for table, r in rows.items()} == {
        "documents": 1,
        "seizures": 1,
        "quantities": 1,
        "ports": 2,
        "officials": 1,
    }


def test_document_row(document: Document) -> None:
    (row,) = document_rows(document)["documents"]
    assert row == {
        "doc_id": DOC_ID,
        "source": "archief.zip!/2023/0114.txt",
        "published": dt.date(2023, 1, 14),
        "schema_version": "1.0",
        "n_quantities": 1,
        "n_ports": 2,
        "n_years": 1,
        "n_dates": 0,
        "n_officials": 1,
        "n_seizures": 1,
        "years": [2022],
        "port_codes": ["BEANR"],
        "warnings": ["not valid UTF-8 (byte 12); decoded as cp1252"],
    }


def test_seizure_row_is_flat(document: Document) -> None:
    (row,) = document_rows(document)["seizures"]
    assert row == {
        "doc_id": DOC_ID,
        "seq": 0,
        "substance": "cocaine",
        "substance_text": "coke",
        "amount": 160,
        "unit": "t",
        "qualifier": "more_than",
        "normalized_value": 160_000,
        "normalized_unit": "kg",
        "quantity_text": "ruim 160 ton",
        "quantity_start": TEXT.index("ruim 160 ton"),
        "quantity_end": TEXT.index("ruim 160 ton") + len("ruim 160 ton"),
        "alternates": ["160000 kg"],
        "ports": ["BEANR"],
        "port_names": ["Antwerpen"],
        "year": 2022,
        "aggregate": True,
        "evidence": "ruim 160 ton (oftewel 160.000 kilo) coke onderschept",
        "evidence_start": TEXT.index("ruim 160 ton"),
        "evidence_end": TEXT.index("onderschept") + len("onderschept"),
    }


def test_child_rows_are_keyed_by_doc_id_and_position(document: Document) -> None:
    rows = document_rows(document)
    assert [(r["doc_id"], r["seq"], r["text"], r["locode"]) for r in rows["ports"]] == [
        (DOC_ID, 0, "Antwerpen", "BEANR"),
        (DOC_ID, 1, "haven van Antwerpen", "BEANR"),
    ]
    (official,) = rows["officials"]
    assert (official["name"], official["role"], official["n_mentions"]) == (
        "Vincent Van Peteghem",
        "minister van Financiën",
        1,
    )
    for table in DOCUMENT_TABLES:
        assert KEYS[table][0] == "doc_id"
        assert all(c in [col.name for col in TABLES[table]] for c in KEYS[table])


def test_rows_from_a_dumped_document_are_the_same(document: Document) -> None:
    assert document_rows(document.model_dump(mode="json")) == document_rows(document)


def test_csv_rows_join_the_document_context(document: Document) -> None:
    (row,) = csv_rows(document_rows(document))
    assert list(row) == [c.name for c in CSV_COLUMNS]
    assert (row["doc_id"], row["source"], row["published"], row["substance"], row["amount"]) == (
        DOC_ID,
        "archief.zip!/2023/0114.txt",
        dt.date(2023, 1, 14),
        "cocaine",
        160,
    )


def test_a_document_without_findings_has_one_row() -> None:
    rows = document_rows(Document(doc_id="b" * 64))
    assert {table: len(r) for table, r in rows.items()} == {
        "documents": 1,
        "seizures": 0,
        "quantities": 0,
        "ports": 0,
        "officials": 0,
    }
    assert csv_rows(rows) == []


def test_error_and_source_rows() -> None:
    failure = Failure("a.zip!/x.txt", Stage.decode, "binary data", Level.error)
    assert error_row(failure) == {
        "source": "a.zip!/x.txt",
        "stage": "decode",
        "level": "error",
        "reason": "binary data",
        "doc_id": None,
    }
    assert list(error_row(failure)) == [c.name for c in TABLES["errors"]]
    assert source_row(DOC_ID, "x.txt") == {"doc_id": DOC_ID, "source": "x.txt"}
