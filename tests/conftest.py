"""Shared fixtures: one pipeline per test session (building it takes a second)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extractor.api import Extractor
from extractor.pipeline import create_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default pipeline, built once."""
    return create_pipeline()


@pytest.fixture(scope="session")
def extractor(nlp: Language) -> Extractor:
    """An Extractor sharing the session pipeline."""
    return Extractor(nlp)
