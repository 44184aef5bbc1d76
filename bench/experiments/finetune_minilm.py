"""Experiment, not part of the product: adapt the bundled MiniLM to a library by fine-tuning.

One epoch of in-batch-negatives (MultipleNegativesRanking, symmetric) training on the
library's own (question -> first 600 characters of its answer) pairs, batch 64, lr 3e-5 with
10% warm-up, 64 tokens, on the CPU. It writes a sentence-transformers folder that
``embedding.local_model`` can point to; the index must then be built again with it.

Measured on 2026-11-24 (docs/benchmarks.md): 280 steps in 852 s on 2 cores; with the
whole corpus re-indexed by the adapted model, the judged consumer questions scored lower
than with the bundled model (hybrid avg score 1.03 against 1.37, MRR@10 0.454 against
0.511), so the product does not do this.

    .venv/bin/python bench/experiments/finetune_minilm.py ARTICLES_DIR OUT_DIR
    QUICKTAKES_DATA_DIR=/tmp/ft QUICKTAKES_EMBEDDING__LOCAL_MODEL=OUT_DIR .venv/bin/quicktakes ingest ARTICLES_DIR
    QUICKTAKES_DATA_DIR=/tmp/ft QUICKTAKES_EMBEDDING__LOCAL_MODEL=OUT_DIR .venv/bin/python bench/retrieval_quality.py
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles")
    parser.add_argument("out")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--limit", type=int, default=0, help="train on this many pairs only")
    args = parser.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    from ingest.article import ArticleError
    from ingest.embedder import bundled_model_path
    from ingest.reader import find_article_files, read_article

    pairs = []
    for path in find_article_files([args.articles]):
        try:
            article = read_article(path, site_url="https://www.quicktakes.io")
        except ArticleError:
            continue
        pairs.append((article.question, article.answer[:600]))
    random.Random(0).shuffle(pairs)
    pairs = pairs[: args.limit or None]
    print(f"{len(pairs)} pairs", flush=True)

    model = SentenceTransformer(str(bundled_model_path()), device="cpu", local_files_only=True)
    model.max_seq_length = 64
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr)
    steps = len(pairs) // args.batch
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, 1 - s / steps))

    def embed(texts):
        out = model(model.tokenize(texts))["sentence_embedding"]
        return torch.nn.functional.normalize(out, dim=-1)

    start = time.time()
    for step in range(steps):
        batch = pairs[step * args.batch:(step + 1) * args.batch]
        scores = embed([q for q, _ in batch]) @ embed([a for _, a in batch]).T * 20
        labels = torch.arange(len(batch))
        loss = (torch.nn.functional.cross_entropy(scores, labels)
                + torch.nn.functional.cross_entropy(scores.T, labels)) / 2
        loss.backward()
        opt.step()
        sched.step()
        opt.zero_grad()
        if step % 20 == 0:
            print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - start:.0f}s", flush=True)
    model.eval()
    model.save(args.out)
    print(f"saved {args.out} after {time.time() - start:.0f}s")


if __name__ == "__main__":
    main()
