"""Document ids: a stable content hash of a text, without importing spaCy.

Kept apart from ``extractor.api`` so that the batch main process, which
hashes every text to deduplicate and resume, never loads spaCy (~0.6 s of
CPU that would compete with the workers for the same cores).
"""

from __future__ import annotations

import hashlib


def document_id(text: str) -> str:
    """Stable content hash of a text: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
