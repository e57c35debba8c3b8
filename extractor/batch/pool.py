"""The worker processes: a process pool with one pipeline per worker, or the main process for one worker.

Workers are started with ``forkserver`` where the platform has it (a clean
process, not a fork of a main process running threads); the server builds
the default pipeline once (``preload``) and every worker is a fork of it,
so starting a worker costs milliseconds, not the seconds of a build. The
server is started with the executor, so it builds while the main process
still imports and reads. With
one worker, or with an ``Extractor`` handed in (tests), work runs inline in
the main process through the same ``submit`` interface.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

from extractor.batch.worker import init_worker

PRELOAD = ["extractor.batch.preload"]


class InlineExecutor(Executor):
    """Runs each task at once in this process; returns a finished Future like a pool would."""

    def __init__(self, want_json: bool, want_rows: bool, extractor: Any = None) -> None:
        init_worker(want_json, want_rows, extractor, in_pool=False)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:  # noqa: BLE001 - delivered through the future, as a pool would
            future.set_exception(err)
        return future


def make_executor(workers: int, want_json: bool, want_rows: bool, extractor: Any = None) -> Executor:
    """An executor whose workers each hold an Extractor (inline for one worker or a given extractor)."""
    if workers <= 1 or extractor is not None:
        return InlineExecutor(want_json, want_rows, extractor)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(PRELOAD)
        # start the server (and its pipeline build) now, not at the first task: the main
        # process imports and reads meanwhile instead of waiting for it afterwards
        from multiprocessing import forkserver

        forkserver.ensure_running()
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=init_worker, initargs=(want_json, want_rows)
    )
