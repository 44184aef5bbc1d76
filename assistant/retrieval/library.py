"""The article library as the assistant reads it: one entry per committed article.

Loaded once from the store's article records (the commit markers written by ingest), so the
assistant never needs the article files. Lexical search, the answerers and the UI read
article text, titles, URLs and related articles from here.
"""

from __future__ import annotations

from library.records import ArticleRecord

# The assistant's name for a committed article: the record ingest stored.
LibraryArticle = ArticleRecord


class Library:
    """All committed articles, by id, in a stable order (the lexical index's document order)."""

    def __init__(self, articles: list[LibraryArticle]):
        self.articles = sorted(articles, key=lambda a: a.id)
        self.by_id = {a.id: a for a in self.articles}
        self._parts: dict[int, list[LibraryArticle]] | None = None
        self._pages: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.articles)

    def get(self, article_id: int) -> LibraryArticle | None:
        return self.by_id.get(article_id)

    def parts(self, article: LibraryArticle) -> list[LibraryArticle]:
        """The articles one page splits a question into (the same question and URL: the
        senior-health pages' "What are the symptoms of Parkinson's Disease?" is three), in id
        order; just the article when it is whole."""
        if self._parts is None:
            groups: dict[tuple[str, str], list[LibraryArticle]] = {}
            for a in self.articles:
                if a.url:
                    groups.setdefault((" ".join(a.question.lower().split()), a.url), []).append(a)
            self._parts = {a.id: g for g in groups.values() if len(g) > 1 for a in g}
        return self._parts.get(article.id, [article])

    def page(self, url: str) -> list[int]:
        """The ids of the articles taken from one page (a drug's page gives its dosage,
        precautions, side effects... as articles of their own), in library order."""
        if self._pages is None:
            self._pages = {}
            for a in self.articles:
                if a.url:
                    self._pages.setdefault(a.url, []).append(a.id)
        return self._pages.get(url, []) if url else []

    def subjects(self) -> list[str]:
        return sorted({a.subject for a in self.articles if a.subject})

    @classmethod
    def from_store(cls, store) -> Library:
        return cls(store.article_records())
