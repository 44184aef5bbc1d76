"""assistant.followup: which messages stand alone, and how a follow-up is read, with the topic
vocabulary of the whole library (its stored questions, tests/data/library-questions.txt.gz)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.followup import FollowUps

ROOT = Path(__file__).resolve().parents[3]
CONVERSATIONS = ROOT / "bench/data/conversations.jsonl"


@pytest.fixture(scope="module")
def reader() -> FollowUps:
    with gzip.open(ROOT / "tests/data/library-questions.txt.gz", "rt", encoding="utf-8") as f:
        articles = [SimpleNamespace(question=q.strip(), title=q.strip()) for q in f if q.strip()]
    return FollowUps.from_library(SimpleNamespace(articles=articles))


def read(reader: FollowUps, turns: list[str]) -> str:
    understood: list[str] = []
    for turn in turns:
        understood.append(reader.standalone(turn, understood) if understood else turn)
    return understood[-1]


def read_right(conversation: dict, reading: str) -> bool:
    low = reading.lower()
    return ((reading == conversation["turns"][-1]) == conversation["alone"]
            and all(w.lower() in low for w in conversation.get("contains", []))
            and not any(w.lower() in low for w in conversation.get("excludes", [])))


def test_at_least_95_percent_of_the_conversations_are_read_right(reader):
    conversations = [json.loads(line) for line in CONVERSATIONS.read_text(encoding="utf-8").splitlines()
                     if line.strip()]
    assert len(conversations) >= 60
    wrong = [(c["id"], read(reader, c["turns"])) for c in conversations
             if not read_right(c, read(reader, c["turns"]))]
    assert len(wrong) <= 0.05 * len(conversations), wrong


@pytest.mark.parametrize("message, previous, expected", [
    ("how is it treated?", ["what is atrial fibrillation"], "how is atrial fibrillation treated?"),
    ("what are its side effects?", ["what does metformin do"], "what are metformin's side effects?"),
    ("side effects?", ["what is the treatment for pneumonia"], "side effects? (pneumonia)"),
    ("what about metformin?", ["what are the side effects of lisinopril"],
     "what are the side effects of metformin"),
    ("and prostate cancer?", ["how is breast cancer treated"], "how is prostate cancer treated"),
])
def test_a_follow_up_is_read_with_the_last_topic(reader, message, previous, expected):
    assert not reader.stands_alone(message) or "about" in message or message.startswith("and")
    assert reader.standalone(message, previous) == expected


@pytest.mark.parametrize("message", [
    "wat causes anemia in wemen",  # a new condition, misspelt words around it
    "my dad has gout, is it genetic?",  # the pronoun refers to the message's own topic
    "wht are the sympotms of lupus",
    "how much water should I drink every day to stay healthy",  # long, about something new
])
def test_a_message_naming_its_own_topic_stands_alone(reader, message):
    assert reader.stands_alone(message)
    assert reader.standalone(message, ["what is atrial fibrillation", "how is it treated?"]) == message


def test_everyday_words_are_not_topics_and_names_with_typos_are(reader):
    assert not any(reader.topic(w) for w in ("first", "range", "iron", "eat", "warning", "symptoms"))
    assert all(reader.topic(w) for w in ("fibrillation", "anemia", "metformin", "atrail", "anemai"))
    assert reader.topic_phrase("what are the early signs of parkinson's disease") == "parkinson's"
    assert reader.topic_phrase("my mom has multiple sclerosis") == "multiple sclerosis"


def test_without_history_nothing_is_rewritten(reader):
    assert reader.standalone("how is it treated?", []) == "how is it treated?"


@pytest.mark.parametrize("message, previous, expected", [
    # a name of everyday words, from the library's question templates, or run together in it
    ("what is hair loss", ["what causes gout"], "what is hair loss"),
    ("what about pink eye?", ["is the flu contagious"], "is the pink eye contagious"),
    ("ok and wat about low blood pressure", ["what r the symptoms of high blood pressure"],
     "what r the symptoms of low blood pressure"),
    # the last question, for someone else
    ("and in toddlers?", ["how is strep throat treated"], "how is strep throat treated in toddlers"),
    # going back to an earlier topic: by order, by "back to", by the person it was about
    ("going back to the first one, is it hereditary?", ["what is gout", "what is lupus"],
     "going back to the first one, is gout hereditary?"),
    ("sorry, the earlier one, does it run in families?",
     ["what is gout", "what is lupus", "what is psoriasis"], "sorry, the earlier one, does lupus run in families?"),
    ("ok and for my grandma, what exercises are safe for her?",
     ["my grandmother was just diagnosed with osteoporosis", "also what is tennis elbow"],
     "ok and for my grandma, what exercises are safe for her? (osteoporosis)"),
])
def test_names_qualifiers_and_returns(reader, message, previous, expected):
    assert reader.standalone(message, previous) == expected


def test_a_return_needs_an_earlier_topic_and_a_named_topic_stays(reader):
    assert reader.standalone("back to it, is it serious?", ["what is gout"]) == "back to gout, is it serious?"
    assert reader.standalone("back to gout, is it genetic?", ["what is gout", "what is lupus"]) == \
        "back to gout, is it genetic?"


@pytest.mark.parametrize("message, previous, expected", [
    # an "it" that points at nothing
    ("Is it safe to take ibuprofen while breastfeeding?", ["what is strep throat"],
     "Is it safe to take ibuprofen while breastfeeding?"),
    # a person's own account stands alone, its "that" is its own
    ("my eye has been twitching for three days straight, what causes that",
     ["how often should teeth be cleaned"], "my eye has been twitching for three days straight, what causes that"),
    # after a story, "is that normal" is about the story
    ("is that normal", ["i'm 30 weeks pregnant and my ankles are really swollen"],
     "i'm 30 weeks pregnant and my ankles are really swollen, is that normal"),
    # a choice between the last two topics; a definite reference to an earlier one
    ("ok which one causes weight gain", ["what is hypothyroidism", "what is hyperthyroidism"],
     "ok which one causes weight gain (hypothyroidism or hyperthyroidism)"),
    ("how long does the infection usually last",
     ["i think i have a sinus infection", "can allergies cause the same symptoms"],
     "how long does the infection usually last (sinus infection)"),
    ("how long does it take to pass one", ["what causes kidney stones"],
     "how long does it take to pass one (kidney stones)"),
])
def test_what_it_refers_to(reader, message, previous, expected):
    assert reader.standalone(message, previous) == expected


@pytest.mark.parametrize("message, previous, expected", [
    # a short switch to a name rarer than everyday English, even one the library lacks
    ("and aspirin?", ["is tylenol safe to take during pregnancy"], "is aspirin safe to take during pregnancy"),
    ("and alcohol?", ["what foods should i avoid with gout"], "and alcohol? (gout)"),  # everyday: an aspect
    # "his condition": the person an earlier question was about; a relative "that" is no pronoun
    ("is his condition something that gets passed down to kids?",
     ["my dad was just diagnosed with parkinson's", "what's the difference between a neurologist and a surgeon"],
     "is his condition something that gets passed down to kids? (parkinson's)"),
    # asking, not telling; a short question that says enough of its own
    ("do i have to be put to sleep for one?", ["what is a colonoscopy"],
     "do i have to be put to sleep for one? (colonoscopy)"),
    ("can stress make your hair fall out", ["is type 2 diabetes reversible"], "can stress make your hair fall out"),
])
def test_switches_people_and_questions_of_their_own(reader, message, previous, expected):
    assert reader.standalone(message, previous) == expected
