"""spaCy components of the customs pipeline; importing this registers their factories."""

from extractor.components import (  # noqa: F401
    metadata,
    officials,
    ports,
    quantities,
    seizures,
    substances,
    years,
)
