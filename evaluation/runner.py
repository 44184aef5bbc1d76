"""Run questions through an ``Assistant`` and score every answer.

Three kinds of evaluation, each returning an :class:`Evaluation` (per-question records and a
summary whose every figure is the mean of the records' values of the same name):

* **stored answers** (:func:`evaluate_stored`): a seeded sample of the library's articles;
  each article's own question is asked and the answer compared with the article's stored
  answer (retrieval hits, ROUGE-L, embedding similarity, citation precision, groundedness,
  refusals, latency, and a language-model grade when a language model is configured).
  With ``leave_one_out=True`` the source article is hidden from retrieval, so the answer
  must come from other articles: this measures answering, not look-up. The hit figures are
  then null (the source cannot be found by construction) and citation precision counts the
  source's related articles only.
* **judged questions** (:func:`evaluate_judged`): questions with graded relevance judgments
  (``evaluation/judged.py``); asked with k=10, the returned sources are the ranking.
* **feedback** (``evaluation/feedback_set.py``): thumbs-down questions asked again.

The metrics are defined in ``evaluation/metrics.py``; ``report.write_run`` writes
the folder.

Usage example::

    from assistant.factory import build_assistant
    from evaluation.judge import default_judge
    from evaluation.runner import evaluate_stored
    from evaluation.report import write_run

    assistant = build_assistant(settings)
    ev = evaluate_stored(assistant, sample=100, seed=1, judge=default_judge(assistant))
    ev.summary["metrics"]["hit@1"], ev.summary["metrics"]["groundedness"]
    write_run("runs/2025-01-10", ev)      # results.jsonl, summary.json, report.md, report.html
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterable, Sequence

from evaluation import metrics as m
from evaluation.records import Evaluation, answer_fields, build_summary, run_info

HIT_K = 5
JUDGED_K = 10


# ----- sampling and helpers -------------------------------------------------------------------

def sample_articles(library, n: int, seed: int = 1) -> list:
    """``n`` articles of ``library`` chosen by seed: the ``n`` smallest hashes of
    ``"<seed>:<id>"``. The same seed picks the same articles, and adding articles to the
    library keeps most of the sample (so runs before and after a change share ids)."""
    articles = list(library.articles)

    def key(a) -> str:
        return hashlib.sha256(f"{seed}:{a.id}".encode()).hexdigest()

    chosen = sorted(articles, key=key)[: max(0, n)]
    return [a for a in library.get_many([a.id for a in chosen]) if a is not None]  # with their answers


def related_ids(article) -> list[int]:
    out = []
    for r in getattr(article, "related", ()) or ():
        rid = r.get("id") if isinstance(r, dict) else getattr(r, "id", None)
        try:
            out.append(int(rid))
        except (TypeError, ValueError):
            continue
    return list(dict.fromkeys(out))


def progress_bar(items: Sequence, desc: str):
    from tqdm import tqdm

    return tqdm(items, total=len(items), desc=desc, unit="q", file=sys.stderr, disable=None,
                dynamic_ncols=True)


# ----- stored answers ----------------------------------------------------------------------

def stored_record(assistant, article, *, leave_one_out: bool = False, judge=None,
                  k: int | None = None) -> dict:
    """Ask ``article.question`` and score the answer against ``article.answer``."""
    library = assistant.library
    k = max(k or assistant.settings.retrieval.k, HIT_K)
    exclude = frozenset({article.id}) if leave_one_out else frozenset()
    answer = assistant.ask(article.question, k=k, exclude=exclude)
    ranking = [s.id for s in answer.sources]
    related = related_ids(article)
    if leave_one_out and article.id in ranking:
        raise RuntimeError(f"leave-one-out: article {article.id} was returned although excluded")

    record = {"id": article.id, "mode": "leave_one_out" if leave_one_out else "stored",
              "question": article.question, "source_id": article.id,
              "source_title": article.title, "source_url": article.url,
              "subject": article.subject, "related_ids": related,
              "stored_answer": article.answer}
    record.update(answer_fields(answer, library))
    rank = m.rank_of(article.id, ranking)
    record["source_rank"] = rank
    if leave_one_out:
        record.update({"hit@1": None, "hit@5": None, "mrr": None})
        relevant = set(related) - {article.id}
    else:
        record.update({"hit@1": m.hit_at(article.id, ranking, 1),
                       "hit@5": m.hit_at(article.id, ranking, HIT_K),
                       "mrr": m.reciprocal_rank(article.id, ranking)})
        relevant = {article.id, *related}
    record["citation_precision"] = m.citation_precision(record["cited_ids"], relevant)

    text = m.strip_markers(answer.body)
    if answer.refused or not text:
        record.update({"rouge_l": 0.0, "rouge_l_precision": 0.0, "rouge_l_recall": 0.0,
                       "similarity": 0.0})
    else:
        p, r, f = m.rouge_l_scores(answer.body, article.answer)
        u, v = assistant.retriever.embedder.embed_queries([text, article.answer])
        record.update({"rouge_l": f, "rouge_l_precision": p, "rouge_l_recall": r,
                       "similarity": m.cosine(u, v)})

    record["judge_score"], record["judge_reason"] = None, None
    if judge is not None:
        if answer.refused:
            record["judge_score"], record["judge_reason"] = 1, "refused (not sent to the judge)"
        else:
            record["judge_score"], record["judge_reason"] = judge.grade(
                article.question, article.answer, answer.body)
    return record


def evaluate_stored(assistant, *, sample: int = 100, seed: int = 1, leave_one_out: bool = False,
                    judge=None, articles: Iterable | None = None, k: int | None = None,
                    progress: bool = True) -> Evaluation:
    """Ask a seeded sample of the library's own questions; compare with the stored answers."""
    started = time.monotonic()
    mode = "leave_one_out" if leave_one_out else "stored"
    chosen = list(articles) if articles is not None else sample_articles(assistant.library, sample, seed)
    if not chosen:
        raise ValueError("the library is empty: index some articles first (quicktakes ingest)")
    items = progress_bar(chosen, f"eval {mode}") if progress else chosen
    records = [stored_record(assistant, a, leave_one_out=leave_one_out, judge=judge, k=k)
               for a in items]
    run = run_info(assistant, mode, started, sample=len(chosen), seed=seed,
                    k=max(k or assistant.settings.retrieval.k, HIT_K),
                    judge=getattr(judge, "name", None))
    return Evaluation(mode, records, build_summary(mode, records, run))


