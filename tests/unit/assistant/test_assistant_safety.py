"""Emergencies come first: the notice leads the answer whatever the library says.

These assistants run on the fake embedder, so the triage reads phrases only; the semantic
match is tested on the real model in test_triage.py and measured by bench/triage.py."""

from __future__ import annotations

import pytest

from assistant_fixtures import INTERFERON_URL, REFUSE_ALWAYS, fake_chat

EMERGENCIES = [
    "I have crushing chest pain and my left arm is numb",
    "I've had chest pressure for an hour and I'm sweating",
    "I think I'm having a heart attack",
    # suicide, self-harm
    "I have been having suicidal thoughts every night",
    "I want to kill myself",
    # overdose, poisoning
    "I took too many sleeping pills, what happens now?",
    "I think I overdosed on paracetamol",
    "My son swallowed a battery",
    # bleeding
    "I have severe bleeding after giving birth",
    "My leg is bleeding heavily after a fall",
    # breathing
    "I'm having trouble breathing",
    "My baby is not breathing",
    # stroke
    "My father's face is drooping and his speech is slurred",
    "Suddenly my left arm went numb and I can't speak",
    "I think I am having a stroke",
    # other
    "My throat is closing after a bee sting",
]

NOT_EMERGENCIES = [
    "What is the mechanism of interferon?",
    "How is hepatitis B transmitted?",
    "What are the side effects of metformin?",
    "How long does recovery take after a heart attack?",
    "Does interferon cause flu-like symptoms?",
    "Should I send my blood test results to my doctor?",
    "Can I extend my course of antibiotics?",
]


@pytest.fixture(scope="module")
def assistant(extractive_seed_assistant):
    return extractive_seed_assistant


def test_chest_pain_shows_the_emergency_notice_first(assistant):
    answer = assistant.ask("I have crushing chest pain and my left arm is numb")
    assert answer.emergency is True
    assert "Call 911 now" in answer.emergency_notice
    assert answer.text.startswith(answer.emergency_notice)
    data = answer.to_json()
    assert data["emergency"] is True
    assert data["triage"] == {"level": "urgent", "category": "heart", "notice": answer.emergency_notice}
    assert data["answer"].startswith(answer.emergency_notice)
    assert "not medical advice" in answer.text


def test_ordinary_question_has_no_emergency_notice(assistant):
    answer = assistant.ask("What is the mechanism of interferon?")
    assert answer.emergency is False
    assert answer.to_json()["triage"] == {"level": None, "category": None, "notice": None}
    assert "911" not in answer.text
    assert answer.citations and answer.citations[0].url == INTERFERON_URL


@pytest.mark.parametrize("question", EMERGENCIES)
def test_emergency_phrasings_are_flagged(assistant, question):
    answer = assistant.ask(question)
    assert answer.emergency is True, question
    assert answer.emergency_notice and answer.text.startswith(answer.emergency_notice)


@pytest.mark.parametrize("question", NOT_EMERGENCIES)
def test_ordinary_phrasings_are_not_flagged(assistant, question):
    answer = assistant.ask(question)
    assert answer.emergency is False, question
    assert answer.triage.level != "urgent" and not answer.emergency_notice


def test_urgent_message_on_an_index_that_covers_nothing_still_gets_the_notice(seed_assistant):
    answer = seed_assistant(min_similarity=REFUSE_ALWAYS).ask("I can't breathe and my lips are blue")
    assert answer.refused is True and answer.emergency is True
    assert answer.text.startswith(answer.emergency_notice) and "911" in answer.emergency_notice
    assert "does not cover this question, so no answer is given" not in answer.text
    assert "closest articles are listed below" in answer.text
    assert answer.sources  # the closest articles follow the notice


def test_urgent_notice_is_streamed_before_the_answer(seed_assistant):
    events = list(seed_assistant().stream("my son swallowed drain cleaner"))
    assert events[0]["type"] == "triage" and events[0]["triage"].category == "poisoning"
    assert events[1] == {"type": "text", "text": events[0]["triage"].notice}
    assert "1-800-222-1222" in events[1]["text"]


