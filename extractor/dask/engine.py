"""``extractor batch --engine dask``: the local batch's inputs and outputs, with the work on a Dask cluster.

Workers read and extract partitions of the input (``partitions``,
``tasks``); the client settles the results in input order into the same
sink the local batch uses, through the same ledger. So the output is the
local batch's output row for row: same tables, same Parquet schema, same
duplicates rule (first place found wins), same error rows, and ``--resume``
and re-runs keep every document exactly once. Workers ship rows back, not
texts: the client's share of the work is small.

A worker that dies loses nothing: its tasks are run again by Dask on
another worker (``distributed.scheduler.allowed-failures`` times). A
partition that keeps killing workers is cut in halves until the file or zip
member that does it fails alone, as in the local batch's process pool.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin, wait

from extractor import __version__
from extractor.batch.errors import BatchSetupError, Failure, Skipped, Stage
from extractor.batch.formats import Format, classify
from extractor.batch.report import ProgressDisplay, Summary
from extractor.batch.runner import BatchOptions, check_options, default_workers, stop_signals, warning_rows
from extractor.batch.sinks import Chunk, DocResult, Sink, open_sink
from extractor.batch.sources import check_inputs
from extractor.batch.tables import error_row, source_row
from extractor.batch.worker import peak_rss_kb
from extractor.dask.partitions import (
    DEFAULT_PARTITION_BYTES,
    JsonlRange,
    Partition,
    WholeFile,
    partition_target,
    plan_partitions,
)
from extractor.dask.tasks import (
    Extracted,
    PartitionResult,
    Repeated,
    count_newlines,
    run_partition,
    warm_up,
    worker_versions,
)
from extractor.schema import SCHEMA_VERSION

#: Partitions in flight per worker thread: one running, one queued, one result waiting to be settled.
IN_FLIGHT_PER_THREAD = 3
#: Seconds to wait for the first worker to join a scheduler.
WORKER_WAIT_SECONDS = 60.0

#: Inputs that hold exactly one document.
DOCUMENTS = (Format.text, Format.html)

log = logging.getLogger(__name__)


@dataclass
class DaskOptions:
    """Where and how to run: a scheduler address or file (None: a local cluster), partition size."""

    scheduler: str | None = None
    partition_bytes: int = DEFAULT_PARTITION_BYTES
    worker_wait: float = WORKER_WAIT_SECONDS


# -- the cluster -----------------------------------------------------------------------------------


class PipelinePlugin(WorkerPlugin):
    """Start building the pipeline as soon as a worker (or its restart after a crash) comes up."""

    name = "customs-extractor-pipeline"

    def __init__(self, patterns_path: str | None = None) -> None:
        self.patterns_path = patterns_path

    def setup(self, worker: Any) -> None:
        warm_up(self.patterns_path)


def prepare_client(client: Client, patterns_path: str | None = None) -> None:
    """Check that the workers run this package's version and start building their pipelines."""
    try:
        versions = client.run(worker_versions)
    except Exception as err:  # noqa: BLE001 - whatever the worker says, the cause is the same
        raise BatchSetupError(
            f"the Dask workers cannot run the extractor ({type(err).__name__}: {err});"
            " install customs-extractor[dask] on every worker"
        ) from err
    wrong = {addr: v for addr, v in versions.items() if tuple(v) != (__version__, SCHEMA_VERSION)}
    if wrong:
        addr, (version, schema) = next(iter(wrong.items()))
        raise BatchSetupError(
            f"worker {addr} runs customs-extractor {version} (schema {schema}), this client"
            f" {__version__} (schema {SCHEMA_VERSION}): install the same version everywhere"
        )
    client.register_plugin(PipelinePlugin(patterns_path), name=PipelinePlugin.name)


