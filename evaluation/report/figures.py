"""What the Markdown and the HTML report both show: the run's line, the figures' rows, the
cases to look at first and how a value is written."""

from __future__ import annotations

import math

WORST = 10
FEEDBACK_SHOWN = 100

TITLES = {"stored": "Evaluation against the stored answers",
          "leave_one_out": "Evaluation against the stored answers, leave one out",
          "judged": "Evaluation on judged questions",
          "feedback": "Thumbs-down questions asked again"}


def worst_records(evaluation, n: int = WORST) -> list[dict]:
    """The answers to look at first: lowest similarity (then ROUGE-L) against the stored
    answer; judged questions: lowest avg score; feedback: every case, in file order."""
    records = evaluation.records
    if evaluation.mode == "feedback":
        return records[:FEEDBACK_SHOWN]
    if evaluation.mode == "judged":
        return sorted(records, key=lambda r: (r.get("avg_score") or 0, r.get("mrr@10") or 0))[:n]
    return sorted(records, key=lambda r: (num(r.get("similarity")), num(r.get("rouge_l"))))[:n]


def num(v) -> float:
    return float(v) if v is not None else math.inf


def fmt(v, digits: int = 3, key: str = "") -> str:
    if key == "latency_ms" and isinstance(v, (int, float)):
        digits = 1
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return str(v)
    return f"{v:.{digits}f}"


def metric_rows(summary: dict) -> list[tuple[str, str, str, str, str]]:
    defs = summary.get("definitions", {})
    rows = []
    for key, value in summary["metrics"].items():
        digits = 1 if key == "latency_ms" else 3
        se = summary.get("stderr", {}).get(key)
        rows.append((key, fmt(value, digits), str(summary["n"].get(key, 0)),
                     "" if se is None else f"±{se:.{digits}f}", defs.get(key, "")))
    return rows


def run_line(summary: dict) -> list[tuple[str, str]]:
    run = summary.get("run", {})
    items = [("mode", summary["mode"]), ("questions", str(summary["questions"]))]
    for key in ("sample", "seed", "k", "answerer", "judge", "embedder", "library_articles",
                "questions_file", "qrels_file", "feedback_file", "created", "seconds"):
        if run.get(key) is not None:
            items.append((key, str(run[key])))
    return items


def record_keys(mode: str) -> list[str]:
    if mode == "judged":
        return ["avg_score", "mrr@10", "p@1", "groundedness", "refused", "latency_ms"]
    if mode == "feedback":
        return ["refused", "changed", "groundedness", "latency_ms"]
    return ["similarity", "rouge_l", "groundedness", "citation_precision", "source_rank",
            "refused", "judge_score", "latency_ms"]


ATTRIBUTION = ("Article texts shown here come from the indexed library and keep their "
                "sources' terms (the MedQuAD-derived test corpus: Ben Abacha & Demner-Fushman, "
                "BMC Bioinformatics 20:511, 2019, CC BY 4.0).")
