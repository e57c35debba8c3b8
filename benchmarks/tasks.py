"""What a benchmark child process measures; each task prints one JSON line.

Run as ``python -m benchmarks.tasks TASK JSON-ARGS``. Each task loads its
inputs, builds what it measures (pipeline load time is reported, not
counted), times only the work, and prints its figures. Every task starts in
a fresh interpreter (see measure.py for why).
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

#: Texts per ``nlp.pipe`` batch; the Extractor's default.
BATCH_SIZE = 32


def read_corpus(path: str) -> list[str]:
    """The texts of a corpus JSONL file (one {"text": ...} per line)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def count_words(texts: list[str]) -> int:
    """Whitespace-separated words: the unit every words/s figure uses (tokenizer-independent)."""
    return sum(len(text.split()) for text in texts)


def task_tokenize(args: dict) -> dict:
    """Tokenising only, through ``nlp.pipe``: ``blank`` spaCy nl, or our pipeline's tokenizer."""
    texts = read_corpus(args["corpus"])
    start = time.perf_counter()
    if args["variant"] == "blank":
        import spacy

        nlp = spacy.blank("nl")
        nlp.max_length = 10**8
    else:
        from extractor.pipeline import create_pipeline

        nlp = create_pipeline()
        nlp.select_pipes(disable=nlp.pipe_names)
    load = time.perf_counter() - start
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "load_seconds": load,
        "words": count_words(texts),
        "tokens": tokens,
        "docs": len(texts),
        "cache_size": nlp.tokenizer.max_cache_size,
    }


def _extract_all(texts: list[str]) -> Callable[[], int]:
    from extractor.api import Extractor

    extractor = Extractor()

    def work() -> int:
        size = 0
        for document in extractor.extract_many(texts):
            size += len(document.model_dump_json())
        return size

    return work


def task_extract(args: dict) -> dict:
    """The full pipeline: texts to validated Documents serialised to JSON, single process."""
    texts = read_corpus(args["corpus"])
    start = time.perf_counter()
    work = _extract_all(texts)
    load = time.perf_counter() - start
    profiler = cProfile.Profile() if args.get("profile") else None
    start = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    json_chars = work()
    if profiler is not None:
        profiler.disable()
    seconds = time.perf_counter() - start
    result = {
        "seconds": seconds,
        "load_seconds": load,
        "words": count_words(texts),
        "docs": len(texts),
        "json_chars": json_chars,
    }
    if profiler is not None:
        profiler.dump_stats(args["profile"])
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(25)
        result["profile_top"] = buffer.getvalue()
    return result


def task_floor(args: dict) -> dict:
    """Extraction with no rules: our tokenizer, then the pipeline's own output validated and serialised.

    The Documents are made first (not timed) by the full pipeline, and kept as
    plain dicts. The timed pass runs a fresh pipeline with every component
    disabled (a cold tokenizer cache, as in the other figures) and, per text,
    validates its Document from those dicts and serialises it to JSON. Nothing
    finds anything: this is the least any design on this stack pays for this
    output, so ``ceiling / 0.4 - floor`` is what all the rules together may cost.
    Validating a whole Document from dicts (pydantic-core, in Rust) is also cheaper
    than building the records one by one, so the figure errs on the low side.
    """
    from extractor.api import Extractor
    from extractor.pipeline import create_pipeline
    from extractor.schema import Document

    texts = read_corpus(args["corpus"])
    documents = [json.loads(d.model_dump_json()) for d in Extractor().extract_many(texts)]
    nlp = create_pipeline()
    nlp.select_pipes(disable=nlp.pipe_names)
    start = time.perf_counter()
    json_chars = 0
    for _doc, data in zip(nlp.pipe(texts, batch_size=BATCH_SIZE), documents, strict=True):
        json_chars += len(Document.model_validate(data).model_dump_json())
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "words": count_words(texts), "docs": len(texts), "json_chars": json_chars}


def run_stages(texts: list[str]) -> dict[str, float]:
    """Process ``texts`` one stage at a time; seconds spent in each stage (load not counted).

    The stages are what ``Extractor.extract_many`` does for each text: make_doc,
    every pipeline component, doc_to_document, JSON serialisation.
    """
    from extractor.api import doc_to_document
    from extractor.pipeline import create_pipeline

    nlp = create_pipeline()
    stages: dict[str, float] = {"tokenizer": 0.0}
    stages.update({name: 0.0 for name in nlp.pipe_names})
    stages.update({"doc_to_document": 0.0, "json": 0.0})
    clock = time.perf_counter
    for text in texts:
        start = clock()
        doc = nlp.make_doc(text)
        stages["tokenizer"] += clock() - start
        for name, proc in nlp.pipeline:
            start = clock()
            doc = proc(doc)
            stages[name] += clock() - start
        start = clock()
        document = doc_to_document(doc, text=text)
        stages["doc_to_document"] += clock() - start
        start = clock()
        document.model_dump_json()
        stages["json"] += clock() - start
    return stages


def task_breakdown(args: dict) -> dict:
    """Seconds spent in the tokenizer, each component, doc_to_document and JSON, over a corpus."""
    texts = read_corpus(args["corpus"])
    return {"stages": run_stages(texts), "words": count_words(texts), "docs": len(texts)}


def task_length(args: dict) -> dict:
    """Per-word extraction time when the same text comes as pieces of ``piece_chars`` characters.

    Stages are timed one by one (see ``run_stages``), so that a cost growing
    with document length is pinned to the component that has it.
    """
    from benchmarks.corpus import split_text

    text = Path(args["text"]).read_text(encoding="utf-8")
    pieces = split_text(text, args["piece_chars"]) if args["piece_chars"] < len(text) else [text]
    stages = run_stages(pieces)
    seconds = sum(stages.values())
    words = count_words(pieces)
    return {
        "seconds": seconds,
        "words": words,
        "docs": len(pieces),
        "us_per_word": seconds / words * 1e6,
        "stages_us_per_word": {name: s / words * 1e6 for name, s in stages.items()},
    }


TASKS: dict[str, Callable[[dict], dict]] = {
    "tokenize": task_tokenize,
    "extract": task_extract,
    "floor": task_floor,
    "breakdown": task_breakdown,
    "length": task_length,
}


def main(argv: list[str]) -> None:
    task, raw = argv
    result = TASKS[task](json.loads(raw))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
