"""The article library as the assistant reads it: one entry per committed article.

Loaded once from the store's article records (the commit markers written by ingest), so the
assistant never needs the article files. Lexical search, the answerers and the UI read
article text, titles, URLs and related articles from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LibraryArticle:
    id: int
    question: str
    answer: str
    title: str
    url: str
    subject: str
    date: str
    hash: str
    related: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return f"{self.question}\n\n{self.answer}"


class Library:
    """All committed articles, by id, in a stable order (the lexical index's document order)."""

    def __init__(self, articles: list[LibraryArticle]):
        self.articles = sorted(articles, key=lambda a: a.id)
        self.by_id = {a.id: a for a in self.articles}

    def __len__(self) -> int:
        return len(self.articles)

    def get(self, article_id: int) -> LibraryArticle | None:
        return self.by_id.get(article_id)

    def subjects(self) -> list[str]:
        return sorted({a.subject for a in self.articles if a.subject})

    @classmethod
    def from_store(cls, store) -> Library:
        articles = []
        for text, meta in store.article_records():
            question = meta.get("question") or text.split("\n\n", 1)[0]
            answer = text[len(question):].lstrip("\n") if text.startswith(question) else text
            try:
                related = tuple(json.loads(meta.get("related") or "[]"))
            except json.JSONDecodeError:
                related = ()
            articles.append(LibraryArticle(
                id=int(meta["article_id"]), question=question, answer=answer,
                title=meta.get("title") or question, url=meta.get("url") or "",
                subject=meta.get("subject") or "", date=meta.get("date") or "",
                hash=meta.get("hash") or "", related=related,
            ))
        return cls(articles)
