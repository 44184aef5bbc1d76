"""Every answerer behind one interface: the assistant streams and cites whatever writes the
answer, and a model that fails is replaced by the extractive answer with a notice."""

from __future__ import annotations

import pytest

from assistant_fixtures import INTERFERON_ID, INTERFERON_QUESTION


@pytest.fixture
def retriever(extractive_seed_assistant):
    return extractive_seed_assistant.retriever


def _assistant(retriever, answerer):
    from assistant.core import Assistant
    from config import load_settings

    return Assistant(retriever, load_settings(retrieval={"min_dense_similarity": 0.0}), answerer)


def test_the_shipped_fake_answers_through_the_assistant(retriever):
    from assistant.answerer import ScriptedAnswerer

    events = list(_assistant(retriever, ScriptedAnswerer(["Scripted about interferon [1]."])).stream(INTERFERON_QUESTION))
    texts = [e["text"] for e in events if e["type"] == "text"]
    answer = events[-1]["answer"]
    assert texts[0] == "Scripted about interferon [1]."
    assert answer.body == "Scripted about interferon [1]." and answer.answerer == "scripted"
    assert [(c.n, c.id) for c in answer.citations] == [(1, INTERFERON_ID)]


def test_extractive_answerer_yields_one_draft(retriever):
    from assistant.answerer import Draft
    from assistant.extractive import ExtractiveAnswerer

    hits = retriever.retrieve(INTERFERON_QUESTION).hits
    items = list(ExtractiveAnswerer().stream(INTERFERON_QUESTION, hits))
    assert len(items) == 1 and isinstance(items[0], Draft)
    assert items[0].citations[0] == (1, INTERFERON_ID) and items[0].grounded
    assert ExtractiveAnswerer().condense("and its side effects?", []) is None


def test_fallback_replaces_a_failing_primary_and_says_so(retriever):
    from assistant.answerer import FallbackAnswerer, ScriptedAnswerer
    from assistant.extractive import ExtractiveAnswerer

    class Broken(ScriptedAnswerer):
        def stream(self, question, hits):
            yield "half an ans"
            raise TimeoutError("slow")

    answer = _assistant(retriever, FallbackAnswerer(Broken(name="llm:broken"), ExtractiveAnswerer())).ask(INTERFERON_QUESTION)
    assert answer.answerer == "extractive" and answer.grounded
    assert "did not answer (TimeoutError)" in answer.notice


def test_a_cited_article_of_a_listed_page_takes_that_pages_card(retriever):
    """The selection may answer from another article of a page the retrieval lists once (a
    drug page's precautions beside its dosage): the source of that page becomes the cited
    article, so its card carries the [n] and the passage quoted."""
    from dataclasses import replace

    from assistant.answerer import Draft, ScriptedAnswerer

    class SamePage(ScriptedAnswerer):
        def stream(self, question, hits, exclude=frozenset()):
            sibling = replace(hits[0].article, id=987654, question="What precautions for this?",
                              title="Precautions", answer="A sentence of the sibling.")
            body = "A sentence of the sibling. [1]"
            yield body
            yield Draft(body, [(1, sibling.id)], grounded=True, answerer="scripted", sources=[sibling],
                        copied=True)

    answer = _assistant(retriever, SamePage()).ask(INTERFERON_QUESTION)
    ids = [s.id for s in answer.sources]
    assert ids.count(987654) == 1 and INTERFERON_ID not in ids  # the page's one entry is the cited one
    card = next(s for s in answer.sources if s.id == 987654)
    assert card.title == "Precautions" and card.similarity > 0  # the page's match is kept
    assert [(c.n, c.id) for c in answer.citations] == [(1, 987654)]
