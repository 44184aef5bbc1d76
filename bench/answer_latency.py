"""Latency and memory of answering: retrieval and retrieval + extractive answer.

Asks the 30 judged consumer questions and a seeded sample of stored article questions
(at least 100 in all) against the index in the data folder, one after another, after one
warm-up question. Prints p50/p95/max per stage and the memory held while serving. The
comparison row is the tutorial recipe's retrieval (dense top-k over chunks, no BM25,
no answer) on the same questions.

    QUICKTAKES_DATA_DIR=/path/to/whole-corpus-index .venv/bin/python bench/answer_latency.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, corpus_file  # noqa: E402
from measure import rss_mb  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=90, help="stored questions added to the 30 judged ones")
    parser.add_argument("--seed", type=int, default=1)
    add_option(parser)
    args = parser.parse_args()
    dev_questions = corpus_file(args.corpus, "dev_questions.jsonl")  # before the slow start

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from evaluation.judged import load_questions
    from assistant.factory import build_assistant
    from config import load_settings

    settings = load_settings()
    rss_before = rss_mb()
    t = time.perf_counter()
    assistant = build_assistant(settings)
    startup = time.perf_counter() - t
    judged = [q.text for q in load_questions(dev_questions)]
    stored = [a.question for a in random.Random(args.seed).sample(assistant.library.articles, args.sample)]
    questions = judged + stored
    assistant.ask("warm-up question about diabetes")

    triage, retrieve, total, tutorial = [], [], [], []
    refused = 0
    store = assistant.retriever.store
    embedder = assistant.retriever.embedder
    for q in questions:
        answer = assistant.ask(q)
        triage.append(answer.timings_ms.get("triage_ms", 0.0))
        retrieve.append(answer.timings_ms["retrieve_ms"])
        total.append(answer.timings_ms["total_ms"])
        refused += answer.refused
        t = time.perf_counter()
        store.query(embedder.embed_query(q), 4)  # the tutorial: dense top-4 chunks
        tutorial.append((time.perf_counter() - t) * 1000)
    rss = rss_mb()

    print(f"{len(questions)} questions ({len(judged)} consumer, {len(stored)} stored), index of "
          f"{len(assistant.library):,} articles, {os.cpu_count()} cores; start-up {startup:.1f} s; "
          f"answerer {assistant.answerer_name}; refused {refused}\n")
    print("| stage | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|")
    for name, values in (("tutorial dense top-4 (for comparison)", tutorial),
                         ("emergency triage (before retrieval)", triage),
                         ("hybrid retrieval", retrieve),
                         ("retrieval + extractive answer", total)):
        print(f"| {name} | {statistics.median(values):.0f} | {pct(values, 95):.0f} | {max(values):.0f} |")
    print(f"\nresident memory while serving: {rss:,.0f} MB (process before building: {rss_before:,.0f} MB)")


if __name__ == "__main__":
    main()
