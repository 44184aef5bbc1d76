"""Calibrate the refusal threshold: in-scope questions against out-of-scope ones.

The assistant refuses when the best cosine similarity of any stored question or chunk is
below ``retrieval.min_dense_similarity``. This prints, for a sweep of thresholds, the share
refused of the 30 judged consumer questions (in scope: the library has articles judged
relevant for them) and of the out-of-scope questions in ``bench/data/out_of_scope.jsonl``
(not medical, or medical matters the library does not cover), and marks the setting in use.

    QUICKTAKES_DATA_DIR=/path/to/whole-corpus-index .venv/bin/python bench/refusal_calibration.py
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, corpus_file  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--in-scope", default=None, help="in-scope questions (default: dev_questions.jsonl of --corpus)")
    add_option(parser)
    parser.add_argument("--out-of-scope", default=str(ROOT / "bench" / "data" / "out_of_scope.jsonl"))
    args = parser.parse_args()
    in_scope = args.in_scope or corpus_file(args.corpus, "dev_questions.jsonl")  # before the slow start

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.evaluation.judged import load_questions
    from assistant.factory import build_retriever
    from config import load_settings

    settings = load_settings()
    retriever = build_retriever(settings)
    inside = [q.text for q in load_questions(in_scope)]
    outside = [json.loads(line)["question"] for line in open(args.out_of_scope) if line.strip()]
    best_in = [retriever.retrieve(q, k=1).best_similarity for q in inside]
    best_out = [retriever.retrieve(q, k=1).best_similarity for q in outside]
    current = settings.retrieval.min_dense_similarity

    print(f"{len(inside)} in-scope (judged consumer) questions, {len(outside)} out-of-scope questions\n")
    print("| threshold | in-scope refused | out-of-scope refused |")
    print("|---:|---:|---:|")
    for t in sorted({round(0.25 + 0.025 * i, 3) for i in range(13)} | {current}):
        r_in = sum(b < t for b in best_in) / len(best_in)
        r_out = sum(b < t for b in best_out) / len(best_out)
        mark = " ← in use" if abs(t - current) < 1e-9 else ""
        print(f"| {t:.3f}{mark} | {r_in:.0%} | {r_out:.0%} |")
    print("\nbest similarity, in scope:     " + " ".join(f"{b:.2f}" for b in sorted(best_in)))
    print("best similarity, out of scope: " + " ".join(f"{b:.2f}" for b in sorted(best_out)))


if __name__ == "__main__":
    main()
