"""The offline answerer as it was before assistant/compose (kept verbatim from
assistant/extractive.py at commit e4e5e5f, so bench/answer_quality.py can compare against it in
the same run): picks sentences from the top articles, cites each one.

No language model: every sentence of the answer is copied from the article it cites (only a
leading list number is dropped), so the answer cannot say what the articles do not say.
Sentences are scored by the question's words they contain (stemmed, stop words dropped, rare
words weigh more), with a bonus for an article's opening sentences, which usually answer
"what is" questions directly.

Usage example::

    answerer = ExtractiveAnswerer(max_words=150, max_sentences=6)
    body, used = answerer.compose("what does interferon do in hepatitis B", hits)
    # body: "Interferon therapy ... [1] ..."   used: [article ids in citation order]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.answerer import Draft

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[*\"'(\[]*[A-Z0-9])")
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+•])\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]+")
_HEADING_ONLY = re.compile(r"^\W*\*\*[^*]+\*\*\W*$")


@dataclass
class Sentence:
    article_rank: int  # 0 = best article
    position: int  # order within the article
    text: str


def split_sentences(answer: str) -> list[str]:
    """Sentences of an answer, each an exact substring of it (list numbers dropped)."""
    out = []
    for line in answer.split("\n"):
        line = _LIST_MARKER.sub("", line).strip()
        if not line:
            continue
        for sentence in _SENTENCE_END.split(line):
            sentence = sentence.strip()
            if sentence:
                out.append(sentence)
    return out


class ExtractiveAnswerer:
    """An ``assistant.answerer.Answerer``: no language model, every sentence copied."""

    name = "extractive"

    def __init__(self, max_words: int = 150, max_sentences: int = 6, max_articles: int = 3):
        import Stemmer
        from bm25s.stopwords import STOPWORDS_EN

        self.max_words = max_words
        self.max_sentences = max_sentences
        self.max_articles = max_articles
        self.stemmer = Stemmer.Stemmer("english")
        self.stopwords = set(STOPWORDS_EN) | {"what", "how", "does", "can", "is", "are", "do"}

    def _terms(self, text: str) -> list[str]:
        words = [w.lower() for w in _WORD.findall(text)]
        return self.stemmer.stemWords([w for w in words if w not in self.stopwords])

    def stream(self, question: str, hits: list):
        """The whole answer at once (nothing to stream), as a ``Draft``."""
        body, cited = self.compose(question, hits)
        yield Draft(body, [(n, aid) for n, aid in enumerate(cited, 1)], grounded=bool(cited),
                     answerer=self.name, copied=True)

    def condense(self, question: str, history: list[dict]) -> None:
        return None  # no model: the assistant reads a follow-up with the earlier questions

    def compose(self, question: str, hits: list) -> tuple[str, list[int]]:
        """The answer body with ``[n]`` markers, and the cited article ids in marker order.

        ``hits`` are ranked ``RetrievedArticle``s; articles much weaker than the first are
        not used.
        """
        if not hits:
            return "", []
        top_score = hits[0].score
        usable = [h for h in hits[: self.max_articles] if h.score >= 0.6 * top_score]
        query_terms = set(self._terms(question))

        sentences: list[Sentence] = []
        for rank, hit in enumerate(usable):
            for pos, text in enumerate(split_sentences(hit.article.answer)):
                if len(text.split()) < 4 or _HEADING_ONLY.match(text):
                    continue
                sentences.append(Sentence(rank, pos, text))
        if not sentences:
            return "", []

        # Rarer question words weigh more (document frequency over the candidate sentences).
        df: dict[str, int] = {}
        sentence_terms = []
        for s in sentences:
            terms = set(self._terms(s.text))
            sentence_terms.append(terms)
            for t in terms & query_terms:
                df[t] = df.get(t, 0) + 1
        n = len(sentences)

        def score(i: int) -> float:
            s = sentences[i]
            overlap = sum(math.log(1 + n / df[t]) for t in sentence_terms[i] & query_terms)
            lead = 1.5 if s.position == 0 else (0.6 if s.position == 1 else 0.0)
            rank_weight = 1.0 / (1 + 0.5 * s.article_rank)
            length_penalty = 1.0 if len(s.text.split()) <= 45 else 0.7
            return (overlap + lead) * rank_weight * length_penalty

        order = sorted(range(n), key=lambda i: -score(i))
        chosen: list[int] = []
        words = 0
        for i in order:
            length = len(sentences[i].text.split())
            if chosen and words + length > self.max_words:
                continue
            if score(i) <= 0 and chosen:
                break
            chosen.append(i)
            words += length
            if len(chosen) >= self.max_sentences or words >= self.max_words:
                break

        # Read in article order, then in each article's own order: keeps the answer coherent.
        chosen.sort(key=lambda i: (sentences[i].article_rank, sentences[i].position))
        numbers: dict[int, int] = {}
        cited: list[int] = []
        parts = []
        for i in chosen:
            s = sentences[i]
            aid = usable[s.article_rank].article.id
            if aid not in numbers:
                numbers[aid] = len(numbers) + 1
                cited.append(aid)
            parts.append(f"{s.text} [{numbers[aid]}]")
        return " ".join(parts), cited
