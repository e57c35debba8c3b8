"""The ``extractor`` command line.

Imports stay light at module level (typer only): spaCy and the pipeline load
inside the commands that need them, so ``extractor --help`` answers at once.
Errors are one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from extractor.api import TextInput
    from extractor.batch.report import Summary
    from extractor.batch.runner import BatchOptions
    from extractor.schema import Document

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # plain help text: formatting it with rich imports rich and markdown-it (~0.06 s of a 0.2 s budget)
    rich_markup_mode=None,
    help="Turn Dutch customs and police press texts into validated seizure records.",
)

EXIT_FAILED_INPUTS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one error line and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _collect_files(paths: list[str]) -> list[str]:
    """Expand directories to their .txt files (sorted); keep files and '-' as given."""
    files: list[str] = []
    for raw in paths:
        if raw == "-":
            files.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(str(p) for p in path.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
            if not found:
                typer.echo(f"warning: {raw}: no .txt files in this directory", err=True)
            files.extend(found)
        elif path.exists():
            files.append(raw)
        else:
            raise fail(f"{raw}: no such file or directory")
    return files


def _read_inputs(files: list[str], published: str | None, failures: list[str]) -> list[TextInput]:
    from extractor.spacy_import import import_spacy

    import_spacy()  # before extractor.api imports it: without spacy.cli, a shorter start-up
    from extractor.api import TextInput, parse_published
    from extractor.reading import UnreadableText, decode_bytes

    try:
        date = parse_published(published)
    except ValueError as err:
        raise fail(str(err)) from err
    inputs = []
    for name in files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            decoded = decode_bytes(data)
        except (OSError, UnreadableText) as err:
            typer.echo(f"error: {name}: {err}", err=True)
            failures.append(name)
            continue
        source = "<stdin>" if name == "-" else name
        inputs.append(TextInput(decoded.text, date, source, decoded.warnings))
    return inputs


def _amount(value: float) -> str:
    """An amount for people: 132,000,000 rather than 1.32e+08; decimals only where written."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _print_table(documents: list[Document]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=160)  # a file or pipe: no terminal to fit
    for document in documents:
        table = Table(title=f"{document.source or document.doc_id[:12]} (published {document.published})")
        for column in ("substance", "amount", "qualifier", "ports", "year", "aggregate"):
            table.add_column(column, no_wrap=True)
        table.add_column("evidence", overflow="ellipsis", no_wrap=True, max_width=60)
        for s in document.seizures:
            q = s.quantity
            table.add_row(
                s.substance.value,
                f"{_amount(q.value)} {q.unit.value}",
                q.qualifier.value,
                ", ".join(p.locode for p in s.ports),
                str(s.year or ""),
                "total" if s.aggregate else "single",
                s.evidence.text,
            )
        console.print(table)
        if document.officials:
            console.print(
                "officials: " + "; ".join(f"{o.name} ({o.role or '-'})" for o in document.officials)
            )
        for warning in document.warnings:
            console.print(f"[yellow]warning:[/yellow] {warning}")


