"""JSONL exports (one JSON object a line, optionally gzipped): one document per line.

Field names are options (``--text-field``, ``--id-field``, ``--date-field``);
a dotted name ("article.body") reaches into nested objects when no key has
that exact name. A line's provenance is ``export.jsonl#<id>`` when the record
has an id, ``export.jsonl:<line number>`` otherwise. Bad lines are failures
of that line only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from extractor.batch.errors import Failure, ItemError, Stage
from extractor.batch.items import RawItem, ReadOptions
from extractor.batch.streams import Readable, iter_lines
from extractor.reading import UnreadableText, decode_bytes

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})(?:-(\d{2}))?")
_MISSING = object()


def field_value(record: dict[str, Any], name: str) -> Any:
    """``record[name]``, or the nested value at a dotted path; ``_MISSING`` when there is none."""
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def parse_record_date(value: Any) -> dt.date | None:
    """A date from an ISO date or timestamp ('2023-01-14', '2023-01-14T09:30:00Z', '2023-01'), else None."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
    except ValueError:
        return None


def record_to_item(record: Any, where: str, line: str, options: ReadOptions, warnings: list[str]) -> RawItem:
    """The document in one parsed JSONL record (``line`` names it when it has no id); else ``ItemError``."""
    if not isinstance(record, dict):
        raise ItemError(Stage.parse, f"not a JSON object but {type(record).__name__}")
    text = field_value(record, options.text_field)
    if text is _MISSING:
        raise ItemError(Stage.parse, f"no {options.text_field!r} field")
    if not isinstance(text, str):
        raise ItemError(Stage.parse, f"{options.text_field!r} field is {type(text).__name__}, not a string")
    identifier = field_value(record, options.id_field)
    has_id = isinstance(identifier, (str, int)) and not isinstance(identifier, bool) and str(identifier) != ""
    source = f"{where}#{identifier}" if has_id else line
    item_warnings = list(warnings)
    published = None
    raw_date = field_value(record, options.date_field)
    if raw_date is not _MISSING and raw_date not in (None, ""):
        published = parse_record_date(raw_date)
        if published is None:
            item_warnings.append(f"{options.date_field!r} field {raw_date!r} is not a date; ignored")
    return RawItem(source=source, content=text, published=published, warnings=item_warnings)


def iter_jsonl(
    stream: Readable, where: str, options: ReadOptions, first_line: int = 1
) -> Iterator[RawItem | Failure]:
    """The documents of a JSONL stream, line by line (never the whole file in memory).

    ``first_line`` is the number of the stream's first line in its file (1 unless it starts inside).
    """
    for number, line in iter_lines(stream, options.max_bytes, first_line):
        source = f"{where}:{number}"
        if line is None:
            yield Failure(
                source, Stage.read, f"line over the size cap of {options.max_bytes:,} bytes: not read"
            )
            continue
        if not line.strip():
            continue
        try:
            decoded = decode_bytes(line)
            try:
                record = json.loads(decoded.text)
            except json.JSONDecodeError as err:
                raise ItemError(Stage.parse, f"not JSON: {err}") from err
            item = record_to_item(record, where, source, options, decoded.warnings)
        except UnreadableText as err:
            yield Failure(source, Stage.decode, str(err))
            continue
        except ItemError as err:
            yield Failure(source, err.stage, err.reason)
            continue
        yield item
