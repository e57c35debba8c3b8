"""Running the extractor on Dask: ``extractor batch --engine dask`` and a library entry for Dask jobs.

Dask is an optional extra (``pip install "customs-extractor[dask]"``). This
package imports nothing from Dask until a function is called; ``engine``
(the batch on a cluster) imports ``distributed`` at once, so call
``require_dask()`` first where a clear message matters.

Library entry (each adds a step to the caller's graph)::

    from extractor.dask import extract_bag, seizure_frame
    documents = extract_bag(dask.bag.from_sequence(texts))        # Bag of schema.Document
    seizures = seizure_frame(frame, text="body", id="url")        # DataFrame of flat seizure rows
"""

from __future__ import annotations

from extractor.batch.errors import BatchSetupError
from extractor.dask.library import (
    ExtractionFailed,
    Fields,
    extract_bag,
    extract_frame,
    seizure_bag,
    seizure_frame,
    seizure_schema,
)

INSTALL_HINT = 'Dask is not installed: pip install "customs-extractor[dask]"'


def require_dask() -> None:
    """``BatchSetupError`` naming the install command when dask.distributed is missing."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as err:
        raise BatchSetupError(INSTALL_HINT) from err


__all__ = [
    "ExtractionFailed",
    "Fields",
    "INSTALL_HINT",
    "extract_bag",
    "extract_frame",
    "require_dask",
    "seizure_bag",
    "seizure_frame",
    "seizure_schema",
]
