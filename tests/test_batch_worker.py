"""The batch worker: tasks of several documents, one failure per bad document, memory zones after a warm-up.

Expected documents come from ``Extractor.extract_many`` one text at a time;
what is checked is that running texts as one task (in a memory zone or
not) changes nothing in the results, and that a bad document fails alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_support import compose
from spacy.language import Language
from spacy.tokens import Doc

from extractor.api import Extractor, TextInput
from extractor.batch import worker
from extractor.batch.runner import TASK_DOCS, BatchOptions, run_batch
from extractor.schema import Document

POISON = "BOEM"


class ExplodingExtractor(Extractor):
    """Raises on any text holding the poison word, as a component bug would."""

    def _prepare(self, item: TextInput) -> Doc:
        if POISON in item.text:
            raise ValueError("boem")
        return super()._prepare(item)


def alone(extractor: Extractor, texts: list[str]) -> list[bytes]:
    """Each text extracted on its own (source: its position), as JSON bytes (what a worker sends)."""
    items = [TextInput(text, None, str(i)) for i, text in enumerate(texts)]
    return [next(extractor.extract_many([item])).model_dump_json().encode() for item in items]


def tasks(texts: list[str]) -> list[worker.ExtractTask]:
    return [worker.ExtractTask(text, None, str(i)) for i, text in enumerate(texts)]


@pytest.mark.parametrize("warmup", [0, 10**9], ids=["in-zones", "warming-up"])
def test_a_task_gives_what_each_document_gives_alone(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch, warmup: int
) -> None:
    monkeypatch.setattr(worker, "WARMUP_CHARS", warmup)
    texts = [compose(number) for number in range(12)]
    worker.init_worker(True, True, extractor, in_pool=False)
    results = worker.extract_chunk(tasks(texts))
    assert [r["json"] for r in results] == alone(extractor, texts)
    assert all(r["ok"] and r["rows"] is not None for r in results)


def test_a_bad_document_fails_alone_in_its_task(nlp: Language) -> None:
    exploding = ExplodingExtractor(nlp)
    texts = [compose(number) for number in range(6)]
    texts[2] += f" {POISON}"
    worker.init_worker(True, False, exploding, in_pool=False)
    results = worker.extract_chunk(tasks(texts))
    assert [r["ok"] for r in results] == [True, True, False, True, True, True]
    assert results[2] == {"ok": False, "stage": "extract", "reason": "ValueError: boem"}
    expected = alone(Extractor(nlp), texts)
    assert [r["json"] for r in results if r["ok"]] == [j for i, j in enumerate(expected) if i != 2]


def test_the_run_records_the_bad_document_and_keeps_the_rest(nlp: Language, tmp_path: Path) -> None:
    """More documents than one task holds: order, results and the one error survive the chunking."""
    exploding = ExplodingExtractor(nlp)
    folder = tmp_path / "in"
    folder.mkdir()
    count = TASK_DOCS + 5
    texts = [compose(number) + (f" {POISON}" if number == 3 else "") for number in range(count)]
    for number, text in enumerate(texts):
        (folder / f"{number:03d}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "uit.jsonl"
    summary = run_batch(BatchOptions([str(folder)], str(out), progress=False), extractor=exploding)
    assert (summary.extracted, summary.failed) == (count - 1, 1)
    documents = [Document.model_validate_json(line) for line in out.read_text().splitlines()]
    assert [d.source for d in documents] == [f"{folder}/{n:03d}.txt" for n in range(count) if n != 3]
    assert "ValueError: boem" in (tmp_path / "uit.errors.jsonl").read_text()


def test_zones_start_after_the_warm_up(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the warm-up is spent new words stay in the vocabulary (and the tokenizer cache); after, not."""
    extractor = Extractor(nlp)
    monkeypatch.setattr(worker, "_warmed", type(worker._warmed)())
    monkeypatch.setattr(worker, "WARMUP_CHARS", 200)
    strings = nlp.vocab.strings

    def novel(tag: str) -> TextInput:
        return TextInput(f"De douane vond {tag}kwastvormigeplunje in een container {tag}zwerkbak.", None, tag)

    worker.extract_documents([novel("eerst")], extractor)
    assert "eerstkwastvormigeplunje" in strings
    worker.extract_documents([novel("daarna"), novel("nogmaals")] * 3, extractor)  # past 200 characters
    worker.extract_documents([novel("later")], extractor)
    assert "laterkwastvormigeplunje" not in strings
