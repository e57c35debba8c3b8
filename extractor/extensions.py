"""Custom attributes on Doc and Span: where every component leaves its results.

Doc-level lists hold Spans; each Span carries its record on the Span extension
of the same kind (``doc._.quantities[i]._.quantity`` is a ``schema.Quantity``).
Registration is idempotent, so importing this module twice is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def add_warning(doc: Doc, message: str) -> None:
    """Record a warning on the document (never raise for bad input)."""
    warnings = doc_value(doc, "warnings")
    if warnings is None:
        warnings = []
        set_doc_value(doc, "warnings", warnings)
    warnings.append(message)


register_extensions()


def _stores_by_offsets() -> bool:
    """Does this spaCy keep ``span._.<name>`` in ``doc.user_data`` under ("._.", name, start, end char),
    and ``doc._.<name>`` under ("._.", name, None, None)?"""
    from spacy.vocab import Vocab

    probe = Doc(Vocab(), words=["probe"])
    marker = object()
    probe[0:1]._.seizure = marker
    probe._.source = marker
    return (
        probe.user_data.get(("._.", "seizure", 0, 5)) is marker
        and probe.user_data.get(("._.", "source", None, None)) is marker
    )


#: Checked once: read and write span and Doc extensions straight in ``doc.user_data``.
_DIRECT = _stores_by_offsets()


def _direct(name: str) -> bool:
    """Can ``span._.<name>`` be read and written in ``doc.user_data`` (a plain value, default None)?"""
    default, method, getter, setter = Span.get_extension(name)
    return _DIRECT and method is None and getter is None and setter is None and default is None


def span_values(doc: Doc, spans: Iterable[Span], name: str) -> list:
    """``span._.<name>`` of each span of ``doc`` (None where unset), without an Underscore proxy per span.

    Every ``span._`` builds a proxy object (about 5 us, the cost of twenty
    Token objects); components and ``doc_to_document`` read a record per span,
    so the proxies were a good part of their time. The value lives in
    ``doc.user_data`` under spaCy's key, which is read directly when this
    spaCy stores it there (checked once, above), else through the proxy.
    """
    if not _direct(name):
        return [getattr(span._, name) for span in spans]
    get = doc.user_data.get
    return [get(("._.", name, span.start_char, span.end_char)) for span in spans]


def set_span_value(span: Span, name: str, value: object) -> None:
    """``span._.<name> = value`` without an Underscore proxy (see ``span_values``)."""
    if _direct(name):
        span.doc.user_data[("._.", name, span.start_char, span.end_char)] = value
    else:
        setattr(span._, name, value)


_PROXY = object()  # ``_direct_doc``: go through the proxy


def _direct_doc(name: str) -> object:
    """The default of ``doc._.<name>`` when it can be read and written in ``doc.user_data``, else ``_PROXY``.

    Not for an extension with a getter, setter or method, nor with a mutable
    default (which the proxy copies into ``user_data`` on first read).
    """
    default, method, getter, setter = Doc.get_extension(name)
    plain = method is None and getter is None and setter is None
    return default if _DIRECT and plain and not isinstance(default, (list, dict)) else _PROXY


def doc_value(doc: Doc, name: str) -> object:
    """``doc._.<name>`` without an Underscore proxy (see ``span_values``): read from ``doc.user_data``."""
    default = _direct_doc(name)
    if default is _PROXY:
        return getattr(doc._, name)
    return doc.user_data.get(("._.", name, None, None), default)


def set_doc_value(doc: Doc, name: str, value: object) -> None:
    """``doc._.<name> = value`` without an Underscore proxy (see ``doc_value``)."""
    if _direct_doc(name) is _PROXY:
        setattr(doc._, name, value)
    else:
        doc.user_data[("._.", name, None, None)] = value
