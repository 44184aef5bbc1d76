"""Would a cross-encoder learned from the library rank answer units better? (issue 20)

Trains a cross-encoder from the bundled MiniLM on the library's own pairs: a stored question
with the first sentence of its answer (and the second, when the first is short) as answering,
a sentence of another article of the same page and a random article's sentence as not. Then
re-scores, for each key-fact question, every unit the answer selection scores, and counts how
often the best unit's lead paragraph holds a key fact: by the selection's score, by the
cross-encoder alone, and by the two added (weight w), over all units or the best K.

Measured 2026-12-06 (3,000 articles, 9,604 pairs, 300 steps of 32, 390 s): alone 19/80 against
the selection's 37/80; added, never above 37/80 at any weight or K; about 1.2 s per question for
the whole pool on 2 cores. Not in the product (docs/benchmarks.md).

    tar xzf ../shared/corpus/quicktakes-medquad.tar.gz -C /tmp/qt
    QUICKTAKES_DATA_DIR=/path/to/whole-corpus-index .venv/bin/python \\
        bench/experiments/unit_cross_encoder.py --articles /tmp/qt/articles --work /tmp/ce
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from answer_keyfacts import CHECK_SETS, holds, load_set  # noqa: E402
from corpus import add_option, corpus_file  # noqa: E402


def pairs_from_library(folder: Path, n: int, seed: int = 0) -> list[tuple[str, str, float]]:
    import frontmatter

    from library.sentences import sentences

    rng = random.Random(seed)
    articles = []
    for f in sorted(folder.glob("*/*.md")):
        post = frontmatter.load(f)
        said = sentences(str(post.get("answer", "")))
        if said:
            articles.append((str(post["question"]), said, str(post.get("url", ""))))
    rng.shuffle(articles)
    by_url = defaultdict(list)
    for i, a in enumerate(articles):
        by_url[a[2]].append(i)
    pairs = []
    for i, (question, said, url) in enumerate(articles[:n]):
        pairs.append((question, said[0], 1.0))
        if len(said) > 1 and len(said[0].split()) < 12:
            pairs.append((question, said[1], 1.0))
        others = [j for j in by_url[url] if j != i]
        if others:
            pairs.append((question, rng.choice(articles[rng.choice(others)][1][:3]), 0.0))
        pairs.append((question, rng.choice(articles[rng.randrange(len(articles))][1][:5]), 0.0))
    rng.shuffle(pairs)
    return pairs


def train(pairs, out: Path, batch: int = 32) -> float:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from ingest.embedder import bundled_model_path

    tok = AutoTokenizer.from_pretrained(str(bundled_model_path()))
    model = AutoModelForSequenceClassification.from_pretrained(str(bundled_model_path()), num_labels=1)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-5)
    steps = len(pairs) // batch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min(1.0, (k + 1) / (0.1 * steps)) * max(0.0, 1 - k / steps))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    model.train()
    started = time.time()
    for k in range(steps):
        part = pairs[k * batch:(k + 1) * batch]
        enc = tok([p[0] for p in part], [p[1] for p in part], truncation=True, max_length=96,
                  padding=True, return_tensors="pt")
        loss = loss_fn(model(**enc).logits.squeeze(-1), torch.tensor([p[2] for p in part]))
        loss.backward()
        opt.step()
        sched.step()
        opt.zero_grad()
        if k % 50 == 0:
            print(f"step {k}/{steps} loss {loss.item():.3f} {time.time() - started:.0f} s", flush=True)
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return time.time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(parser)
    parser.add_argument("--articles", type=Path, required=True, help="the unpacked corpus's articles folder")
    parser.add_argument("--work", type=Path, required=True, help="where the trained model is written")
    parser.add_argument("--train-articles", type=int, default=3000)
    args = parser.parse_args()
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from assistant.factory import build_assistant
    from config import load_settings

    pairs = pairs_from_library(args.articles, args.train_articles)
    seconds = train(pairs, args.work)
    print(f"trained on {len(pairs)} pairs in {seconds:.0f} s")
    tok = AutoTokenizer.from_pretrained(str(args.work))
    model = AutoModelForSequenceClassification.from_pretrained(str(args.work)).eval()

    from assistant.compose.lead import lead_paragraph

    assistant = build_assistant(load_settings())
    selector = assistant.answerer.composer.selector
    sets = {"dev": corpus_file(args.corpus, "keyfacts_dev.jsonl")}
    sets.update({p.stem.replace("keyfacts_", ""): p for p in CHECK_SETS})
    pools = []
    started = time.time()
    for name, path in sets.items():
        for row in load_set(path):
            units = selector.select(row["question"], assistant.retriever.retrieve(row["question"]).hits).units
            scored = []
            if units:
                with torch.no_grad():
                    enc = tok([row["question"]] * len(units), [u.text for u in units], truncation=True,
                              max_length=96, padding=True, return_tensors="pt")
                    ce = model(**enc).logits.squeeze(-1).tolist()
                scored = [(u.score, c, holds(lead_paragraph(u), row["key_facts"])) for u, c in zip(units, ce)]
            pools.append((name, scored))
    print(f"scored the pools in {time.time() - started:.0f} s")
    print("\n| ranking | " + " | ".join(sets) + " | all |\n|---|" + "---:|" * (len(sets) + 1))
    for k in (None, 5, 10):
        for w in (0.0, 0.1, 0.4, 1.0, None):
            if k and w == 0.0:
                continue
            got = defaultdict(int)
            for name, scored in pools:
                pool = sorted(scored, key=lambda s: -s[0])[:k] if k else scored
                if pool:
                    best = max(pool, key=lambda s: s[1] if w is None else s[0] + w * s[1])
                    got[name] += best[2]
            label = ("cross-encoder alone" if w is None else "selection score" if w == 0 else f"score + {w} x ce")
            label += f", best {k}" if k else ""
            print(f"| {label} | " + " | ".join(f"{got[s]}/{sum(1 for n, _ in pools if n == s)}" for s in sets)
                  + f" | {sum(got.values())}/{len(pools)} |")


if __name__ == "__main__":
    main()
