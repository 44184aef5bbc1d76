"""What a language model is shown (``assistant.llm.LLMAnswerer``): the same units the offline
answer is selected from, the article holding the best unit first, then each article's focused
part. So a model writes from what the offline answer would have quoted, and its sentences are
checked against those articles.

Usage example::

    contexts = functools.partial(model_contexts, composer)   # what the factory gives the model
    [(hit, text), ...] = contexts(question, hits, 4)
"""

from __future__ import annotations

from types import SimpleNamespace

from library.sentences import paragraphs
from library.words import plain as _key

CONTEXT_UNITS = 6  # the best units a language model is shown first, with their articles


def model_contexts(composer, question: str, hits: list, n: int, exclude: frozenset[int] = frozenset()) -> list:
    """What a language model is shown, the same units the offline answer is selected from:
    up to ``n`` (hit, text) pairs, the article holding the best unit first (a same-topic
    article the retrieval did not list joins as a hit of its own), each text the article's
    selected units, then its focused part."""
    choice = composer.selector.select(question, hits, exclude=exclude) if composer.selector and hits else None
    chosen: dict[int, list[str]] = {}
    if choice is not None and choice.unit is not None:
        for unit in choice.units[:CONTEXT_UNITS]:
            chosen.setdefault(unit.article.id, []).append(unit.text)
    order = list(hits)
    if choice is not None and choice.unit is not None:
        best = choice.unit.article
        found = next((h for h in hits if h.article.id == best.id), None)
        found = found or SimpleNamespace(article=best, score=0.0, dense_similarity=0.0, passage=choice.unit.text)
        order = [found] + [h for h in hits if h.article.id != best.id]
    out = []
    for hit in order[:n]:
        units = chosen.get(hit.article.id, [])
        focused = composer.focus(question, hit)
        said = {_key(u) for u in units}
        rest = "\n\n".join(p for p in paragraphs(focused) if _key(p) not in said)
        out.append((hit, "\n\n".join([*units, rest]).strip()))
    return out
