"""What an evaluation writes for each question and over all: the answer's fields and its
groundedness (one record), the summary of a run (the mean of each figure over the records), the
definitions printed with it, and the run's settings. The runner (``evaluation.runner``) and the
feedback set (``evaluation.feedback_set``) both build their runs from these.

Usage example::

    record = {"id": article.id, **answer_fields(answer, assistant.library)}
    Evaluation("stored", records, build_summary("stored", records, run_info(assistant, "stored", t0)))
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone

from assistant.compose.select import NOT_ANSWERED_PREFIX
from evaluation import metrics as m

STORED_KEYS = ["hit@1", "hit@5", "mrr", "rouge_l", "rouge_l_precision", "rouge_l_recall",
               "similarity", "citation_precision", "groundedness", "supported_share", "fully_grounded",
               "refused", "latency_ms",
               "judge_score"]
JUDGED_KEYS = ["avg_score", "mrr@10", "map@10", "p@1", "judged@10", "groundedness", "supported_share",
               "fully_grounded", "refused",
               "latency_ms"]
FEEDBACK_KEYS = ["groundedness", "refused", "changed", "latency_ms"]
KEYS_BY_MODE = {"stored": STORED_KEYS, "leave_one_out": STORED_KEYS, "judged": JUDGED_KEYS,
                "feedback": FEEDBACK_KEYS}


@dataclass
class Evaluation:
    mode: str  # stored | leave_one_out | judged | feedback
    records: list[dict]
    summary: dict


def _latency(answer) -> float | None:
    total = (answer.timings_ms or {}).get("total_ms")
    return round(float(total), 1) if total is not None else None


def answer_groundedness(answer, library) -> m.GroundednessResult:
    """Groundedness of ``answer.body`` against the library articles its markers cite."""
    cited_answers, cited_texts = {}, {}
    for c in answer.citations:
        article = library.get(c.id)
        if article is not None:
            cited_answers[c.n] = article.answer
            cited_texts[c.n] = f"{article.question}\n{article.answer}"
    if answer.refused:
        return m.GroundednessResult(None, 0, 0, [])
    body = answer.body
    if body.startswith(NOT_ANSWERED_PREFIX):  # the assistant's own line saying so: not a claim
        body = body.split("\n\n", 1)[1] if "\n\n" in body else ""
    return m.groundedness(body, cited_answers, cited_texts)


def answer_fields(answer, library) -> dict:
    """What every record holds about the answer itself, and its groundedness."""
    g = answer_groundedness(answer, library)
    return {
        "answer": answer.body,
        "refused": bool(answer.refused),
        "emergency": bool(answer.emergency),
        "answerer": answer.answerer,
        "notice": answer.notice,
        "citations": [{"n": c.n, "id": c.id, "title": c.title, "url": c.url} for c in answer.citations],
        "cited_ids": list(dict.fromkeys(c.id for c in answer.citations)),
        "sources": [s.id for s in answer.sources],
        "source_titles": [s.title for s in answer.sources],
        "groundedness": g.score,
        # the sentence check (assistant.verify): share of the sentences an article supports,
        # and whether all are; null when the answer has none (a refusal)
        "supported_share": (sum(bool(x.get("supported")) for x in answer.sentences) / len(answer.sentences)
                            if answer.sentences and not answer.refused else None),
        "fully_grounded": (float(all(x.get("supported") for x in answer.sentences))
                           if answer.sentences and not answer.refused else None),
        "sentences": g.sentences,
        "supported_sentences": g.supported,
        "unsupported": g.unsupported,
        "latency_ms": _latency(answer),
        "timings_ms": {k: round(v, 1) for k, v in (answer.timings_ms or {}).items()},
    }


def build_summary(mode: str, records: list[dict], run: dict) -> dict:
    """Summary figures (means of the records' non-null values), latency percentiles, run info."""
    keys = KEYS_BY_MODE[mode]
    for r in records:
        m.round_metrics(r, keys)
    summary = {"mode": mode, "questions": len(records)}
    summary.update(m.summarise(records, keys))
    lat = m.values_of(records, "latency_ms")
    summary["latency_percentiles_ms"] = {"mean": m.mean(lat), "p50": m.percentile(lat, 50),
                             "p95": m.percentile(lat, 95), "max": max(lat) if lat else None}
    summary["run"] = run
    summary["definitions"] = DEFINITIONS
    return summary


DEFINITIONS = {
    "summary": "each figure in 'metrics' is the mean over the questions of results.jsonl whose "
               "value of the same name is not null; 'n' counts them",
    "hit@1": "1 when the source article is the first returned article (null in leave-one-out)",
    "hit@5": "1 when the source article is among the first 5 returned (null in leave-one-out)",
    "mrr": "1/rank of the source article among the returned articles, 0 when absent (null in "
           "leave-one-out)",
    "rouge_l": "ROUGE-L F-measure (rouge-score, stemmed) of the answer without [n] markers vs "
               "the stored answer; 0 for a refusal",
    "rouge_l_precision": "ROUGE-L precision: share of the answer's words in the longest common "
                         "subsequence with the stored answer; 0 for a refusal",
    "rouge_l_recall": "ROUGE-L recall: share of the stored answer's words in that subsequence; "
                      "0 for a refusal",
    "similarity": "cosine of the normalised embeddings (the assistant's embedder) of the answer "
                  "and the stored answer; 0 for a refusal",
    "citation_precision": "cited articles that are the source or one of its related articles "
                          "(leave-one-out: related only) / cited articles; null when none cited",
    "groundedness": "share of the answer's sentences (text before each [n] marker group; text "
                    "after the last marker counts as an uncited sentence) supported by an "
                    "article they cite: found verbatim (whitespace-normalised) in its answer, or "
                    ">= 80% of the sentence's distinct content-word stems occur in the article; "
                    "null for a refusal",
    "supported_share": "share of the answer's sentences the sentence check (assistant/verify) found "
                       "supported by an article (extractive: all, each is copied); null for a refusal",
    "fully_grounded": "1 when every sentence of the answer is supported (the sentence check); null "
                      "for a refusal",
    "refused": "1 when the assistant declined to answer",
    "latency_ms": "answer.timings_ms total_ms",
    "judge_score": "1-5 correctness grade of the answer against the stored answer by the "
                   "language model (null without one; 1 for a refusal)",
    "avg_score": "judgment - 1 of the first returned article (0 when unjudged)",
    "mrr@10": "reciprocal rank of the first article judged >= 3 within 10 (ranx)",
    "map@10": "average precision at 10, judged >= 3 relevant (ranx)",
    "p@1": "1 when the first article is judged >= 3",
    "judged@10": "share of the first 10 returned articles that were judged",
    "changed": "1 when the new answer text differs from the answer the person rated",
}


def run_info(assistant, mode: str, started: float, **extra) -> dict:
    """The run's answerer, embedder, library size and the settings that shape the answers."""
    embedder = assistant.retriever.embedder
    settings = assistant.settings
    return {
        "mode": mode,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - started, 2),
        "answerer": assistant.answerer_name,
        "embedder": getattr(embedder, "name", type(embedder).__name__),
        "library_articles": len(assistant.library),
        "retrieval": settings.retrieval.model_dump(),
        "answer": settings.answer.model_dump(),
        **extra,
    }
