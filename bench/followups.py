"""How follow-up messages are read without a language model: the conversations of
bench/data/conversations.jsonl (two and three turns: follow-ups, topic switches, returns to an
earlier topic, misspellings), each with the expected reading of its last message.

A reading is right when the message is kept as it is exactly when it stands alone, and the
question as understood names what it must ("atrial fibrillation") and not what it must not (the
previous topic). The baseline is the rule this project used before (any message of six words
or fewer, or with it/that/they/her..., glued to all earlier questions back to the last one that
stood alone).

Reads the library's article questions from the index in the data folder (the whole corpus:
`quicktakes ingest` on it first).

    QUICKTAKES_DATA_DIR=/path/to/index .venv/bin/python bench/followups.py [--misses]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_REFERRING_V0 = re.compile(r"\b(it|its|this|that|these|those|they|them|their|he|she|his|her)\b", re.IGNORECASE)


def glue_v0(question: str, previous: list[str]) -> str:
    """The rule before assistant/followup.py (assistant/core.py at commit e4e5e5f)."""
    def follow(q):
        return len(q.split()) <= 6 or bool(_REFERRING_V0.search(q))
    if not follow(question):
        return question
    chain = [question]
    for earlier in reversed(previous):
        chain.insert(0, earlier)
        if not follow(earlier):
            break
    return " ".join(chain)


def read(conversation: dict, standalone) -> str:
    understood: list[str] = []
    reading = ""
    for turn in conversation["turns"]:
        reading = standalone(turn, understood) if understood else turn
        understood.append(reading)
    return reading


def right(conversation: dict, reading: str) -> bool:
    last = conversation["turns"][-1]
    low = reading.lower()
    return ((reading == last) == conversation["alone"]
            and all(w.lower() in low for w in conversation.get("contains", []))
            and not any(w.lower() in low for w in conversation.get("excludes", [])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", default=str(ROOT / "bench/data/conversations.jsonl"),
                        help="conversations.jsonl (the set the rules were written against) or "
                             "conversations_check.jsonl (written afterwards, never tuned on)")
    parser.add_argument("--misses", action="store_true", help="print each conversation read wrong")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.followup import FollowUps
    from assistant.retrieval.library import Library
    from config import load_settings
    from library.chroma_store import ChunkStore

    settings = load_settings()
    # only the article records are read: whatever embedder built the index
    library = Library.from_store(ChunkStore.open(settings, None, create=False))
    reader = FollowUps.from_library(library)
    conversations = [json.loads(line) for line in open(args.conversations, encoding="utf-8") if line.strip()]

    rows = []
    for name, standalone in (("glue every short or referring message (before)", glue_v0),
                             ("topic words of the library (assistant/followup.py)", reader.standalone)):
        results = [(c, read(c, standalone)) for c in conversations]
        ok = [right(c, r) for c, r in results]
        follow = [k for k, c in zip(ok, conversations) if not c["alone"]]
        alone = [k for k, c in zip(ok, conversations) if c["alone"]]
        rows.append(f"| {name} | {sum(ok)}/{len(ok)} ({100 * sum(ok) / len(ok):.0f}%) | "
                    f"{sum(follow)}/{len(follow)} | {sum(alone)}/{len(alone)} |")
        if args.misses:
            for c, r in results:
                if not right(c, r):
                    print(f"  [{name[:10]}] {c['id']} {' || '.join(c['turns'])}  ->  {r}", file=sys.stderr)
    print(f"{len(conversations)} conversations, library of {len(library):,} articles "
          f"({len(reader.topic_words):,} topic words)\n")
    print("| reading | read right | follow-ups | new topics |")
    print("|---|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
