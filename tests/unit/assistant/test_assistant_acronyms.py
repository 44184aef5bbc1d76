"""Acronyms the library defines are spelled out in questions; nothing else is touched."""

from __future__ import annotations

from assistant.retrieval.acronyms import Acronyms

LIBRARY = [
    "What is NPH?\n\nNormal pressure hydrocephalus (NPH) is a brain disorder in which excess "
    "cerebrospinal fluid accumulates in the brain's ventricles.",
    "What causes erection problems?\n\nErectile dysfunction (ED) is a problem getting or "
    "keeping an erection. ED can be caused by medicines.",
    "What is CAT deficiency?\n\nCarnitine-acylcarnitine translocase (CAT) deficiency is rare. "
    "A cat scratch is not related.",
    "What is multiple sclerosis?\n\nMultiple sclerosis (MS) affects the nerves.",
    # one short form, three meanings in three articles
    "What is muscular dystrophy?\n\nMuscular dystrophy (MD) weakens muscles.",
    "What is macular degeneration?\n\nMacular degeneration (MD) blurs central vision.",
    "What is mitochondrial disease?\n\nMitochondrial disease (MD) affects energy.",
]


def build() -> Acronyms:
    return Acronyms.from_texts(LIBRARY)


def test_definitions_read_from_the_articles():
    acronyms = build()
    assert acronyms.definitions["nph"] == "normal pressure hydrocephalus"
    assert acronyms.definitions["ed"] == "erectile dysfunction"


def test_lower_case_and_capital_acronyms_are_spelled_out_once():
    acronyms = build()
    out = acronyms.expand("I have nph. Is there an exercise class for NPH?")
    assert out == "I have nph (normal pressure hydrocephalus). Is there an exercise class for NPH?"
    assert acronyms.expand("Does effexor cause ED?") == "Does effexor cause ED (erectile dysfunction)?"


def test_an_acronym_that_is_also_a_word_of_the_library_is_left_alone():
    # the library defines CAT, but also writes "cat" as a word: "CAT scan" is not the enzyme
    acronyms = build()
    assert acronyms.expand("Does a CAT scan show it?") == "Does a CAT scan show it?"
    assert acronyms.expand("my cat has fleas") == "my cat has fleas"


def test_mixed_case_words_and_undefined_acronyms_are_left_alone():
    acronyms = build()
    for text in ("Ms Smith asks about her Ms", "Any ideas from Med?", "Is the FDA ok with it?"):
        assert acronyms.expand(text) == text


def test_ambiguous_definitions_are_not_used():
    # MD is defined three ways: no definition holds two thirds of them
    acronyms = build()
    assert "md" not in acronyms.definitions
    assert acronyms.expand("what is MD?") == "what is MD?"


def test_already_spelled_out_long_form_is_not_repeated():
    acronyms = build()
    text = "Is multiple sclerosis (MS) inherited?"
    assert acronyms.expand(text) == text


def test_empty_library_expands_nothing():
    acronyms = Acronyms.from_texts([])
    assert len(acronyms) == 0
    assert acronyms.expand("I have NPH") == "I have NPH"
