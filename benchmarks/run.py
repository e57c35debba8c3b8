"""Speed benchmark of customs-extractor (issue 4): six measurements on one composed corpus.

    python benchmarks/run.py                 # full run (~4 min today, ~1 min at the target speed)
    python benchmarks/run.py --quick         # small corpus, for trying changes
    python benchmarks/run.py --docs 8000 --skip batch,length
    python benchmarks/run.py --profile /tmp/extract.prof   # also cProfile the single-process run

Measures, on the same corpus: (1) tokenizer-only ceiling, (2) full extraction
to validated JSON and its ratio to (1), with a floor (the same output with no
rules: what the rules may cost against the target), (3) ``extractor batch`` with 1 and all
workers, (4) peak RSS of one worker and of a batch over a 10x archive, (5)
per-word time for 1 KB / 100 KB / 5 MB documents, (6) start-up of
``extractor --help`` and ``extractor extract``. Each measurement runs in a
fresh process. The figures go to stdout and into benchmarks/RESULTS.md
(between markers; the notes around them are kept).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import report  # noqa: E402
from benchmarks.corpus import build_corpus, build_text, vocabulary_growth  # noqa: E402
from benchmarks.measure import SPACY_ONLY, Run, run_measured  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PARTS = ("breakdown", "batch", "dask", "memory", "length", "startup")
#: What ``--quick`` changes (options left at their default only).
QUICK = {"docs": 600, "memory_docs": 100, "length_mb": 1.0, "repeat": 1}
#: Piece sizes for measurement 5 (characters; the last one is the whole text).
LENGTH_PIECES = (("1 KB", 1_000), ("100 KB", 100_000))


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def child(task: str, args: dict, timeout: float | None = None) -> Run:
    """Run one task of benchmarks/tasks.py in a fresh interpreter."""
    argv = [sys.executable, "-m", "benchmarks.tasks", task, json.dumps(args)]
    return run_measured(argv, cwd=REPO, timeout=timeout)


def extractor_command() -> list[str]:
    """The installed ``extractor`` console script (what a user runs), else ``python -m extractor.cli``."""
    script = Path(sys.executable).parent / "extractor"
    return [str(script)] if script.exists() else [sys.executable, "-m", "extractor.cli"]


def write_corpus(texts: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for text in texts:
            handle.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")


def write_archive(texts: list[str], path: Path, form: str) -> Path:
    """The texts as an archive ``extractor batch`` reads: a JSONL export, a folder or a zip of .txt files."""
    if form == "jsonl":
        target = path.with_suffix(".jsonl")
        with target.open("w", encoding="utf-8") as handle:
            for i, text in enumerate(texts):
                handle.write(json.dumps({"id": f"doc-{i:06d}", "text": text}, ensure_ascii=False) + "\n")
        return target
    if form == "zip":
        target = path.with_suffix(".zip")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for i, text in enumerate(texts):
                archive.writestr(f"press/doc-{i:06d}.txt", text)
        return target
    path.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (path / f"doc-{i:06d}.txt").write_text(text, encoding="utf-8")
    return path


def words_per_second(result: dict) -> float:
    return result["words"] / result["seconds"]


# ---- the measurements -------------------------------------------------------------------------


def measure_throughput(corpus: Path, texts: list[str], work: Path, repeat: int, profile: str | None) -> dict:
    """(1) and (2): ceiling and full pipeline, alternated ``repeat`` times, best of each."""
    best: dict[str, dict] = {}
    extract_peaks: list[float] = []
    for round_ in range(repeat):
        for key, task, args in (
            ("ceiling", "tokenize", {"corpus": str(corpus), "variant": "blank"}),
            ("our_tokenizer", "tokenize", {"corpus": str(corpus), "variant": "pipeline"}),
            ("pipeline", "extract", {"corpus": str(corpus)}),
        ):
            run = child(task, args)
            result = run.result()
            if key == "pipeline":
                extract_peaks.append(run.tree_peak_mb)
            log(f"round {round_ + 1}: {key:14s} {words_per_second(result):>10,.0f} words/s")
            if key not in best or result["seconds"] < best[key]["seconds"]:
                best[key] = result
    # the least this output costs with no rules (``task_floor``): what the rules may cost against the target
    log("floor: our tokenizer + the pipeline's own Documents validated from dicts + JSON, no rules")
    best["floor"] = child("floor", {"corpus": str(corpus)}).result()
    # reference: the same number of words made of 20 texts repeated (what a naive corpus measures)
    repeated = (texts[:20] * (len(texts) // 20 + 1))[: len(texts)]
    repeated_path = work / "repeated.jsonl"
    write_corpus(repeated, repeated_path)
    best["ceiling_repeated"] = child("tokenize", {"corpus": str(repeated_path), "variant": "blank"}).result()
    figures = {key: {**value, "words_per_s": words_per_second(value)} for key, value in best.items()}
    figures["ratio"] = figures["pipeline"]["words_per_s"] / figures["ceiling"]["words_per_s"]
    figures["floor_ratio"] = figures["floor"]["words_per_s"] / figures["ceiling"]["words_per_s"]
    figures["ratio_to_our_tokenizer"] = (
        figures["pipeline"]["words_per_s"] / figures["our_tokenizer"]["words_per_s"]
    )
    figures["repeated_flattery"] = (
        figures["ceiling_repeated"]["words_per_s"] / figures["ceiling"]["words_per_s"]
    )
    figures["one_worker_peak_mb"] = max(extract_peaks)
    if profile:
        log(f"profiling the single-process extraction into {profile}")
        figures["profile_top"] = child("extract", {"corpus": str(corpus), "profile": profile}).result()[
            "profile_top"
        ]
    return figures


def measure_breakdown(corpus: Path) -> dict:
    result = child("breakdown", {"corpus": str(corpus)}).result()
    total = sum(result["stages"].values())
    return {
        "words": result["words"],
        "total_s": total,
        "stages": {
            name: {"seconds": s, "share": s / total, "us_per_word": s / result["words"] * 1e6}
            for name, s in result["stages"].items()
        },
    }


def batch_available() -> bool:
    run = run_measured([*extractor_command(), "batch", "--help"], cwd=REPO)
    return run.returncode == 0


def run_batch(archive: Path, out_dir: Path, workers: int, label: str) -> Run:
    out = out_dir / f"batch-{label}-w{workers}.jsonl"
    if out.exists():
        out.unlink()
    argv = [*extractor_command(), "batch", str(archive), "--out", str(out), "--workers", str(workers)]
    run = run_measured([*argv, "--no-progress"], cwd=REPO)
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed (exit {run.returncode}):\n{run.stderr[-2000:]}")
    return run


def batch_figures(run: Run, docs: int, words: int) -> dict:
    return {
        "wall_s": run.wall_s,
        "docs_per_s": docs / run.wall_s,
        "words_per_s": words / run.wall_s,
        "tree_peak_mb": run.tree_peak_mb,
        "worker_peak_mb": run.worker_peak_mb(),
        "main_peak_mb": run.main_peak_mb(),
        "summary": run.stderr.strip().splitlines()[-6:],
    }


def measure_batch(texts: list[str], work: Path, form: str, cores: int) -> dict:
    """(3): ``extractor batch`` end to end over the corpus as an archive, 1 worker and all cores.

    A run over a one-document archive gives each setting's fixed start-up
    cost, so that the throughput net of start-up (what a ten-year archive
    sees) can be shown next to the end-to-end figure.
    """
    archive = write_archive(texts, work / "archive", form)
    tiny = write_archive(texts[:1], work / "archive-one", form)
    words = sum(len(t.split()) for t in texts)
    figures: dict = {"docs": len(texts), "words": words, "archive": archive.name, "cores": cores}
    for workers in sorted({1, cores}):
        log(f"extractor batch, {workers} worker(s), {len(texts)} documents")
        run = run_batch(archive, work, workers, "main")
        startup = run_batch(tiny, work, workers, "startup").wall_s
        result = batch_figures(run, len(texts), words)
        result["startup_s"] = startup
        result["net_docs_per_s"] = len(texts) / max(run.wall_s - startup, 1e-9)
        figures[f"workers_{workers}"] = result
        log(f"  {result['docs_per_s']:,.1f} docs/s, wall {run.wall_s:.1f} s, start-up {startup:.1f} s")
    top = figures[f"workers_{cores}"]
    figures["speedup"] = top["docs_per_s"] / figures["workers_1"]["docs_per_s"]
    figures["net_speedup"] = top["net_docs_per_s"] / figures["workers_1"]["net_docs_per_s"]
    return figures


def measure_memory(n_docs: int, seed: int, work: Path, form: str, cores: int, with_batch: bool) -> dict:
    """(4): peak RSS over an archive and over one 10x larger (new texts, not repeats)."""
    texts = build_corpus(10 * n_docs, seed=seed + 3)
    figures: dict = {"docs_1x": n_docs, "docs_10x": len(texts), "via": "batch" if with_batch else "library"}
    for label, subset in (("1x", texts[:n_docs]), ("10x", texts)):
        words = sum(len(t.split()) for t in subset)
        if with_batch:
            archive = write_archive(subset, work / f"memory-{label}", form)
            log(f"memory: extractor batch over {len(subset)} documents, {cores} workers")
            run = run_batch(archive, work, cores, f"memory-{label}")
            figures[label] = batch_figures(run, len(subset), words)
        else:
            corpus = work / f"memory-{label}.jsonl"
            write_corpus(subset, corpus)
            log(f"memory: library extraction of {len(subset)} documents (batch command not available)")
            run = child("extract", {"corpus": str(corpus)})
            run.result()
            figures[label] = {"tree_peak_mb": run.tree_peak_mb, "worker_peak_mb": run.tree_peak_mb}
    peak = "worker_peak_mb" if figures["1x"].get("worker_peak_mb") else "tree_peak_mb"
    figures["peak_key"] = peak
    figures["growth"] = figures["10x"][peak] / figures["1x"][peak]
    return figures


def measure_length(megabytes: float, seed: int, work: Path, timeout: float) -> dict:
    """(5): the same text as 1 KB pieces, 100 KB pieces and one document; microseconds per word.

    A run that takes longer than ``timeout`` seconds is stopped; its figure is
    then a lower bound (the stage that grows with length shows in the others).
    """
    size = int(megabytes * 1_000_000)
    text = build_text(size, seed=seed + 7)
    words = len(text.split())
    text_path = work / "long.txt"
    text_path.write_text(text, encoding="utf-8")
    label_big = f"{megabytes:g} MB"
    figures: dict = {"chars": size, "sizes": {}, "timeout_s": timeout}
    for label, piece in (*LENGTH_PIECES, (label_big, size + 1)):
        log(f"length: {label} documents")
        run = child("length", {"text": str(text_path), "piece_chars": piece}, timeout=timeout)
        if run.timed_out:
            result = {"timed_out": True, "words": words, "docs": -(-size // piece), "seconds": timeout}
            result["us_per_word"] = timeout / words * 1e6
            log(f"  stopped after {timeout:.0f} s: more than {result['us_per_word']:.2f} us/word")
        else:
            result = run.result()
            log(f"  {result['us_per_word']:.2f} us/word over {result['docs']} document(s)")
        figures["sizes"][label] = result
    figures["ratio"] = figures["sizes"][label_big]["us_per_word"] / figures["sizes"]["1 KB"]["us_per_word"]
    figures["largest"] = label_big
    return figures


def compile_like_an_install() -> None:
    """Let every child reuse compiled bytecode of the package, as an installed package does.

    pip compiles a package's modules at install time. A checkout run with
    ``PYTHONDONTWRITEBYTECODE`` set (as some sandboxes and CI images do)
    recompiles all of ``extractor`` in every process instead, which adds
    ~50 ms to each start-up figure. Without the variable Python writes the
    usual (git-ignored) ``__pycache__`` folders, for the modules that have
    none: the dependencies' bytecode is already there.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def measure_startup(sample: str, work: Path, runs: int = 5) -> dict:
    """(6): wall time of ``extractor --help`` and of ``extractor extract`` on one small file.

    One untimed run of each first, so that the bytecode exists (see ``compile_like_an_install``).
    Each ``extract`` run is paired with a run of spaCy alone (``SPACY_ONLY``), so that the
    report can say how much of the start-up is spaCy's on the machine as it was at that moment.
    """
    small = work / "small.txt"
    small.write_text(sample, encoding="utf-8")
    command = extractor_command()
    run_measured([*command, "--help"], cwd=REPO)
    run_measured([*command, "extract", str(small)], cwd=REPO)
    helps = [run_measured([*command, "--help"], cwd=REPO).wall_s for _ in range(runs)]
    extracts, spacy_only = [], []
    for _ in range(max(3, runs - 2)):
        run = run_measured([*command, "extract", str(small)], cwd=REPO)
        if run.returncode != 0:
            raise RuntimeError(f"extractor extract failed: {run.stderr[-1000:]}")
        extracts.append(run.wall_s)
        spacy_only.append(run_measured([sys.executable, "-c", SPACY_ONLY], cwd=REPO).wall_s)
    return {
        "help_median_s": statistics.median(helps),
        "help_min_s": min(helps),
        "extract_median_s": statistics.median(extracts),
        "extract_min_s": min(extracts),
        "spacy_only_median_s": statistics.median(spacy_only),
        "small_file_chars": len(sample),
    }


