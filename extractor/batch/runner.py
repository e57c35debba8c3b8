"""Running a batch: read in order, deduplicate, extract in parallel, commit in order, exactly once.

Entries flow through a bounded window of slots (so memory stays flat
however large the input): each raw document is decoded and hashed in the
main process, HTML pages first go to a worker for their main text. Slots
are deduplicated in input order against what the output already holds
and what is in flight, sent to the workers in tasks of several documents
(one ``extract_many`` per task: the per-call and per-message costs are
paid per task, not per document), and settled in input order into
chunks; each chunk is committed atomically by the sink. The output
therefore grows in input order, and a resumed run picks up exactly where
the last commit left off. The main process only reads, hashes and
writes, and never imports spaCy (``extractor.ids`` hashes without it): on
a machine with as many workers as cores, every CPU second of the main
process is taken from a worker.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TextIO

from extractor.batch.errors import BatchSetupError, Failure, Level, Skipped, Stage
from extractor.batch.items import Kind, RawItem, ReadOptions
from extractor.batch.pool import make_executor
from extractor.batch.report import ProgressDisplay, Summary
from extractor.batch.sinks import Chunk, DocResult, Sink, open_sink
from extractor.batch.sources import check_inputs, iter_inputs
from extractor.batch.tables import Row, error_row, source_row
from extractor.batch.worker import ExtractTask, extract_chunk, peak_rss_kb, prepare_html
from extractor.ids import document_id
from extractor.reading import UnreadableText, decode_bytes

#: Upper bound on characters held by in-flight documents (at least one document is always admitted).
WINDOW_CHARS = 64_000_000
#: One extraction task: up to this many documents or characters, whichever comes first. Large
#: enough that the per-task cost (pickling, queues, ``nlp.pipe`` set-up, a memory zone) is small
#: next to the extraction; small enough that at the end of a run no worker waits long for another.
TASK_DOCS = 64
TASK_CHARS = 32_000
#: In-flight tasks per worker: enough to keep every worker busy while the head of the window is slow.
TASKS_PER_WORKER = 3


@dataclass
class BatchOptions:
    """Everything ``extractor batch`` is told."""

    inputs: list[str]
    out: str
    workers: int | None = None
    resume: bool = False
    strict: bool = False
    read: ReadOptions = field(default_factory=ReadOptions)
    chunk_size: int = 500
    chunk_seconds: float = 5.0
    progress: bool = True


def default_workers() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class State(Enum):
    failed = "failed"
    preparing = "preparing"  # HTML page in a worker for its main text
    undecided = "undecided"  # text known, duplicate check pending (in input order)
    extracting = "extracting"
    duplicate = "duplicate"
    already = "already"  # this document from this source is in the output already


@dataclass(eq=False)
class Slot:
    """One document on its way through the window."""

    source: str
    state: State
    size: int = 0
    text: str | None = None
    published: dt.date | None = None
    warnings: list[str] = field(default_factory=list)
    doc_id: str | None = None
    future: Future[Any] | None = None
    call: tuple[Callable[[Any], Any], Any] | None = None  # this slot's task alone (to run it again)
    index: int | None = None  # position in the future's list of results (an extraction task)
    shared: bool = False  # the future is a task of several documents
    failure: Failure | None = None
    original: Slot | None = None
    ok: bool = False


class _Interrupted(Exception):
    """A stop was requested and the workers are gone with it."""


def _done(value: dict[str, Any]) -> Future[dict[str, Any]]:
    future: Future[dict[str, Any]] = Future()
    future.set_result(value)
    return future


@contextmanager
def stop_signals(request_stop: Callable[[], None]) -> Iterator[None]:
    """Ctrl-C and SIGTERM ask for a clean stop (the current chunk is committed); a second one acts at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = [signal.SIGINT, signal.SIGTERM]
    previous = {sig: signal.getsignal(sig) for sig in signals}

    def on_signal(signum: int, frame: object) -> None:
        request_stop()
        signal.signal(signum, previous[signum] if signum != signal.SIGINT else signal.default_int_handler)

    for sig in signals:
        signal.signal(sig, on_signal)
    try:
        yield
    finally:
        for sig in signals:
            signal.signal(sig, previous[sig])


def check_options(options: BatchOptions) -> None:
    """Refuse options no run can work with (``BatchSetupError``)."""
    if options.workers is not None and options.workers < 1:
        raise BatchSetupError("--workers must be at least 1")
    if options.chunk_size < 1:
        raise BatchSetupError("--chunk-size must be at least 1")
    if options.read.max_bytes < 1 or options.read.max_archive_bytes < 1:
        raise BatchSetupError("size caps must be positive")


