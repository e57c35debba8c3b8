"""Scoring extracted Documents against hand-made gold (the format of eval/FORMAT.md).

The measures are those of the project's reference scorer: quantities matched
by amount in base units; seizures matched strictly (substance, amount, ports,
year) and on their core (substance and amount); ports and years as sets per
document; officials by name, with role accuracy on the matched names. Matching
is greedy and one-to-one. ``evaluate_folder`` runs the extractor over a folder
of texts and scores it, so users can measure the tool on their own annotations.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIELDS = ("quantities", "seizures_strict", "seizures_core", "ports", "years", "officials")

#: unit -> (base unit, factor): amounts are compared in kg, l, pieces and EUR.
BASE_UNITS = {
    "g": ("kg", 0.001),
    "kg": ("kg", 1.0),
    "t": ("kg", 1000.0),
    "l": ("l", 1.0),
    "pieces": ("pieces", 1.0),
    "eur": ("EUR", 1.0),
}
#: Codes that name the same place: an airport under its city's code.
SAME_PLACE = {"NLSPL": "NLAMS", "BEZAV": "BEBRU"}
AMOUNT_TOLERANCE = 0.005

Amount = tuple[float, str]


class GoldError(ValueError):
    """A gold file is unreadable or malformed; the message names the file."""


def base_amount(value: Any, unit: Any) -> Amount | None:
    if value is None or unit is None:
        return None
    key = str(unit).strip().lower()
    base, factor = BASE_UNITS.get(key, (key, 1.0))
    return float(value) * factor, base


def same_amount(a: Amount | None, b: Amount | None) -> bool:
    if a is None or b is None or a[1] != b[1]:
        return False
    return math.isclose(a[0], b[0], rel_tol=AMOUNT_TOLERANCE, abs_tol=1e-9)


def norm_text(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def locode(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("locode")
    if not value:
        return None
    code = str(value).strip().upper().replace(" ", "")
    return SAME_PLACE.get(code, code)


@dataclass
class Tally:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, n_gold: int, n_pred: int, n_match: int) -> None:
        self.tp += n_match
        self.fp += n_pred - n_match
        self.fn += n_gold - n_match

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Report:
    """Scores over a set of documents, with every miss and false hit."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    qualifier_ok: int = 0
    qualifier_n: int = 0
    role_ok: int = 0
    role_n: int = 0
    misses: list[str] = field(default_factory=list)
    missing_documents: list[str] = field(default_factory=list)

    def f1(self, name: str) -> float:
        return self.tallies[name].prf()[2]

    def as_dict(self) -> dict[str, Any]:
        fields = {}
        for name, t in self.tallies.items():
            p, r, f = t.prf()
            fields[name] = {"precision": p, "recall": r, "f1": f, "tp": t.tp, "fp": t.fp, "fn": t.fn}
        return {
            "fields": fields,
            "qualifier_accuracy": _ratio(self.qualifier_ok, self.qualifier_n),
            "role_accuracy": _ratio(self.role_ok, self.role_n),
            "qualifier_counts": [self.qualifier_ok, self.qualifier_n],
            "role_counts": [self.role_ok, self.role_n],
            "missing_documents": self.missing_documents,
            "misses": self.misses,
        }

    def format_table(self) -> str:
        lines = [f"{'field':<16} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for name, t in self.tallies.items():
            p, r, f = t.prf()
            lines.append(f"{name:<16} {p:6.3f} {r:6.3f} {f:6.3f} {t.tp:5d} {t.fp:5d} {t.fn:5d}")
        lines.append(f"qualifier accuracy on matched quantities: {self.qualifier_ok}/{self.qualifier_n}")
        lines.append(f"role accuracy on matched officials: {self.role_ok}/{self.role_n}")
        return "\n".join(lines)


def _ratio(ok: int, n: int) -> float:
    return ok / n if n else 1.0


def _match(golds: Sequence[Any], preds: Sequence[Any], same: Callable[[Any, Any], bool]) -> list[tuple]:
    """Greedy one-to-one matching in gold order."""
    used: set[int] = set()
    pairs = []
    for g in golds:
        for i, p in enumerate(preds):
            if i not in used and same(g, p):
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def _unmatched(items: Sequence[Any], pairs: list[tuple], side: int) -> list[Any]:
    hit = {id(pair[side]) for pair in pairs}
    return [item for item in items if id(item) not in hit]


def _pred_seizure(s: dict) -> dict:
    q = s.get("quantity") or {}
    return {
        "substance": norm_text(s.get("substance")),
        "amount": base_amount(q.get("value"), q.get("unit")),
        "ports": frozenset(filter(None, (locode(p) for p in s.get("ports") or []))),
        "year": s.get("year"),
    }


def _gold_seizure(s: dict) -> dict:
    return {
        "substance": norm_text(s["substance"]),
        "amounts": [base_amount(s["amount"], s["unit"])]
        + [base_amount(a["amount"], a["unit"]) for a in s.get("alternatives") or []],
        "ports": frozenset(filter(None, (locode(p) for p in s.get("ports") or []))),
        "year": s.get("year"),
    }


def _describe(s: dict) -> str:
    amount = s.get("amount") or (s.get("amounts") or [None])[0]
    return f"{s['substance']} {amount} ports={sorted(s['ports'])} year={s['year']}"


def score_document(report: Report, gold: dict, pred: dict) -> None:
    """Add one document's comparison to ``report``; ``pred`` is a Document as JSON data."""
    doc_id = gold["id"]

    gq = [
        (base_amount(q["value"], q["unit"]), q.get("qualifier"), q.get("text"))
        for q in gold.get("quantities", [])
    ]
    pq = [
        (base_amount(q.get("value"), q.get("unit")), q.get("qualifier"), q.get("text"))
        for q in pred.get("quantities") or []
    ]
    pairs = _match(gq, pq, lambda g, p: same_amount(g[0], p[0]))
    report.tallies["quantities"].add(len(gq), len(pq), len(pairs))
    for g, p in pairs:
        report.qualifier_n += 1
        report.qualifier_ok += (g[1] or "exact") == (p[1] or "exact")
        if (g[1] or "exact") != (p[1] or "exact"):
            report.misses.append(f"{doc_id} qualifier: {g[2]!r} gold {g[1]} got {p[1]}")
    report.misses += [f"{doc_id} quantity missed: {g[2]!r} {g[0]}" for g in _unmatched(gq, pairs, 0)]
    report.misses += [f"{doc_id} quantity extra: {p[2]!r} {p[0]}" for p in _unmatched(pq, pairs, 1)]

    gs = [_gold_seizure(s) for s in gold.get("seizures", [])]
    ps = [_pred_seizure(s) for s in pred.get("seizures") or []]

    def core(g: dict, p: dict) -> bool:
        return g["substance"] == p["substance"] and any(same_amount(a, p["amount"]) for a in g["amounts"])

    def strict(g: dict, p: dict) -> bool:
        return core(g, p) and g["ports"] == p["ports"] and g["year"] == p["year"]

    strict_pairs = _match(gs, ps, strict)
    report.tallies["seizures_strict"].add(len(gs), len(ps), len(strict_pairs))
    report.tallies["seizures_core"].add(len(gs), len(ps), len(_match(gs, ps, core)))
    report.misses += [f"{doc_id} seizure missed: {_describe(g)}" for g in _unmatched(gs, strict_pairs, 0)]
    report.misses += [f"{doc_id} seizure extra:  {_describe(p)}" for p in _unmatched(ps, strict_pairs, 1)]

    for name, gold_set, pred_set in (
        ("ports", {locode(p) for p in gold.get("ports", [])}, {locode(p) for p in pred.get("ports") or []}),
        ("years", set(gold.get("years", [])), {y.get("year") for y in pred.get("years") or []}),
    ):
        pred_set.discard(None)
        report.tallies[name].add(len(gold_set), len(pred_set), len(gold_set & pred_set))
        report.misses += [f"{doc_id} {name} missed: {x}" for x in sorted(gold_set - pred_set, key=str)]
        report.misses += [f"{doc_id} {name} extra:  {x}" for x in sorted(pred_set - gold_set, key=str)]

    go = gold.get("officials", [])
    po = pred.get("officials") or []
    pairs = _match(go, po, lambda g, p: norm_text(g["name"]) == norm_text(p.get("name")))
    report.tallies["officials"].add(len(go), len(po), len(pairs))
    for g, p in pairs:
        report.role_n += 1
        gr, pr = norm_text(g.get("role")), norm_text(p.get("role"))
        ok = gr == pr or (bool(gr) and bool(pr) and (gr in pr or pr in gr))
        report.role_ok += ok
        if not ok:
            report.misses.append(
                f"{doc_id} role of {g['name']}: gold {g.get('role')!r} got {p.get('role')!r}"
            )
    report.misses += [f"{doc_id} official missed: {g['name']}" for g in _unmatched(go, pairs, 0)]
    report.misses += [f"{doc_id} official extra:  {p.get('name')}" for p in _unmatched(po, pairs, 1)]


def load_gold(folder: Path) -> list[dict]:
    """Every gold file (``<id>.json``) of a folder, sorted by name."""
    golds = []
    for path in sorted(folder.glob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise GoldError(f"{path}: cannot read gold: {err}") from err
        if not isinstance(gold, dict) or "id" not in gold:
            raise GoldError(f"{path}: a gold file is a JSON object with an 'id'")
        golds.append(gold)
    if not golds:
        raise GoldError(f"{folder}: no gold files (*.json)")
    return golds


def score(golds: Iterable[dict], predictions: dict[str, dict]) -> Report:
    """Score predictions (gold id -> Document JSON data) against gold documents."""
    report = Report()
    for gold in golds:
        pred = predictions.get(gold["id"])
        if pred is None:
            report.missing_documents.append(gold["id"])
            pred = {}
        score_document(report, gold, pred)
    return report


def resolve_folders(gold: Path, texts: Path | None) -> tuple[Path, Path]:
    """Gold and text folders: as given, or ``gold/`` and ``texts/`` inside one folder."""
    if texts is not None:
        return gold, texts
    if (gold / "gold").is_dir() and (gold / "texts").is_dir():
        return gold / "gold", gold / "texts"
    return gold, gold


def evaluate_folder(gold_dir: Path, texts_dir: Path | None = None, extractor: Any = None) -> Report:
    """Extract every text that has a gold file and score the result."""
    from extractor.api import Extractor, TextInput
    from extractor.reading import decode_bytes

    gold_dir, texts_dir = resolve_folders(gold_dir, texts_dir)
    golds = load_gold(gold_dir)
    inputs = []
    for gold in golds:
        path = texts_dir / f"{gold['id']}.txt"
        if path.is_file():
            decoded = decode_bytes(path.read_bytes())
            inputs.append(TextInput(decoded.text, source=gold["id"], warnings=decoded.warnings))
    extractor = extractor or Extractor()
    predictions = {d.source: d.model_dump(mode="json") for d in extractor.extract_many(inputs)}
    return score(golds, predictions)
