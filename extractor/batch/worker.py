"""What runs in a worker process: one Extractor per process, plain dicts back.

The pool's initializer builds the pipeline once per process; a task sends a
chunk of texts and gets back one picklable result per text, in order: table
rows and the Document as a JSON line (UTF-8 bytes), never spaCy objects. A chunk runs as
one ``extract_many`` (one ``nlp.pipe``, one memory zone), so the per-call
cost is paid per chunk, not per document. Any exception is returned as a
failure of that one document. Heavy imports (spaCy, trafilatura) happen
here, inside the functions, so the main process and ``--help`` stay light.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
import weakref
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from extractor.batch.errors import ItemError, Stage
from extractor.batch.tables import document_rows

if TYPE_CHECKING:
    from extractor.api import Extractor, TextInput
    from extractor.schema import Document

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

#: Characters a pipeline extracts outside spaCy's memory zone before it uses zones.
#: Inside a zone spaCy's tokenizer never adds to its cache, so a worker that always
#: used zones would split every word with the affix regexes for ever (tokenising
#: took 3x as long). The first ~300,000 characters fill the cache with the frequent
#: words; the vocabulary they add is bounded by this budget (~2 MB per worker), and
#: from then on the zones keep a worker's memory flat however large the archive.
WARMUP_CHARS = 300_000

_extractor: Any = None
_prebuilt: Any = None
_want_json = True
_want_rows = True
#: Characters each pipeline has extracted outside a zone (see ``WARMUP_CHARS``).
_warmed: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class ExtractTask:
    """One deduplicated text to extract."""

    text: str
    published: dt.date | None
    source: str
    warnings: list[str] = field(default_factory=list)


def peak_rss_kb() -> int:
    """This process's peak resident memory in KiB (0 where the OS does not say)."""
    if resource is None:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def prebuild() -> None:
    """Build the default pipeline before workers are forked from this process (see ``preload``)."""
    global _prebuilt
    from extractor.spacy_import import import_spacy

    import_spacy()  # without spacy.cli: a shorter start-up (see extractor.spacy_import)
    from extractor.api import Extractor

    _prebuilt = Extractor()


def init_worker(want_json: bool, want_rows: bool, extractor: Any = None, in_pool: bool = True) -> None:
    """Pool initializer: use ``extractor``, the prebuilt pipeline, or a new one; Ctrl-C is for the main."""
    global _extractor, _want_json, _want_rows
    if in_pool:  # Ctrl-C reaches the whole process group: the main process stops the run cleanly
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if extractor is None:
        extractor = _prebuilt
    if extractor is None:
        from extractor.spacy_import import import_spacy

        import_spacy()
        from extractor.api import Extractor

        extractor = Extractor()
    _extractor, _want_json, _want_rows = extractor, want_json, want_rows


def _zone(extractor: Extractor, chars: int) -> AbstractContextManager[Any]:
    """spaCy's memory zone for the next ``chars`` characters, once the pipeline is past its warm-up."""
    nlp = getattr(extractor, "nlp", None)
    zone = getattr(nlp, "memory_zone", None)
    if zone is None:
        return nullcontext()
    done = _warmed.get(nlp, 0)
    if done < WARMUP_CHARS:
        _warmed[nlp] = done + chars
        return nullcontext()
    return zone()


def extract_documents(items: Sequence[TextInput], extractor: Any = None) -> list[Document | Exception]:
    """Extract ``items`` as one ``extract_many`` in one memory zone; what fails is retried one by one.

    The zone frees the strings the documents add to the vocabulary (without
    it a worker's vocabulary grows with every new word of the archive). When
    anything in the chunk raises, the documents not yet done run alone, so
    one bad document fails alone and the others keep their results.
    ``extractor`` defaults to this worker's (the Dask library entry passes its own).
    """
    extractor = extractor if extractor is not None else _extractor
    results: list[Document | Exception] = []
    try:
        with _zone(extractor, sum(len(item.text) for item in items)):
            for document in extractor.extract_many(items):
                results.append(document)
    except Exception:  # noqa: BLE001 - the rest are retried alone below
        pass
    for item in items[len(results) :]:
        try:
            results.append(extract_document(item, extractor))
        except Exception as err:  # noqa: BLE001 - this document's own failure
            results.append(err)
    return results


def extract_document(item: TextInput, extractor: Any = None) -> Document:
    """Extract one document in a memory zone; a component that cannot run in one gets a second try outside.

    (A component that keeps a string added during a call fails in a zone; the
    zone must never cost a document.)
    """
    extractor = extractor if extractor is not None else _extractor
    zone = getattr(getattr(extractor, "nlp", None), "memory_zone", None)
    if zone is not None:
        try:
            with zone():
                return next(extractor.extract_many([item]))
        except Exception:  # noqa: BLE001 - retried below, outside the zone
            pass
    return next(extractor.extract_many([item]))


def prepare_html(html: str) -> dict[str, Any]:
    """The main text and date of a page, or the reason there is none."""
    from extractor.batch.html import page_text

    try:
        page = page_text(html)
    except ItemError as err:
        return {"ok": False, "stage": err.stage.value, "reason": err.reason}
    return {"ok": True, "text": page.text, "published": page.published}


def _json_bytes(document: Document) -> bytes:
    """The Document's JSON line as UTF-8 bytes, as pydantic writes it (``model_dump_json``, not decoded).

    Bytes go through the pipe to the main process and into the file as they
    are; a ``str`` would be decoded here, encoded and decoded again by pickle,
    and encoded once more by the sink: four passes over every output byte,
    on the cores the workers need.
    """
    return document.__pydantic_serializer__.to_json(document)


def _failure(err: Exception) -> dict[str, Any]:
    return {"ok": False, "stage": Stage.extract.value, "reason": f"{type(err).__name__}: {err}"}


def _outcome(document: Document | Exception, rss_kb: int) -> dict[str, Any]:
    """One document's result as the runner gets it; an exception becomes a failure of this document."""
    if isinstance(document, Exception):
        return _failure(document)
    try:
        return {
            "ok": True,
            "doc_id": document.doc_id,
            "rows": document_rows(document) if _want_rows else None,
            "json": _json_bytes(document) if _want_json else None,
            "warnings": list(document.warnings),
            "n_seizures": len(document.seizures),
            "rss_kb": rss_kb,
        }
    except Exception as err:  # noqa: BLE001 - one bad document must not stop the batch
        return _failure(err)


def extract_chunk(tasks: Sequence[ExtractTask]) -> list[dict[str, Any]]:
    """Extract a chunk of texts: one result per task, in order (see ``extract_documents``)."""
    from extractor.api import TextInput

    items: list[TextInput | Exception] = []
    for task in tasks:
        try:
            items.append(TextInput(task.text, task.published, task.source, list(task.warnings)))
        except Exception as err:  # noqa: BLE001 - one bad document must not stop the batch
            items.append(err)
    good = [item for item in items if not isinstance(item, Exception)]
    documents = iter(extract_documents(good) if good else [])
    rss_kb = peak_rss_kb()
    return [_outcome(item if isinstance(item, Exception) else next(documents), rss_kb) for item in items]


def extract(task: ExtractTask) -> dict[str, Any]:
    """Extract one text into rows and/or a JSON line; an exception becomes a failure of this document."""
    return extract_chunk([task])[0]
