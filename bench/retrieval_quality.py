"""Retrieval quality on judged consumer questions: BM25 alone, dense alone, hybrid.

Modes: bm25 (plain BM25, every word), lexical (BM25 on the distinctive words, as the hybrid
uses it), dense (whole message and its sentences), hybrid (the product's retriever).

Asks with subject + message as the person wrote them, against the index in the data folder
(build it first: `quicktakes ingest` on the whole corpus). Prints a Markdown table.

    QUICKTAKES_DATA_DIR=/path/to/index .venv/bin/python bench/retrieval_quality.py
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
    parser.add_argument("--modes", nargs="+", default=["bm25", "lexical", "dense", "hybrid"])
    parser.add_argument("--show", action="store_true", help="print the top article of each question")
    parser.add_argument("--condensed", action="store_true",
                        help="also score the condensed lists: each ranking with the articles nobody "
                             "judged left out (Sakai 2007), so an unjudged article ranked first does "
                             "not count as a miss")
    parser.add_argument("--rewrite", choices=["summary", "paraphrase"], default=None,
                        help="ask the organisers' rewrite of each question instead of the message: an "
                             "oracle for rewriting every message with a language model (issue 13)")
    args = parser.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from evaluation.judged import judged_metrics, load_qrels, load_questions
    from assistant.factory import build_retriever
    from assistant.retrieval.stages import retrieval_stages
    from config import load_settings

    questions = load_questions(args.questions or corpus_file(args.corpus, "dev_questions.jsonl"))
    if args.rewrite:
        import json
        from dataclasses import replace

        rows = {json.loads(line)["qid"]: json.loads(line) for line in
                open(args.questions or corpus_file(args.corpus, "dev_questions.jsonl"), encoding="utf-8")
                if line.strip()}
        questions = [replace(q, text=rows[q.id].get(args.rewrite) or q.text) for q in questions]
    qrels = load_qrels(args.qrels or corpus_file(args.corpus, "dev_qrels.tsv"))
    settings = load_settings()
    retriever = build_retriever(settings)
    print(f"{len(questions)} questions, index of {len(retriever.library):,} articles\n")
    print("| retriever | avg score | MRR@10 | MAP@10 | P@1 | judged@10 |")
    print("|---|---:|---:|---:|---:|---:|")
    condensed_rows = []
    for mode in [*args.modes, "product"]:
        # "product": the retriever as build_retriever makes it (hybrid + the retrieval.rerank stage)
        variant = retriever if mode == "product" else retriever.using(retrieval_stages(
            mode, retriever.dense, retriever.lexical, settings.retrieval, library=retriever.library))
        runs, condensed = {}, {}
        for q in questions:
            # 50 = retrieval.candidates: the first 10 are the ranking the product makes
            hits = variant.retrieve(q.text, k=50).hits
            ids = [h.article.id for h in hits]
            runs[q.id] = ids[:10]
            condensed[q.id] = [a for a in ids if a in qrels.get(q.id, {})][:10]
            if args.show:
                top = hits[0].article if hits else None
                grade = qrels.get(q.id, {}).get(top.id) if top else None
                print(f"  {mode} {q.id} [{grade}] {top.title if top else '-'}", file=sys.stderr)
        m = judged_metrics(runs, qrels)
        print(f"| {mode} | {m['avg_score']:.2f} | {m['mrr@10']:.3f} | {m['map@10']:.3f} | "
              f"{m['p@1']:.3f} | {m['judged@10']:.2f} |", flush=True)
        if args.condensed:
            c = judged_metrics(condensed, qrels)
            condensed_rows.append(f"| {mode} | {c['avg_score']:.2f} | {c['mrr@10']:.3f} | "
                                  f"{c['map@10']:.3f} | {c['p@1']:.3f} |")
    if condensed_rows:
        print("\nCondensed lists (unjudged articles left out of each ranking of 50):\n")
        print("| retriever | avg score | MRR@10 | MAP@10 | P@1 |")
        print("|---|---:|---:|---:|---:|")
        print("\n".join(condensed_rows))


if __name__ == "__main__":
    main()
