"""Refusal with the real MiniLM model: off-topic questions are refused, on-topic ones answered."""

from __future__ import annotations

import pytest

from assistant_fixtures import INTERFERON_ID, INTERFERON_QUESTION, INTERFERON_URL, SEED_URLS

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def assistant(real_seed_index, real_embedder):
    from assistant_fixtures import clean_env
    from assistant.factory import build_assistant
    from config import load_settings

    with clean_env():
        settings = load_settings(data_dir=real_seed_index)
    assert not settings.llm_enabled  # the shipped defaults: MiniLM, its refusal threshold
    return build_assistant(settings, embedder=real_embedder)


@pytest.mark.parametrize("question", [
    "What is the capital of France?",
    "How do I bake sourdough bread?",
    "Who won the 2018 football world cup?",
    "How do I fix a flat bicycle tyre?",
])
def test_off_topic_question_is_refused(assistant, question):
    answer = assistant.ask(question)
    assert answer.refused is True
    assert answer.citations == []
    assert answer.grounded is False
    assert "[1]" not in answer.body and "does not cover" in answer.body
    assert answer.sources, "the closest articles are still listed"
    assert {s.url for s in answer.sources} <= set(SEED_URLS.values())
    data = answer.to_json()
    assert data["refused"] is True and data["citations"] == [] and data["sources"]


@pytest.mark.parametrize("question", [
    INTERFERON_QUESTION,
    "How does interferon work in hepatitis B?",
    "Hi there, I am worried: how does interferon work in hepatitis B?",
    "Hello how does interferon work in hepatitis B?",
])
def test_interferon_question_is_answered(assistant, question):
    answer = assistant.ask(question)
    assert answer.refused is False, question
    assert answer.citations and answer.citations[0].id == INTERFERON_ID
    assert answer.citations[0].url == INTERFERON_URL
    assert answer.grounded is True


def test_follow_up_is_answered_from_the_previous_subject(assistant):
    history = [{"role": "user", "content": "How does interferon work in hepatitis B?"},
               {"role": "assistant", "content": "Interferon boosts the immune response [1]."}]
    assert assistant.ask("what are its side effects?").refused is True  # alone, it means nothing
    answer = assistant.ask("what are its side effects?", history)
    assert answer.refused is False
    assert answer.citations[0].id == INTERFERON_ID


def test_off_topic_emergency_is_refused_but_shows_the_emergency_notice(assistant):
    answer = assistant.ask("I have crushing chest pain and my left arm is numb")
    assert answer.emergency is True
    assert answer.refused is True
    assert answer.text.startswith(answer.emergency_notice) and "Call 911 now" in answer.emergency_notice
    assert "no answer is given" not in answer.text