def decode_item(item: RawItem) -> tuple[str, list[str]] | Failure:
    """The text of a raw document and its warnings (the item's and the decoding's), or why there is none.

    Bytes go through ``extractor.reading.decode_bytes``, as in ``extractor extract``.
    """
    warnings = list(item.warnings)
    if isinstance(item.content, bytes):
        if not item.content:
            return Failure(item.source, Stage.read, "empty file")
        try:
            decoded = decode_bytes(item.content)
        except UnreadableText as err:
            return Failure(item.source, Stage.decode, str(err))
        text = decoded.text
        warnings.extend(decoded.warnings)
    else:
        text = item.content
    if not text.strip():
        return Failure(item.source, Stage.decode, "no text (empty or whitespace only)")
    return text, warnings


def warning_rows(source: str, doc_id: str, warnings: list[str], decode_warnings: int) -> list[Row]:
    """Errors-table rows (level warning) of a document; the first ``decode_warnings`` are from reading."""
    return [
        error_row(
            Failure(source, Stage.decode if i < decode_warnings else Stage.extract, w, Level.warning, doc_id)
        )
        for i, w in enumerate(warnings)
    ]


def run_batch(options: BatchOptions, extractor: Any = None, stream: TextIO | None = None) -> Summary:
    """Run a batch to completion (or to a requested stop); ``BatchSetupError`` when it cannot start.

    ``extractor`` (an ``extractor.api.Extractor``) runs the work in this process instead of a pool.
    """
    check_options(options)
    check_inputs(options.inputs)
    sink = open_sink(options.out)
    try:
        sink.open(options.resume)
        return _Run(options, sink, extractor, stream or sys.stderr).run()
    finally:
        sink.close()


