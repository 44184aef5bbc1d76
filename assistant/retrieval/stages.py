"""Retrieval as stages with one contract: a ranked list of candidate articles in, one out.

A stage either finds candidates (dense search, lexical search: they add the articles they
find and fill in their own scores on the ones already there) or orders them (score fusion, a
re-ranker). The factory composes them; the product's retrieval is::

    [DenseStage, LexicalStage, ScoreFusion, DemoteGeneric, WordPassages, BestPart, QuestionEntailment]

and the benchmarks compare it with ``[DenseStage]``, ``[LexicalStage]`` and plain BM25
(``retrieval_stages`` below). A new stage (a cross-encoder re-ranker, a second dense model)
is one more class with ``name`` and ``__call__``.

Usage example::

    stages = retrieval_stages("hybrid", dense, lexical, settings.retrieval)
    candidates = []
    for stage in stages:
        candidates = stage(query, candidates)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Protocol


@dataclass(frozen=True)
class Query:
    """What every stage is asked: the cleaned text, how many candidates, and the filters."""

    text: str
    n: int  # candidates each finding stage returns
    subject: str | None = None
    exclude: frozenset[int] = field(default_factory=frozenset)  # articles never returned


@dataclass(frozen=True)
class Candidate:
    article_id: int
    score: float  # the ranking score: set by the stage that ordered the list last
    dense_score: float | None = None  # whole message and its sentences combined; None: not found
    similarity: float = 0.0  # best cosine similarity to the whole message (the refusal signal)
    lexical_score: float = 0.0  # BM25 of the distinctive words; 0: not found by words
    passage: str = ""  # the text that matched best: an answer chunk, the stored question, or
    # for an article found by words alone, its paragraph holding most of the query's words
    matched: str = ""  # "chunk", "question" or "words" (found by words only)
    # set by a re-ranker that judges whether the article answers this kind of question about
    # this topic (question entailment): 1 entailed, 0.5 same topic, 0 neither; None: not judged
    entailment: float | None = None


class Stage(Protocol):
    name: str

    def __call__(self, query: Query, candidates: list[Candidate]) -> list[Candidate]: ...


def _merge(candidates: list[Candidate], found: dict[int, dict], score_key: str) -> list[Candidate]:
    """Candidates with ``found``'s fields filled in; new ones appended, scored by ``score_key``."""
    out = []
    for c in candidates:
        out.append(replace(c, **found.pop(c.article_id)) if c.article_id in found else c)
    for aid, fields in found.items():
        out.append(Candidate(article_id=aid, score=fields[score_key], **fields))
    return sorted(out, key=lambda c: -c.score)


class DenseStage:
    """Finds articles by meaning (``DenseSearch``: stored questions and answer chunks)."""

    name = "dense"

    def __init__(self, search):
        self.search = search

    def __call__(self, query: Query, candidates: list[Candidate]) -> list[Candidate]:
        hits = self.search.search(query.text, query.n + len(query.exclude), query.subject)
        found = {h.article_id: {"dense_score": h.score, "similarity": h.similarity,
                                "passage": h.passage, "matched": h.matched}
                 for h in hits if h.article_id not in query.exclude}
        return _merge(candidates, found, "dense_score")


class LexicalStage:
    """Finds articles by their distinctive words (BM25); ``all_words`` is plain BM25."""

    def __init__(self, index, all_words: bool = False):
        self.index = index
        self.all_words = all_words
        self.name = "bm25" if all_words else "lexical"

    def __call__(self, query: Query, candidates: list[Candidate]) -> list[Candidate]:
        hits = self.index.search(query.text, query.n + len(query.exclude), query.subject,
                                 all_words=self.all_words)
        found = {aid: {"lexical_score": score} for aid, score in hits if aid not in query.exclude}
        known = {c.article_id for c in candidates}
        for aid, fields in found.items():
            if aid not in known:
                fields["matched"] = "words"  # found by words alone (its passage: WordPassages)
        return _merge(candidates, found, "lexical_score")


class WordPassages:
    """Gives the first ``top`` candidates found by words alone the paragraph of their article
    that holds the most of the query's words, so a re-ranker (and the answer) has a passage to
    read, as dense search gives its matches theirs. After fusion: only the few that can be
    shown are read."""

    name = "word_passages"

    def __init__(self, library, lexical, top: int = 20):
        self.library = library
        self.lexical = lexical
        self.top = top

    def __call__(self, query: Query, candidates: list[Candidate]) -> list[Candidate]:
        out = list(candidates)
        wanted = [i for i, c in enumerate(out[:self.top]) if c.matched == "words" and not c.passage]
        articles = self.library.get_many([out[i].article_id for i in wanted])  # one fetch
        for i, article in zip(wanted, articles):
            if article is not None:
                out[i] = replace(out[i], passage=self.lexical.passage(query.text, article.answer))
        return out


