"""Judged questions: consumer questions with graded relevance judgments (1-4).

The figures follow the corpus README: avg score is the mean over questions of
(judgment - 1) of the first article returned (0 when unjudged); MRR@10, MAP@10 and P@1 count
judgment >= 3 as correct; ``judged@10`` is the share of returned articles someone judged.
MRR, MAP and precision come from ranx.

Usage example::

    questions = load_questions("dev_questions.jsonl")
    qrels = load_qrels("dev_qrels.tsv")
    runs = {q.id: [article ids, best first] for q in questions}
    judged_metrics(runs, qrels)   # {"avg_score": ..., "mrr@10": ..., ...}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.query import join_subject

RELEVANT = 3


@dataclass(frozen=True)
class JudgedQuestion:
    id: str
    text: str  # what the person wrote: subject and message


def load_questions(path: str | Path) -> list[JudgedQuestion]:
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: line {n}: not JSON ({exc.msg})") from None
        qid = row.get("qid") or row.get("id")
        text = row.get("question") or join_subject(row.get("subject"), row.get("message"))
        if not qid or not text:
            raise ValueError(f"{path}: line {n}: needs 'qid' (or 'id') and 'question' "
                             "(or 'subject'/'message')")
        out.append(JudgedQuestion(str(qid), text))
    return out


def load_qrels(path: str | Path) -> dict[str, dict[int, int]]:
    """``{qid: {article_id: judgment}}``; a pair judged twice keeps the higher grade."""
    qrels: dict[str, dict[int, int]] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{path}: line {n}: expected qid<TAB>judgment<TAB>article id")
        qid, grade, aid = parts[0].strip(), int(parts[1]), int(parts[2])
        judged = qrels.setdefault(qid, {})
        judged[aid] = max(grade, judged.get(aid, 0))
    return qrels


def judged_metrics(runs: dict[str, list[int]], qrels: dict[str, dict[int, int]]) -> dict:
    """Summary figures over the questions in ``runs``."""
    from ranx import Qrels, Run, evaluate

    qids = list(runs)
    avg = [((qrels.get(q, {}).get(runs[q][0], 1) - 1) if runs[q] else 0) for q in qids]
    judged_share = [
        sum(1 for a in runs[q][:10] if a in qrels.get(q, {})) / max(1, len(runs[q][:10]))
        for q in qids
    ]
    rel = {q: {str(a): 1 for a, g in qrels.get(q, {}).items() if g >= RELEVANT} for q in qids}
    # ranx needs at least one relevant document per query; queries without any score 0.
    with_rel = [q for q in qids if rel[q]]
    figures = {"mrr@10": 0.0, "map@10": 0.0, "precision@1": 0.0}
    if with_rel:
        run = {q: {str(a): float(len(runs[q]) - i) for i, a in enumerate(runs[q][:10])} or {"-1": 0.0}
               for q in with_rel}
        scores = evaluate(Qrels({q: rel[q] for q in with_rel}), Run(run),
                          ["mrr@10", "map@10", "precision@1"], make_comparable=True)
        share = len(with_rel) / len(qids)
        figures = {m: float(v) * share for m, v in scores.items()}
    return {
        "questions": len(qids),
        "avg_score": sum(avg) / len(qids) if qids else 0.0,
        "mrr@10": figures["mrr@10"],
        "map@10": figures["map@10"],
        "p@1": figures["precision@1"],
        "judged@10": sum(judged_share) / len(qids) if qids else 0.0,
    }
