"""One interface for every way of writing an answer from the retrieved articles.

An answerer turns a question and its ranked hits into a ``Draft``: the body with ``[n]``
markers, the articles those markers name, and whether its sentences were copied from them
(``copied``) or written (a language model), which the assistant then checks sentence by sentence. ``stream`` yields the text so far while it is
written (str), then the ``Draft``. ``condense`` rewrites a follow-up as a standalone question,
or returns None when the answerer has no way to (the assistant then uses its own rule).

Implemented by ``ExtractiveAnswerer`` (sentences copied from the articles), ``LLMAnswerer``
(a language model), ``FallbackAnswerer`` (the model, and the extractive answer when it fails)
and ``ScriptedAnswerer`` (a fake for tests of what is around the answerer).

Usage example::

    for item in answerer.stream("what does interferon do?", hits):
        if isinstance(item, Draft):
            item.body, item.citations     # [(1, article_id), ...]
        else:
            show(item)                    # the text so far
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol


# said when a written answer cites none of the articles it was given
UNGROUNDED = ("Caution: the language model's answer cites none of the articles, so it is not "
              "shown as grounded. Read the articles listed below.")


@dataclass
class Draft:
    """What an answerer hands the assistant.

    ``copied`` is the answerer's word on where the sentences come from. True: each is copied
    verbatim from the article its marker names, so the assistant only records which. False
    (the default, so a new answerer is checked until it says otherwise): the text was written,
    and every sentence is checked against ``sources`` (``[n]`` is ``sources[n - 1]``) before it
    is shown; a written draft must name in ``sources`` every article it was given.
    """

    body: str
    citations: list[tuple[int, int]]  # (marker number, article id), in marker order
    grounded: bool
    notice: str = ""  # said before the answer, e.g. "the language model did not answer"
    answerer: str = ""
    # the articles the markers may name when they are not only the retrieved hits (an answer
    # selected from a same-topic article the retrieved one links to); [n] of a language
    # model's answer is sources[n - 1]
    sources: list = field(default_factory=list)
    copied: bool = False


class Answerer(Protocol):
    name: str

    def stream(self, question: str, hits: list, exclude: frozenset[int] = frozenset()) -> Iterator[str | Draft]: ...
    # exclude: articles never cited (the evaluation's leave-one-out), given only when not empty

    def condense(self, question: str, history: list[dict]) -> str | None: ...


@dataclass
class FallbackAnswerer:
    """``primary`` (a language model) while it works; ``fallback`` (extractive) when it fails,
    before or during its answer, with a notice saying so."""

    primary: Answerer
    fallback: Answerer

    @property
    def name(self) -> str:
        return self.primary.name

    def stream(self, question: str, hits: list, exclude: frozenset[int] = frozenset()) -> Iterator[str | Draft]:
        extra = {"exclude": exclude} if exclude else {}
        try:
            yield from self.primary.stream(question, hits, **extra)
            return
        except Exception as exc:
            reason = type(exc).__name__
        for item in self.fallback.stream(question, hits, **extra):
            if isinstance(item, Draft):
                item.notice = " ".join(p for p in (item.notice, (
                    f"The language model did not answer ({reason}); this answer was picked from "
                    "the articles instead.")) if p)
            yield item

    def condense(self, question: str, history: list[dict]) -> str | None:
        return self.primary.condense(question, history)  # the assistant handles a failure


@dataclass
class ScriptedAnswerer:
    """A fake: answers each question with the next of ``bodies`` citing the first hit as [1]."""

    bodies: list[str] = field(default_factory=lambda: ["A scripted answer [1]."])
    name: str = "scripted"

    def stream(self, question: str, hits: list, exclude: frozenset[int] = frozenset()) -> Iterator[str | Draft]:
        body = self.bodies.pop(0) if len(self.bodies) > 1 else self.bodies[0]
        yield body
        yield Draft(body, [(1, hits[0].article.id)] if hits else [], grounded=bool(hits), answerer=self.name,
                    copied=True)  # a test's words, not a model's: not checked

    def condense(self, question: str, history: list[dict]) -> str | None:
        return None
