"""Retrieval: a question in, ranked articles and the refusal signal out.

The ranking itself is a list of stages (``stages.py``): in the product, dense (meaning) and
BM25 (distinctive words), score-fused, per article. This module cleans the question, runs the
stages and resolves the top candidates to library articles. Built by
``assistant.factory.build_retriever``.

Usage example::

    retriever = build_retriever(settings)
    for hit in retriever.retrieve("does metformin raise blood pressure?", k=5).hits:
        print(hit.article.title, hit.score, hit.dense_similarity)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from assistant.query import clean_query
from assistant.retrieval.acronyms import Acronyms
from assistant.retrieval.dense import DenseSearch
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.library import Library, LibraryArticle
from assistant.retrieval.stages import Candidate, Query, Stage

COVERAGE_ARTICLES = 3  # the top articles whose words count for the coverage signal


@dataclass
class RetrievedArticle:
    article: LibraryArticle
    score: float  # fused score: dense score + weighted relative BM25
    dense_similarity: float  # best cosine similarity of its question or chunks; 0 if not found
    passage: str  # the passage that matched best


@dataclass
class Retrieval:
    query: str  # the cleaned query actually searched
    hits: list[RetrievedArticle]
    best_similarity: float  # over all dense candidates, before fusion
    # The refusal signal: something in the library is close enough to answer from
    # (``best_similarity >= retrieval.min_dense_similarity``).
    covered: bool = True
    # the share of the question's distinctive words the top articles hold (a refusal signal)
    coverage: float = 1.0
    # the re-ranker's judgement of the top articles (1: one asks this kind of question about the
    # topic the message names; 0.5: one is about it; 0: none, or not judged): a refusal signal
    entailment: float = 0.0
    timings_ms: dict = field(default_factory=dict)


def one_per_page(hits: list[RetrievedArticle]) -> list[RetrievedArticle]:
    """Hits in order, each article once and articles sharing a page (one URL) once, by the
    best of them: what is answered from and listed as sources."""
    seen: set = set()
    out = []
    for h in hits:
        key = h.article.url or h.article.id
        if key in seen or h.article.id in seen:
            continue
        seen.update((key, h.article.id))
        out.append(h)
    return out


class Retriever:
    """Cleans the question, runs the stages, and turns the top candidates into articles.

    ``stages``: the list ``retrieval_stages`` makes (the factory passes the product's);
    ``dense`` and ``lexical``: the searches they use, kept so a variant can reuse them.
    """

    def __init__(self, library: Library, settings, dense: DenseSearch, lexical: LexicalIndex,
                 stages: list[Stage], acronyms: Acronyms | None = None, names=None, snapshot=None):
        self.settings = settings
        self.library = library
        self.dense = dense
        self.lexical = lexical
        self.stages = stages
        self.acronyms = acronyms
        # assistant.understand.QuestionReader: brand names followed by the library's name
        self.names = names
        # assistant.snapshot.Snapshot: what was built from the index for this reader (or None)
        self.snapshot = snapshot

    def using(self, stages: list[Stage]) -> Retriever:
        """The same library and searches, other stages (the benchmarks compare kinds)."""
        return Retriever(self.library, self.settings, self.dense, self.lexical, stages,
                         self.acronyms, self.names, self.snapshot)

    @property
    def embedder(self):
        """The model queries are embedded with (the one the index was built with)."""
        return self.dense.embedder

    @property
    def store(self):
        """The store searched (a ``library.store.VectorStore``)."""
        return self.dense.store

    def retrieve(self, question: str, k: int | None = None, subject: str | None = None,
                 exclude: set[int] | frozenset[int] = frozenset()) -> Retrieval:
        """Ranked articles for ``question``; ``exclude`` hides articles (the evaluation's
        leave-one-out mode)."""
        k = k or self.settings.k
        text = clean_query(question) or question
        if self.acronyms is not None:
            text = self.acronyms.expand(text)
        if self.names is not None:
            text = self.names.expand(text)
        query = Query(text, max(self.settings.candidates, k), subject, frozenset(exclude))

        timings: dict[str, float] = {}
        candidates: list[Candidate] = []
        for stage in self.stages:
            started = time.perf_counter()
            candidates = stage(query, candidates)
            timings[f"{stage.name}_ms"] = (time.perf_counter() - started) * 1000

        hits = []
        top = candidates[:k]
        for c, article in zip(top, self.library.get_many([c.article_id for c in top])):
            if article is None:
                continue
            hits.append(RetrievedArticle(
                article=article, score=c.score, dense_similarity=c.similarity,
                passage=c.passage if c.matched in ("chunk", "words") and c.passage else article.answer[:600],
            ))
        best = max((c.similarity for c in candidates), default=0.0)
        coverage = self.lexical.coverage(text, [h.article.id for h in hits[:COVERAGE_ARTICLES]])
        entailed = max((c.entailment or 0.0 for c in candidates[:COVERAGE_ARTICLES]), default=0.0)
        return Retrieval(query=text, hits=hits, best_similarity=best, timings_ms=timings,
                         coverage=coverage, entailment=entailed,
                         covered=bool(hits) and self.covers(best, coverage, entailed))

    def covers(self, best_similarity: float, coverage: float, entailment: float = 0.0) -> bool:
        """The refusal decision, on three signals: a dense match close enough on its own
        (``retrieval.min_dense_similarity``), or a weaker one (down to
        ``retrieval.min_similarity_with_words``) whose top articles hold at least
        ``retrieval.min_word_coverage`` of the question's distinctive words, or one of whose
        top articles the re-ranker judged to be about the topic the message names (its stored
        question's topic is that name: ``entailment`` 0.5; 1 when it also asks the kind of
        answer wanted). The message "Can I catch dengue fever from a coworker?" names the
        library's "dengue fever", so a weaker match on it is an answer, not a refusal."""
        r = self.settings
        if best_similarity >= r.min_dense_similarity:
            return True
        if best_similarity < r.min_similarity_with_words:
            return False
        return coverage >= r.min_word_coverage or (r.named_topic_covers and entailment >= 0.5)