class _Run:
    def __init__(self, options: BatchOptions, sink: Sink, extractor: Any, stream: TextIO) -> None:
        self.options = options
        self.sink = sink
        self.extractor = extractor
        self.stream = stream
        self.workers = 1 if extractor is not None else (options.workers or default_workers())
        self.max_slots = max(16, self.workers * TASKS_PER_WORKER * TASK_DOCS)
        self.summary = Summary(out=options.out, errors_location=sink.errors_location, workers=self.workers)
        self.window: deque[Slot] = deque()
        self.window_chars = 0
        self.undecided: deque[Slot] = deque()
        self.inflight: dict[str, Slot] = {}
        self.task: list[Slot] = []  # decided slots waiting to be sent as one extraction task
        self.task_chars = 0
        self.chunk = Chunk()
        self.chunk_slots = 0
        self.chunk_ids: list[str] = []
        self.last_commit = time.monotonic()
        self.stop_requested = False
        self.halted = False
        self.worker_peak_kb = 0
        self.executor: Executor

    # -- the loop ----------------------------------------------------------------------------------

    def run(self) -> Summary:
        started = time.monotonic()
        self.executor = self._new_executor()
        try:
            with (
                stop_signals(self._request_stop),
                ProgressDisplay(self.stream, self.options.progress) as progress,
            ):
                try:
                    self._loop(progress)
                except _Interrupted:
                    self.summary.stopped = "interrupted"
                self._commit()
        finally:
            self.executor.shutdown(wait=True, cancel_futures=True)
        self.summary.elapsed = time.monotonic() - started
        self.summary.peak_main_mb = peak_rss_kb() / 1024
        self.summary.peak_worker_mb = self.worker_peak_kb / 1024
        return self.summary

    def _request_stop(self) -> None:
        self.stop_requested = True

    def _new_executor(self) -> Executor:
        return make_executor(self.workers, self.sink.want_json, self.sink.want_rows, self.extractor)

    def _loop(self, progress: ProgressDisplay) -> None:
        entries = iter_inputs(self.options.inputs, self.options.read)
        exhausted = False
        while True:
            while not exhausted and self._room() and not self.stop_requested:
                entry = next(entries, None)
                if entry is None:
                    exhausted = True
                else:
                    self._admit(entry)
                    self._decide()  # a full task goes to the workers at once, while reading goes on
            if self.stop_requested:
                self.summary.stopped = "interrupted"
                return
            self._decide()
            if exhausted or not self._room():  # nothing more to add to the task soon: send it
                self._flush()
            self._drain()
            progress.update(self.summary)
            if self.halted or (exhausted and not self.window):
                return
            if exhausted or not self._room():
                blocking = self._blocking()
                if blocking:
                    wait(blocking, timeout=0.2, return_when=FIRST_COMPLETED)

    def _blocking(self) -> set[Future[Any]]:
        """What the loop waits for when it cannot admit: the heads of the window and of the undecided.

        Only they let it go on (settle, or deduplicate); waking for any other
        task would only cost the main process a turn.
        """
        heads = (self.window[0] if self.window else None, self.undecided[0] if self.undecided else None)
        return {s.future for s in heads if s is not None and s.future is not None and not s.future.done()}

    def _room(self) -> bool:
        return not self.window or (len(self.window) < self.max_slots and self.window_chars < WINDOW_CHARS)

    # -- admitting entries -----------------------------------------------------------------------

    def _admit(self, entry: RawItem | Failure | Skipped) -> None:
        if isinstance(entry, Skipped):
            self.summary.ignored += 1
            return
        self.summary.read += 1
        slot = (
            Slot(entry.source, State.failed, failure=entry)
            if isinstance(entry, Failure)
            else self._slot(entry)
        )
        self.window.append(slot)
        self.window_chars += slot.size
        if slot.state in (State.preparing, State.undecided):
            self.undecided.append(slot)

    def _slot(self, item: RawItem) -> Slot:
        decoded = decode_item(item)
        if isinstance(decoded, Failure):
            return Slot(item.source, State.failed, failure=decoded)
        text, warnings = decoded
        slot = Slot(item.source, State.undecided, len(text), text, item.published, warnings)
        if item.kind is Kind.html:
            slot.state = State.preparing
            self._submit(slot, prepare_html, text)
        else:
            slot.doc_id = document_id(text)
        return slot

    def _submit(self, slot: Slot, fn: Callable[[Any], Any], arg: Any) -> None:
        """Run the slot's task alone (an HTML page, or a document whose task failed)."""
        slot.call = (fn, arg)
        slot.future = self.executor.submit(fn, arg)
        slot.index = 0 if fn is extract_chunk else None
        slot.shared = False

    def _enqueue(self, slot: Slot) -> None:
        """Add a document to the next extraction task; send the task once it is full."""
        assert slot.text is not None
        slot.call = (extract_chunk, [ExtractTask(slot.text, slot.published, slot.source, slot.warnings)])
        self.task.append(slot)
        self.task_chars += len(slot.text)
        if len(self.task) >= TASK_DOCS or self.task_chars >= TASK_CHARS:
            self._flush()

    def _flush(self) -> None:
        """Send the documents waiting in ``task`` to a worker as one task."""
        if not self.task:
            return
        tasks = [task for slot in self.task for task in slot.call[1]]  # type: ignore[index]
        future = self.executor.submit(extract_chunk, tasks)
        for index, slot in enumerate(self.task):
            slot.future, slot.index, slot.shared = future, index, len(self.task) > 1
        self.task, self.task_chars = [], 0

    # -- deciding, in input order ----------------------------------------------------------------

    def _decide(self) -> None:
        while self.undecided:
            slot = self.undecided[0]
            if slot.state is State.preparing:
                assert slot.future is not None
                if not slot.future.done():
                    return
                result = self._result(slot)
                if result["ok"]:
                    slot.text = result["text"]
                    slot.published = slot.published or result["published"]
                    slot.doc_id = document_id(slot.text)
                    slot.state = State.undecided
                else:
                    slot.state = State.failed
                    slot.failure = Failure(slot.source, Stage(result["stage"]), result["reason"])
                slot.future = None
            self.undecided.popleft()
            if slot.state is State.undecided:
                self._dedupe(slot)

    def _dedupe(self, slot: Slot) -> None:
        doc_id = slot.doc_id
        assert doc_id is not None and slot.text is not None
        if self.sink.known(doc_id):
            slot.state = State.already if self.sink.has_source(doc_id, slot.source) else State.duplicate
        elif doc_id in self.inflight:
            slot.state = State.duplicate
            slot.original = self.inflight[doc_id]
        else:
            self.inflight[doc_id] = slot
            slot.state = State.extracting
            self._enqueue(slot)
            return
        slot.text = None

    # -- settling, in input order ----------------------------------------------------------------

    def _drain(self) -> None:
        while self.window and not self.halted and not self.stop_requested:
            slot = self.window[0]
            if slot.state in (State.preparing, State.undecided):
                return
            if slot.state is State.extracting and not (slot.future and slot.future.done()):
                return
            self.window.popleft()
            self.window_chars -= slot.size
            self._settle(slot)
            self.chunk_slots += 1
            if self.chunk_slots >= self.options.chunk_size or (
                time.monotonic() - self.last_commit >= self.options.chunk_seconds
            ):
                self._commit()

    def _settle(self, slot: Slot) -> None:
        if slot.state is State.failed:
            assert slot.failure is not None
            self._fail(slot.failure)
        elif slot.state is State.already:
            self.summary.already_done += 1
        elif slot.state is State.duplicate:
            original = slot.original
            if original is not None and original.failure is not None:
                self._fail(Failure(slot.source, original.failure.stage, original.failure.reason))
            else:
                self.chunk.sources.append(source_row(slot.doc_id or "", slot.source))
                self.summary.duplicates += 1
        else:
            self._settle_extracted(slot)
        slot.text = None
        slot.future = None

    def _settle_extracted(self, slot: Slot) -> None:
        result = self._result(slot)
        doc_id = slot.doc_id or ""
        self.chunk_ids.append(doc_id)
        if not result["ok"]:
            slot.failure = Failure(slot.source, Stage(result["stage"]), result["reason"])
            self._fail(slot.failure)
            return
        slot.ok = True
        self.chunk.documents.append(DocResult(result["doc_id"], result["rows"], result["json"]))
        self.chunk.sources.append(source_row(doc_id, slot.source))
        self.chunk.errors.extend(warning_rows(slot.source, doc_id, result["warnings"], len(slot.warnings)))
        self.summary.extracted += 1
        self.summary.warnings += len(result["warnings"])
        self.summary.seizures += result["n_seizures"]
        self.worker_peak_kb = max(self.worker_peak_kb, result.get("rss_kb", 0))

    def _fail(self, failure: Failure) -> None:
        self.chunk.errors.append(error_row(failure))
        self.summary.failed += 1
        if self.options.strict:
            self.halted = True
            self.summary.stopped = "strict"

    def _commit(self) -> None:
        if self.chunk_slots:
            try:
                self.sink.commit(self.chunk)
            except (OSError, sqlite3.Error) as err:
                raise BatchSetupError(f"cannot write the output: {err}") from err
        for doc_id in self.chunk_ids:
            self.inflight.pop(doc_id, None)
        self.chunk, self.chunk_slots, self.chunk_ids = Chunk(), 0, []
        self.last_commit = time.monotonic()

    # -- worker results and crashes --------------------------------------------------------------

    def _result(self, slot: Slot) -> dict[str, Any]:
        assert slot.future is not None and slot.call is not None
        try:
            return self._own(slot)
        except BrokenProcessPool:
            if self.stop_requested:  # the workers got the signal too (SIGTERM to the group): just stop
                raise _Interrupted from None
            self._recover(slot)
            return self._own(slot)
        except Exception as err:  # noqa: BLE001 - the task's own failure, whatever it is
            if slot.shared:  # a task of several documents failed as a whole: find out whose failure it is
                self._submit(slot, *slot.call)
                wait([slot.future])
                return self._result(slot)
            stage = Stage.parse if slot.call[0] is prepare_html else Stage.extract
            return {"ok": False, "stage": stage.value, "reason": f"{type(err).__name__}: {err}"}

    @staticmethod
    def _own(slot: Slot) -> dict[str, Any]:
        """The slot's result from its future (its entry, when the future is a task of several documents)."""
        assert slot.future is not None
        result = slot.future.result()
        return result if slot.index is None else result[slot.index]

    def _recover(self, current: Slot) -> None:
        """A worker died (out of memory, a crash in a library): find the document that kills it, go on.

        The pool is replaced and every document it lost is run again alone, all at
        once; what the new pool loses too is run once more, one at a time, so a
        document that breaks a pool on its own fails alone and the others keep
        their results.
        """
        slots = [current, *(s for s in self.window if s is not current)]
        wait({s.future for s in slots if s.future is not None})
        lost = [s for s in slots if s.call is not None and _broke(s.future)]
        self._replace_executor()
        for slot in lost:
            self._submit(slot, *slot.call)  # type: ignore[misc]
        wait({s.future for s in lost})
        healthy = not any(_broke(s.future) for s in lost)
        for slot in lost:
            if not _broke(slot.future):
                continue
            if not healthy:
                self._replace_executor()
            fn, arg = slot.call  # type: ignore[misc]
            self._submit(slot, fn, arg)
            wait([slot.future])  # type: ignore[list-item]
            healthy = not _broke(slot.future)
            if not healthy:
                stage = Stage.parse if fn is prepare_html else Stage.extract
                reason = "the worker process died on this document (out of memory or a crash)"
                slot.future, slot.index = _done({"ok": False, "stage": stage.value, "reason": reason}), None
        if not healthy:
            self._replace_executor()

    def _replace_executor(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new_executor()


def _broke(future: Future[Any] | None) -> bool:
    """True when the future's worker process died (the pool it ran in is broken)."""
    return future is not None and isinstance(future.exception(), BrokenProcessPool)
