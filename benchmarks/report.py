"""The benchmark's report: machine description, corpus statistics, figures against targets, RESULTS.md.

RESULTS.md keeps hand-written notes (what was slow, what changed it) around
a block of figures that every run replaces; the block sits between the two
markers below.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import SPACY_ONLY

BEGIN = "<!-- figures: written by benchmarks/run.py, replaced on every run -->"
END = "<!-- end of figures -->"

#: Targets of issue 4.
TARGET_RATIO = 0.4
TARGET_SPEEDUP_PER_CORE = 0.9  # 1.8x on 2 cores
TARGET_LENGTH_RATIO = 1.3
TARGET_WORKER_MB = 250
TARGET_MEMORY_GROWTH = 1.15  # "flat": at most 15% more for a 10x archive
TARGET_HELP_S = 0.2
TARGET_EXTRACT_S = 1.2

NOTES_TEMPLATE = """# Speed benchmark

`python benchmarks/run.py` (options: `--help`) builds a composed corpus and
measures the six figures of issue 4. The block below is rewritten by every
run; the notes after it are kept.

{figures}

## Notes

(What was slow, what changed it.)
"""


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 2**20:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], capture_output=True, text=True, timeout=10, check=False)
        return out.stdout.strip()
    except OSError:
        return ""


def machine() -> dict:
    """What the figures were measured on."""
    import pydantic
    import spacy

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory": _memory_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "pydantic": pydantic.__version__,
        "commit": _git("rev-parse", "--short", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
        "load_before": load_average(),
    }


def corpus_stats(texts: list[str], repo: Path, growth: Callable) -> dict:
    """Size and vocabulary growth of the corpus, next to the repo's sample texts at equal length."""
    words = sum(len(t.split()) for t in texts)
    stats: dict = {
        "docs": len(texts),
        "words": words,
        "chars": sum(len(t) for t in texts),
        "words_per_doc": words / max(1, len(texts)),
    }
    samples = [p.read_text(encoding="utf-8") for p in sorted((repo / "samples").rglob("*.txt"))]
    sample_words = sum(len(t.split()) for t in samples)
    marks = [m for m in (sample_words, 100_000, 1_000_000) if 0 < m <= words]
    stats["types_at"] = {str(k): v for k, v in growth(texts, marks).items()}
    if sample_words:
        stats["samples"] = {
            "texts": len(samples),
            "words": sample_words,
            "types": growth(samples, [sample_words]),
        }
    return stats


