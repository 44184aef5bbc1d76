"""Does the answer answer? The share of answers whose first paragraph holds a sentence of the
library that answers the question (a key fact), on consumer questions with their key facts.

Each question of a key-fact set (``keyfacts_dev.jsonl`` of --corpus, and the check sets
``bench/data/keyfacts_check*.jsonl``, written blind by helpers) lists the library's sentences
that answer it, copied verbatim, and their article ids. An answer *answers* when its first
paragraph holds one of them (text normalised: case, punctuation, list marks and ``[n]`` markers
ignored); *anywhere* when the whole answer does. *Unrelated as the answer*: the first paragraph
holds no key fact and does not say that the library does not answer (what a person would take
for the answer is not one). *Says not answered*: the answer opens by saying the library does not
answer the question itself.

Systems, in the same run on the same index:

- **now**: the product (``build_assistant``: triage, retrieval with its re-ranking, the
  composer; no language model);
- **composer before issue 20**: hybrid retrieval without the question-entailment re-ranking,
  and the composer of commit 07c8162 (``bench/baselines/composer_v1.py``);
- **top article, first 150 words**: the same retrieval as the previous one, the first 150 words
  of the first article's answer;
- **oracle: the key article given**: the product's composer given only the article of the first
  key fact (what composition alone can reach when retrieval is perfect).

Reads the index in the data folder (the whole corpus: ``quicktakes ingest`` on it first)::

    QUICKTAKES_DATA_DIR=/path/to/index .venv/bin/python bench/answer_keyfacts.py [--set dev] [--misses]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, corpus_file  # noqa: E402

CHECK_SETS = sorted((ROOT / "bench" / "data").glob("keyfacts_check*.jsonl"))


def normal(text: str) -> str:
    """Lower case, ``[n]`` markers and everything but letters and digits out, one space."""
    text = re.sub(r"\[\d{1,3}\]", " ", text or "")
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("\\n", " ")))


def holds(text: str, facts: list[str]) -> bool:
    body = f" {normal(text)} "
    return any(f" {normal(f)} " in body for f in facts if normal(f))


def first_paragraph(body: str) -> str:
    return (body or "").strip().split("\n\n")[0]


def load_set(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    for r in rows:
        r["key_facts"] = [" ".join(f.split()) for f in r["key_facts"]]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(parser)
    parser.add_argument("--set", action="append", default=None, metavar="NAME",
                        help="dev, or a check set's name (check1, ...); default: all")
    parser.add_argument("--misses", action="store_true", help="print the product's answers that miss")
    parser.add_argument("--systems", default="all", help="'now' for the product alone")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from assistant.answerer import Draft  # noqa: F401  (import order: the product first)
    from assistant.compose.select import NOT_ANSWERED_PREFIX
    from assistant.factory import build_assistant
    from assistant.retrieval.retriever import RetrievedArticle, one_per_page
    from assistant.retrieval.stages import retrieval_stages
    from baselines.composer_v1 import Composer as ComposerV1
    from config import load_settings

    sets = {"dev": corpus_file(args.corpus, "keyfacts_dev.jsonl")}
    sets.update({p.stem.replace("keyfacts_", ""): p for p in CHECK_SETS})
    chosen = args.set or list(sets)
    unknown = [s for s in chosen if s not in sets]
    if unknown:
        parser.error(f"--set: no key-fact set {', '.join(unknown)} (have: {', '.join(sets)})")

    settings = load_settings()
    assistant = build_assistant(settings)
    retriever = assistant.retriever
    r = settings.retrieval
    before = retriever.using(retrieval_stages("hybrid", retriever.dense, retriever.lexical, r,
                                              library=retriever.library))
    composer_v1 = ComposerV1(max_words=settings.answer.max_words)
    composer = assistant.answerer.composer

    def now(row):
        return assistant.ask(row["question"]).body

    def v1(row):
        hits = one_per_page(before.retrieve(row["question"]).hits)
        return composer_v1.compose(row["question"], hits)[0]

    def first150(row):
        hits = one_per_page(before.retrieve(row["question"]).hits)
        if not hits:
            return ""
        return " ".join(re.sub(r"\\n", " ", hits[0].article.answer).split()[:150])

    def oracle(row):
        article = retriever.library.get(row["article_ids"][0])
        if article is None:
            return ""
        hit = RetrievedArticle(article=article, score=1.0, dense_similarity=1.0, passage=article.answer[:600])
        return composer.compose(row["question"], [hit])[0]

    systems = {"now (this code)": now, "composer before issue 20": v1,
               "top article, first 150 words": first150, "oracle: the key article given": oracle}
    if args.systems == "now":
        systems = {"now (this code)": now}

    results: dict[str, dict[str, list[dict]]] = defaultdict(dict)
    for name in chosen:
        rows = load_set(sets[name])
        for system, answer in systems.items():
            out = []
            started = time.perf_counter()
            for row in rows:
                body = answer(row)
                first = first_paragraph(body)
                out.append({"id": row["id"], "kind": row["kind"], "first": holds(first, row["key_facts"]),
                            "anywhere": holds(body, row["key_facts"]),
                            "admits": first.startswith(NOT_ANSWERED_PREFIX), "body": body, "row": row})
            for o in out:
                o["unrelated"] = not o["first"] and not o["admits"]
            results[name][system] = out
            print(f"  {name}: {system}: {len(rows)} answers in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr)

    def pct(items, key):
        return f"{sum(o[key] for o in items)}/{len(items)} ({100 * sum(o[key] for o in items) / max(1, len(items)):.0f}%)"

    for name in chosen:
        print(f"\n## {name} ({sets[name].name}, {len(results[name][next(iter(systems))])} questions)\n")
        print("| system | key fact in the first paragraph | anywhere | unrelated as the answer | says not answered |")
        print("|---|---|---|---|---|")
        for system, out in results[name].items():
            print(f"| {system} | {pct(out, 'first')} | {pct(out, 'anywhere')} | {pct(out, 'unrelated')} "
                  f"| {pct(out, 'admits')} |")
        kinds: dict[str, list[dict]] = defaultdict(list)
        for o in results[name]["now (this code)"]:
            kinds[o["kind"]].append(o)
        print("\nby kind (now): " + ", ".join(f"{k} {sum(o['first'] for o in v)}/{len(v)}"
                                               for k, v in sorted(kinds.items())))
    if len(chosen) > 1:
        print("\n## all sets together\n")
        print("| system | first paragraph | anywhere | unrelated as the answer |")
        print("|---|---|---|---|")
        for system in systems:
            out = [o for name in chosen for o in results[name][system]]
            print(f"| {system} | {pct(out, 'first')} | {pct(out, 'anywhere')} | {pct(out, 'unrelated')} |")

    if args.misses:
        for name in chosen:
            for o in results[name]["now (this code)"]:
                if not o["first"]:
                    print(f"\n--- {name} {o['id']} [{o['kind']}] {o['row']['question']}")
                    print(f"    key: {o['row']['key_facts'][0][:160]} ({o['row']['article_ids']})")
                    print("    " + o["body"][:700].replace("\n", "\n    "))


if __name__ == "__main__":
    main()
