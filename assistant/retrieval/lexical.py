"""BM25 over whole articles (bm25s, English stop words, Snowball stemming).

Built from the library at start-up (a few seconds for the whole corpus), so it can never
disagree with the vector store. Each article is indexed as its question and its answer.

Only the query's *distinctive* words are searched: those in at most ``max_df`` of the
articles (a drug's or a condition's name, a rare symptom). Common words of a long message
("need", "know", "pain", "doctor") match thousands of articles and drown the names; the
dense search already covers their meaning. A query with no distinctive word falls back to
all its words.

People misspell names ("Klippel-Tranaunay", "ricketts", "effextor"): a query word the index
does not know is replaced by the closest word it knows (same first two letters, difflib
similarity of at least 0.8), so the name still finds its articles.

Usage example::

    index = LexicalIndex(library)
    index.search("gluten in zolmitriptan tablets", n=10)   # [(article_id, score), ...]
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from functools import lru_cache

import numpy as np

from library.sentences import paragraphs as split_paragraphs
from library.words import import_bm25s

MIN_CORRECTED_LENGTH = 5


class LexicalIndex:
    def __init__(self, library, max_df: float = 0.02):
        import Stemmer

        bm25s = import_bm25s()

        self._bm25s = bm25s
        self.stemmer = Stemmer.Stemmer("english")
        self.ids = [a.id for a in library.articles]
        self._row = {aid: i for i, aid in enumerate(self.ids)}
        self.subjects = np.array([a.subject for a in library.articles], dtype=object)
        texts = [f"{a.question}\n{a.answer}" for a in library.articles]
        self.retriever = bm25s.BM25()
        if texts:
            tokens = bm25s.tokenize(texts, stopwords="en", stemmer=self.stemmer, show_progress=False)
            self.retriever.index(tokens, show_progress=False)
            self.vocab = self.retriever.vocab_dict
            doc_freq = np.zeros(max(self.vocab.values()) + 1, dtype=np.int64)
            for doc in tokens.ids:
                doc_freq[np.unique(np.asarray(doc, dtype=np.int64))] += 1
            self.doc_freq = doc_freq
        else:
            self.vocab = {}
            self.doc_freq = np.zeros(0, dtype=np.int64)
        self.max_docs = max(50, int(max_df * len(self.ids)))
        self._buckets: dict[str, list[str]] = defaultdict(list)
        for word in self.vocab:
            if len(word) >= MIN_CORRECTED_LENGTH - 1 and word.isalpha():
                self._buckets[word[:2]].append(word)
        self.correct = lru_cache(maxsize=20_000)(self._correct)

    def __getstate__(self) -> dict:
        """What a saved snapshot holds: the index and its tables, not the modules and caches."""
        state = dict(self.__dict__)
        for name in ("_bm25s", "stemmer", "correct"):
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict) -> None:
        import Stemmer

        self.__dict__.update(state)
        self._bm25s = import_bm25s()
        self.stemmer = Stemmer.Stemmer("english")
        self.correct = lru_cache(maxsize=20_000)(self._correct)

    def _correct(self, term: str) -> str | None:
        """The known word closest to an unknown one, or None."""
        if len(term) < MIN_CORRECTED_LENGTH or not term.isalpha():
            return None
        close = difflib.get_close_matches(term, self._buckets.get(term[:2], ()), n=1, cutoff=0.8)
        return close[0] if close else None

    def query_terms(self, text: str, all_words: bool = False) -> list[str]:
        terms = self._bm25s.tokenize(text, stopwords="en", stemmer=self.stemmer,
                                     return_ids=False, show_progress=False)
        known = []
        for term in terms[0] if terms else []:
            term = term if term in self.vocab else self.correct(term)
            if term:
                known.append(term)
        if all_words:
            return known
        distinctive = [t for t in known if self.doc_freq[self.vocab[t]] <= self.max_docs]
        return distinctive or known

    def search(self, text: str, n: int, subject: str | None = None,
               all_words: bool = False) -> list[tuple[int, float]]:
        """Top ``n`` articles as ``(article_id, bm25 score)``, best first; score > 0 only.

        ``all_words`` searches every query word (plain BM25), for comparison.
        """
        terms = self.query_terms(text, all_words)
        if not terms or not self.ids:
            return []
        scores = self.retriever.get_scores(terms)
        if subject:
            scores = np.where(self.subjects == subject, scores, 0.0)
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def scores(self, text: str, article_ids: list[int]) -> dict[int, float]:
        """BM25 of every query word for these articles (0 for an unknown id)."""
        terms = self.query_terms(text, all_words=True)
        if not terms or not self.ids:
            return dict.fromkeys(article_ids, 0.0)
        scores = self.retriever.get_scores(terms)
        return {a: float(scores[self._row[a]]) if a in self._row else 0.0 for a in article_ids}

    def passage(self, text: str, answer: str, max_chars: int = 600) -> str:
        """The paragraph of ``answer`` holding the most of the query's words (stemmed), cut to
        ``max_chars``: what an article found by its words alone matched, for a re-ranker to read."""
        terms = set(self.query_terms(text, all_words=True))
        paragraphs = split_paragraphs(answer)
        if not paragraphs:
            return ""
        if not terms:
            return paragraphs[0][:max_chars]

        def held(p: str) -> int:
            words = self._bm25s.tokenize(p, stopwords="en", stemmer=self.stemmer, return_ids=False,
                                         show_progress=False)
            return len(terms & set(words[0] if words else ()))

        return max(paragraphs, key=held)[:max_chars]

    def coverage(self, text: str, article_ids: list[int]) -> float:
        """The share of the query's distinctive words found in at least one of the articles
        (1.0 when the query has no distinctive word: nothing to miss)."""
        terms = self.query_terms(text)
        terms = [t for t in terms if self.doc_freq[self.vocab[t]] <= self.max_docs]
        if not terms or not article_ids:
            return 1.0 if not terms else 0.0
        rows = {self._row[a] for a in article_ids if a in self._row}
        # the documents holding a term are its column of the index (bm25s keeps them sparse):
        # read them, instead of scoring the whole library once per word
        indptr, indices = self.retriever.scores["indptr"], self.retriever.scores["indices"]
        found = 0
        for term in terms:
            t = self.vocab[term]
            found += not rows.isdisjoint(indices[indptr[t]:indptr[t + 1]].tolist())
        return found / len(terms)
