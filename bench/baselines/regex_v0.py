"""The emergency check this project used before assistant/triage (a list of regular
expressions, kept verbatim from assistant/safety.py at commit f63990d) so bench/triage.py can
compare against it in the same run."""

from __future__ import annotations

import re

_PATTERNS = [
    # heart
    r"chest (?:pain|pressure|tightness|hurts?)|pain in (?:my|the) chest|crushing (?:pain|pressure)",
    r"(?:having|had|having a|think i'?m having) (?:a )?heart attack",
    # stroke
    r"(?:face|mouth) (?:is )?droop|slurr(?:ed|ing) (?:speech|words)|"
    r"(?:sudden|suddenly)\b.{0,40}\b(?:numb|weak|paraly|can'?t (?:see|speak|talk|move))|"
    r"(?:having|had) a stroke|stroke (?:symptoms|signs) (?:now|right now)",
    # breathing
    r"(?:can'?t|cannot|can not|unable to|trouble|difficulty|hard to|struggling to) breath(?:e|ing)|"
    r"short(?:ness)? of breath|not breathing|stopped breathing|choking|gasping",
    # suicide, self-harm
    r"suicid|kill (?:my ?self|myself)|\bend (?:my life|it all)\b|want(?:ed)? to die|"
    r"self[- ]harm|hurt(?:ing)? myself|cut(?:ting)? myself",
    # poisoning, overdose
    r"overdos|took (?:too many|a lot of|an entire|the whole)|"
    r"swallowed (?:an? |some |the )?(?:bleach|poison|pills|batter)|"
    r"poison(?:ed|ing)",
    # bleeding
    r"(?:severe|heavy|uncontrolled|a lot of|won'?t stop|will not stop|profuse)\s+(?:\w+\s+)?bleed|"
    r"bleeding (?:won'?t|will not|that won'?t|doesn'?t) stop|coughing (?:up )?blood|vomiting blood|"
    r"bleed(?:ing)? (?:heavily|profusely|badly|a lot)|can'?t stop (?:the )?bleeding",
    # other emergencies
    r"unconscious|passed out|fainted|unresponsive|seizure (?:now|right now|won'?t stop)|"
    r"anaphyla|throat (?:is )?(?:swelling|closing)|swollen (?:tongue|throat)",
]
_EMERGENCY = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def is_emergency(text: str) -> bool:
    """True when the message describes signs of an emergency."""
    return bool(_EMERGENCY.search(text or ""))
