"""For ingestion jobs that already use Dask: bags and dataframes of texts in, Documents or seizure rows out.

Each function adds a ``map_partitions`` step to the caller's graph; nothing
runs until the caller computes. Each worker process builds the pipeline
once (``tasks.pipeline``). Items are plain strings (or bytes, decoded like
a file) or dicts with text / id / date fields (dotted names reach into
nested dicts, as ``--text-field`` does); a row's ``source`` is its id.
Seizure rows are the flat rows of the batch's CSV output (``tables.CSV_COLUMNS``).

A text that cannot be extracted raises ``ExtractionFailed`` (``on_error="raise"``)
or is left out and logged (``on_error="skip"``).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from extractor.batch.records import field_value, parse_record_date
from extractor.batch.tables import CSV_COLUMNS, csv_rows, document_rows

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas as pd
    import pyarrow as pa

    from extractor.api import TextInput
    from extractor.schema import Document

OnError = Literal["raise", "skip"]

log = logging.getLogger(__name__)


class ExtractionFailed(ValueError):
    """One item of a bag or dataframe could not be extracted; the message names it and says why."""


@dataclass(frozen=True)
class Fields:
    """Where the text, id and date are in a dict item or a dataframe row (id and date optional)."""

    text: str = "text"
    id: str | None = "id"
    date: str | None = "date"


#: What ``field_value`` returns for a field that is not there.
_MISSING = field_value({}, "\0")


def _get(item: dict[str, Any], name: str | None) -> Any:
    return _MISSING if name is None else field_value(item, name)


def _blank(value: Any) -> bool:
    """None, NaN and NaT (what a dataframe holds for 'no value')."""
    if value is None or value is _MISSING or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, float) and math.isnan(value)


def _published(value: Any, name: str, warnings: list[str]) -> dt.date | None:
    if _blank(value) or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    published = parse_record_date(value)
    if published is None:
        warnings.append(f"{name!r} field {value!r} is not a date; ignored")
    return published


def text_input(item: Any, fields: Fields = Fields()) -> TextInput:
    """The ``TextInput`` of one bag item or dataframe row; ``ExtractionFailed`` when it has no text."""
    from extractor.api import TextInput
    from extractor.reading import UnreadableText, decode_bytes

    warnings: list[str] = []
    source = published = None
    if isinstance(item, dict):
        text = _get(item, fields.text)
        identifier = _get(item, fields.id)
        if not _blank(identifier) and str(identifier) != "":
            source = str(identifier)
        published = _published(_get(item, fields.date), fields.date or "date", warnings)
    else:
        text = item
    where = source or "an item"
    if isinstance(text, bytes):
        try:
            decoded = decode_bytes(text)
        except UnreadableText as err:
            raise ExtractionFailed(f"{where}: {err}") from err
        text, warnings = decoded.text, [*decoded.warnings, *warnings]
    if text is _MISSING:
        raise ExtractionFailed(f"{where}: no {fields.text!r} field")
    if not isinstance(text, str):
        raise ExtractionFailed(f"{where}: {fields.text!r} is {type(text).__name__}, not a string")
    return TextInput(text, published, source, warnings)


def _documents(items: Iterable[Any], fields: Fields, on_error: OnError) -> list[Document]:
    """One partition: its items extracted in order, with the worker's pipeline."""
    from extractor.batch.worker import extract_document
    from extractor.dask.tasks import pipeline, pipeline_lock

    extractor = pipeline()
    documents: list[Document] = []
    for item in items:
        try:
            prepared = text_input(item, fields)
            with pipeline_lock:
                documents.append(extract_document(prepared, extractor))
        except Exception as err:  # noqa: BLE001 - one item's failure, reported per on_error
            if on_error == "skip":
                log.warning("skipped: %s", err)
            elif isinstance(err, ExtractionFailed):
                raise
            else:
                raise ExtractionFailed(f"{type(err).__name__}: {err}") from err
    return documents


def _seizure_rows(items: Iterable[Any], fields: Fields, on_error: OnError) -> list[dict[str, Any]]:
    return [
        row for document in _documents(items, fields, on_error) for row in csv_rows(document_rows(document))
    ]


def seizure_schema() -> pa.Schema:
    """Arrow schema of the flat seizure rows (the batch's CSV columns, typed as in its Parquet tables)."""
    from extractor.batch.parquet_sink import arrow_schema_of

    return arrow_schema_of(CSV_COLUMNS)


def _seizure_frame(frame: pd.DataFrame, fields: Fields, on_error: OnError) -> pd.DataFrame:
    import pandas as pd
    import pyarrow as pa

    items = frame.to_dict(orient="records")
    rows = _seizure_rows(items, fields, on_error)
    return pa.Table.from_pylist(rows, schema=seizure_schema()).to_pandas(types_mapper=pd.ArrowDtype)


def _check(on_error: str) -> None:
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")


def extract_bag(bag: dask.bag.Bag, *, fields: Fields = Fields(), on_error: OnError = "raise") -> dask.bag.Bag:
    """A bag of ``schema.Document``, one per item (strings, bytes, or dicts with text/id/date)."""
    _check(on_error)
    return bag.map_partitions(_documents, fields, on_error)


def seizure_bag(bag: dask.bag.Bag, *, fields: Fields = Fields(), on_error: OnError = "raise") -> dask.bag.Bag:
    """A bag of flat seizure rows (dicts of ``tables.CSV_COLUMNS``), any number per item."""
    _check(on_error)
    return bag.map_partitions(_seizure_rows, fields, on_error)


def _frame_fields(frame: dask.dataframe.DataFrame, fields: Fields) -> list[str]:
    names = [name for name in (fields.text, fields.id, fields.date) if name is not None]
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise ValueError(
            f"the dataframe has no column {missing[0]!r} (columns: {', '.join(map(str, frame.columns))})"
        )
    return list(dict.fromkeys(names))


def extract_frame(
    frame: dask.dataframe.DataFrame,
    *,
    text: str = "text",
    id: str | None = None,
    date: str | None = None,
    on_error: OnError = "raise",
) -> dask.bag.Bag:
    """A bag of ``schema.Document``, one per row of a dataframe with a text column (optional id, date)."""
    fields = Fields(text, id, date)
    columns = _frame_fields(frame, fields)
    return extract_bag(frame[columns].to_bag(format="dict"), fields=fields, on_error=on_error)


def seizure_frame(
    frame: dask.dataframe.DataFrame,
    *,
    text: str = "text",
    id: str | None = None,
    date: str | None = None,
    on_error: OnError = "raise",
) -> dask.dataframe.DataFrame:
    """A dataframe of flat seizure rows (``tables.CSV_COLUMNS``, Arrow-typed), from one with a text column."""
    import pandas as pd

    _check(on_error)
    fields = Fields(text, id, date)
    columns = _frame_fields(frame, fields)
    meta = seizure_schema().empty_table().to_pandas(types_mapper=pd.ArrowDtype)
    return frame[columns].map_partitions(_seizure_frame, fields, on_error, meta=meta)
