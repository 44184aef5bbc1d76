"""Emergency triage on the real embedding model: every category, info versus urgent, negation
and distance in time, third persons, typos; the numbers come from the settings.

These phrasings are the tests' own, not lines of bench/data/triage_set.jsonl (that set is for
bench/triage.py, which measures recall and false alarms on hundreds of messages).
"""

from __future__ import annotations

import pytest

URGENT = [
    ("heart", "my chest feels like its being squeezed in a vice and I'm sweating buckets"),
    ("heart", "Husband (58) grey and clammy, says pain goes from his chest into his jaw"),
    ("stroke", "dad suddenly can't lift his right arm and his words come out wrong"),
    ("stroke", "my wife's smile is lopsided since 10 minutes and she is very confused"),
    ("breathing", "I cant get air in, every breath is a fight, inhaler did nothing"),
    ("breathing", "my grandson has a grape stuck in his throat and cant cough"),
    ("anaphylaxis", "ate shrimp at dinner now my tongue is swelling up and my voice sounds weird"),
    ("unresponsive", "found my roommate on the bathroom floor, he won't wake up"),
    ("unresponsive", "my grandfather just dropped to the floor and I cannot feel a pulse"),
    ("bleeding", "sliced my forearm open on broken glass and the blood keeps pouring out"),
    ("poisoning", "my 2 year old got into the dishwasher pods and bit one, foam in his mouth"),
    ("poisoning", "I swallowed about 30 of my sleeping tablets an hour ago"),
    ("poisoning", "the carbon monoxide alarm went off and we all have headaches and feel sick"),
    ("suicide", "honestly I dont see the point of living anymore, I've been thinking about how to end it"),
    ("suicide", "my sister texted me goodbye and says she has pills ready to end her life"),
    ("seizure", "my son has been convulsing for about 7 minutes and it's not stopping"),
    ("seizure", "my 40 year old husband just had his first ever seizure, never happened before"),
    ("child", "my 6 week old is burning up with 38.5 fever"),
    ("child", "toddler is floppy and won't wake properly after vomiting all day"),
    ("head_injury", "fell off a ladder and hit my head, I've thrown up twice and feel confused"),
    ("headache", "out of nowhere I got a headache like being hit with a bat, worst pain of my life"),
    ("headache", "high fever, my neck is stiff and I can't put my chin to my chest"),
    ("pregnancy", "I'm 30 weeks pregnant and I'm bleeding heavily with bad stomach pain"),
    ("pregnancy", "36 weeks along and I haven't felt the baby kick at all since yesterday"),
    ("burns", "my kid pulled a pot of boiling water on himself, his whole chest is burned"),
    ("burns", "my coworker got an electric shock from a live wire and has burns on his hands"),
    ("vision", "all of a sudden i can't see anything out of my left eye"),
    ("sepsis", "after my c-section the wound is infected and now I'm shivering, confused and my heart is racing"),
]

INFO = [
    ("stroke", "what are the early warning signs of a stroke?"),
    ("seizure", "how long can a seizure go on before it becomes dangerous?"),
    ("heart", "I had chest pain last year, is it hereditary?"),
    ("breathing", "what should you do if someone is choking?"),
    ("poisoning", "what are the symptoms of carbon monoxide poisoning"),
    ("suicide", "what are warning signs that a teenager might be suicidal"),
]

ORDINARY = [
    "What is the mechanism of interferon?",
    "this back pain is killing me, what stretches help?",
    "I got a small burn from the oven door, it's red, should I put butter on it?",
    "my nose bled for a minute this morning and stopped, is that normal in winter?",
    "What is the maximum daily dose of ibuprofen for an adult?",
    "I sometimes feel a bit short of breath when I climb stairs, I'm overweight",
    "How is hepatitis B transmitted?",
    "my toddler has a runny nose and a mild cough but is playing normally",
    "my toddler has a fever of 101 and is still playing, do I need a doctor",
    "No chest pain or anything, just heartburn after pizza. What helps?",
]


@pytest.fixture(scope="module")
def triage(real_embedder, tmp_path_factory):
    from assistant.triage import build_triage
    from config import load_settings

    return build_triage(real_embedder, load_settings().triage,
                        cache_dir=tmp_path_factory.mktemp("triage-cache"))


@pytest.mark.parametrize("category,message", URGENT)
def test_urgent_messages_are_urgent_with_their_category(triage, category, message):
    result = triage.assess(message)
    assert result.level == "urgent", (message, result.evidence)
    assert category in result.categories, (message, result.categories)
    assert "911" in result.notice


def test_every_category_has_urgent_cases():
    from assistant.triage.notices import PRIORITY

    assert {c for c, _ in URGENT} == set(PRIORITY)


@pytest.mark.parametrize("category,message", INFO)
def test_questions_about_an_emergency_get_the_info_note(triage, category, message):
    result = triage.assess(message)
    assert result.level == "info", (message, result.evidence)
    assert result.notice.startswith("If ")
    assert "911" in result.notice


