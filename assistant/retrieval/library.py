"""The article library as the assistant reads it: one entry per committed article.

Loaded once from the store's article records (the commit markers written by ingest), so the
assistant never needs the article files. Lexical search, the answerers and the UI read
article text, titles, URLs and related articles from here.

A library read from a saved snapshot is *light* (``lighten``): it holds every article's
metadata (question, title, URL, subject, related articles, hash) but not its answer, which
``get``/``get_many`` fetch from the store by id and keep for the last ``TEXTS_KEPT`` articles.
``meta`` gives the light record without a fetch, for what needs only the question or the URL
(ranking stages, the choice of sibling articles). ``articles`` is always the light list.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from library.bounded import Bounded
from library.records import ArticleRecord

RECHECK_S = 30.0  # a version found not committed is asked about again after this long
TEXTS_KEPT = 2_000  # full articles kept in a light library (the most recently used)

# The assistant's name for a committed article: the record ingest stored.
LibraryArticle = ArticleRecord


class Library:
    """All committed articles, by id, in a stable order (the lexical index's document order)."""

    def __init__(self, articles: list[LibraryArticle], store=None):
        self.articles = sorted(articles, key=lambda a: a.id)
        self.by_id = {a.id: a for a in self.articles}
        self.store = store  # where a version committed after start-up is read from
        # versions found not committed, and when: asked again after RECHECK_S (an ingest may
        # have been between writing a version's chunks and its article record)
        self._not_committed: dict[tuple[int, str], float] = {}
        self._lock = threading.Lock()
        self.light = False  # answers not held: fetched from the store by id (``lighten``)
        self.answer_chars: dict[int, int] = {}  # a light library's answer lengths
        self._full: Bounded = Bounded(TEXTS_KEPT)  # whole articles fetched, the latest kept
        self._parts: dict[int, list[LibraryArticle]] | None = None
        self._pages: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.articles)

    def meta(self, article_id: int) -> LibraryArticle | None:
        """The article's record without a fetch (no answer in a light library)."""
        return self.by_id.get(article_id)

    def get(self, article_id: int) -> LibraryArticle | None:
        """The whole article (its answer fetched from the store in a light library)."""
        if not self.light:
            return self.by_id.get(article_id)
        return self.get_many([article_id])[0]

    def get_many(self, ids: list[int]) -> list[LibraryArticle | None]:
        """Whole articles for ``ids``, in order, the missing answers fetched in one call; an
        article the store no longer has is given as its light record."""
        if not self.light:
            return [self.by_id.get(i) for i in ids]
        with self._lock:
            missing = [i for i in dict.fromkeys(ids) if i in self.by_id and not self._fresh(i)]
        fetched = self.store.article_records(missing) if missing and self.store is not None else []
        with self._lock:
            for record in fetched:
                if record.id in self.by_id and record.hash != self.by_id[record.id].hash:
                    self._set_light(record)  # committed since this library was built
                self._full[record.id] = record
            return [self._full[i] if self._fresh(i) else self.by_id.get(i) for i in ids]

    def _fresh(self, article_id: int) -> bool:
        full = self._full.get(article_id)
        light = self.by_id.get(article_id)
        return full is not None and light is not None and full.hash == light.hash

    def lighten(self) -> Library:
        """Drop the answers from memory (they stay in the store); see the module's docstring."""
        if self.light:
            return self
        self.answer_chars = {a.id: len(a.answer or "") for a in self.articles}
        self.articles = [replace(a, answer="") for a in self.articles]
        self.by_id = {a.id: a for a in self.articles}
        self._parts = self._pages = None
        self.light = True
        return self

    def _set_light(self, record: LibraryArticle) -> None:
        """Put ``record`` (a newer version) in the lists, without its answer if light."""
        entry = replace(record, answer="") if self.light else record
        old = self.by_id.get(record.id)
        self.by_id[record.id] = entry
        if old is not None:
            self.articles[self.articles.index(old)] = entry
        if self.light:
            self.answer_chars[record.id] = len(record.answer or "")

    def __getstate__(self) -> dict:
        """A saved snapshot holds the articles, not the store they came from."""
        state = dict(self.__dict__)
        state["store"] = None
        state["_not_committed"] = {}
        del state["_lock"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def current(self, article_id: int, version: str) -> LibraryArticle | None:
        """The article in the version ``version`` (a content hash) if that is the committed one.

        A running reader loaded the library at start-up; an ingest beside it commits new
        versions of articles and deletes the old chunks. A chunk of a version the reader has
        not seen is checked against the store's article record (the commit marker) once, and
        the newer record replaces the old one here, so the article stays findable and is shown
        in its new version. A chunk of no committed version (an ingest under way or killed) is
        remembered as such and ignored, without asking the store again.
        """
        article = self.by_id.get(article_id)
        if article is not None and article.hash == version:
            return article
        key = (article_id, version)
        checked = self._not_committed.get(key)
        if self.store is None or (checked is not None and time.monotonic() - checked < RECHECK_S):
            return None
        found = self.store.article_records([article_id])
        if not found or found[0].hash != version:
            with self._lock:
                if len(self._not_committed) > 10_000:
                    self._not_committed.clear()
                self._not_committed[key] = time.monotonic()
            return None
        self._replace(found[0])
        return self.by_id[article_id]

    def _replace(self, record: LibraryArticle) -> None:
        with self._lock:  # two requests may meet the same new version at once
            old = self.by_id.get(record.id)
            if old is not None and old.hash == record.hash:
                return
            self._set_light(record)
            if self.light:
                self._full[record.id] = record
        # a new article is findable by meaning; the word index and the page lists gain it at
        # the next start (they are built from the ordered list of start-up)

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
        return cls(store.article_records(), store=store)