def _verdict(ok: bool) -> str:
    return "**pass**" if ok else "**FAIL**"


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def render(f: dict) -> str:
    """Markdown of one run's figures."""
    m, c, t = f["machine"], f["corpus"], f["throughput"]
    lines = [
        f"## Run of {m['date']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['memory']} RAM; "
        f"{m['os']}; Python {m['python']}, spaCy {m['spacy']}, pydantic {m['pydantic']}. "
        f"Commit {m['commit'] or '?'}{' + uncommitted changes' if m['dirty'] else ''}. "
        f"Load average before / after: {m['load_before']} | {m['load_after']}. "
        f"Whole run: {f['elapsed_s']:.0f} s.",
        "",
        f"Corpus: {c['docs']:,} composed press texts, {c['words']:,} words "
        f"({c['words_per_doc']:.0f} per text), {c['chars'] / 1e6:.1f} MB; distinct whitespace chunks "
        + ", ".join(f"{v:,} in the first {int(k):,} words" for k, v in c["types_at"].items())
        + (
            f" (the repo's {c['samples']['texts']} sample texts: "
            f"{next(iter(c['samples']['types'].values())):,} in {c['samples']['words']:,})."
            if "samples" in c
            else "."
        ),
        "",
        "| # | measurement | figure | target | verdict |",
        "|---|---|---|---|---|",
    ]
    lines.append(
        '| 1 | ceiling: `spacy.blank("nl")` tokenising, `nlp.pipe` | '
        f"{t['ceiling']['words_per_s']:,.0f} words/s "
        f"| (reference) | |"
    )
    lines.append(
        f"| 2 | full pipeline to validated Documents serialised to JSON, 1 process | "
        f"{t['pipeline']['words_per_s']:,.0f} words/s = **{t['ratio']:.2f}** of (1) "
        f"| >= {TARGET_RATIO} | {_verdict(t['ratio'] >= TARGET_RATIO)} |"
    )
    batch = f.get("batch")
    if batch:
        cores = batch["cores"]
        target = TARGET_SPEEDUP_PER_CORE * cores
        lines.append(
            f"| 3 | `extractor batch`, {batch['docs']:,} docs ({batch['archive']}): "
            f"1 worker / {cores} workers | "
            f"{batch['workers_1']['docs_per_s']:,.1f} / "
            f"{batch[f'workers_{cores}']['docs_per_s']:,.1f} docs/s, "
            f"speed-up **{batch['speedup']:.2f}x** | >= {target:.1f}x | "
            f"{_verdict(batch['speedup'] >= target)} |"
        )
    elif "batch" in f["args"]["skip"]:
        lines.append("| 3 | `extractor batch` | skipped | | |")
    else:
        lines.append("| 3 | `extractor batch` | command not available in this tree | | |")
    worker = t["one_worker_peak_mb"]
    lines.append(
        f"| 4a | peak RSS, one process extracting the corpus | **{_mb(worker)}** | < {TARGET_WORKER_MB} MB | "
        f"{_verdict(worker < TARGET_WORKER_MB)} |"
    )
    memory = f.get("memory")
    if memory:
        key = memory["peak_key"]
        lines.append(
            f"| 4b | peak RSS of a worker ({memory['via']}), archive of {memory['docs_1x']:,} vs "
            f"{memory['docs_10x']:,} docs | {_mb(memory['1x'][key])} vs {_mb(memory['10x'][key])}: "
            f"**{memory['growth']:.2f}x** | <= {TARGET_MEMORY_GROWTH}x and < {TARGET_WORKER_MB} MB | "
            f"{_verdict(memory['growth'] <= TARGET_MEMORY_GROWTH and memory['10x'][key] < TARGET_WORKER_MB)} "
            "|"
        )
    length = f.get("length")
    if length:
        sizes = length["sizes"]
        lines.append(
            "| 5 | per-word time, "
            + " / ".join(sizes)
            + " documents | "
            + " / ".join(
                (">" if s.get("timed_out") else "") + f"{s['us_per_word']:.2f}" for s in sizes.values()
            )
            + f" µs/word: {length['largest']} = **"
            + (">=" if length["sizes"][length["largest"]].get("timed_out") else "")
            + f"{length['ratio']:.2f}x** 1 KB "
            f"| <= {TARGET_LENGTH_RATIO}x | "
            f"{_verdict(length['ratio'] <= TARGET_LENGTH_RATIO)} |"
        )
    startup = f.get("startup")
    if startup:
        lines.append(
            f"| 6a | `extractor --help` (median of 5) | **{startup['help_median_s']:.2f} s** "
            f"| < {TARGET_HELP_S} s | {_verdict(startup['help_median_s'] < TARGET_HELP_S)} |"
        )
        lines.append(
            f"| 6b | `extractor extract` one {startup['small_file_chars']}-char file (median of 3) | "
            f"**{startup['extract_median_s']:.2f} s** | < {TARGET_EXTRACT_S} s | "
            f"{_verdict(startup['extract_median_s'] < TARGET_EXTRACT_S)} |"
        )
    for part, message in f.get("errors", {}).items():
        lines.append(f"| - | {part} | failed: {message.replace('|', '/')[:200]} | | **FAIL** |")
    lines += ["", "Details:", ""]
    lines.append(
        "- Tokenizer cache: our pipeline's tokenizer alone runs "
        f"{t['our_tokenizer']['words_per_s']:,.0f} words/s "
        f"(cache {t['our_tokenizer']['cache_size']:,} chunks; "
        f"spaCy's default {t['ceiling']['cache_size']:,}); "
        f"the pipeline is {t['ratio_to_our_tokenizer']:.2f} of that. "
        "The same number of words made of 20 texts "
        f"repeated tokenises at {t['ceiling_repeated']['words_per_s']:,.0f} words/s, "
        f"{t['repeated_flattery']:.2f}x the varied corpus (see the notes: spaCy's cache, not the "
        "text, decides this figure)."
    )
    if "floor" in t:
        ceiling_us = 1e6 / t["ceiling"]["words_per_s"]
        floor_us = 1e6 / t["floor"]["words_per_s"]
        pipeline_us = 1e6 / t["pipeline"]["words_per_s"]
        lines.append(
            "- Floor with no rules: our tokenizer, then each text's own Document validated from "
            f"plain dicts and serialised, runs {t['floor']['words_per_s']:,.0f} words/s, "
            f"**{t['floor_ratio']:.2f}** of (1). At {TARGET_RATIO} of (1) a word may take "
            f"{ceiling_us / TARGET_RATIO:.2f} µs in all; the floor takes {floor_us:.2f}, which leaves "
            f"{ceiling_us / TARGET_RATIO - floor_us:.2f} µs/word for finding everything. "
            f"The rules take {pipeline_us - floor_us:.2f} µs/word now."
        )
    lines.append(
        f"- Pipeline load (not timed above): {t['pipeline']['load_seconds']:.2f} s; best of "
        f"{f['args']['repeat']} alternated rounds per figure."
    )
    if startup and "spacy_only_median_s" in startup:
        lines.append(
            f'- Start-up: `python -c "{SPACY_ONLY}"` alone took {startup["spacy_only_median_s"]:.2f} s '
            f"(median, each run paired with one of `extractor extract`); 6b differs from it by "
            f"{startup['extract_median_s'] - startup['spacy_only_median_s']:+.2f} s: our imports, "
            "pipeline and document, less what skipping `spacy.cli` saves (`extractor.spacy_import`)."
        )
    if batch:
        top = batch[f"workers_{batch['cores']}"]
        lines.append(
            "- batch net of start-up (wall of a one-document archive subtracted): "
            f"{batch['workers_1']['net_docs_per_s']:,.1f} / {top['net_docs_per_s']:,.1f} docs/s, "
            f"speed-up {batch['net_speedup']:.2f}x."
        )
        for key in ("workers_1", f"workers_{batch['cores']}"):
            b = batch[key]
            lines.append(
                f"- batch {key.replace('_', ' ')}: wall {b['wall_s']:.1f} s "
                f"(start-up {b['startup_s']:.1f} s), "
                f"{b['words_per_s']:,.0f} words/s, peak RSS largest process {_mb(b['tree_peak_mb'])}, "
                f"main {_mb(b['main_peak_mb'])}, worker {_mb(b['worker_peak_mb'])}."
            )
    if memory and memory["via"] == "batch":
        for label in ("1x", "10x"):
            b = memory[label]
            lines.append(
                f"- memory {label}: wall {b['wall_s']:.1f} s, "
                f"peak RSS largest process {_mb(b['tree_peak_mb'])}, "
                f"main {_mb(b['main_peak_mb'])}, worker {_mb(b['worker_peak_mb'])}."
            )
    if length:
        lines.append(
            "- Length: the same "
            f"{length['chars'] / 1e6:g} MB text cut into "
            + ", ".join(f"{s['docs']:,} x {label}" for label, s in length["sizes"].items())
            + "."
        )
        labels = [label for label, s in length["sizes"].items() if "stages_us_per_word" in s]
        names = list(length["sizes"][labels[0]]["stages_us_per_word"]) if labels else []
        stopped = [label for label, s in length["sizes"].items() if s.get("timed_out")]
        if stopped:
            lines.append(
                f"- Length: the {', '.join(stopped)} run was stopped after {length['timeout_s']:.0f} s; "
                "its figure is a lower bound."
            )
        if labels:
            lines += [
                "",
                "Per-word time by stage and document size (µs/word; a stage whose cost grows with "
                "length is superlinear):",
                "",
                "| stage | " + " | ".join(labels) + " |",
                "|---|" + "---|" * len(labels),
            ]
        for name in names:
            cells = [f"{length['sizes'][label]['stages_us_per_word'][name]:.2f}" for label in labels]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    breakdown = f.get("breakdown")
    if breakdown:
        lines += [
            "",
            f"Where the time goes (one process, {breakdown['words']:,} words, stages timed one by one):",
            "",
            "| stage | µs/word | share |",
            "|---|---|---|",
        ]
        for name, s in sorted(breakdown["stages"].items(), key=lambda kv: -kv[1]["seconds"]):
            lines.append(f"| {name} | {s['us_per_word']:.2f} | {s['share']:.0%} |")
    if t.get("profile_top"):
        lines += ["", "cProfile, top functions by own time:", "", "```", t["profile_top"].strip(), "```"]
    return "\n".join(lines) + "\n"


def write_results(path: Path, figures_md: str) -> None:
    """Replace the figures block of RESULTS.md (create the file if needed), keep everything else."""
    block = f"{BEGIN}\n{figures_md}{END}"
    if path.exists():
        current = path.read_text(encoding="utf-8")
        if BEGIN in current and END in current:
            head, rest = current.split(BEGIN, 1)
            _old, tail = rest.split(END, 1)
            path.write_text(head + block + tail, encoding="utf-8")
            return
        path.write_text(current.rstrip() + "\n\n" + block + "\n", encoding="utf-8")
        return
    path.write_text(NOTES_TEMPLATE.format(figures=block), encoding="utf-8")
