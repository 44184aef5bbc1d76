"""Hybrid retrieval: dense (meaning) and BM25 (distinctive words), score-fused, per article.

Usage example::

    retriever = HybridRetriever(store, embedder, library, settings.retrieval)
    for hit in retriever.retrieve("does metformin raise blood pressure?", k=5):
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
    timings_ms: dict = field(default_factory=dict)


class HybridRetriever:
    def __init__(self, store, embedder, library: Library, settings):
        self.settings = settings
        self.library = library
        self.dense = DenseSearch(store, embedder, library)
        self.lexical = LexicalIndex(library, max_df=settings.lexical_max_df)
        self.acronyms = (Acronyms.from_texts(a.text for a in library.articles)
                         if settings.expand_acronyms else None)

    @property
    def embedder(self):
        """The model queries are embedded with (the one the index was built with)."""
        return self.dense.embedder

    @property
    def store(self):
        """The Chroma store searched."""
        return self.dense.store

    def retrieve(self, question: str, k: int | None = None, subject: str | None = None,
                 mode: str = "hybrid", exclude: set[int] | frozenset[int] = frozenset()) -> Retrieval:
        """Ranked articles for ``question``; ``mode`` is hybrid, dense, lexical (BM25 on the
        distinctive words) or bm25 (plain BM25 on all words, for comparison).

        ``exclude`` hides articles (the evaluation's leave-one-out mode).
        """
        k = k or self.settings.k
        n = max(self.settings.candidates, k) + len(exclude)
        query = clean_query(question) or question
        if self.acronyms is not None:
            query = self.acronyms.expand(query)
        timings: dict[str, float] = {}

        t0 = time.perf_counter()
        dense = self.dense.search(query, n, subject) if mode in ("hybrid", "dense") else []
        t1 = time.perf_counter()
        lexical = (self.lexical.search(query, n, subject, all_words=mode == "bm25")
                   if mode in ("hybrid", "lexical", "bm25") else [])
        t2 = time.perf_counter()
        if exclude:
            dense = [h for h in dense if h.article_id not in exclude]
            lexical = [(a, s) for a, s in lexical if a not in exclude]
        timings["dense_ms"] = (t1 - t0) * 1000
        timings["lexical_ms"] = (t2 - t1) * 1000

        # Score fusion: cosine similarity plus the BM25 score relative to this query's best,
        # weighted; an article found only by words gets the weakest dense score seen.
        dense_by_id = {h.article_id: h for h in dense}
        lexical_by_id = dict(lexical)
        top_lexical = lexical[0][1] if lexical else 1.0
        floor = min((h.score for h in dense), default=0.0)
        fused = {aid: (dense_by_id[aid].score if aid in dense_by_id else floor)
                 + self.settings.lexical_weight * lexical_by_id.get(aid, 0.0) / top_lexical
                 for aid in set(dense_by_id) | set(lexical_by_id)}
        if mode in ("lexical", "bm25"):
            fused = dict(lexical)

        hits = []
        for aid, score in sorted(fused.items(), key=lambda kv: -kv[1])[:k]:
            article = self.library.get(aid)
            if article is None:
                continue
            dhit = dense_by_id.get(aid)
            hits.append(RetrievedArticle(
                article=article, score=score,
                dense_similarity=dhit.similarity if dhit else 0.0,
                passage=dhit.passage if dhit and dhit.matched == "chunk" else article.answer[:600],
            ))
        best = max((h.similarity for h in dense), default=0.0)
        return Retrieval(query=query, hits=hits, best_similarity=best, timings_ms=timings,
                         covered=bool(hits) and best >= self.settings.min_dense_similarity)