def attempt(figures: dict, part: str, measure: Callable[[], dict]) -> None:
    """Run one part; a failure is recorded (and reported) instead of losing the other parts' figures."""
    try:
        figures[part] = measure()
    except Exception as err:  # noqa: BLE001 - one broken part must not cost the whole run
        message = str(err).strip().splitlines()
        figures.setdefault("errors", {})[part] = f"{type(err).__name__}: {message[0] if message else ''}"
        log(f"{part} failed: {err}")


# ---- driver -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=8000, help="documents in the corpus (default 8000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="alternate ceiling/pipeline runs, keep the best"
    )
    parser.add_argument("--memory-docs", type=int, default=300, help="documents of the 1x memory archive")
    parser.add_argument("--length-mb", type=float, default=5.0, help="size of the long document (MB)")
    parser.add_argument(
        "--length-timeout", type=float, default=300, help="stop one length run after this many seconds"
    )
    parser.add_argument("--archive-form", choices=("jsonl", "zip", "dir"), default="jsonl")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="'all cores' for batch")
    parser.add_argument("--skip", default="", help=f"comma-separated parts to skip: {','.join(PARTS)}")
    parser.add_argument("--quick", action="store_true", help="small sizes: 600 docs, 1 MB, 1 round")
    parser.add_argument("--profile", metavar="PATH", help="also cProfile the single-process extraction")
    parser.add_argument("--results", default=str(REPO / "benchmarks" / "RESULTS.md"))
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    parser.add_argument("--json", metavar="PATH", help="also write the raw figures as JSON")
    parser.add_argument("--keep", metavar="DIR", help="keep corpus and archives in DIR")
    args = parser.parse_args(argv)
    if args.quick:  # smaller sizes, unless given explicitly
        for name, value in QUICK.items():
            if getattr(args, name) == parser.get_default(name):
                setattr(args, name, value)
    args.skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    unknown = args.skip - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) to skip: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="extractor-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    compile_like_an_install()
    figures: dict = {
        "machine": report.machine(),
        "args": {k: v for k, v in vars(args).items() if k != "skip"},
    }
    figures["args"]["skip"] = sorted(args.skip)
    try:
        log(f"composing {args.docs} documents (seed {args.seed})")
        texts = build_corpus(args.docs, seed=args.seed)
        corpus = work / "corpus.jsonl"
        write_corpus(texts, corpus)
        figures["corpus"] = report.corpus_stats(texts, REPO, vocabulary_growth)
        figures["throughput"] = measure_throughput(corpus, texts, work, args.repeat, args.profile)
        if "breakdown" not in args.skip:
            log("per-stage breakdown")
            figures["breakdown"] = measure_breakdown(corpus)
        has_batch = batch_available()
        figures["batch_available"] = has_batch
        if "batch" not in args.skip:
            if has_batch:
                attempt(figures, "batch", lambda: measure_batch(texts, work, args.archive_form, args.workers))
            else:
                log("extractor batch is not available: skipping measurement 3")
        if "dask" not in args.skip and has_batch:
            from benchmarks.dask_cluster import measure_dask

            attempt(figures, "dask", lambda: measure_dask(texts, work, args.archive_form, args.workers))
        if "memory" not in args.skip:
            attempt(
                figures,
                "memory",
                lambda: measure_memory(
                    args.memory_docs, args.seed, work, args.archive_form, args.workers, has_batch
                ),
            )
        if "length" not in args.skip:
            attempt(
                figures,
                "length",
                lambda: measure_length(args.length_mb, args.seed, work, args.length_timeout),
            )
        if "startup" not in args.skip:
            log("start-up")
            attempt(figures, "startup", lambda: measure_startup(texts[0][:1000], work))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    figures["machine"]["load_after"] = report.load_average()
    figures["elapsed_s"] = time.perf_counter() - started
    text = report.render(figures)
    if "dask" in figures:
        from benchmarks.dask_cluster import render as render_dask

        text += "\n\n" + render_dask(figures["dask"])
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    if not args.no_write:
        report.write_results(Path(args.results), text)
        log(f"figures written to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
