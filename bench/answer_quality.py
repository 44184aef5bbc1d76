"""What a person reads: the offline answer's composition before and after assistant/compose,
side by side in one run, on the same retrieval.

1. The 30 judged consumer questions (subject + message, as written), each answer against the
   expert reference answers of TREC 2017 LiveQA (dev_references.jsonl of --corpus): ROUGE-L
   recall and F-measure with the closest reference, and embedding similarity (MiniLM cosine)
   with the closest reference.
2. An audit of the defects a reader trips over (evaluation/audit.py: flattened
   lists, headings shown alone, dangling lead-ins, page furniture, unasked lists of questions,
   repeated sentences, extra markers per paragraph) over the dev questions, a seeded sample of
   stored article questions, and the consumer-style messages of bench/data/triage_set.jsonl
   (the ordinary and info ones: not emergencies).
3. Boilerplate the audit does not know: the sentences shown in the new answers that occur in
   many articles of the library, for a person to judge.

Reads the index in the data folder (the whole corpus: `quicktakes ingest` on it first).

    QUICKTAKES_DATA_DIR=/path/to/index .venv/bin/python bench/answer_quality.py [--show N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, corpus_file  # noqa: E402


def plain(body: str) -> str:
    from assistant.answer import MARKER

    return re.sub(r"\s+", " ", MARKER.sub("", body)).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(parser)
    parser.add_argument("--stored", type=int, default=120, help="stored article questions in the audit")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=0, help="print the first N answers of each kind")
    parser.add_argument("--defects", action="store_true", help="print the new answers that have a defect")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from evaluation.audit import CHECKS, audit
    from evaluation.judged import load_questions
    from evaluation.metrics import rouge_l_scores
    from assistant.extractive import ExtractiveAnswerer
    from assistant.factory import build_retriever, build_selector
    from baselines.extractive_v0 import ExtractiveAnswerer as MosaicV0
    from config import load_settings
    from library.sentences import sentences

    settings = load_settings()
    retriever = build_retriever(settings)
    library = retriever.library
    systems = {"sentence mosaic (before)": MosaicV0(150, 6).compose,
               "composed around the article (issue 12)": ExtractiveAnswerer(settings.answer.max_words).composer.compose,
               "the answering unit first (now, issue 20)": ExtractiveAnswerer(
                   settings.answer.max_words, selector=build_selector(retriever, settings)).composer.compose}

    dev = load_questions(corpus_file(args.corpus, "dev_questions.jsonl"))
    references = {json.loads(line)["qid"]: [r["text"] for r in json.loads(line)["references"]]
                  for line in open(corpus_file(args.corpus, "dev_references.jsonl"), encoding="utf-8")}
    stored = [a.question for a in random.Random(args.seed).sample(library.articles, args.stored)]
    consumer = [json.loads(line)["text"] for line in open(ROOT / "bench/data/triage_set.jsonl", encoding="utf-8")
                if json.loads(line)["level"] in ("ordinary", "info")]
    audited = [("dev", q.text) for q in dev] + [("stored", q) for q in stored] + [("consumer", q) for q in consumer]

    hits_of = {}
    for _, text in audited:
        if text not in hits_of:
            retrieval = retriever.retrieve(text)
            hits_of[text] = retrieval.hits if retrieval.covered else []
    answers = {name: {text: compose(text, hits_of[text])[0] for _, text in audited}
               for name, compose in systems.items()}

    # ----- 1. against the reference answers -----------------------------------------------
    embedder = retriever.embedder
    import numpy as np

    ref_vectors = {qid: np.asarray(embedder.embed_documents(refs)) for qid, refs in references.items()}
    print(f"{len(dev)} judged consumer questions, {sum(len(r) for r in references.values())} reference "
          f"answers; index of {len(library):,} articles\n")
    print("| composition | ROUGE-L recall | ROUGE-L F | embedding similarity | words | refused |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in systems:
        recall, f1, sim, words, refused = [], [], [], [], 0
        for q in dev:
            body = plain(answers[name][q.text])
            refs = references.get(q.id, [])
            if not body:
                refused += 1
            scores = [rouge_l_scores(body, r) for r in refs] if body else [(0.0, 0.0, 0.0)]
            recall.append(max(s[1] for s in scores))
            f1.append(max(s[2] for s in scores))
            if body and refs:
                v = np.asarray(embedder.embed_documents([body])[0])
                r = ref_vectors[q.id]
                sim.append(float(np.max(r @ v / (np.linalg.norm(r, axis=1) * np.linalg.norm(v)))))
            else:
                sim.append(0.0)
            words.append(len(body.split()))
        n = len(dev)
        print(f"| {name} | {sum(recall) / n:.3f} | {sum(f1) / n:.3f} | {sum(sim) / n:.3f} | "
              f"{sum(words) / n:.0f} | {refused} |")

    # ----- 2. the audit ----------------------------------------------------------------------
    kinds = Counter(kind for kind, _ in audited)
    print(f"\nAudit of {len(audited)} answers ({kinds['dev']} dev questions, {kinds['stored']} stored "
          f"questions, {kinds['consumer']} consumer-style messages); answers with the defect "
          f"(occurrences):\n")
    print("| composition | answered | " + " | ".join(c.replace("_", " ") for c in CHECKS) + " |")
    print("|---|---:|" + "---:|" * len(CHECKS))
    for name in systems:
        totals = Counter()
        answers_with = Counter()
        answered = 0
        for _, text in audited:
            body = answers[name][text]
            if not body:
                continue
            answered += 1
            counts = audit(body, text)
            if args.defects and name == list(systems)[-1] and any(counts.values()):
                print(f"  {dict((k, v) for k, v in counts.items() if v)} {text[:80]}\n    "
                      + body.replace("\n", "\n    "), file=sys.stderr)
            totals.update(counts)
            answers_with.update({k for k, v in counts.items() if v})
        print(f"| {name} | {answered} | " + " | ".join(f"{answers_with[c]} ({totals[c]})" for c in CHECKS) + " |")

    # ----- 3. boilerplate the audit does not know --------------------------------------------
    def key(s: str) -> str:
        return " ".join(re.findall(r"[a-z0-9]+", s.lower()))

    shown = Counter()
    new = list(systems)[-1]
    for _, text in audited:
        for line in plain(answers[new][text].replace("\n", " \n ")).split("\n"):
            for s in sentences(line):
                if len(s.split()) >= 4:
                    shown[key(s)] += 1
    in_articles = Counter()
    for article in library.get_many([a.id for a in library.articles]):  # with their answers
        keys = {key(s) for line in article.answer.split("\n") for s in sentences(line)}
        in_articles.update(k for k in keys if k in shown)
    common = sorted(((in_articles[k], k) for k in shown if in_articles[k] >= 20), reverse=True)[:15]
    print(f"\nSentences of the new answers found in 20 or more articles (boilerplate to judge by eye): "
          f"{len(common)} shown\n")
    for n, k in common:
        print(f"- {n} articles: {k[:110]}")

    if args.show:
        for kind in ("dev", "stored", "consumer"):
            for _, text in [a for a in audited if a[0] == kind][:args.show]:
                print(f"\n===== [{kind}] {text[:120]}")
                for name in systems:
                    print(f"--- {name}\n{answers[name][text] or '(not covered)'}")


if __name__ == "__main__":
    main()
