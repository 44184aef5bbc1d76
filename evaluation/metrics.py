"""Per-question evaluation figures, as pure functions (no index, no model, no files).

Each function takes plain values (answer text, ids, the cited articles' texts) and returns
a number, or ``None`` when the figure does not apply to that question (for example
groundedness of a refusal, which claims nothing). ``summarise`` turns per-question records
into the summary: every summary figure is the plain mean of the non-null per-question
values of the same name, so anyone can recompute it from ``results.jsonl``.

The figures
-----------
* ``hit@1``, ``hit@5``: 1 when the source article is the first / among the first five
  returned articles (``answer.sources``), else 0.
* ``mrr``: 1 / rank of the source article among the returned articles, 0 when absent.
* ``rouge_l`` (and ``rouge_l_precision``, ``rouge_l_recall``): ROUGE-L F-measure of the answer
  (``[n]`` markers removed) against the stored answer, from ``rouge-score`` with stemming.
* ``similarity``: cosine similarity of the normalised embeddings of the answer and of the
  stored answer (the assistant's own embedder; a local model reads only its first
  ``query_max_seq_length`` tokens of each text).
* ``citation_precision``: cited articles that are relevant / cited articles, where relevant
  is the source article or one of its related articles (leave-one-out: related articles
  only). ``None`` when nothing is cited.
* ``groundedness``: the share of the answer's sentences that are supported by an article
  they cite (see :func:`groundedness` for the rule). ``None`` when the answer has no
  sentence (a refusal).
* ``refused``: true when the assistant declined to answer. A refusal scores 0 for
  ``rouge_l`` and ``similarity``: the stored answer exists, so declining is a miss.
* ``latency_ms``: ``answer.timings_ms["total_ms"]``.

Usage example::

    from evaluation.metrics import rouge_l, groundedness, citation_precision
    rouge_l("the cat sat on the mat [1]", "the cat lay on the mat")   # -> 0.833 (5 of 6 words)
    groundedness("Gout is a form of arthritis. [1] It is cured by cherry juice. [1]",
                 {1: "Gout is a form of arthritis. It affects the big toe."})
    # -> GroundednessResult(score=0.5, sentences=2, supported=1,
    #                       unsupported=["It is cured by cherry juice."])
    citation_precision([140091, 7], relevant={140091, 140093})       # -> 0.5
    summarise(records, ["hit@1", "groundedness"])                    # means of non-null values
"""

from __future__ import annotations


import math
import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answer import MARKER
from assistant.verify.attribute import NOT_FOUND
from library.words import WORD, content_stems

# A group of one or more [n] markers, with the spaces before them.
_MARKER_GROUP = re.compile(rf"(?:\s*{MARKER.pattern})+")  # "[1] [2]" after a sentence
_SPACES = re.compile(r"\s+")
_LEADING_JUNK = re.compile(r"^[\s.,;:!?)\]]+")

SUPPORT_SHARE = 0.8  # share of a sentence's content-word stems that must occur in the article

# ----- text helpers ---------------------------------------------------------------------------

def strip_markers(text: str) -> str:
    """The answer without its ``[n]`` citation markers (and the space before each)."""
    return _SPACES.sub(" ", _MARKER_GROUP.sub("", text or "")).strip()


def normalise_space(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()


def cited_sentences(body: str) -> list[tuple[str, list[int]]]:
    """The answer's sentences and the marker numbers each one carries.

    A sentence is the text before a group of ``[n]`` markers (``"A claim [1][2]"`` is one
    sentence citing 1 and 2). Text after the last marker is a sentence citing nothing.
    Pieces without any word (a full stop left after a marker) are dropped.
    """
    out: list[tuple[str, list[int]]] = []
    pos = 0
    body = (body or "").replace(NOT_FOUND, "")  # the sentence check's mark is not text
    for m in _MARKER_GROUP.finditer(body or ""):
        text = _LEADING_JUNK.sub("", body[pos:m.start()]).strip()
        if WORD.search(text):
            out.append((text, [int(n) for n in MARKER.findall(m.group(0))]))
        pos = m.end()
    tail = _LEADING_JUNK.sub("", (body or "")[pos:]).strip()
    if WORD.search(tail):
        out.append((tail, []))
    return out


# ----- retrieval ------------------------------------------------------------------------------

def rank_of(article_id: int, ranking: Sequence[int]) -> int | None:
    """1-based position of ``article_id`` in ``ranking``; None when absent."""
    for i, aid in enumerate(ranking, 1):
        if aid == article_id:
            return i
    return None


def hit_at(article_id: int, ranking: Sequence[int], k: int) -> int:
    """1 when ``article_id`` is among the first ``k`` of ``ranking``, else 0."""
    rank = rank_of(article_id, ranking)
    return int(rank is not None and rank <= k)


def reciprocal_rank(article_id: int, ranking: Sequence[int]) -> float:
    rank = rank_of(article_id, ranking)
    return 1.0 / rank if rank else 0.0


# ----- answer vs stored answer ----------------------------------------------------------------

@lru_cache(maxsize=1)
def _rouge():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)


