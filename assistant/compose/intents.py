"""What kind of answer a question asks for (what to do, treatment, symptoms, causes,
prevention, diagnosis, side effects, outlook), and the section headings that give it: the
composer prefers a block under such a heading.

Usage example::

    intents_of("how is gout treated?")   # frozenset({1}): treatment
"""

from __future__ import annotations

import re

# What kind of answer a question asks for, and the section headings that give it: a block
# under such a heading is preferred (general wording, not tuned to any one article).
INTENTS = [
    (re.compile(r"\bwhat (?:do|should|can) (?:i|we|you) do\b|\bwhat to do\b|\bfirst aid\b|\bhelp\b",
                re.IGNORECASE), re.compile(r"home care|first aid|what to do|before calling|self[- ]care|"
                                           r"treatment|emergency", re.IGNORECASE)),
    (re.compile(r"\b(?:treat\w*|cure\w*|therap\w*|get rid|manag\w*|medicines?|medications?)\b",
                re.IGNORECASE), re.compile(r"treat|therap|manag|medicine|medication|surgery|control",
                                           re.IGNORECASE)),
    (re.compile(r"\b(?:symptoms?|signs?|feel\w*|tell if|know if|look like)\b", re.IGNORECASE),
     re.compile(r"symptom|sign", re.IGNORECASE)),
    (re.compile(r"\b(?:caus\w*|why|risk\w*|get it|catch)\b", re.IGNORECASE),
     re.compile(r"cause|risk|why", re.IGNORECASE)),
    (re.compile(r"\b(?:prevent\w*|avoid\w*|stop\w* (?:it|getting))\b", re.IGNORECASE),
     re.compile(r"prevent|avoid", re.IGNORECASE)),
    (re.compile(r"\b(?:diagnos\w*|tests?|tested|check(?:ed)? for)\b", re.IGNORECASE),
     re.compile(r"diagnos|test|exam", re.IGNORECASE)),
    (re.compile(r"\bside effects?\b", re.IGNORECASE), re.compile(r"side effect", re.IGNORECASE)),
    (re.compile(r"\b(?:outlook|prognosis|life expectancy|go away|survival|live with|curable)\b",
                re.IGNORECASE), re.compile(r"outlook|prognosis|expect", re.IGNORECASE)),
]
INTENT_BONUS = 2.0


def intents_of(text: str) -> frozenset[int]:
    """The kinds of answer ``text`` asks for (indices of ``INTENTS``: what to do, treatment,
    symptoms, causes, prevention, diagnosis, side effects, outlook)."""
    return frozenset(k for k, (question, _) in enumerate(INTENTS) if question.search(text or ""))
