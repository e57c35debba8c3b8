"""Custom attributes on Doc and Span: where every component leaves its results.

Doc-level lists hold Spans; each Span carries its record on the Span extension
of the same kind (``doc._.quantities[i]._.quantity`` is a ``schema.Quantity``).
Registration is idempotent, so importing this module twice is harmless.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

# name -> default; lists default to None and are set by the component that owns them
DOC_EXTENSIONS: dict[str, object] = {
    "published": None,  # datetime.date | None: publication date (argument wins over the prefix)
    "source": None,  # str | None: where the text came from
    "body_start": 0,  # int: character offset where the prose starts (after a ' date ...' prefix)
    "quantities": None,  # list[Span] with span._.quantity
    "ports": None,  # list[Span] with span._.port
    "years": None,  # list[Span] with span._.year
    "dates": None,  # list[Span] with span._.date
    "officials": None,  # list[Span] (fullest name mention) with span._.official
    "substances": None,  # list[Span] with span._.substance
    "seizures": None,  # list[Span] (the seized amount) with span._.seizure
    "warnings": None,  # list[str]
}

SPAN_EXTENSIONS: dict[str, object] = {
    "quantity": None,  # schema.Quantity
    "port": None,  # schema.Port
    "year": None,  # schema.Year
    "date": None,  # schema.DateMention
    "official": None,  # schema.Official
    "substance": None,  # schema.Substance
    "seizure": None,  # schema.Seizure
}


def register_extensions() -> None:
    """Register every extension once; safe to call any number of times."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def doc_list(doc: Doc, name: str) -> list:
    """The list stored in ``doc._.<name>``, or [] when its component did not run."""
    value = getattr(doc._, name)
    return value if value is not None else []


def add_warning(doc: Doc, message: str) -> None:
    """Record a warning on the document (never raise for bad input)."""
    if doc._.warnings is None:
        doc._.warnings = []
    doc._.warnings.append(message)


register_extensions()
