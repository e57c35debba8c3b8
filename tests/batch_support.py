"""Composed press texts and archive builders shared by the batch tests (no public articles copied)."""

from __future__ import annotations

import gzip
import io
import json
import random
import tarfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

PORTS = ["Rotterdam", "Antwerpen", "Vlissingen", "Zeebrugge", "Gent", "Amsterdam"]
CARGO = ["bananen", "ananassen", "koffiebonen", "bevroren vis", "bouwmaterialen", "houtskool"]
DRUGS = [("cocaïne", "kilo"), ("heroïne", "kilo"), ("hasj", "kilo"), ("xtc-pillen", "stuks")]
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]

SEIZURE_TEXT = (
    " date 2023-03-10 In de haven van Antwerpen werd vorige week 1.200 kilo cocaïne onderschept. "
    "De drugs zaten verstopt tussen bananen uit Ecuador, meldt de douane."
)
ENGLISH_TEXT = (
    "The customs service said on Friday that it had seized a large amount of cocaine in the port, "
    "which was hidden in a shipment of bananas from Ecuador and would have been sold on the street."
)


def compose(number: int, seed: int = 7) -> str:
    """One short, unique, real-looking Dutch press text (the number makes it unique)."""
    rng = random.Random(seed * 100_003 + number)
    port, cargo, day = rng.choice(PORTS), rng.choice(CARGO), rng.choice(DAYS)
    drug, unit = rng.choice(DRUGS)
    amount = rng.randint(2, 900) if unit == "kilo" else rng.randint(1_000, 90_000)
    year = rng.randint(2016, 2023)
    return (
        f" date {year}-{rng.randint(1, 12):02d} In de haven van {port} heeft de douane {day} {amount} {unit} "
        f"{drug} onderschept in een container met {cargo}. Het gaat om zending {number} van dit jaar, "
        "meldt het Openbaar Ministerie."
    )


def write_zip(path: Path, members: Iterable[tuple[str, bytes | str]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data.encode() if isinstance(data, str) else data)
    return path


def write_tar(path: Path, members: Iterable[tuple[str, bytes | str]], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as archive:
        for name, data in members:
            raw = data.encode() if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
    return path


def write_jsonl(path: Path, lines: Iterable[dict | str]) -> Path:
    """JSON objects as lines (strings are written as they are: broken lines on purpose)."""
    body = "".join(
        (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines
    )
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(body)
    else:
        path.write_text(body, encoding="utf-8")
    return path


def page(title: str, paragraphs: list[str], date: str | None = None) -> str:
    """A saved news page: navigation, cookie banner and footer around the article."""
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
        f"<title>{title} | Nieuws</title>{meta}</head><body><header><nav>"
        "<a href='/'>Home</a> <a href='/nieuws'>Nieuws</a> <a href='/contact'>Contact</a></nav>"
        "</header><div class='cookies'>Deze site gebruikt cookies.</div>"
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        "<footer>© Douane — Alle rechten voorbehouden</footer></body></html>"
    )
