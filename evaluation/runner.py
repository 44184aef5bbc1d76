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
    from evaluation.runner import evaluate_stored, default_judge
    from evaluation.report import write_run

    assistant = build_assistant(settings)
    ev = evaluate_stored(assistant, sample=100, seed=1, judge=default_judge(assistant))
    ev.summary["metrics"]["hit@1"], ev.summary["metrics"]["groundedness"]
    write_run("runs/2025-01-10", ev)      # results.jsonl, summary.json, report.md, report.html
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from assistant.compose.select import NOT_ANSWERED_PREFIX
from evaluation import metrics as m
from config.settings import DEFAULTS_FILE

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

HIT_K = 5
JUDGED_K = 10
JUDGE_TEXT_CHARS = 3000
DEFAULT_THRESHOLDS = DEFAULTS_FILE.with_name("eval_thresholds.yaml")  # config/eval_thresholds.yaml


@dataclass
class Evaluation:
    mode: str  # stored | leave_one_out | judged | feedback
    records: list[dict]
    summary: dict


# ----- the language-model judge ---------------------------------------------------------------

JUDGE_SYSTEM = """You grade answers to health questions for correctness.
Compare the ANSWER with the REFERENCE answer, which is correct. Grade 1 to 5:
5 = correct and consistent with the reference; 4 = correct but misses minor points;
3 = partly correct or misses important points; 2 = mostly wrong or off the question;
1 = wrong, contradicts the reference, or does not answer.
Reply with exactly one line: score: <1-5>; reason: <one short sentence>"""

JUDGE_HUMAN = """QUESTION: {question}

REFERENCE: {reference}

ANSWER: {answer}

Your grade (one line):"""

_SCORE_LABELLED = re.compile(r"\b(?:score|grade|rating)\b\W{0,4}([1-5])(?:\s*(?:/|out of)\s*5)?\b",
                             re.IGNORECASE)
_SCORE_ANY = re.compile(r"(?<![\d.])([1-5])(?:\s*(?:/|out of)\s*5)?(?![\d.])")
_REASON = re.compile(r"\breason\b\W{0,3}(.+)", re.IGNORECASE | re.DOTALL)


def parse_judgement(text: str) -> tuple[int | None, str]:
    """``(score 1-5 or None, one-line reason)`` from whatever the judge wrote.

    Accepts ``score: 4; reason: ...``, JSON ``{"score": 4, "reason": "..."}``, ``4/5 ...``
    or a bare leading digit; the reason falls back to the text without the score.
    """
    text = (text or "").strip()
    score: int | None = None
    reason = ""
    candidate = text.strip("` \n")
    if candidate.lower().startswith("json"):
        candidate = candidate[4:].strip()
    if candidate.startswith("{"):
        try:
            data = json.loads(candidate[: candidate.rfind("}") + 1])
            raw = data.get("score", data.get("grade"))
            score = int(raw) if raw is not None and 1 <= int(float(raw)) <= 5 else None
            reason = str(data.get("reason", "") or "")
        except (ValueError, TypeError, AttributeError):
            score = None
    if score is None:
        match = _SCORE_LABELLED.search(text) or _SCORE_ANY.search(text)
        score = int(match.group(1)) if match else None
    if not reason:
        match = _REASON.search(text)
        reason = match.group(1) if match else _SCORE_LABELLED.sub("", text)
    reason = m.normalise_space(reason).strip(" ;:-\"'")
    return score, reason[:300]


class AnswerJudge:
    """A 1-5 correctness grade of an answer against the stored answer, by a chat model.

    ``prompt | chat model | text`` (LCEL); any failure of the model gives ``(None, reason)``.

    Usage example::

        judge = AnswerJudge(make_chat_model(settings))
        judge.grade(question, stored_answer, answer_body)   # -> (4, "Correct but omits ...")
    """

    def __init__(self, chat_model, name: str | None = None):
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import ChatPromptTemplate

        self.name = name or f"llm:{getattr(chat_model, 'model_name', None) or type(chat_model).__name__}"
        self.chain = (ChatPromptTemplate.from_messages([("system", JUDGE_SYSTEM),
                                                        ("human", JUDGE_HUMAN)])
                      | chat_model | StrOutputParser())

    def grade(self, question: str, reference: str, answer: str) -> tuple[int | None, str]:
        try:
            text = self.chain.invoke({"question": question,
                                      "reference": _clip(reference, JUDGE_TEXT_CHARS),
                                      "answer": _clip(m.strip_markers(answer), JUDGE_TEXT_CHARS)})
        except Exception as exc:  # a judge failure must not stop the evaluation
            return None, f"judge failed ({type(exc).__name__})"
        score, reason = parse_judgement(text)
        if score is None:
            return None, f"judge reply not understood: {m.normalise_space(text)[:120]}"
        return score, reason


def default_judge(assistant, chat_model=None) -> AnswerJudge | None:
    """A judge when the assistant answers with a language model, built from the same settings
    (or from ``chat_model``); None for the extractive answerer."""
    if chat_model is None and assistant.answerer_name == "extractive":
        return None
    if chat_model is None:
        from assistant.llm import make_chat_model

        chat_model = make_chat_model(assistant.settings)
    return AnswerJudge(chat_model)


def _clip(text: str, n: int) -> str:
    text = text or ""
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " ..."


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


def embedder_of(assistant):
    """The embedder the assistant retrieves with."""
    return assistant.retriever.embedder


def progress_bar(items: Sequence, desc: str):
    from tqdm import tqdm

    return tqdm(items, total=len(items), desc=desc, unit="q", file=sys.stderr, disable=None,
                dynamic_ncols=True)


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
    embedder = embedder_of(assistant)
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
        u, v = embedder_of(assistant).embed_queries([text, article.answer])
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


# ----- thresholds ----------------------------------------------------------------------------

def load_thresholds(path: str | Path | None = None) -> dict:
    """The thresholds YAML (default ``config/eval_thresholds.yaml``): ``{mode: {metric: min}}``;
    a metric may also be ``{min: x}`` or ``{max: x}`` (e.g. refusals, latency)."""
    import yaml

    path = Path(path) if path else DEFAULT_THRESHOLDS
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of mode -> metric -> threshold")
    return data


def check_thresholds(summary: dict, thresholds: dict) -> list[str]:
    """Failures of ``summary`` against the thresholds of its mode; [] when all pass."""
    failures = []
    rules = thresholds.get(summary["mode"]) or {}
    for metric, rule in rules.items():
        if not isinstance(rule, dict):
            rule = {"min": rule}
        value = summary["metrics"].get(metric)
        if value is None:
            failures.append(f"{metric}: no value in this run")
            continue
        if "min" in rule and value < float(rule["min"]):
            failures.append(f"{metric} = {value:.4f} is below the threshold {float(rule['min']):.4f}")
        if "max" in rule and value > float(rule["max"]):
            failures.append(f"{metric} = {value:.4f} is above the threshold {float(rule['max']):.4f}")
    return failures

