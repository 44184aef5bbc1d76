"""Does the sentence-level support check tell a source from a rumour? Precision and recall of
"supported" on labelled (sentence, cited article, label) cases, overall and per kind, and the
latency the check adds to a 150-word answer.

The cases (bench/data/support_cases_*.jsonl) were written by hand from real articles of the
corpus, by writers who did not see the checker: verbatim sentences, faithful paraphrases,
summaries of two sentences (supported), and partly supported sentences, contradictions (a
changed number, dose or unit, a flipped negation, the wrong drug, condition, organ or
population) and plausible sentences the article does not say (unsupported).

Compared in the same run: the check on words alone (no embedding model), on the embedding
similarity alone, and the product's check (assistant/verify/support.py). Targets: >= 97% of
the unsupported and contradicted sentences caught, >= 85% of the faithful paraphrases
accepted.

Reads the articles from the corpus (quicktakes-medquad.tar.gz of --corpus).

    .venv/bin/python bench/support_check.py [--corpus DIR] [--misses]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import statistics
import sys
import tarfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, corpus_file  # noqa: E402

SUPPORTED_KINDS = ("verbatim", "paraphrase", "summary")


def load_articles(tar_path: Path, files: set[str]):
    from ingest.reader import read_article

    out = {}
    with tarfile.open(tar_path) as tar:
        for member in tar:
            name = member.name.split("articles/", 1)[-1]
            if name in files:
                data = tar.extractfile(member).read()
                out[name] = read_article(member.name, site_url="https://www.quicktakes.io", data=data)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(parser)
    parser.add_argument("--cases", nargs="+", default=sorted(glob.glob(str(ROOT / "bench/data/support_cases_*.jsonl"))))
    parser.add_argument("--misses", action="store_true", help="print every case decided wrong")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from assistant.verify.attribute import verify_answer
    from assistant.verify.support import SupportChecker
    from config import load_settings
    from ingest.embedder import make_embedder
    from library.records import ArticleRecord

    cases = [{**json.loads(line), "set": Path(path).stem} for path in args.cases
             for line in open(path, encoding="utf-8") if line.strip()]
    found = load_articles(corpus_file(args.corpus, "quicktakes-medquad.tar.gz"), {c["article_file"] for c in cases})
    articles = {name: ArticleRecord(id=a.id, question=a.question, answer=a.answer, title=a.title, url=a.url,
                                    hash="") for name, a in found.items()}
    cases = [c for c in cases if c["article_file"] in articles]
    settings = load_settings()
    embedder = make_embedder(settings)

    product = SupportChecker(embedder.embed_documents, min_similarity=settings.verify.min_similarity,
                             min_coverage=settings.verify.min_coverage)
    words_only = SupportChecker(None, min_similarity=settings.verify.min_coverage,
                                min_coverage=settings.verify.min_coverage)

    class SimilarityOnly(SupportChecker):
        def _verdict(self, sentence, articles, cands, parts):
            v = super()._verdict(sentence, articles, cands, parts)
            v.supported = v.similarity >= self.min_similarity
            return v

    similarity_only = SimilarityOnly(embedder.embed_documents, min_similarity=settings.verify.min_similarity)
    looser = SupportChecker(embedder.embed_documents, min_similarity=settings.verify.min_similarity,
                            min_coverage=settings.verify.min_coverage, words_alone=0.65)
    systems = {"words and consistency, no embedding model": words_only,
               "embedding similarity alone": similarity_only,
               "the product's check, also accepting 65% of the words alone": looser,
               "the product's check (similarity + words + consistency)": product}
    veto = None
    try:
        from assistant.verify.contradiction import ContradictionModel

        veto = ContradictionModel.load(threshold=settings.verify.contradiction_threshold)
    except RuntimeError as exc:
        print(f"(no contradiction rows: {exc})\n")
    if veto is not None:
        systems["the product's check + the contradiction veto (verify.contradiction)"] = SupportChecker(
            embedder.embed_documents, min_similarity=settings.verify.min_similarity,
            min_coverage=settings.verify.min_coverage, contradiction=veto)
        systems["the looser check (65% words alone) + the contradiction veto"] = SupportChecker(
            embedder.embed_documents, min_similarity=settings.verify.min_similarity,
            min_coverage=settings.verify.min_coverage, words_alone=0.65, contradiction=veto)

    print(f"{len(cases)} labelled cases from {len(articles)} articles "
          f"({sum(c['label'] == 'supported' for c in cases)} supported)")
    verdicts = {name: checker.check_many([(c["sentence"], [articles[c["article_file"]]]) for c in cases])
                for name, checker in systems.items()}
    sets = defaultdict(list)  # each file of cases on its own: one was held out from calibration
    for i, c in enumerate(cases):
        sets[c["set"]].append(i)
    groups = [("all cases", list(range(len(cases))))] + ([(f"{k} only", v) for k, v in sets.items()]
                                                          if len(sets) > 1 else [])
    for title, picked in groups:
        kinds = sorted({cases[i]["kind"] for i in picked}, key=lambda k: (k not in SUPPORTED_KINDS, k))
        print(f"\n{title} ({len(picked)})\n")
        print("| check | unsupported caught | paraphrases accepted | " + " | ".join(kinds) + " |")
        print("|---|" + "---:|" * (len(kinds) + 2))
        for name, checker in systems.items():
            right = defaultdict(list)
            for i in picked:
                c, v = cases[i], verdicts[name][i]
                ok = v.supported == (c["label"] == "supported")
                right[c["kind"]].append(ok)
                if args.misses and not ok and checker is product and title == "all cases":
                    print(f"  [{c['kind']}] {c['id']} said {'supported' if v.supported else 'unsupported'} "
                          f"({v.reason or '-'}, sim {v.similarity:.2f}, words {v.coverage:.2f}): {c['sentence']}\n"
                          f"      evidence: {v.evidence.text if v.evidence else '-'}", file=sys.stderr)
            unsupported = [not verdicts[name][i].supported for i in picked if cases[i]["label"] != "supported"]
            paraphrases = right.get("paraphrase", [])
            cells = [f"{sum(unsupported)}/{len(unsupported)} ({100 * sum(unsupported) / max(1, len(unsupported)):.0f}%)",
                     f"{sum(paraphrases)}/{len(paraphrases)} "
                     f"({100 * sum(paraphrases) / max(1, len(paraphrases)):.0f}%)"]
            cells += [f"{100 * sum(right[k]) / len(right[k]):.0f}%" for k in kinds]
            print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nPer kind: the share decided right (supported kinds accepted, the others caught).")

    # ----- latency: 150-word answers of cases' sentences, four sources each -----------------
    by_article = defaultdict(list)
    for c in cases:
        by_article[c["article_file"]].append(c)
    names = sorted(by_article)
    print("\nLatency of the check on 60 answers of ~150 words citing 4 articles (cold cache):")
    for label, contradiction in [("the product's check", None), ("with the contradiction veto", veto)]:
        if label != "the product's check" and contradiction is None:
            continue
        rng = random.Random(5)  # the same answers for both
        times = []
        for _ in range(60):
            picked = rng.sample(names, 4)
            sources = {n: articles[name] for n, name in enumerate(picked, 1)}
            sentences, words = [], 0
            while words < 150:
                n = rng.randint(1, 4)
                c = rng.choice(by_article[picked[n - 1]])
                sentences.append(f"{c['sentence'].rstrip('.')}. [{n}]")
                words += len(c["sentence"].split())
            checker = SupportChecker(embedder.embed_documents, min_similarity=settings.verify.min_similarity,
                                     min_coverage=settings.verify.min_coverage,
                                     contradiction=contradiction)  # no warm cache
            started = time.perf_counter()
            verify_answer(" ".join(sentences), sources, checker)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"  {label}: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, max {times[-1]:.0f} ms")


if __name__ == "__main__":
    main()
