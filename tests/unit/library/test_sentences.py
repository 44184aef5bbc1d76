"""library.sentences: the one splitter the chunker, the answerer, dense search and triage use."""

from __future__ import annotations

import pytest

from library.sentences import sentences


@pytest.mark.parametrize("text, expected", [
    ("Take it with food, e.g. a snack. Call a doctor if it hurts.",
     ["Take it with food, e.g. a snack.", "Call a doctor if it hurts."]),
    ("my son fell. he is bleeding! what do i do?",
     ["my son fell.", "he is bleeding!", "what do i do?"]),
    ('Dr. Smith said "rest." Then J. Doe came.', ['Dr. Smith said "rest."', "Then J. Doe came."]),
    ("I feel... weird. Help", ["I feel... weird.", "Help"]),
    ("Line one\nLine two.\n\nThree (see above.) Four is 2.5 mg.",
     ["Line one", "Line two.", "Three (see above.)", "Four is 2.5 mg."]),
    ("", []),
    ("   \n ", []),
    ("One line without an end", ["One line without an end"]),
])
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_clauses_also_split_at_semicolons_and_spaced_dashes():
    text = "no chest pain - but now I can't breathe; help. A well-known fact"
    assert sentences(text) == ["no chest pain - but now I can't breathe; help.", "A well-known fact"]
    assert sentences(text, clauses=True) == ["no chest pain", "but now I can't breathe;", "help.",
                                             "A well-known fact"]


def test_every_sentence_is_a_substring_in_order():
    text = ("Hepatitis B is an infection (HBV). It spreads via blood, i.e. needles; rarely otherwise.\n"
            "- Symptoms: fever? Sometimes!  \"Yellow skin.\" Etc. and more")
    pieces = sentences(text)
    at = 0
    for piece in pieces:
        at = text.index(piece, at) + len(piece)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_paragraphs_split_at_blank_lines():
    from library.sentences import paragraphs

    text = "One.\nStill one.\n\n  \n- Two\n\n\nThree.  "
    assert paragraphs(text) == ["One.\nStill one.", "- Two", "Three."]
    assert paragraphs(text, strip=False) == ["One.\nStill one.", "- Two", "Three.  "]
    assert paragraphs("") == [] and paragraphs(None) == []


def test_inline_items_of_a_flattened_list():
    from library.sentences import inline_items

    assert inline_items("Cough - Fever - Rash") == ["Cough", "Fever", "Rash"]
    assert inline_items("ischemic - a blockage") == ["ischemic - a blockage"]  # a prose dash
    assert inline_items("swelling - headache - upset stomach", any_case=True) == [
        "swelling", "headache", "upset stomach"]


def test_claims_of_one_sentence():
    from library.sentences import claims

    assert claims("Gout is caused by uric acid, and it can be treated with medicines.") == [
        "Gout is caused by uric acid", "can be treated with medicines"]
    assert claims("Rest, and drink water.") == ["Rest, and drink water."]  # a side under four words


def test_clause_splits():
    from library.sentences import comma_parts, first_clause, open_clause

    assert first_clause("what is hashimoto's, my doctor mentioned it") == "what is hashimoto's"
    assert first_clause("no clause here") == "no clause here"
    assert comma_parts("been on it for 2 yrs, can i just stop?") == ["been on it for 2 yrs", "can i just stop?"]
    assert open_clause("not sure, but crushing") == " but crushing"


def test_no_with_a_full_stop_is_a_number_only_before_one():
    from library.sentences import sentences

    assert sentences("See No. 5 on the list. Then rest.") == ["See No. 5 on the list.", "Then rest."]
    assert sentences("No. Most heart attack patients do not have all of the symptoms.") == [
        "No.", "Most heart attack patients do not have all of the symptoms."]
    assert sentences("my mom says no. want to kill myself") == ["my mom says no.", "want to kill myself"]
