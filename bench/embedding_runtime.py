"""The bundled MiniLM under three runtimes, side by side in one run (issue 21): PyTorch
(sentence-transformers), ONNX Runtime with the float32 weights, and ONNX Runtime with 8-bit
weights (``embedding.runtime``: torch, onnx, onnx-int8).

For each: a fresh process's time to load the model and embed one query and its resident
memory; documents embedded per second (answer chunks of the corpus, read to 64 tokens as
ingest reads them); one query's latency (p50, p95); the vectors' cosine to PyTorch's; judged
retrieval of the dev questions (the product's retriever, queries embedded by this runtime,
against the index as it was built); and the emergency triage's urgent recall and false urgent
rate with this runtime's vectors.

    QUICKTAKES_DATA_DIR=/path/to/whole-corpus-index .venv/bin/python bench/embedding_runtime.py \\
        --corpus ../shared/corpus --articles /tmp/qt/articles
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, corpus_file  # noqa: E402

RUNTIMES = ("torch", "onnx", "onnx-int8")

START = """
import json, os, sys, time
t = time.perf_counter()
sys.path.insert(0, {root!r})
os.environ["HF_HUB_OFFLINE"] = "1"
from ingest.embedder import LocalEmbedder
e = LocalEmbedder(runtime={runtime!r})
e.embed_query("warm-up")
# the peak of this process's own memory (ru_maxrss can count the parent's pages at the fork)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"seconds": time.perf_counter() - t, "rss_mb": peak / 1024}}))
"""


def start_up(runtime: str) -> dict:
    out = subprocess.run([sys.executable, "-c", START.format(root=str(ROOT), runtime=runtime)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def chunk_texts(folder: Path, n: int) -> list[str]:
    from ingest.chunker import chunk_article
    from ingest.reader import find_article_files, read_article

    files = find_article_files([folder])
    random.Random(0).shuffle(files)
    texts: list[str] = []
    for path in files:
        _record, chunks = chunk_article(read_article(path, site_url="https://www.quicktakes.io"), 1000)
        texts.extend(c.embed_text for c in chunks)
        if len(texts) >= n:
            return texts[:n]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(parser)
    parser.add_argument("--articles", type=Path, required=True, help="the unpacked corpus's articles folder")
    parser.add_argument("--documents", type=int, default=2000, help="answer chunks embedded per runtime")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import numpy as np

    from evaluation.judged import judged_metrics, load_qrels, load_questions
    from assistant.factory import build_retriever
    from assistant.triage import ExemplarIndex, Triage
    from config import load_settings
    from ingest.embedder import LocalEmbedder
    from triage_data import load_cases

    questions = load_questions(corpus_file(args.corpus, "dev_questions.jsonl"))
    qrels = load_qrels(corpus_file(args.corpus, "dev_qrels.tsv"))
    keyfacts = [json.loads(line)["question"] for line in
                corpus_file(args.corpus, "keyfacts_dev.jsonl").open(encoding="utf-8") if line.strip()]
    cases, _note = load_cases(args.corpus)
    texts = chunk_texts(args.articles, args.documents)
    queries = [q.text for q in questions] + keyfacts
    settings = load_settings()
    rows, reference = [], None
    for runtime in RUNTIMES:
        started = start_up(runtime)
        embedder = LocalEmbedder(runtime=runtime, max_seq_length=settings.embedding.max_seq_length,
                                 query_max_seq_length=settings.embedding.query_max_seq_length)
        embedder.embed_query("warm-up")
        t = time.perf_counter()
        vectors = np.array(embedder.embed_documents(texts))
        per_second = len(texts) / (time.perf_counter() - t)
        latency = []
        for q in queries:
            t = time.perf_counter()
            embedder._encode([q], embedder.query_max_seq_length)  # not the cache: the model's cost
            latency.append((time.perf_counter() - t) * 1000)
        latency.sort()
        if reference is None:
            reference = vectors
        cosine = (vectors * reference).sum(axis=1)

        retriever = build_retriever(settings, embedder=embedder)
        runs = {q.id: [h.article.id for h in retriever.retrieve(q.text, k=10).hits] for q in questions}
        m = judged_metrics(runs, qrels)

        triage = Triage(ExemplarIndex.load(embedder), settings.triage)
        decided = [(c, triage.decide(c.text, triage.signals(c.text))) for c in cases]
        urgent = [r for c, r in decided if c.level == "urgent"]
        ordinary = [r for c, r in decided if c.level == "ordinary"]
        rows.append((runtime, started, per_second, latency, cosine, m,
                     sum(r.level == "urgent" for r in urgent) / len(urgent),
                     sum(r.level == "urgent" for r in ordinary) / len(ordinary)))
        print(f"{runtime}: done", file=sys.stderr, flush=True)

    print(f"\n{len(texts)} answer chunks, {len(queries)} queries, {len(questions)} judged questions, "
          f"{len(cases)} triage messages; index of {len(retriever.library):,} articles\n")
    print("| runtime | start-up s | resident MB | chunks/s | query p50 / p95 ms | cosine to torch mean / min "
          "| avg score | MRR@10 | P@1 | urgent recall | false urgent |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for runtime, started, per_second, latency, cosine, m, recall, false_urgent in rows:
        print(f"| {runtime} | {started['seconds']:.2f} | {started['rss_mb']:.0f} | {per_second:.0f} "
              f"| {statistics.median(latency):.1f} / {latency[int(0.95 * (len(latency) - 1))]:.1f} "
              f"| {cosine.mean():.4f} / {cosine.min():.4f} | {m['avg_score']:.2f} | {m['mrr@10']:.3f} "
              f"| {m['p@1']:.3f} | {recall:.1%} | {false_urgent:.1%} |")


if __name__ == "__main__":
    main()
