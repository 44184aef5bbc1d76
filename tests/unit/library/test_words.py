"""library.words: the one tokeniser, stop-word lists and stems, and its named variants."""

from __future__ import annotations

from library.words import (LETTER_WORD, LETTERS_FIRST, NUMBER_OR_WORD, SPELLED_WORD, STOP_WORDS, TERM, WORD,
                           WORD_PART, content_stems, plain, search_stop_words, words)


def test_words_and_their_variants():
    text = "Don't take 2 x-rays, the CO-workers' 2nd dose of 2.5 mg"
    assert words(text) == ["don't", "take", "2", "x-rays", "the", "co-workers", "2nd", "dose", "of", "2", "5", "mg"]
    assert words(text, LETTER_WORD) == ["don't", "take", "x-rays", "the", "co-workers", "nd", "dose", "of", "mg"]
    assert NUMBER_OR_WORD.findall("50 mg/dL for women, 2.5 or 1,000") == ["50", "mg", "dL", "for", "women", "2.5",
                                                                          "or", "1,000"]
    assert WORD_PART.findall("dialysis-related Crohn's") == ["dialysis", "related", "Crohn", "s"]
    assert LETTERS_FIRST.findall("my 2nd co-worker") == ["my", "nd", "co", "worker"]
    assert SPELLED_WORD.findall("cant-breath 2nite") == ["cant", "breath", "nite"]
    assert TERM.findall("a B child for 30 years") == ["child", "for", "years"]
    assert WORD.search("...") is None


def test_content_stems_and_stop_words():
    assert content_stems("Gout is caused by uric acid") == ["gout", "caus", "uric", "acid"]
    assert content_stems("What can I take?", search_stop_words()) == ["what", "can", "i", "take"]
    assert search_stop_words() < STOP_WORDS  # the lexical search's short list is part of the long one
    assert plain("Hepatitis B: (HBV) isn't rare.") == "hepatitis b hbv isn t rare"