def test_question_about_an_emergency_gets_a_one_line_note_then_the_answer(seed_assistant):
    answer = seed_assistant().ask("What are the warning signs of a stroke?")
    assert answer.emergency is False
    assert answer.triage.level == "info" and answer.triage.category == "stroke"
    assert answer.text.startswith("If this is happening now, call 911")
    assert answer.to_json()["triage"]["level"] == "info"


def test_follow_up_that_becomes_urgent_is_caught(seed_assistant):
    assistant = seed_assistant()
    first = assistant.ask("What are the signs of a stroke?")
    assert first.emergency is False
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.body}]
    follow = assistant.ask("my dad has them right now", history)
    assert follow.emergency is True and follow.triage.category == "stroke"
    assert follow.text.startswith(follow.emergency_notice)


def test_region_setting_switches_the_numbers_in_the_answer(seed_assistant):
    answer = seed_assistant(triage={"region": "uk"}).ask("I took an overdose of paracetamol")
    assert "999" in answer.emergency_notice and "NHS 111" in answer.emergency_notice
    assert "911" not in answer.text


def test_emergency_notice_leads_a_language_model_answer(seed_assistant):
    model = fake_chat("Chest pain can have many causes [1].")
    events = list(seed_assistant(chat_model=model).stream("I have chest pain right now"))
    answer = events[-1]["answer"]
    assert answer.emergency is True and answer.answerer.startswith("llm:")
    assert answer.text.startswith(answer.emergency_notice)
    assert all(e["text"].startswith(answer.emergency_notice) for e in events if e["type"] == "text")


def test_a_new_question_after_an_emergency_is_judged_on_its_own(assistant):
    history = [{"role": "user", "content": "I have crushing chest pain"},
               {"role": "assistant", "content": "..."}]
    answer = assistant.ask("How is hepatitis B transmitted between family members?", history)
    assert answer.emergency is False


def test_a_follow_up_inside_an_emergency_keeps_the_notice(assistant):
    history = [{"role": "user", "content": "my son swallowed drain cleaner"},
               {"role": "assistant", "content": "..."}]
    answer = assistant.ask("what should I do now?", history)
    assert answer.emergency is True and answer.triage.category == "poisoning"


def test_urgent_message_the_library_does_not_answer_lists_articles_on_its_topic():
    """The message itself matches nothing; the library is then searched for its category."""
    from assistant.core import URGENT_TOPIC_ARTICLES, Assistant
    from assistant.extractive import ExtractiveAnswerer
    from assistant.retrieval.library import LibraryArticle
    from assistant.retrieval.retriever import RetrievedArticle, Retrieval
    from assistant.triage import build_triage
    from config import load_settings

    stroke = LibraryArticle(7, "What are the warning signs of a stroke?", "Sudden numbness ...",
                            "Stroke warning signs", "https://example.org/stroke", "Neurology", "", "h")

    class Retriever:
        library = None
        queries = []

        def retrieve(self, query, **kw):
            self.queries.append(query)
            if query == "stroke warning signs":
                hit = RetrievedArticle(article=stroke, score=0.8, dense_similarity=0.8, passage="Sudden numbness")
                return Retrieval(query, [hit], 0.8, covered=True)
            return Retrieval(query, [], 0.1, covered=False)

    settings = load_settings()
    assistant = Assistant(Retriever(), settings, ExtractiveAnswerer(), triage=build_triage(None, settings.triage))
    answer = assistant.ask("my husband's face is drooping and his speech is slurred")
    assert answer.emergency and answer.refused
    assert answer.body == URGENT_TOPIC_ARTICLES
    assert [s.title for s in answer.sources] == ["Stroke warning signs"]
    assert answer.text.startswith(answer.emergency_notice)
    assert Retriever.queries[-1] == "stroke warning signs"
