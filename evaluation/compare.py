"""Compare two evaluation runs: each figure in both, the difference, and whether the
difference is larger than the sample's noise.

The rule: when both runs hold the same question ids (at least two with a value in both),
the difference is tested on the paired per-question differences (B - A): a change is
marked when ``|mean difference| > 2 x standard error of the paired differences`` (a
paired difference of exactly zero everywhere is never marked; identical non-zero
differences with zero spread are). Otherwise the runs are treated as independent samples
and the Welch standard error ``sqrt(var_A/n_A + var_B/n_B)`` is used. With pairing the
``A`` and ``B`` columns are the means over the shared questions (so ``B - A`` is the mean
paired difference); without, they are the runs' own summary figures.

Command line::

    quicktakes eval compare runs/before runs/after

Usage example::

    rows = compare_runs("runs/before", "runs/after")
    print(format_table(rows))
    [r.metric for r in rows if r.marked]     # the figures that really changed
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path

from evaluation import metrics as m

Z = 2.0  # a change is marked beyond Z standard errors


class RunError(ValueError):
    """A folder that is not a readable evaluation run."""


@dataclass
class Run:
    path: Path
    summary: dict
    records: list[dict]


@dataclass
class Row:
    metric: str
    a: float | None  # mean over the compared questions (the shared ones when paired)
    b: float | None
    diff: float | None  # B - A
    se: float | None  # standard error of the difference
    n: int  # pairs, or n_A + n_B when not paired
    paired: bool
    marked: bool  # |diff| > Z * se

    def as_dict(self) -> dict:
        return asdict(self)


def load_run(path: str | Path) -> Run:
    """A run folder written by ``report.write_run`` (summary.json and results.jsonl)."""
    path = Path(path)
    summary_file, results_file = path / "summary.json", path / "results.jsonl"
    if not summary_file.is_file() or not results_file.is_file():
        raise RunError(f"{path}: not an evaluation run (needs summary.json and results.jsonl)")
    try:
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
        records = [json.loads(line) for line in results_file.read_text(encoding="utf-8").splitlines()
                   if line.strip()]
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RunError(f"{path}: unreadable run ({exc})") from None
    if not isinstance(summary, dict) or not isinstance(summary.get("metrics"), dict):
        raise RunError(f"{path}: summary.json has no 'metrics'")
    return Run(path, summary, records)


def _by_id(records: list[dict], key: str) -> dict[str, float]:
    out = {}
    for r in records:
        v = r.get(key)
        if v is None or "id" not in r:
            continue
        out[str(r["id"])] = float(v)
    return out


def compare_metric(key: str, a: Run, b: Run, z: float = Z) -> Row:
    mean_a, mean_b = a.summary["metrics"].get(key), b.summary["metrics"].get(key)
    va, vb = _by_id(a.records, key), _by_id(b.records, key)
    shared = sorted(set(va) & set(vb))
    if len(shared) >= 2:
        diffs = [vb[i] - va[i] for i in shared]
        d = m.mean(diffs)
        se = statistics.stdev(diffs) / math.sqrt(len(diffs))
        marked = abs(d) > z * se if se > 0 else abs(d) > 1e-12
        return Row(key, m.mean([va[i] for i in shared]), m.mean([vb[i] for i in shared]), d, se,
                   len(shared), True, marked)
    xa, xb = m.values_of(a.records, key), m.values_of(b.records, key)
    if mean_a is None or mean_b is None:
        return Row(key, mean_a, mean_b, None, None, len(xa) + len(xb), False, False)
    d = mean_b - mean_a
    if len(xa) < 2 or len(xb) < 2:
        return Row(key, mean_a, mean_b, d, None, len(xa) + len(xb), False, False)
    se = math.sqrt(statistics.variance(xa) / len(xa) + statistics.variance(xb) / len(xb))
    marked = abs(d) > z * se if se > 0 else abs(d) > 1e-12
    return Row(key, mean_a, mean_b, d, se, len(xa) + len(xb), False, marked)


def compare_runs(path_a: str | Path, path_b: str | Path, z: float = Z) -> list[Row]:
    """One row per figure of either run's summary, in run A's order."""
    a, b = load_run(path_a), load_run(path_b)
    keys = list(a.summary["metrics"]) + [k for k in b.summary["metrics"] if k not in a.summary["metrics"]]
    return [compare_metric(k, a, b, z) for k in keys]


def _f(v, digits=4) -> str:
    return "–" if v is None else f"{v:.{digits}f}"


def _test(r: Row) -> str:
    if r.diff is None or r.se is None:
        return "–"
    return "paired" if r.paired else "Welch"


def shared_ids(path_a: str | Path, path_b: str | Path) -> tuple[int, int, int]:
    """(questions in A, questions in B, question ids in both)."""
    a, b = load_run(path_a), load_run(path_b)
    ia = {str(r["id"]) for r in a.records if "id" in r}
    ib = {str(r["id"]) for r in b.records if "id" in r}
    return len(a.records), len(b.records), len(ia & ib)


def format_table(rows: list[Row], path_a: str = "A", path_b: str = "B") -> str:
    """A Markdown table; ``*`` marks a change beyond the noise (``up``/``down`` its direction)."""
    lines = [f"A: {path_a}", f"B: {path_b}"]
    try:
        n_a, n_b, n_shared = shared_ids(path_a, path_b)
        lines.append(f"{n_a} and {n_b} questions, {n_shared} shared: "
                     + ("paired on the shared questions (A and B are their means)" if n_shared >= 2
                        else "independent samples (Welch)"))
    except RunError:
        pass
    lines += ["",
             "| metric | A | B | B - A | std. error | n | test | change |",
             "|---|---:|---:|---:|---:|---:|---|---|"]
    for r in rows:
        digits = 1 if r.metric == "latency_ms" else 4
        mark = ""
        if r.marked and r.diff is not None:
            mark = "* up" if r.diff > 0 else "* down"
        lines.append(f"| {r.metric} | {_f(r.a, digits)} | {_f(r.b, digits)} | "
                     f"{'–' if r.diff is None else f'{r.diff:+.{digits}f}'} | {_f(r.se, digits)} | "
                     f"{r.n} | {_test(r)} | {mark} |")
    lines += ["", f"* = |B - A| > {Z:g} x standard error (paired per question id when both runs "
                  "share ids, else Welch)."]
    return "\n".join(lines)
