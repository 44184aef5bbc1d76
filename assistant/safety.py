"""Safety notes: emergencies first, and every answer says it is not medical advice.

Emergency detection is deliberately simple and errs on the side of showing the notice: a
person describing chest pain or suicidal thoughts must see where to get help before anything
else, whatever the library says.
"""

from __future__ import annotations

import re

DISCLAIMER = (
    "This answer is drawn from the QuickTakes article library and is not medical advice. "
    "Ask a doctor or other health professional about your own situation."
)

EMERGENCY_NOTICE = (
    "⚠️ If this is happening now, it may be an emergency: call your local emergency number "
    "(911 in the US, 112 in Europe) or go to the nearest emergency department. "
    "If you are thinking about suicide or self-harm, call or text 988 (US) or your local "
    "crisis line now."
)

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
