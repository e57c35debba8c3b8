"""Imported once by the forkserver before it forks the workers: builds the default pipeline there.

Workers forked from the server start with the pipeline already built
(building it takes seconds; forking takes milliseconds) and share its
memory copy-on-write. If the build fails here, each worker builds its own
and reports the error as its own.
"""

from __future__ import annotations

from extractor.batch import worker

try:
    worker.prebuild()
except Exception:  # noqa: BLE001 - the forkserver must start; workers build (and fail) on their own
    pass
