"""Where a reader's memory goes (issue 21): resident memory after each step of start-up, after
the first answer and after answering the judged and key-fact dev questions; then each part of
the saved snapshot unpickled alone, and the snapshot read with and without the garbage
collector running.

    QUICKTAKES_DATA_DIR=/path/to/whole-corpus-index .venv/bin/python bench/experiments/serving_memory.py \\
        --corpus ../shared/corpus

Environment variables change what is measured, e.g. MALLOC_ARENA_MAX=2 or
QUICKTAKES_EMBEDDING__RUNTIME=onnx-int8.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
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
    from assistant.snapshot import load_snapshot, snapshot_path
    from config import load_settings
    from ingest.embedder import make_embedder
    from library.chroma_store import ChunkStore

    steps = [("start", rss())]
    settings = load_settings()
    embedder = make_embedder(settings)
    embedder.embed_query("warm-up")
    steps.append(("the embedding model", rss()))
    store = ChunkStore.open(settings, embedder.name, create=False)
    steps.append(("the store opened", rss()))
    store.query(embedder.embed_query("gout"), 5)
    steps.append(("its first query (the vector index loaded)", rss()))
    load_snapshot(settings, store)
    steps.append(("the snapshot", rss()))
    from assistant.factory import build_assistant

    assistant = build_assistant(settings, embedder=embedder)
    steps.append(("the assistant (the snapshot read again)", rss()))
    questions = dev_messages(args.corpus)
    assistant.ask(questions[0])
    steps.append(("the first answer", rss()))
    for q in questions[1:]:
        assistant.ask(q)
    steps.append((f"{len(questions)} answers", rss()))
    print("| after | resident MB |\n|---|---:|")
    for name, mb in steps:
        print(f"| {name} | {mb:,.0f} |")

    path = snapshot_path(settings, store.name, store.generation())
    data = path.read_bytes()
    snapshot = pickle.loads(data)
    blobs = {k: pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for k, v in vars(snapshot).items()
             if k not in ("generation", "format")}
    del snapshot
    gc.collect()
    print(f"\n{path.name}: {len(data) / 2**20:.0f} MB\n\n| part | pickled MB | resident MB |\n|---|---:|---:|")
    keep = []
    for name, blob in blobs.items():
        before = rss()
        keep.append(pickle.loads(blob))
        print(f"| {name} | {len(blob) / 2**20:.0f} | {rss() - before:.0f} |")
    del keep
    print("\n| reading the snapshot | seconds |\n|---|---:|")
    for collector in (True, False, True, False):
        gc.collect()
        gc.enable() if collector else gc.disable()
        started = time.perf_counter()
        loaded = pickle.loads(data)
        seconds = time.perf_counter() - started
        gc.enable()
        del loaded
        print(f"| collector {'on' if collector else 'off'} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
