"""Dense search over stored questions and answer chunks, resolved to articles.

A hit counts only if its article is committed and the chunk belongs to the committed version
(its hash matches the article record): chunks left by an interrupted ingest are ignored.
Several hits of one article count once, with the best similarity and its passage.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DenseHit:
    article_id: int
    similarity: float  # best cosine similarity of any of its records
    passage: str  # the text of that record (an answer chunk, or the stored question)
    matched: str  # "question" or "chunk"


class DenseSearch:
    def __init__(self, store, embedder, library):
        self.store = store
        self.embedder = embedder
        self.library = library

    def search(self, text: str, n: int, subject: str | None = None,
               vector: list[float] | None = None) -> list[DenseHit]:
        vector = vector if vector is not None else self.embedder.embed_query(text)
        where = {"subject": subject} if subject else None
        best: dict[int, DenseHit] = {}
        for rec in self.store.query(vector, n * 3, where=where):
            meta = rec["metadata"] or {}
            aid = int(meta.get("article_id", -1))
            article = self.library.get(aid)
            if article is None or meta.get("hash") != article.hash:
                continue
            kind = meta.get("kind", "chunk")
            passage = article.question if kind == "question" else rec["text"]
            hit = best.get(aid)
            if hit is None or rec["similarity"] > hit.similarity:
                best[aid] = DenseHit(aid, rec["similarity"], passage, kind)
        return sorted(best.values(), key=lambda h: -h.similarity)[:n]
