"""How far re-ranking alone could lift the judged figures: an upper bound, per depth.

For each depth d, the best score any re-ranking of the retriever's top d articles could get
on the judged consumer questions: the best-graded article of the top d put first (avg
score), and the first relevant article of the top d put first (MRR@10, counted as 1 for each
question with a relevant article among its top d). It also prints how many questions have
no relevant article judged at all, which no retriever can answer.

A re-ranker, a prior or a fusion rule only reorders candidates; these bounds tell whether
the target is within reach of one, before anyone builds it. Depths up to
``retrieval.candidates`` (50) see the same ranking the product makes; a deeper request
fetches more candidates, which can change the fused order.

    QUICKTAKES_DATA_DIR=/path/to/index .venv/bin/python bench/retrieval_headroom.py
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, corpus_file  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", default=None, help="judged questions (default: dev_questions.jsonl of --corpus)")
    parser.add_argument("--qrels", default=None, help="judgments (default: dev_qrels.tsv of --corpus)")
    add_option(parser)
    parser.add_argument("--mode", default="hybrid", choices=["hybrid", "dense", "lexical", "bm25"])
    parser.add_argument("--depths", nargs="+", type=int, default=[1, 3, 5, 10, 20, 50])
    args = parser.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from evaluation.judged import RELEVANT, load_qrels, load_questions
    from assistant.factory import build_retriever
    from config import load_settings

    questions = load_questions(args.questions or corpus_file(args.corpus, "dev_questions.jsonl"))
    qrels = load_qrels(args.qrels or corpus_file(args.corpus, "dev_qrels.tsv"))
    retriever = build_retriever(load_settings(), kind=args.mode)
    deepest = max(args.depths)
    runs = {q.id: [h.article.id for h in retriever.retrieve(q.text, k=deepest).hits]
            for q in questions}

    n = len(questions)
    unanswerable = sum(1 for q in questions if max(qrels.get(q.id, {}).values(), default=0) < RELEVANT)
    print(f"{n} questions, {args.mode} retriever, index of {len(retriever.library):,} articles; "
          f"{unanswerable} have no article judged relevant (>= {RELEVANT})\n")
    print("| re-rank the top | best possible avg score | best possible MRR@10 |")
    print("|---:|---:|---:|")
    for depth in sorted(args.depths):
        avg = mrr = 0.0
        for q in questions:
            grades = [qrels.get(q.id, {}).get(a, 0) for a in runs[q.id][:depth]]
            avg += max((g - 1 for g in grades if g), default=0)
            mrr += 1.0 if any(g >= RELEVANT for g in grades) else 0.0
        print(f"| {depth} | {avg / n:.2f} | {mrr / n:.3f} |")
    all_best = sum(max((g - 1 for g in qrels.get(q.id, {}).values()), default=0) for q in questions) / n
    print(f"| every judged article | {all_best:.2f} | {(n - unanswerable) / n:.3f} |")


if __name__ == "__main__":
    main()
