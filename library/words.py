"""Content words: a text's words without function words, Snowball-stemmed. What the support
check of a model's answer (``assistant.verify``) and the evaluation's groundedness
(``evaluation.metrics``) compare a sentence with its article by.

Usage example::

    content_stems("Gout is caused by uric acid")   # ['gout', 'caus', 'uric', 'acid']
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")

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
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def content_stems(text: str, stop_words: frozenset[str] = STOP_WORDS) -> list[str]:
    """Lower-cased words of ``text`` without ``stop_words``, Snowball-stemmed, in order."""
    words = [w.lower().strip("'-") for w in _WORD.findall(text or "")]
    words = [w for w in words if w and w not in stop_words]
    return _stemmer().stemWords(words) if words else []


def plain(text: str) -> str:
    """Text as compared for "said already": lower case, letters and digits, one space."""
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))


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
