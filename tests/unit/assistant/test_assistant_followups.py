"""Follow-up questions without a language model: the subject carries over from the history."""

from __future__ import annotations

import pytest

from assistant_fixtures import INTERFERON_ID

FIRST = "How does interferon work in hepatitis B?"
FOLLOW_UP = "what are its side effects?"


def _messages(*turns):
    out = []
    for user, assistant in turns:
        out += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
    return out


def _blocks(*turns):
    """Gradio 6 ChatInterface history: content is a list of text blocks."""
    out = []
    for user, assistant in turns:
        out += [{"role": "user", "content": [{"type": "text", "text": user}]},
                {"role": "assistant", "content": [{"type": "text", "text": assistant}]}]
    return out


@pytest.mark.parametrize("history", [
    _messages((FIRST, "Interferon boosts the immune response [1].")),
    _blocks((FIRST, "Interferon boosts the immune response [1].")),
    [(FIRST, "Interferon boosts the immune response [1].")],  # (user, assistant) pairs
], ids=["messages", "gradio-blocks", "pairs"])
def test_follow_up_keeps_the_subject_of_the_previous_question(extractive_seed_assistant, history):
    answer = extractive_seed_assistant.ask(FOLLOW_UP, history)
    assert answer.question == FOLLOW_UP
    assert answer.standalone_question == "what are interferon's side effects?"
    assert answer.to_json()["standalone_question"] == answer.standalone_question
    assert not answer.refused
    assert answer.citations and answer.citations[0].id == INTERFERON_ID


def test_standalone_question_is_empty_without_history(extractive_seed_assistant):
    answer = extractive_seed_assistant.ask(FOLLOW_UP, [])
    assert answer.standalone_question == ""
    assert answer.question == FOLLOW_UP


def test_a_complete_new_question_is_not_merged_with_the_history(extractive_seed_assistant):
    question = "Which new therapeutic agents target hepatitis B surface antigen clearance?"
    answer = extractive_seed_assistant.ask(question, _messages((FIRST, "...")))
    assert answer.standalone_question == ""


@pytest.mark.parametrize("question", [
    "Is there a vaccine against hepatitis B for adults?",
    "Are there new therapeutic agents aimed at hepatitis B surface antigen clearance?",
])
def test_is_there_questions_are_complete_questions(extractive_seed_assistant, question):
    """"Is there / Are there" opens a new question; "there" refers to nothing before it."""
    answer = extractive_seed_assistant.ask(question, _messages((FIRST, "...")))
    assert answer.standalone_question == ""


def test_assistant_turns_and_empty_user_turns_are_not_taken_as_the_subject(extractive_seed_assistant):
    history = _messages((FIRST, "Interferon boosts the immune response [1].")) + [
        {"role": "user", "content": "   "}, {"role": "assistant", "content": "Sorry?"}]
    answer = extractive_seed_assistant.ask(FOLLOW_UP, history)
    assert "interferon" in answer.standalone_question
    assert "Sorry" not in answer.standalone_question


def test_second_follow_up_still_knows_the_subject(extractive_seed_assistant):
    """Turn three of a conversation (as `quicktakes chat` keeps it): the subject named in
    turn one must survive two referring follow-ups."""
    history = _messages((FIRST, "Interferon boosts the immune response [1]."),
                        (FOLLOW_UP, "Flu-like symptoms can occur [1]."))
    answer = extractive_seed_assistant.ask("how long is it given for?", history)
    assert "interferon" in answer.standalone_question.lower()