# ----- judged questions ------------------------------------------------------------------------

def evaluate_judged(assistant, questions, qrels: dict[str, dict[int, int]], *,
                    judge=None, progress: bool = True, source: dict | None = None) -> Evaluation:
    """Ask judged questions (``judged.load_questions``) with k=10; the returned sources are
    the ranking scored with ``judged.judged_metrics``, per question and over all.

    Each record holds its own ``judged_metrics`` figures (computed on that question alone),
    so the summary's mean of them equals ``judged_metrics`` over all questions (also kept
    in ``summary["judged_metrics"]``). ``judge`` is unused: judged questions have no stored
    answer to grade against.
    """
    from evaluation.judged import judged_metrics

    started = time.monotonic()
    questions = list(questions)
    if not questions:
        raise ValueError("no judged questions to ask")
    items = progress_bar(questions, "eval judged") if progress else questions
    records, runs = [], {}
    for q in items:
        answer = assistant.ask(q.text, k=JUDGED_K)
        ranking = [s.id for s in answer.sources]
        runs[q.id] = ranking
        judged = qrels.get(q.id, {})
        per_question = judged_metrics({q.id: ranking}, qrels)
        record = {"id": q.id, "mode": "judged", "question": q.text,
                  "grades": [judged.get(a) for a in ranking],
                  "relevant_ids": sorted(a for a, g in judged.items() if g >= 3)}
        record.update(answer_fields(answer, assistant.library))
        record.update({key: per_question[key] for key in ("avg_score", "mrr@10", "map@10",
                                                           "p@1", "judged@10")})
        records.append(record)
    run = run_info(assistant, "judged", started, k=JUDGED_K, **(source or {}))
    summary = build_summary("judged", records, run)
    summary["judged_metrics"] = judged_metrics(runs, qrels)
    return Evaluation("judged", records, summary)
