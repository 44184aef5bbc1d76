"""Calibrate refusal: in-scope questions against out-of-scope ones.

The assistant answers when the best cosine similarity of any stored question or chunk
reaches ``retrieval.min_dense_similarity``, or, a second signal, when it reaches
``retrieval.min_similarity_with_words`` and the top articles hold at least
``retrieval.min_word_coverage`` of the question's distinctive words. This prints, for a sweep
of the dense threshold alone and then of two-signal rules, the share refused of the 30 judged
consumer questions (in scope: the library has articles judged relevant for them) and of the
out-of-scope questions in ``bench/data/out_of_scope.jsonl`` (not medical, or medical matters
the library does not cover), with the in-scope questions' lowest margin, and marks the
settings in use.

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
    from evaluation.judged import load_questions
    from assistant.factory import build_retriever
    from config import load_settings

    settings = load_settings()
    retriever = build_retriever(settings)
    inside = [q.text for q in load_questions(in_scope)]
    outside = [json.loads(line)["question"] for line in open(args.out_of_scope) if line.strip()]
    got_in = [retriever.retrieve(q) for q in inside]
    got_out = [retriever.retrieve(q) for q in outside]
    signals_in = [(r.best_similarity, r.coverage) for r in got_in]
    signals_out = [(r.best_similarity, r.coverage) for r in got_out]
    keyfacts = [json.loads(line)["question"] for path in [corpus_file(args.corpus, "keyfacts_dev.jsonl"),
                *sorted((ROOT / "bench" / "data").glob("keyfacts_check*.jsonl"))]
                for line in open(path, encoding="utf-8") if line.strip()]
    got_kf = [retriever.retrieve(q) for q in keyfacts]
    print("The product's decision (every signal, the re-ranker's entailment judgement included):\n")
    print("| questions | refused | refused without the entailment signal |")
    print("|---|---:|---:|")
    for name, got in (("in scope: judged consumer questions", got_in),
                      ("in scope: key-fact questions (dev + check sets)", got_kf),
                      ("out of scope", got_out)):
        without = sum(not (bool(r.hits) and retriever.covers(r.best_similarity, r.coverage)) for r in got)
        print(f"| {name} ({len(got)}) | {sum(not r.covered for r in got)} | {without} |")
    print()
    best_in = [b for b, _ in signals_in]
    best_out = [b for b, _ in signals_out]
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
    print("\n(similarity, word coverage), in scope:     "
          + " ".join(f"({b:.2f},{c:.2f})" for b, c in sorted(signals_in)))
    print("(similarity, word coverage), out of scope: "
          + " ".join(f"({b:.2f},{c:.2f})" for b, c in sorted(signals_out)))

    def answers(b: float, c: float, alone: float, low: float, cov: float) -> bool:
        return b >= alone or (b >= low and c >= cov)

    def margin(b: float, c: float, alone: float, low: float, cov: float) -> float:
        """How far an in-scope question is above the line that would refuse it."""
        return b - (low if c >= cov else alone)

    r = settings.retrieval
    in_use = (r.min_dense_similarity, r.min_similarity_with_words, r.min_word_coverage)
    rules = {in_use}
    for alone in (0.44, 0.46, 0.48, 0.50, 0.52, 0.55):
        for low in (0.36, 0.38, 0.40, 0.42, 0.44):
            for cov in (0.5, 0.67, 0.75, 1.0):
                if low <= alone:
                    rules.add((alone, low, cov))
    rows = []
    for rule in rules:
        r_in = sum(not answers(b, c, *rule) for b, c in signals_in) / len(signals_in)
        r_out = sum(not answers(b, c, *rule) for b, c in signals_out) / len(signals_out)
        low_margin = min(margin(b, c, *rule) for b, c in signals_in)
        rows.append((r_in, -r_out, -low_margin, rule))
    print("\nTwo signals: answer when similarity >= alone, or >= low with word coverage >= cov. "
          "The rules refusing no in-scope question, most out-of-scope refusals first:\n")
    print("| alone | low | cov | in-scope refused | out-of-scope refused | lowest in-scope margin |")
    print("|---:|---:|---:|---:|---:|---:|")
    shown = [row for row in sorted(rows) if row[0] == 0][:12]
    if in_use not in [row[3] for row in shown]:
        shown += [row for row in rows if row[3] == in_use]
    for r_in, neg_out, neg_margin, (alone, low, cov) in shown:
        mark = " ← in use" if (alone, low, cov) == in_use else ""
        print(f"| {alone:.2f} | {low:.2f} | {cov:.2f}{mark} | {r_in:.0%} | {-neg_out:.0%} | {-neg_margin:+.3f} |")


if __name__ == "__main__":
    main()
