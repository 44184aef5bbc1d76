"""Question understanding, measured: the type of answer asked for, yes/no, and the focus, on
consumer messages labelled blind by a helper who never saw the code
(``bench/data/question_types_dev.jsonl``, 80 messages, and ``question_types_check.jsonl``, 80
more written the same way, run once before any tuning: see docs/benchmarks.md). Also: the
share of the library's stored questions whose form (type and topic) is read.

The focus counts as found when one of the reader's names and one labelled name contain each
other (compared as ``assistant.understand.names.name_key``: case, possessive and plural s aside).
The baseline in the same run is the composer's intent patterns before issue 20 (8 kinds, the
rest read as "definition").

    QUICKTAKES_DATA_DIR=/path/to/index .venv/bin/python bench/question_types.py [--misses]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SETS = [ROOT / "bench" / "data" / "question_types_dev.jsonl", ROOT / "bench" / "data" / "question_types_check.jsonl"]
# the composer's _INTENTS before issue 20, in its order, named as the labels name them
V1_NAMES = ["treatment", "treatment", "symptom", "cause", "prevention", "diagnosis", "side_effect", "outlook"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="print the messages read wrong")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from assistant.factory import build_retriever
    from assistant.understand.forms import article_form
    from assistant.understand.names import name_key as _key
    from assistant.understand.reader import QuestionReader
    from baselines.composer_v1 import intents_of
    from config import load_settings

    library = build_retriever(load_settings()).library
    read = sum(1 for a in library.articles if article_form(a.question)[0])
    print(f"stored questions whose form is read: {read:,}/{len(library):,} ({100 * read / len(library):.1f}%)\n")
    reader = QuestionReader.from_library(library)
    print("| set | type (this code) | type (intents before) | yes/no | focus found |")
    print("|---|---|---|---|---|")
    for path in SETS:
        rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        ok_type = ok_v1 = ok_yn = ok_focus = 0
        confused: Counter = Counter()
        for r in rows:
            u = reader.read(r["question"])
            kinds = sorted(intents_of(r["question"]))
            v1 = V1_NAMES[kinds[0]] if kinds else "definition"
            focus = any(_key(g) in _key(f) or _key(f) in _key(g) for g in r["focus"] for f in u.focus)
            ok_type += u.type == r["type"]
            ok_v1 += v1 == r["type"]
            ok_yn += u.yes_no == r["yes_no"]
            ok_focus += focus
            if u.type != r["type"]:
                confused[(r["type"], u.type)] += 1
            if args.misses and (u.type != r["type"] or not focus):
                print(f"  {r['id']} {r['type']} -> {u.type}; focus {r['focus']} -> {u.focus}: {r['question']}",
                      file=sys.stderr)
        n = len(rows)
        print(f"| {path.stem} | {ok_type}/{n} ({100 * ok_type / n:.0f}%) | {ok_v1}/{n} ({100 * ok_v1 / n:.0f}%) "
              f"| {ok_yn}/{n} | {ok_focus}/{n} |")
        print("  most confused (labelled -> read): " + ", ".join(f"{a}->{b} {c}" for (a, b), c in confused.most_common(5)),
              file=sys.stderr)


if __name__ == "__main__":
    main()
