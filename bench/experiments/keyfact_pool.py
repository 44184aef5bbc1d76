"""Where a key fact is lost: for each key-fact question, is its article retrieved (top 5, top
10), is a unit holding a key fact among the units the answer selection scores, and what rank
does the selection give it (first, first three). Prints the counts and, per question, the
chosen unit beside the key unit. Run on the retriever's own hits (before one-per-page).

    QUICKTAKES_DATA_DIR=/path/to/whole-corpus-index .venv/bin/python bench/experiments/keyfact_pool.py
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from answer_keyfacts import CHECK_SETS, holds, load_set  # noqa: E402
from corpus import add_option, corpus_file  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(parser)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.factory import build_assistant
    from config import load_settings

    assistant = build_assistant(load_settings())
    selector = assistant.answerer.composer.selector
    sets = {"dev": corpus_file(args.corpus, "keyfacts_dev.jsonl")}
    sets.update({p.stem.replace("keyfacts_", ""): p for p in CHECK_SETS})
    counts = dict.fromkeys(("questions", "article in top 5", "article in top 10", "key unit scored",
                            "key unit first", "key unit in first 3"), 0)
    for path in sets.values():
        for row in load_set(path):
            question, keys = row["question"], set(row["article_ids"])
            hits = assistant.retriever.retrieve(question, k=10).hits
            ids = [h.article.id for h in hits]
            choice = selector.select(question, hits[:5])
            ranks = [i for i, unit in enumerate(choice.units) if holds(unit.text, row["key_facts"])]
            counts["questions"] += 1
            counts["article in top 5"] += bool(keys & set(ids[:5]))
            counts["article in top 10"] += bool(keys & set(ids))
            counts["key unit scored"] += bool(ranks)
            counts["key unit first"] += bool(ranks and ranks[0] == 0)
            counts["key unit in first 3"] += bool(ranks and ranks[0] < 3)
            if ranks and ranks[0] > 0:
                print(f"{row['id']} [{row['kind']}] {question[:90]}")
                print(f"    chosen: {choice.units[0].text[:140]}")
                print(f"    key (rank {ranks[0] + 1}): {choice.units[ranks[0]].text[:140]}")
    print("\n| " + " | ".join(counts) + " |\n|" + "---:|" * len(counts))
    print("| " + " | ".join(str(v) for v in counts.values()) + " |")


if __name__ == "__main__":
    main()
