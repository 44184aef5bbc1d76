"""Words: the one tokeniser, the stop-word lists and the stems that the answer's composer and
selector, the question reader, the follow-up reader, the support check, the triage and the
evaluation compare texts by.

``WORD`` is the tokeniser; the other patterns are named variants, each used where its
difference is the point (a line above each says why). ``content_stems`` is the one
content-word function: lower case, stop words out, Snowball stems.

Usage example::

    words("Don't take 2 x-rays")                   # ["don't", 'take', '2', 'x-rays']
    words("Don't take 2 x-rays", LETTER_WORD)      # ["don't", 'take', 'x-rays']
    content_stems("Gout is caused by uric acid")   # ['gout', 'caus', 'uric', 'acid']
    plain("Hepatitis B: (HBV) isn't rare.")        # 'hepatitis b hbv isn t rare'
"""

from __future__ import annotations

import re
from functools import lru_cache

# A word: letters and digits, with the apostrophes and hyphens inside it ("don't", "x-ray",
# "covid-19"); a decimal point ends it ("2.5" is "2" and "5").
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
# A word of letters: where a number is no word (the follow-ups' topic words; the support
# check's names and opposites, whose numbers it compares apart, with their units).
LETTER_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# A number as one token ("2.5", "1,000") or a word of letters: the support check pairs each
# number with the group named next to it ("50 mg/dL for women").
NUMBER_OR_WORD = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z][A-Za-z'-]*")
# Lower-case letters and apostrophes, a hyphen or digit between two: each half of "cant-breathe"
# is respelt on its own (the triage's texting spellings, on lower-cased text).
SPELLED_WORD = re.compile(r"[a-z']+")
# A run of letters and digits: a hyphenated or elided word counts as its parts. How "said
# already" is compared (``plain``: "x-ray" and "x ray" are one) and how long a heading is
# ("dialysis-related" is two words).
WORD_PART = re.compile(r"[A-Za-z0-9]+")
# A run of letters and digits that starts with a letter, as the acronyms find a short form in a
# message: "nd" of "2nd" and "co" of "co-workers" are lower-case uses of "ND" and "CO" there.
LETTERS_FIRST = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# A term the composer scores blocks and later articles by: two or more characters, starting
# with a letter. A bare number or letter of a message ("for 30 years", "A child but not B
# child") is no aspect a second article must cover (with ``WORD``, 3 of 194 answers lost a
# paragraph over one, once a relevant one).
TERM = re.compile(r"[A-Za-z][A-Za-z0-9'-]+")

# English function words: not evidence that an article says what a sentence says.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either else etc even
ever every few for from further had has have having he her here hers herself him himself his
how however i if in into is it its itself just may me might more most much must my myself no
nor not of off often on once only or other our ours ourselves out over own per rather same
shall she should so some such than that the their theirs them themselves then there these they
this those through thus to too under until up upon us very was we were what when where whether
which while who whom whose why will with within without would yet you your yours yourself
yourselves s t don
""".split())


@lru_cache(maxsize=1)
def search_stop_words() -> frozenset[str]:
    """The lexical search's stop words (bm25s's English list, 33 words: "and", "the", "is"...;
    modals and pronouns stay words). The composer's block scores and the support check's
    thresholds were tuned with these, so they keep them."""
    return frozenset(import_bm25s().stopwords.STOPWORDS_EN)


def words(text: str, pattern: re.Pattern = WORD) -> list[str]:
    """The words of ``text`` by ``pattern``, lower case, without a leading or trailing
    apostrophe or hyphen."""
    return [w for w in (m.lower().strip("'-") for m in pattern.findall(text or "")) if w]


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def stems(tokens: list[str]) -> list[str]:
    """Snowball (English) stems of ``tokens``, in order."""
    return _stemmer().stemWords(tokens) if tokens else []


def content_stems(text: str, stop_words: frozenset[str] = STOP_WORDS, pattern: re.Pattern = WORD) -> list[str]:
    """Lower-cased words of ``text`` (by ``pattern``) without ``stop_words``, Snowball-stemmed,
    in order."""
    return stems([w for w in words(text, pattern) if w not in stop_words])


def plain(text: str) -> str:
    """Text as compared for "said already": lower case, letters and digits, one space."""
    return " ".join(WORD_PART.findall((text or "").lower()))


def import_bm25s():
    """bm25s, imported without numba. bm25s imports numba whenever it is installed (the
    evaluation's ranx brings it), for a retrieval backend this project does not use (it scores
    with ``get_scores``, numpy); numba and llvmlite cost every reader about 60 MB. The first
    import of bm25s in a process goes through here; numba stays importable for others."""
    import sys

    if "bm25s" in sys.modules:
        return sys.modules["bm25s"]
    hidden = "numba" not in sys.modules
    if hidden:
        sys.modules["numba"] = None  # makes `from numba import njit` raise ImportError
    try:
        import bm25s
    finally:
        if hidden:
            del sys.modules["numba"]
    return bm25s


def same_family(a: str, b: str) -> bool:
    """Stems of one word family ("treat" and "treatment", "diagnos" and "diagnost")."""
    return len(a) >= 4 and len(b) >= 4 and (a.startswith(b) or b.startswith(a))