def rouge_l_scores(answer: str, reference: str) -> tuple[float, float, float]:
    """ROUGE-L ``(precision, recall, f-measure)`` of ``answer`` against ``reference``
    (markers removed from the answer; rouge-score's tokenizer, Porter stemming)."""
    score = _rouge().score(reference or "", strip_markers(answer))["rougeL"]
    return float(score.precision), float(score.recall), float(score.fmeasure)


def rouge_l(answer: str, reference: str) -> float:
    """ROUGE-L F-measure, 0..1. ``rouge_l("the cat sat on the mat", "the cat lay on the mat")``
    is 5/6 (longest common subsequence of 5 of 6 words)."""
    return rouge_l_scores(answer, reference)[2]


def cosine(u: Sequence[float], v: Sequence[float]) -> float:
    """Cosine similarity of two vectors after normalising each; 0 for a zero vector."""
    nu = math.sqrt(sum(x * x for x in u))
    nv = math.sqrt(sum(x * x for x in v))
    if nu == 0 or nv == 0:
        return 0.0
    return sum(a * b for a, b in zip(u, v)) / (nu * nv)


# ----- citations ------------------------------------------------------------------------------

def citation_precision(cited_ids: Iterable[int], relevant: Iterable[int]) -> float | None:
    """Share of the cited articles (each counted once) that are in ``relevant``; None when
    nothing is cited."""
    cited = list(dict.fromkeys(cited_ids))
    if not cited:
        return None
    relevant = set(relevant)
    return sum(1 for a in cited if a in relevant) / len(cited)


# ----- groundedness ---------------------------------------------------------------------------

@dataclass
class GroundednessResult:
    score: float | None  # supported / sentences; None when there is no sentence
    sentences: int
    supported: int
    unsupported: list[str] = field(default_factory=list)


def sentence_supported(sentence: str, article_answer: str, article_text: str | None = None,
                       share: float = SUPPORT_SHARE) -> bool:
    """Whether one cited article supports ``sentence``.

    Supported when the sentence occurs verbatim (whitespace-normalised; Markdown ``*`` and a
    leading list number ignored) in the article's answer, or when at least ``share`` (80%) of
    the sentence's distinct content-word stems occur in the article (question and answer,
    ``article_text``). A sentence without content words is supported only verbatim.
    """
    needle = normalise_space(sentence.replace("*", ""))
    hay = normalise_space((article_answer or "").replace("*", ""))
    if needle and needle in hay:
        return True
    stems = set(content_stems(sentence))
    if not stems:
        return False
    article_stems = set(content_stems(article_text if article_text is not None else article_answer))
    return len(stems & article_stems) / len(stems) >= share


def groundedness(body: str, cited_answers: Mapping[int, str],
                 cited_texts: Mapping[int, str] | None = None,
                 share: float = SUPPORT_SHARE) -> GroundednessResult:
    """Share of the answer's sentences supported by an article they cite.

    ``body`` is the answer with ``[n]`` markers (``answer.body``); ``cited_answers`` maps a
    marker number to the cited article's stored answer, ``cited_texts`` (optional) to its
    question and answer for the content-word test.

    The rule: the body is cut into sentences at its markers (:func:`cited_sentences`). A
    sentence is supported when at least one article it cites supports it
    (:func:`sentence_supported`: verbatim after whitespace normalisation, or >= 80% of its
    content-word stems found in the article). A sentence with no marker, or whose marker
    names no cited article, is unsupported.
    """
    cited_texts = cited_texts or {}
    pieces = cited_sentences(body)
    supported = 0
    unsupported = []
    for sentence, numbers in pieces:
        ok = any(n in cited_answers and sentence_supported(sentence, cited_answers[n],
                                                           cited_texts.get(n), share)
                 for n in numbers)
        if ok:
            supported += 1
        else:
            unsupported.append(sentence)
    score = supported / len(pieces) if pieces else None
    return GroundednessResult(score, len(pieces), supported, unsupported)


# ----- summaries ------------------------------------------------------------------------------

def values_of(records: Iterable[Mapping], key: str) -> list[float]:
    """The non-null values of ``key`` in ``records``, booleans as 0/1."""
    out = []
    for r in records:
        v = r.get(key)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        out.append(float(v))
    return out


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def standard_error(values: Sequence[float]) -> float | None:
    """Standard error of the mean (sample standard deviation / sqrt(n)); None below 2 values."""
    if len(values) < 2:
        return None
    return statistics.stdev(values) / math.sqrt(len(values))


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank-style percentile (linear interpolation), ``p`` in 0..100."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def summarise(records: Sequence[Mapping], keys: Sequence[str]) -> dict:
    """``{"metrics": {key: mean}, "n": {key: count}, "stderr": {key: se}}`` over ``records``.

    Each mean is over the records whose value is not null; a key no record has is null.
    """
    metrics, counts, errors = {}, {}, {}
    for key in keys:
        vals = values_of(records, key)
        metrics[key] = mean(vals)
        counts[key] = len(vals)
        errors[key] = standard_error(vals)
    return {"metrics": metrics, "n": counts, "stderr": errors}


def round_metrics(record: dict, keys: Iterable[str], digits: int = 6) -> dict:
    """Round the float values of ``keys`` in place (the summary is computed after this, so
    it is exactly the mean of what ``results.jsonl`` holds)."""
    for key in keys:
        v = record.get(key)
        if isinstance(v, float):
            record[key] = round(v, digits)
    return record
