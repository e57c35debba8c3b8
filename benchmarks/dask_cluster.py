"""Local-cluster throughput: ``extractor batch --engine dask`` beside the local batch, same archive and cores.

    python benchmarks/dask_cluster.py                # 3000 documents, all cores
    python benchmarks/dask_cluster.py --docs 600 --workers 2 --json /tmp/dask.json

``measure_dask`` is what ``benchmarks/run.py`` calls for its "dask" part. Both
engines run as the user runs them (the installed ``extractor`` command, a
fresh process each); a one-document archive gives each engine's fixed
start-up (for Dask: starting the cluster and a pipeline in every worker),
so throughput net of start-up, what a large archive sees, is shown too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import build_corpus  # noqa: E402
from benchmarks.measure import Run, run_measured  # noqa: E402
from benchmarks.run import REPO, batch_figures, extractor_command, log, write_archive  # noqa: E402


def dask_available() -> bool:
    """True when the 'dask' extra is installed (the benchmark skips the cluster otherwise)."""
    run = run_measured([sys.executable, "-c", "import distributed, dask.bag"], cwd=REPO)
    return run.returncode == 0


def run_engine(archive: Path, out_dir: Path, workers: int, engine: str, label: str) -> Run:
    """One ``extractor batch`` run into a Parquet folder (the output both engines write alike)."""
    out = out_dir / f"{engine}-{label}-w{workers}"
    shutil.rmtree(out, ignore_errors=True)
    argv = [*extractor_command(), "batch", str(archive), "--out", str(out), "--workers", str(workers)]
    argv += ["--engine", engine, "--no-progress"]
    run = run_measured(argv, cwd=REPO)
    if run.returncode not in (0, 1):  # 1: some documents failed, which a benchmark corpus may have
        raise RuntimeError(f"{' '.join(argv)} failed (exit {run.returncode}):\n{run.stderr[-2000:]}")
    return run


def measure_dask(texts: list[str], work: Path, form: str, workers: int) -> dict:
    """Docs/s of the local batch and of a local Dask cluster with as many worker processes."""
    archive = write_archive(texts, work / "dask-archive", form)
    tiny = write_archive(texts[:1], work / "dask-archive-one", form)
    words = sum(len(t.split()) for t in texts)
    figures: dict = {"docs": len(texts), "words": words, "archive": archive.name, "workers": workers}
    if not dask_available():
        log("dask is not installed (pip install '.[dask]'): skipping the local-cluster measurement")
        figures["skipped"] = "dask not installed"
        return figures
    for engine in ("local", "dask"):
        log(f"extractor batch --engine {engine}, {workers} worker(s), {len(texts)} documents")
        run = run_engine(archive, work, workers, engine, "main")
        startup = run_engine(tiny, work, workers, engine, "startup").wall_s
        result = batch_figures(run, len(texts), words)
        result["startup_s"] = startup
        result["net_docs_per_s"] = len(texts) / max(run.wall_s - startup, 1e-9)
        figures[engine] = result
        log(f"  {result['docs_per_s']:,.1f} docs/s, wall {run.wall_s:.1f} s, start-up {startup:.1f} s")
    figures["ratio"] = figures["dask"]["docs_per_s"] / figures["local"]["docs_per_s"]
    figures["net_ratio"] = figures["dask"]["net_docs_per_s"] / figures["local"]["net_docs_per_s"]
    return figures


def render(figures: dict) -> str:
    """A small Markdown table of the two engines."""
    if "skipped" in figures:
        return f"Local Dask cluster: skipped ({figures['skipped']})."
    lines = [
        f"Local batch vs local Dask cluster: {figures['docs']:,} documents ({figures['archive']}),"
        f" {figures['workers']} worker processes each.",
        "",
        "| engine | wall s | docs/s | start-up s | docs/s net of start-up | largest process MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for engine in ("local", "dask"):
        f = figures[engine]
        lines.append(
            f"| {engine} | {f['wall_s']:.1f} | {f['docs_per_s']:,.1f} | {f['startup_s']:.1f}"
            f" | {f['net_docs_per_s']:,.1f} | {f['tree_peak_mb']:,.0f} |"
        )
    lines.append("")
    ratios = f"{figures['ratio']:.2f} end to end, {figures['net_ratio']:.2f} net of start-up"
    lines.append(f"Dask / local: {ratios}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=3000, help="documents in the corpus (default 3000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--archive-form", choices=("jsonl", "zip", "dir"), default="jsonl")
    parser.add_argument("--json", metavar="PATH", help="also write the raw figures as JSON")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="extractor-bench-dask-"))
    try:
        log(f"composing {args.docs} documents (seed {args.seed})")
        figures = measure_dask(build_corpus(args.docs, seed=args.seed), work, args.archive_form, args.workers)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(render(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
