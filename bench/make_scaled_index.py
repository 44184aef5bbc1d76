"""A library N times the size of an index, for bench/scale.py (issue 21): every record of the
index copied N-1 more times under new article ids (id + k * 10,000,000), with the vectors it
already has, into a new data folder. Nothing is embedded again: the copies' vectors are the
originals', which is what their text would embed to. Related articles point into the same copy.
The new index gets a generation, so the first reader builds and saves its snapshot.

    .venv/bin/python bench/make_scaled_index.py --from /work/idx/data-all --to /work/idx/data-10x --times 10
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from dataclasses import replace
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHIFT = 10_000_000
PAGE = 2000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="source", type=Path, required=True, help="data folder of the index copied")
    parser.add_argument("--to", type=Path, required=True, help="new data folder (must not hold an index)")
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from config import load_settings
    from library.records import AnswerChunk, ArticleRecord
    from library.chroma_store import ChunkStore

    source_settings = load_settings(data_dir=args.source)
    target_settings = load_settings(data_dir=args.to)
    if target_settings.store_path.exists():
        raise SystemExit(f"{target_settings.store_path} exists: give a new folder")
    source = ChunkStore.open(source_settings, None, create=False)
    embedder_name = source.embedder_name
    if not embedder_name:
        raise SystemExit(f"{source_settings.store_location()} records no embedder")
    target = ChunkStore.open(target_settings, embedder_name)
    total = source.count()
    started = time.monotonic()
    copied = 0
    stored = source.get(embeddings=True)  # the source's records, a page at a time
    while page := list(islice(stored, PAGE)):
        records = [s.record for s in page]
        vectors = [s.embedding for s in page]
        for k in range(args.times):
            shift = k * SHIFT
            copies = []
            for r in records:
                if isinstance(r, ArticleRecord):
                    copies.append(replace(r, id=r.id + shift, related=tuple(
                        {**rel, "id": int(rel["id"]) + shift} if rel.get("id") is not None else rel
                        for rel in r.related)))
                elif isinstance(r, AnswerChunk):
                    copies.append(replace(r, article_id=r.article_id + shift,
                                          related_ids=tuple(i + shift for i in r.related_ids)))
            chunks = [(c, v) for c, v in zip(copies, vectors) if isinstance(c, AnswerChunk)]
            articles = [(c, v) for c, v in zip(copies, vectors) if isinstance(c, ArticleRecord)]
            for part in (chunks, articles):  # chunks first, the article record (the commit) last
                if part:
                    target.upsert([c for c, _ in part], [v for _, v in part])
            copied += len(copies)
        print(f"{copied:,} of {total * args.times:,} records in {time.monotonic() - started:.0f} s",
              file=sys.stderr, flush=True)
    target.set_generation(uuid.uuid4().hex[:16])
    print(f"{copied:,} records in {args.to} ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