class ScoreFusion:
    """Orders by dense score plus the BM25 score relative to this query's best, weighted.

    An article found only by words gets the weakest dense score seen, so a name match can
    lift an article the meaning search ranked low but never makes one from nothing.
    """

    name = "fusion"

    def __init__(self, lexical_weight: float, strong_similarity: float = 1.0):
        self.lexical_weight = lexical_weight
        self.strong_similarity = strong_similarity

    def __call__(self, query: Query, candidates: list[Candidate]) -> list[Candidate]:
        dense = [c.dense_score for c in candidates if c.dense_score is not None]
        floor = min(dense, default=0.0)
        top = max((c.lexical_score for c in candidates), default=0.0) or 1.0
        fused = [replace(c, score=(c.dense_score if c.dense_score is not None else floor)
                         + self.lexical_weight * c.lexical_score / top)
                 for c in candidates]
        # Meaning first: words alone never lift a weak meaning match above a strong one.
        strong = [c.score for c in fused if c.similarity >= self.strong_similarity]
        if strong:
            ceiling = min(strong) - 1e-6
            fused = [c if c.similarity >= self.strong_similarity or c.score <= ceiling
                     else replace(c, score=ceiling) for c in fused]
        return sorted(fused, key=lambda c: -c.score)


class DemoteGeneric:
    """Moves generic articles ("Questions to ask your doctor ...") below the specific ones,
    unless the question is about them."""

    name = "demote_generic"
    TITLE = re.compile(r"\bquestions to ask\b|\bquestions for your doctor\b|\bwhat to ask\b",
                       re.IGNORECASE)
    ASKS = re.compile(r"\b(?:questions?|ask)\b", re.IGNORECASE)

    def __init__(self, library, penalty: float = 0.3):
        self.library = library
        self.penalty = penalty

    def __call__(self, query: Query, candidates: list[Candidate]) -> list[Candidate]:
        if self.ASKS.search(query.text):
            return candidates
        out = []
        for c in candidates:
            article = self.library.meta(c.article_id)
            text = f"{article.title}\n{article.question}" if article is not None else ""
            out.append(replace(c, score=c.score - self.penalty) if self.TITLE.search(text) else c)
        return sorted(out, key=lambda c: -c.score)


class BestPart:
    """A question a page splits into parts ties on its stored question: of the parts, the one
    whose text holds the query's words best stands for it (not the first one found). Runs
    before any re-ranker, so what the re-ranker orders is what is shown."""

    name = "best_part"

    def __init__(self, library, lexical):
        self.library = library
        self.lexical = lexical

    def __call__(self, query: Query, candidates: list[Candidate]) -> list[Candidate]:
        split = {}
        for c in candidates:
            article = self.library.meta(c.article_id)
            if article is not None and len(self.library.parts(article)) > 1:
                split[c.article_id] = self.library.parts(article)
        if not split:
            return candidates
        ids = [a.id for parts in split.values() for a in parts if a.id not in query.exclude]
        scores = self.lexical.scores(query.text, ids)
        out, seen = [], set()
        for c in candidates:
            parts = [a for a in split.get(c.article_id, ()) if a.id not in query.exclude]
            if parts:
                best = max(parts, key=lambda a: (scores.get(a.id, 0.0), a.id == c.article_id))
                if best.id != c.article_id:
                    whole = self.library.get(best.id) or best
                    c = replace(c, article_id=best.id, passage=self.lexical.passage(query.text, whole.answer),
                                matched="words")
            if c.article_id not in seen:  # two parts of one page found: the page once
                seen.add(c.article_id)
                out.append(c)
        return out


KINDS = ("hybrid", "dense", "lexical", "bm25")


def retrieval_stages(kind: str, dense, lexical, settings, rerank: Stage | None = None,
                     library=None) -> list[Stage]:
    """The stages of one kind of retrieval: the product's (hybrid), or one the benchmarks
    compare it with. ``rerank`` (a stage that re-orders the fused list) goes last."""
    stages: list[Stage]
    if kind == "hybrid":
        stages = [DenseStage(dense), LexicalStage(lexical),
                  ScoreFusion(settings.lexical_weight, settings.strong_similarity)]
        if library is not None:
            stages.append(DemoteGeneric(library))
    elif kind == "dense":
        stages = [DenseStage(dense)]
    elif kind in ("lexical", "bm25"):
        stages = [LexicalStage(lexical, all_words=kind == "bm25")]
    else:
        raise ValueError(f"retrieval kind {kind!r}: expected one of {', '.join(KINDS)}")
    if library is not None and lexical is not None:
        # before the re-ranker: it reads the passages and orders what is shown
        stages += [WordPassages(library, lexical), BestPart(library, lexical)]
    return [*stages, rerank] if rerank is not None else stages
