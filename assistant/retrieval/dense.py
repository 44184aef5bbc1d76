"""Dense search over stored questions and answer chunks, resolved to articles.

A person's message is often several sentences, and all-MiniLM-L6-v2 reads a query only up to
``embedding.query_max_seq_length`` tokens: the whole message is embedded, and so is each of its
sentences (one batch, one Chroma call). An article's score is its similarity to the whole
message plus half its mean similarity over the sentences, so an article matching the one
sentence that holds the question is not lost behind greetings and background, and one
matching only a side remark does not win.

A hit counts only if its article is committed and the chunk belongs to the committed version
(its hash matches the article record): chunks left by an interrupted ingest are ignored. A
version committed after this process started (an ingest beside a running server) is read from
the store once and replaces the old one (``Library.current``).
Several hits of one article count once, with the best similarity and its passage.
"""

from __future__ import annotations

from dataclasses import dataclass

from library.records import ArticleRecord
from library.sentences import sentences

MAX_PARTS = 6
PART_WEIGHT = 0.5


@dataclass
class DenseHit:
    article_id: int
    similarity: float  # best cosine similarity to the whole message
    score: float  # whole-message similarity and sentence similarities, combined
    passage: str  # the text of the best record (an answer chunk, or the stored question)
    matched: str  # "question" or "chunk"


def query_parts(text: str) -> list[str]:
    """The sentences of a message worth embedding on their own (none for a one-liner)."""
    parts = [p for p in sentences(text) if len(p.split()) >= 2]
    return parts[:MAX_PARTS] if len(parts) > 1 else []


class DenseSearch:
    def __init__(self, store, embedder, library):
        self.store = store
        self.embedder = embedder
        self.library = library

    def search(self, text: str, n: int, subject: str | None = None) -> list[DenseHit]:
        parts = query_parts(text)
        vectors = self.embedder.embed_queries([text, *parts])
        results = self.store.query_many(vectors, n * 4, subject)

        per_query: list[dict[int, tuple[float, str, str]]] = []
        for hits in results:
            best: dict[int, tuple[float, str, str]] = {}
            for hit in hits:
                record = hit.record
                aid = record.id if isinstance(record, ArticleRecord) else record.article_id
                article = self.library.current(aid, record.hash)
                if article is None:
                    continue  # not committed, or left over from an interrupted ingest
                if aid not in best or hit.similarity > best[aid][0]:
                    if isinstance(record, ArticleRecord):
                        best[aid] = (hit.similarity, article.question, "question")
                    else:
                        best[aid] = (hit.similarity, record.text, "chunk")
            per_query.append(best)

        whole = per_query[0]
        sentences = per_query if len(per_query) > 1 else []
        floor = min((v[0] for v in whole.values()), default=0.0)
        hits = []
        for aid in set(whole).union(*sentences):
            sim, passage, kind = whole.get(aid) or (floor, "", "")
            score = sim
            if sentences:
                mean = sum(s[aid][0] if aid in s else 0.0 for s in sentences) / len(sentences)
                score = (sim + PART_WEIGHT * mean) / (1 + PART_WEIGHT)
            if not passage:
                passage, kind = next(((s[aid][1], s[aid][2]) for s in sentences if aid in s), ("", "chunk"))
            hits.append(DenseHit(aid, sim if aid in whole else 0.0, score, passage, kind))
        hits.sort(key=lambda h: -h.score)
        return hits[:n]
