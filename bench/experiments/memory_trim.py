"""Giving freed memory back (issue 21): one process answers the serving benchmarks' 70 messages
and 50 stored questions; prints resident memory at the end and at the peak, and the p95.

    QUICKTAKES_DATA_DIR=/path/to/whole-corpus-index ARENA=2 EVERY=8 \\
        .venv/bin/python bench/experiments/memory_trim.py --corpus ../shared/corpus

ARENA: glibc's arena limit set first (mallopt); EVERY: this script also calls malloc_trim after
every EVERY-th answer (0: never; the assistant itself trims every 8th, assistant/memory.py).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, dev_messages  # noqa: E402
from measure import rss_mb as rss  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(parser)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    libc = ctypes.CDLL("libc.so.6")
    if os.environ.get("ARENA"):
        libc.mallopt(-8, int(os.environ["ARENA"]))
    every = int(os.environ.get("EVERY", "0"))
    from assistant.factory import build_assistant
    from config import load_settings

    assistant = build_assistant(load_settings())
    questions = dev_messages(args.corpus)
    questions += [a.question for a in random.Random(1).sample(assistant.library.articles, 50)]
    peak, took = 0, []
    for i, q in enumerate(questions):
        started = time.perf_counter()
        assistant.ask(q)
        if every and i % every == every - 1:
            libc.malloc_trim(0)
        took.append((time.perf_counter() - started) * 1000)
        peak = max(peak, rss())
    took.sort()
    print(f"ARENA={os.environ.get('ARENA')} EVERY={every}: {len(questions)} answers; end {rss():.0f} MB, "
          f"peak {peak:.0f} MB, p95 {took[int(0.95 * (len(took) - 1))]:.0f} ms")


if __name__ == "__main__":
    main()
