"""The library entry: ``extract(text)`` and ``Extractor`` for ingestion jobs.

The pipeline is loaded once per ``Extractor``; ``extract_many`` streams texts
through ``nlp.pipe``. Every result is a validated ``schema.Document`` whose
offsets are checked against the input text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractor.extensions import doc_value, set_doc_value, span_values
from extractor.ids import document_id
from extractor.schema import Document, offsets_match

_PUBLISHED_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def parse_published(value: str | dt.date | dt.datetime | None) -> dt.date | None:
    """A publication date from a date or an ISO string ('2023', '2023-01', '2023-01-14')."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _PUBLISHED_RE.match(str(value))
    if not match:
        raise ValueError(f"publication date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    try:
        return dt.date(year, month, day)
    except ValueError as err:
        raise ValueError(f"publication date {value!r}: {err}") from err


@dataclass
class TextInput:
    """One text to extract, with what is known about it."""

    text: str
    published: dt.date | None = None  # a date, or an ISO string ("2023-01") parsed on creation
    source: str | None = None
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not isinstance(self.published, dt.date) or isinstance(self.published, dt.datetime):
            self.published = parse_published(self.published)


def _records(doc: Doc, name: str, attr: str) -> list:
    """The records on the spans of ``doc._.<name>``, in order (spans without one left out)."""
    spans = doc_value(doc, name)
    if not spans:
        return []
    return [record for record in span_values(doc, spans, attr) if record is not None]


def doc_to_document(
    doc: Doc, source: str | None = None, warnings: Iterable[str] = (), text: str | None = None
) -> Document:
    """Build the validated record from a processed Doc (offsets checked against its text).

    ``text`` is the string the Doc was made from, when the caller has it:
    ``doc.text`` rebuilds the string from every token on each access, which
    cost as much as tokenising did.

    The components validated each record when they built it, so the Document
    takes them as they are (pydantic does not validate model instances again)
    and only their offsets are checked against the text, by ``offsets_match``.
    A mismatch is reported by validating the whole Document with the text, as
    a ValidationError that names the record.
    """
    if text is None:
        text = doc.text
    # ``doc_value``, not ``doc._``: each ``doc._`` builds a proxy, and each read through it costs as much
    document = Document(
        doc_id=document_id(text),
        source=source if source is not None else doc_value(doc, "source"),
        published=doc_value(doc, "published"),
        quantities=_records(doc, "quantities", "quantity"),
        ports=_records(doc, "ports", "port"),
        years=_records(doc, "years", "year"),
        dates=_records(doc, "dates", "date"),
        officials=_records(doc, "officials", "official"),
        seizures=_records(doc, "seizures", "seizure"),
        warnings=[*warnings, *(doc_value(doc, "warnings") or [])],
    )
    if not offsets_match(document, text):
        Document.model_validate(document.model_dump(), context={"text": text})  # raises, naming the record
        raise ValueError("a record's offsets do not match the text")
    return document


class Extractor:
    """Loads the pipeline once; extracts one text or a stream of them."""

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        patterns_path: str | Path | None = None,
        model_path: str | Path | None = None,
        batch_size: int = 32,
    ) -> None:
        """Use ``nlp`` if given, else load a saved pipeline from ``model_path``, else build the default."""
        if nlp is None:
            if model_path is not None:
                import spacy

                import extractor.components  # noqa: F401  (registers the factories)
                from extractor.pipeline import tune_tokenizer

                nlp = spacy.load(model_path)
                tune_tokenizer(nlp)
            else:
                from extractor.pipeline import create_pipeline

                nlp = create_pipeline(patterns_path=str(patterns_path) if patterns_path else None)
        self.nlp = nlp
        self.batch_size = batch_size

    def _prepare(self, item: TextInput) -> Doc:
        if not isinstance(item.text, str):
            raise TypeError(f"text must be str, not {type(item.text).__name__}")
        doc = self.nlp.make_doc(item.text)
        set_doc_value(doc, "published", item.published)  # not ``doc._``: a proxy object per access
        set_doc_value(doc, "source", item.source)
        return doc

    def extract(
        self,
        text: str,
        published: str | dt.date | None = None,
        source: str | None = None,
    ) -> Document:
        """Extract one text. ``published`` (date or ISO string) overrides a ' date ...' prefix."""
        return next(self.extract_many([TextInput(text, parse_published(published), source)]))

    def extract_many(self, items: Iterable[str | TextInput]) -> Iterator[Document]:
        """Extract a stream of texts (plain strings or ``TextInput``), in order, through ``nlp.pipe``."""
        inputs = (item if isinstance(item, TextInput) else TextInput(item) for item in items)
        pending: deque[TextInput] = deque()

        def docs() -> Iterator[Doc]:
            for item in inputs:
                pending.append(item)
                yield self._prepare(item)

        for doc in self.nlp.pipe(docs(), batch_size=self.batch_size):
            item = pending.popleft()
            warnings = list(item.warnings)
            if not item.text.strip():
                warnings.append("empty text")
            document = doc_to_document(doc, source=item.source, warnings=warnings, text=item.text)
            # the Spans in ``user_data`` point back at their Doc: a cycle that only the garbage
            # collector would free. Dropping them frees the Doc at once (the records are kept).
            doc.user_data.clear()
            yield document


_default_extractor: Extractor | None = None


def default_extractor() -> Extractor:
    """The process-wide Extractor with the default pipeline, built on first use."""
    global _default_extractor
    if _default_extractor is None:
        _default_extractor = Extractor()
    return _default_extractor


def extract(text: str, published: str | dt.date | None = None, source: str | None = None) -> Document:
    """Extract one text with the default pipeline (loaded once per process)."""
    return default_extractor().extract(text, published=published, source=source)