@pytest.mark.parametrize("message", ORDINARY)
def test_ordinary_questions_are_not_urgent(triage, message):
    assert triage.assess(message).level != "urgent", message


def test_poisoning_names_poison_control_and_suicide_a_crisis_line(triage):
    poison = triage.assess("my daughter drank some bleach from under the sink")
    assert "Poison Control at 1-800-222-1222" in poison.notice
    assert ("Poison Control", "1-800-222-1222") in poison.numbers
    crisis = triage.assess("I want to die, I can't do this anymore")
    assert "988" in crisis.notice and "you don't have to face it alone" in crisis.notice
    assert "Poison Control" not in crisis.notice
    both = triage.assess("I took all my antidepressants because I want to end my life")
    assert {"poisoning", "suicide"} <= set(both.categories)
    assert "1-800-222-1222" in both.notice and "988" in both.notice


def test_someone_else_at_risk_gets_words_for_a_helper(triage):
    result = triage.assess("my best friend keeps saying he wants to kill himself")
    assert result.level == "urgent" and result.category == "suicide"
    assert "stay with them" in result.notice


def test_carbon_monoxide_says_get_out_first(triage):
    result = triage.assess("the carbon monoxide detector is going off and my kids are dizzy")
    assert "fresh air" in result.notice


def test_follow_up_that_becomes_urgent(triage):
    result = triage.assess("he has them right now", standalone="What are the signs of a stroke? he has them right now")
    assert result.level == "urgent" and result.category == "stroke"
    assert triage.assess("he has them right now").level is None


@pytest.mark.parametrize("region,expected,absent", [
    ("uk", ["999", "Samaritans", "116 123"], ["911", "988"]),
    ("eu", ["112"], ["911", "988"]),
])
def test_region_setting_switches_the_numbers(region, expected, absent):
    from assistant.triage import build_triage
    from config import load_settings

    triage = build_triage(None, load_settings(triage={"region": region}).triage)
    text = triage.assess("I want to kill myself").notice + triage.assess("I think I'm having a heart attack").notice
    for number in expected:
        assert number in text, (region, text)
    for number in absent:
        assert number not in text, (region, text)


def test_unknown_region_is_a_readable_error(monkeypatch):
    from config import ConfigError, load_settings

    monkeypatch.setenv("QUICKTAKES_TRIAGE__REGION", "mars")
    with pytest.raises(ConfigError, match="triage.*mars.*eu, uk, us"):
        load_settings()


# Phrases alone (no model) must hold these: a guard firing on another part of the sentence
# ("fine", "chronic", "if", "no,"), an ellipsis, a small count of a named drug.
PHRASE_URGENT = [
    "he seems fine but he swallowed a button battery an hour ago",
    "I feel fine but I took 30 tylenol",
    "my baby is 5 weeks old, no fever, but she's limp and blue",
    "my otherwise healthy husband has crushing chest pain",
    "he hit his head, he's breathing fine but he's confused and vomiting",
    "I have chronic asthma and I can't breathe",
    "I've been depressed for months and I'm going to kill myself",
    "He has seizures sometimes but this one has lasted 10 minutes",
    "What should I do if my baby is not breathing right now",
    "No, he isn't breathing",
    "Not sure but I think I'm having a heart attack",
    "help... he's not... breathing",
    "I took 8 xanax",
    "he's turning purple",
]
PHRASE_NOT_URGENT = [
    "I can't stop crying since the breakup",
    "my doctor won't respond to my emails",
    "my 3 week old's temperature is 36.8",
    "I'm fit and ran for 30 minutes",
    "I want to end things with my boyfriend",
]


@pytest.fixture(scope="module")
def phrases_only():
    from assistant.triage import Triage
    from config import load_settings

    return Triage(None, load_settings().triage)


@pytest.mark.parametrize("message", PHRASE_URGENT)
def test_guards_do_not_hide_a_danger_said_elsewhere_in_the_sentence(phrases_only, message):
    assert phrases_only.assess(message).level == "urgent", message


@pytest.mark.parametrize("message", PHRASE_NOT_URGENT)
def test_phrases_that_only_look_alike_are_not_urgent(phrases_only, message):
    assert phrases_only.assess(message).level != "urgent", message


def test_crisis_words_follow_whose_thoughts_they_are(phrases_only):
    assert "stay with them" in phrases_only.assess("I'm worried my friend wants to kill himself").notice
    assert "stay with them" in phrases_only.assess("my son is suicidal and I feel helpless").notice
    assert "you don't have to face it alone" in phrases_only.assess("I want to kill myself").notice
    # "no." is the word no, not "No. 5": the sentence that says whose thoughts is the writer's
    writer = phrases_only.assess("my mom says no. want to kill myself")
    assert writer.level == "urgent" and "you don't have to face it alone" in writer.notice


def test_a_very_long_message_is_read_in_bounded_time(phrases_only):
    import time

    t = time.perf_counter()
    phrases_only.assess("no chest pain " * 3000)
    assert time.perf_counter() - t < 2.0