@contextlib.contextmanager
def connect(options: DaskOptions, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler named in ``options``, or of a new local cluster of ``workers`` processes."""
    with contextlib.ExitStack() as stack:
        if options.scheduler is None:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers or default_workers(),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster))
        else:
            where = options.scheduler
            try:
                if Path(where).is_file():
                    client = stack.enter_context(Client(scheduler_file=where, timeout=options.worker_wait))
                else:
                    client = stack.enter_context(Client(where, timeout=options.worker_wait))
            except (OSError, TimeoutError, ValueError) as err:
                raise BatchSetupError(f"cannot reach the Dask scheduler at {where}: {err}") from err
            try:
                client.wait_for_workers(1, timeout=options.worker_wait)
            except TimeoutError as err:
                raise BatchSetupError(
                    f"no worker joined the Dask scheduler at {where} within {options.worker_wait:.0f} s"
                ) from err
        yield client


# -- resuming --------------------------------------------------------------------------------------


class DoneLog:
    """Partitions whose documents are all committed, with their counts: skipped by ``--resume``.

    A line is appended (and fsynced) after the commit that holds a partition's last
    document; a crash in between only means the partition is read again, and the
    sink's ledger drops what it already holds.
    """

    def __init__(self, sink: Sink, resume: bool) -> None:
        out = sink.out
        self.path = out / "_dask_done.jsonl" if out.is_dir() else out.with_name(f"{out.name}.dask-done.jsonl")
        self.done: dict[str, dict[str, int]] = {}
        if resume and self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    record = json.loads(line)
                    self.done[record["key"]] = record["counts"]
        try:
            self.handle = self.path.open("a" if resume else "w", encoding="utf-8")
        except OSError as err:
            raise BatchSetupError(f"cannot write {self.path}: {err.strerror or err}") from err

    def add(self, entries: list[tuple[str, dict[str, int]]]) -> None:
        for key, counts in entries:
            self.handle.write(json.dumps({"key": key, "counts": counts}) + "\n")
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        self.handle.close()


# -- the run ---------------------------------------------------------------------------------------


def run_batch_dask(
    options: BatchOptions,
    dask_options: DaskOptions | None = None,
    stream: TextIO | None = None,
    client: Any = None,
    on_partition: Callable[[Summary], None] | None = None,
) -> Summary:
    """Run a batch on Dask: ``client`` if given, else the scheduler in ``dask_options``, else a local cluster.

    ``on_partition`` is called after each partition is settled (progress hooks, tests).
    """
    dask_options = dask_options or DaskOptions()
    check_options(options)
    if dask_options.partition_bytes < 1:
        raise BatchSetupError("the partition size must be positive")
    check_inputs(options.inputs)
    sink = open_sink(options.out)
    try:
        sink.open(options.resume)
        done = DoneLog(sink, options.resume)
        try:
            with contextlib.ExitStack() as stack:
                if client is None:
                    client = stack.enter_context(connect(dask_options, options.workers))
                prepare_client(client)
                run = _DaskRun(options, dask_options, sink, done, client, stream or sys.stderr, on_partition)
                return run.run()
        finally:
            done.close()
    finally:
        sink.close()


@dataclass
class _Counts:
    """What one partition added to the summary (kept in the done log for resumed runs)."""

    read: int = 0
    extracted: int = 0
    duplicates: int = 0
    already_done: int = 0
    failed: int = 0
    ignored: int = 0


class _DaskRun:
    def __init__(
        self,
        options: BatchOptions,
        dask_options: DaskOptions,
        sink: Sink,
        done: DoneLog,
        client: Any,
        stream: TextIO,
        on_partition: Callable[[Summary], None] | None,
    ) -> None:
        self.options = options
        self.dask_options = dask_options
        self.sink = sink
        self.done = done
        self.client = client
        self.stream = stream
        self.on_partition = on_partition
        threads = self.threads = sum(client.nthreads().values()) or 1
        self.window = max(2, threads * IN_FLIGHT_PER_THREAD)
        self.summary = Summary(out=options.out, errors_location=sink.errors_location, workers=threads)
        self.queue: deque[tuple[Partition, Any]] = deque()
        self.newline_counts: dict[str, list[Any]] = {}
        self.chunk = Chunk()
        self.chunk_slots = 0
        self.chunk_done: list[tuple[str, dict[str, int]]] = []
        self.pending: set[str] = set()
        self.last_commit = time.monotonic()
        self.stop_requested = False
        self.halted = False

    def run(self) -> Summary:
        started = time.monotonic()
        try:
            with (
                stop_signals(self._request_stop),
                ProgressDisplay(self.stream, self.options.progress) as progress,
            ):
                self._loop(progress)
                self._commit()
        finally:
            self.client.cancel([future for _, future in self.queue])
            self.client.cancel([f for futures in self.newline_counts.values() for f in futures])
        self.summary.elapsed = time.monotonic() - started
        self.summary.peak_main_mb = peak_rss_kb() / 1024
        return self.summary

    def _request_stop(self) -> None:
        self.stop_requested = True

    # -- submitting ------------------------------------------------------------------------------

    def _loop(self, progress: ProgressDisplay) -> None:
        target = partition_target(self.options.inputs, self.dask_options.partition_bytes, self.threads)
        partitions = plan_partitions(self.options.inputs, self.options.read, target)
        exhausted = False
        while True:
            while not exhausted and len(self.queue) < self.window and not self.stop_requested:
                partition = next(partitions, None)
                if partition is None:
                    exhausted = True
                else:
                    self._admit(partition)
            if self.stop_requested:
                self.summary.stopped = "interrupted"
                return
            if not self.queue:
                return
            partition, future = self.queue[0]
            if not self._wait(future):
                continue
            self.queue.popleft()
            self._settle_partition(partition, future)
            progress.update(self.summary)
            if self.on_partition is not None:
                self.on_partition(self.summary)
            if self.halted:
                return

    def _admit(self, partition: Partition) -> None:
        resumed = self.done.done.get(partition.key)
        counts = self._newline_counts(partition, needed=resumed is None)
        if resumed is not None:
            self._add_counts(_Counts(**resumed), resumed=True)
        else:
            self.queue.append((partition, self._submit(partition, counts)))

    def _newline_counts(self, partition: Partition, needed: bool) -> list[Any]:
        """Per piece: the newlines before a JSONL range (a future), 0 for other pieces.

        Every range of a file is counted (a resumed run too), since later ranges number their lines from it.
        """
        counts: list[Any] = []
        for piece in partition.pieces:
            if not isinstance(piece, JsonlRange):
                counts.append(0)
                continue
            before = self.newline_counts.setdefault(piece.path, [])
            counts.append(self.client.submit(sum, list(before), pure=False) if before and needed else 0)
            before.append(self.client.submit(count_newlines, piece.path, piece.start, piece.end, pure=False))
        return counts

    def _submit(self, partition: Partition, counts: list[Any] | None = None) -> Any:
        """Submit a partition's task (halves of a split partition hold no JSONL range: no counts needed)."""
        return self.client.submit(
            run_partition,
            partition,
            self.options.read,
            self.sink.want_json,
            self.sink.want_rows,
            counts if counts is not None else [0] * len(partition.pieces),
            key=f"extract-partition-{partition.key}",
            pure=False,
        )

    def _wait(self, future: Any) -> bool:
        try:
            wait([future], timeout=0.5)
        except TimeoutError:
            return False
        return True

    # -- settling, in input order ----------------------------------------------------------------

    def _settle_partition(self, partition: Partition, future: Any) -> None:
        if future.status == "finished":
            result: PartitionResult = future.result()
        else:
            result = self._lost(partition, future)
            if not result.outcomes:
                return
        counts = _Counts()
        for outcome in result.outcomes:
            self._settle(outcome, counts)
            if self.halted:
                break
        self.summary.peak_worker_mb = max(self.summary.peak_worker_mb, result.rss_kb / 1024)
        self._add_counts(counts)
        if not self.halted and "/" not in partition.key:
            self.chunk_done.append((partition.key, asdict(counts)))
        if (
            self.halted
            or self.chunk_slots >= self.options.chunk_size
            or (time.monotonic() - self.last_commit >= self.options.chunk_seconds)
        ):
            self._commit()

    def _lost(self, partition: Partition, future: Any) -> PartitionResult:
        """A partition whose task failed: cut it in halves and run them, or record it as failed."""
        if future.status == "cancelled":
            self._commit()
            raise BatchSetupError(
                "the Dask scheduler cancelled the run (connection lost?); run again with --resume"
            )
        error = future.exception()
        halves = partition.split() if isinstance(error, KilledWorker) else []
        if halves:
            log.warning("partition %s killed its workers; trying its halves", partition.label)
            self.queue.extendleft(reversed([(half, self._submit(half)) for half in halves]))
            return PartitionResult()
        piece = partition.pieces[0]
        if not isinstance(error, KilledWorker):
            reason = f"reading or extracting this input failed: {type(error).__name__}: {error}"
        elif (
            len(partition.pieces) == 1 and isinstance(piece, WholeFile) and classify(piece.path) in DOCUMENTS
        ):
            reason = "the worker process died on this document (out of memory or a crash)"
        else:
            reason = "worker processes died on this input (out of memory or a crash); its documents are lost"
        return PartitionResult([Failure(partition.label, Stage.extract, reason)])

    def _settle(self, outcome: Any, counts: _Counts) -> None:
        if isinstance(outcome, Skipped):
            counts.ignored += 1
            return
        counts.read += 1
        self.chunk_slots += 1
        if isinstance(outcome, Failure):
            self.chunk.errors.append(error_row(outcome))
            counts.failed += 1
            if self.options.strict:
                self.halted = True
                self.summary.stopped = "strict"
            return
        doc_id = outcome.doc_id
        if isinstance(outcome, Repeated) or doc_id in self.pending or self.sink.known(doc_id):
            if doc_id not in self.pending and self.sink.has_source(doc_id, outcome.source):
                counts.already_done += 1
            else:
                self.chunk.sources.append(source_row(doc_id, outcome.source))
                counts.duplicates += 1
            return
        assert isinstance(outcome, Extracted)
        result = outcome.result
        self.pending.add(doc_id)
        self.chunk.documents.append(DocResult(doc_id, result["rows"], result["json"]))
        self.chunk.sources.append(source_row(doc_id, outcome.source))
        self.chunk.errors.extend(
            warning_rows(outcome.source, doc_id, result["warnings"], outcome.decode_warnings)
        )
        counts.extracted += 1
        self.summary.warnings += len(result["warnings"])
        self.summary.seizures += result["n_seizures"]

    def _add_counts(self, counts: _Counts, resumed: bool = False) -> None:
        summary = self.summary
        summary.read += counts.read
        summary.failed += counts.failed
        summary.ignored += counts.ignored
        if resumed:
            summary.already_done += counts.extracted + counts.duplicates + counts.already_done
        else:
            summary.extracted += counts.extracted
            summary.duplicates += counts.duplicates
            summary.already_done += counts.already_done

    def _commit(self) -> None:
        if self.chunk_slots:
            try:
                self.sink.commit(self.chunk)
            except OSError as err:
                raise BatchSetupError(f"cannot write the output: {err}") from err
        if self.chunk_done:
            self.done.add(self.chunk_done)
        self.chunk, self.chunk_slots, self.chunk_done = Chunk(), 0, []
        self.pending.clear()
        self.last_commit = time.monotonic()
