"""The offline (extractive) answer on the two sample articles: cited, grounded, short."""

from __future__ import annotations

import json
import re

import pytest

from assistant_fixtures import (
    INTERFERON_ID,
    INTERFERON_QUESTION,
    INTERFERON_URL,
    REFUSE_ALWAYS,
    SEED_URLS,
    cited_sentences,
    copied_units,
    run_stream,
    seed_articles,
    word_count,
)

from assistant.compose.composer import SECOND_ARTICLE_WORDS

MAX_WORDS = 180  # answer.max_words in config/defaults.yaml


@pytest.fixture(scope="module")
def interferon_answer(extractive_seed_assistant):
    return extractive_seed_assistant.ask(INTERFERON_QUESTION)


def test_interferon_question_is_answered_and_cites_the_interferon_article(interferon_answer):
    answer = interferon_answer
    assert not answer.refused
    assert answer.answerer == "extractive"
    assert answer.citations, "an answer that is not refused must cite something"
    assert answer.citations[0].n == 1
    assert answer.citations[0].id == INTERFERON_ID
    assert answer.citations[0].url == INTERFERON_URL
    assert answer.grounded is True
    assert answer.sources and answer.sources[0].url == INTERFERON_URL


def test_every_sentence_is_copied_from_the_article_its_marker_cites(interferon_answer):
    articles = seed_articles()
    by_n = {c.n: c for c in interferon_answer.citations}
    pieces = cited_sentences(interferon_answer.body)
    assert pieces
    for piece, n in pieces:
        assert n in by_n, f"text without a valid marker: {piece!r} [{n}]"
        cited = articles[by_n[n].id]
        units = copied_units(piece)
        assert len(units) >= 1
        for unit in units:
            assert unit in cited.answer, (
                f"[{n}] cites {cited.id} but this is not in its answer: {unit!r}")


def test_one_marker_per_paragraph_or_list_at_its_end(interferon_answer):
    for paragraph in interferon_answer.body.split("\n\n"):
        assert len(re.findall(r"\[\d+\]", paragraph)) == 1, paragraph
        assert re.search(r"\[\d+\]$", paragraph), paragraph


def test_markers_are_numbered_in_order_of_first_use(interferon_answer):
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", interferon_answer.body)]
    first_use = list(dict.fromkeys(numbers))
    assert first_use == list(range(1, len(first_use) + 1))
    assert [c.n for c in interferon_answer.citations] == first_use
    assert all(c.url == SEED_URLS[c.id] for c in interferon_answer.citations)


def test_answer_is_short(interferon_answer):
    first = "\n\n".join(p for p in interferon_answer.body.split("\n\n") if p.endswith("[1]"))
    assert word_count(first) <= MAX_WORDS + 10  # cut at a sentence or list item near the limit
    assert word_count(interferon_answer.body) <= MAX_WORDS + 2 * SECOND_ARTICLE_WORDS + 20


def test_disclaimer_and_timings(interferon_answer):
    assert "not medical advice" in interferon_answer.text
    assert interferon_answer.text.startswith(interferon_answer.body)
    assert interferon_answer.text.endswith(interferon_answer.disclaimer)
    assert interferon_answer.timings_ms["total_ms"] > 0
    assert interferon_answer.timings_ms["total_ms"] >= interferon_answer.timings_ms["retrieve_ms"]
    assert interferon_answer.emergency is False


def test_to_json_is_serialisable_and_matches_the_answer(interferon_answer):
    data = json.loads(json.dumps(interferon_answer.to_json()))
    assert data["answer"] == interferon_answer.text
    assert data["body"] == interferon_answer.body
    assert data["citations"][0] == {"n": 1, "id": INTERFERON_ID, "title": interferon_answer.citations[0].title,
                                    "url": INTERFERON_URL}
    assert [s["id"] for s in data["sources"]] == [s.id for s in interferon_answer.sources]
    assert data["refused"] is False and data["emergency"] is False and data["grounded"] is True
    assert "total_ms" in data["timings_ms"]


def test_stream_ends_with_the_answer_event(extractive_seed_assistant):
    texts, answer = run_stream(extractive_seed_assistant.stream(INTERFERON_QUESTION))
    assert texts[-1] == answer.text
    assert answer.citations[0].url == INTERFERON_URL


def test_k_limits_the_sources(extractive_seed_assistant):
    answer = extractive_seed_assistant.ask(INTERFERON_QUESTION, k=1)
    assert [s.id for s in answer.sources] == [INTERFERON_ID]
    assert {c.id for c in answer.citations} == {INTERFERON_ID}


# ----- refusal (the mechanism; real off-topic questions are in tests/integration) -------------

def test_refusal_below_the_similarity_threshold_lists_sources_but_cites_nothing(seed_assistant):
    assistant = seed_assistant(min_similarity=REFUSE_ALWAYS)
    answer = assistant.ask("Which bones form the human wrist joint?")
    assert answer.refused is True
    assert answer.citations == []
    assert answer.grounded is False
    assert not re.search(r"\[\d+\]", answer.body)
    assert answer.sources, "the closest articles are still listed"
    assert {s.url for s in answer.sources} <= set(SEED_URLS.values())
    assert "does not cover" in answer.body
    assert "not medical advice" in answer.text
    assert answer.to_json()["refused"] is True and answer.to_json()["citations"] == []
    assert "total_ms" in answer.timings_ms
