"""What runs in a worker process: one Extractor per process, plain dicts back.

The pool's initializer builds the pipeline once per process; tasks send a
text (or an HTML page) and get back picklable results: table rows and the
Document as a JSON line, never spaCy objects. Any exception is returned as
a failure of that one document. Heavy imports (spaCy, trafilatura) happen
here, inside the functions, so the main process and ``--help`` stay light.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
from dataclasses import dataclass, field
from typing import Any

from extractor.batch.errors import ItemError, Stage
from extractor.batch.tables import document_rows

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

_extractor: Any = None
_prebuilt: Any = None
_want_json = True
_want_rows = True


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
        from extractor.api import Extractor

        extractor = Extractor()
    _extractor, _want_json, _want_rows = extractor, want_json, want_rows


def extract_document(item: Any, extractor: Any = None) -> Any:
    """Extract inside spaCy's memory zone: strings a document adds to the vocabulary are freed after it.

    Without it a worker's vocabulary grows with every new word of the archive.
    A component that cannot run in a zone (it keeps a string added during a
    call) gets a second try outside it, so the zone never costs a document.
    ``extractor`` defaults to this worker's (the Dask library entry passes its own).
    """
    extractor = extractor if extractor is not None else _extractor
    nlp = getattr(extractor, "nlp", None)
    zone = getattr(nlp, "memory_zone", None)
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


def extract(task: ExtractTask) -> dict[str, Any]:
    """Extract one text into rows and/or a JSON line; an exception becomes a failure of this document."""
    from extractor.api import TextInput

    try:
        item = TextInput(task.text, task.published, task.source, list(task.warnings))
        document = extract_document(item)
        return {
            "ok": True,
            "doc_id": document.doc_id,
            "rows": document_rows(document) if _want_rows else None,
            "json": document.model_dump_json() if _want_json else None,
            "warnings": list(document.warnings),
            "n_seizures": len(document.seizures),
            "rss_kb": peak_rss_kb(),
        }
    except Exception as err:  # noqa: BLE001 - one bad document must not stop the batch
        return {"ok": False, "stage": Stage.extract.value, "reason": f"{type(err).__name__}: {err}"}
