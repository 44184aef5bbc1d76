"""How often an article's answer is parsed into blocks (``structure.parse``) while answering:
the 70 dev messages asked twice. Since issue 22 an article is parsed once per version
(``structure.article_blocks``), so the second round should parse nothing.

    QUICKTAKES_DATA_DIR=/path/to/index .venv/bin/python bench/experiments/parse_calls.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, dev_messages  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(parser)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.compose import structure
    from assistant.factory import build_assistant
    from config import load_settings

    calls, spent = [0], [0.0]
    real = structure.parse

    def counted(answer):
        calls[0] += 1
        started = time.perf_counter()
        try:
            return real(answer)
        finally:
            spent[0] += time.perf_counter() - started

    structure.parse = counted  # article_blocks looks it up in its module at each call
    assistant = build_assistant(load_settings())
    questions = dev_messages(args.corpus)
    print("| round | answers | parses | per answer | parsing ms per answer |\n|---|---:|---:|---:|---:|")
    for round_ in (1, 2):
        calls[0], spent[0] = 0, 0.0
        for q in questions:
            assistant.ask(q)
        print(f"| {round_} | {len(questions)} | {calls[0]} | {calls[0] / len(questions):.1f} | "
              f"{spent[0] * 1000 / len(questions):.1f} |")


if __name__ == "__main__":
    main()
