"""Do answers change when the library does not hold its answers? (issue 21)

Builds two assistants on one index: one whose library holds every answer (as before issue 21),
one light (answers fetched by id from the store, as readers now run), and compares their whole
answers (``to_json`` without timings) on the key-fact and judged dev questions and 80 stored
questions. Prints how many differ.

    QUICKTAKES_DATA_DIR=/path/to/whole-corpus-index .venv/bin/python bench/experiments/light_library_equal.py \
        --corpus ../shared/corpus
"""

from __future__ import annotations

import argparse
import os
import random
import sys
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
    import assistant.snapshot as snapshot
    from assistant.factory import build_assistant
    from assistant.retrieval.library import Library
    from config import load_settings

    settings = load_settings()
    light = build_assistant(settings)
    lighten, read, write = Library.lighten, snapshot.read_snapshot, snapshot.write_snapshot
    Library.lighten = lambda self: self
    snapshot.read_snapshot = lambda *a, **k: None  # built from the store, every answer held
    snapshot.write_snapshot = lambda *a, **k: None
    try:
        whole = build_assistant(settings)
    finally:
        Library.lighten, snapshot.read_snapshot, snapshot.write_snapshot = lighten, read, write
    assert light.library.light and not whole.library.light
    questions = dev_messages(args.corpus)
    questions += [a.question for a in random.Random(3).sample(whole.library.articles, 80)]
    differ = []
    for q in questions:
        a, b = whole.ask(q).to_json(), light.ask(q).to_json()
        a.pop("timings_ms")
        b.pop("timings_ms")
        if a != b:
            differ.append(q)
    print(f"{len(questions)} questions; answers differing: {len(differ)}")
    for q in differ:
        print(f"- {q[:100]}")


if __name__ == "__main__":
    main()