@app.command()
def extract(
    paths: list[str] = typer.Argument(
        ..., help="Text files, directories (their .txt files) or '-' for stdin."
    ),
    output_format: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", "-f", help="Output format."),
    published: str | None = typer.Option(
        None, "--published", help="Publication date (YYYY, YYYY-MM or YYYY-MM-DD); overrides a date prefix."
    ),
) -> None:
    """Extract quantities, ports, years, officials and seizures from press texts."""
    files = _collect_files(paths)
    if not files:
        raise fail("no input texts found")
    failures: list[str] = []
    inputs = _read_inputs(files, published, failures)

    from extractor.api import Extractor

    documents = []
    for document in Extractor().extract_many(inputs):
        if output_format is OutputFormat.jsonl:
            sys.stdout.write(document.model_dump_json() + "\n")
        else:
            documents.append(document)
    if output_format is OutputFormat.json:
        payload = [d.model_dump(mode="json") for d in documents]
        json.dump(payload[0] if len(payload) == 1 else payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif output_format is OutputFormat.table:
        _print_table(documents)
    if failures:
        raise typer.Exit(EXIT_FAILED_INPUTS)


@app.command()
def batch(
    inputs: list[str] = typer.Argument(
        ..., help="Folders, .txt/.html files, .zip/.tar(.gz/.bz2/.xz) archives, .jsonl(.gz) exports."
    ),
    out: str = typer.Option(
        ..., "--out", "-o", help="Output, by its form: .jsonl, .csv, .db/.sqlite, or a Parquet folder."
    ),
    workers: int | None = typer.Option(None, "--workers", "-w", help="Worker processes [default: all cores]"),
    resume: bool = typer.Option(False, "--resume", help="Continue a stopped run into the same output."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first failed document."),
    max_bytes: str = typer.Option("5MB", "--max-bytes", help="Size cap of one document (5MB, 500kB ...)."),
    max_archive_bytes: str = typer.Option(
        "20GB", "--max-archive-bytes", help="Cap on what one archive may decompress to (zip bombs)."
    ),
    text_field: str = typer.Option("text", "--text-field", help="JSONL field with the text (a.b: nested)."),
    id_field: str = typer.Option("id", "--id-field", help="JSONL field naming the record in its source."),
    date_field: str = typer.Option("date", "--date-field", help="JSONL field with the publication date."),
    chunk_size: int = typer.Option(500, "--chunk-size", help="Documents per commit (what a kill can lose)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr."),
    engine: Engine = typer.Option(
        Engine.local, "--engine", help="local: this machine's cores; dask: a Dask cluster (extra 'dask')."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address or scheduler file [default: a local cluster]."
    ),
    partition_mb: float = typer.Option(
        2.0, "--partition-mb", help="Dask: at most this many input megabytes per task."
    ),
) -> None:
    """Extract a whole archive into database-ready tables: parallel, resumable, failures recorded.

    Exit status: 0 all documents went through, 1 some failed (see the errors
    table or errors file), 2 the run could not start, 130 interrupted.
    """
    from extractor.batch.errors import BatchSetupError
    from extractor.batch.items import ReadOptions, parse_size
    from extractor.batch.runner import BatchOptions, run_batch

    try:
        read = ReadOptions(
            max_bytes=parse_size(max_bytes),
            max_archive_bytes=parse_size(max_archive_bytes),
            text_field=text_field,
            id_field=id_field,
            date_field=date_field,
        )
        options = BatchOptions(
            inputs=inputs,
            out=out,
            workers=workers,
            resume=resume,
            strict=strict,
            read=read,
            chunk_size=chunk_size,
            progress=progress,
        )
        if engine is Engine.dask:
            summary = _run_on_dask(options, scheduler, partition_mb)
        elif scheduler is not None:
            raise BatchSetupError("--scheduler needs --engine dask")
        else:
            summary = run_batch(options)
    except (BatchSetupError, ValueError) as err:
        raise fail(str(err)) from err
    for line in summary.lines():
        typer.echo(line, err=True)
    if summary.stopped == "interrupted":
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(summary.exit_code)


def _run_on_dask(options: BatchOptions, scheduler: str | None, partition_mb: float) -> Summary:
    """The batch on a Dask cluster; a one-line error naming the extra when Dask is not installed."""
    from extractor.batch.errors import BatchSetupError
    from extractor.dask import require_dask

    if not partition_mb > 0:
        raise BatchSetupError("--partition-mb must be positive")
    require_dask()
    from extractor.dask.engine import DaskOptions, run_batch_dask

    return run_batch_dask(options, DaskOptions(scheduler, max(1, int(partition_mb * 1_000_000))))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the Document record."""
    from extractor.schema import Document

    typer.echo(json.dumps(Document.model_json_schema(), indent=2, ensure_ascii=False))


@app.command()
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Gold folder, or one folder holding gold/ and texts/."),
    texts: Path | None = typer.Option(None, "--texts", help="Folder of <id>.txt texts (default: as --gold)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every miss and false hit."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    minimum: list[str] = typer.Option(
        [], "--min", metavar="FIELD=F1", help="Exit 1 when FIELD's F1 is below the figure (repeatable)."
    ),
) -> None:
    """Score the extractor against annotated texts: precision, recall and F1 per field."""
    from extractor.evaluation import FIELDS, GoldError, evaluate_folder

    thresholds: dict[str, float] = {}
    for spec in minimum:
        name, _, figure = spec.partition("=")
        if name not in FIELDS:
            raise fail(f"--min: unknown field {name!r}; fields: {', '.join(FIELDS)}")
        try:
            thresholds[name] = float(figure)
        except ValueError as err:
            raise fail(f"--min {spec!r}: the figure is not a number") from err
    if not gold.is_dir():
        raise fail(f"{gold}: not a folder")
    if texts is not None and not texts.is_dir():
        raise fail(f"{texts}: not a folder")
    try:
        report = evaluate_folder(gold, texts)
    except GoldError as err:
        raise fail(str(err)) from err
    if as_json:
        data = report.as_dict()
        if not verbose:
            data.pop("misses")
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        if verbose:
            for line in report.misses:
                typer.echo(line)
        if report.missing_documents:
            typer.echo(f"no text for: {', '.join(report.missing_documents)}")
        typer.echo(report.format_table())
    below = [f"{n} {report.f1(n):.3f} < {v}" for n, v in thresholds.items() if report.f1(n) < v]
    if below:
        typer.echo("below minimum: " + "; ".join(below), err=True)
        raise typer.Exit(EXIT_FAILED_INPUTS)


def main() -> None:
    """Console entry point: run the app, turning unexpected errors into one line."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as err:  # noqa: BLE001 - the CLI promises one line, not a traceback
        typer.echo(f"error: {type(err).__name__}: {err}", err=True)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
