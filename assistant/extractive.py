"""The offline answerer: the part of the best article that answers the question, composed
with its paragraphs and lists (``assistant.compose``), one ``[n]`` per paragraph or list.

No language model: every sentence and list item is copied from the article its marker names,
so the answer cannot say what the articles do not say.

Usage example::

    answerer = ExtractiveAnswerer(max_words=180)
    for item in answerer.stream("how is atrial fibrillation treated", hits):
        ...   # one Draft: body "Treatment for AF depends on ... [1]", citations [(1, id)]
"""

from __future__ import annotations

from assistant.answerer import Draft
from assistant.compose.composer import Composer


class ExtractiveAnswerer:
    """An ``assistant.answerer.Answerer``: no language model, every sentence copied."""

    name = "extractive"

    def __init__(self, max_words: int = 180, max_articles: int = 3, selector=None):
        # selector: assistant.compose.select.AnswerSelector (the factory gives the product's)
        self.composer = Composer(max_words=max_words, max_articles=max_articles, selector=selector)

    def stream(self, question: str, hits: list, exclude: frozenset[int] = frozenset()):
        """The whole answer at once (nothing to stream), as a ``Draft``; ``exclude``: articles
        never cited (the evaluation's leave-one-out)."""
        body, cited = self.composer.compose_answer(question, hits, exclude)
        yield Draft(body, [(n, a.id) for n, a in enumerate(cited, 1)], grounded=bool(cited),
                    answerer=self.name, sources=cited, copied=True)

    def condense(self, question: str, history: list[dict]) -> None:
        return None  # no model: the assistant reads a follow-up with the earlier questions
