"""TEMPORARY STUB of the customs_ports component: to be replaced by the real one."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractor.extensions import register_extensions


class _Stub:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        register_extensions()
        doc._.ports = []
        return doc


@Language.factory("customs_ports", default_config={"patterns_path": None}, assigns=["doc._.ports"])
def make_ports(nlp: Language, name: str, *, patterns_path: str | None) -> _Stub:
    return _Stub(name)
