"""How the sentences of an answer are worded (general wording, not any one article's): the cue
of each type of answer ("within 2 weeks" for how long, "call your provider if" for when to see
a doctor), a verdict, a sentence pointing back at the one before, a run-on list or heading, a
cross-reference, a lead-in about the page. Read by the answer selector and the first paragraph.

Usage example::

    ANSWER_CUES["outlook"].search("Most people get better within 2 weeks.")   # a match
"""

from __future__ import annotations

import re

_R = lambda p: re.compile(p, re.IGNORECASE)  # noqa: E731
# a time span ("2 to 4 weeks"), not an age ("6 months of age", "60 years or older", "5 years old")
_SPAN = (r"\b(?:\d+|one|two|three|four|five|six|few|several|many)(?:\s*(?:to|-|or)\s*\d+)?\s+"
         r"(?:hours?|days?|weeks?|months?|years?)\b(?!\s+(?:of\s+age|old|or\s+older|and\s+older|of\s+life))")
# How an answer of each type is worded (general wording, not any one article's).
ANSWER_CUES: dict[str, re.Pattern] = {
    "definition": _R(r"\b(?:is|are) (?:a|an|the)\b|\brefers to\b|\bis called\b|\bmeans\b"),
    "cause": _R(r"\bcaus\w*|\bdue to\b|\bresult\w* (?:of|from)\b|\btrigger\w*|\bbecause\b|\bleads? to\b|"
                r"\bfrom\b|\bspread\w*"),
    "symptom": _R(r"\bsymptoms?\b|\bsigns?\b|\bmay (?:have|notice|feel)\b|\bcan cause\b|\binclude\b|"
                  r"\bno symptoms\b|\bonly signs?\b"),
    "diagnosis": _R(r"\btests?\b|\bdiagnos\w*|\bexam\w*|\bbiopsy\b|\bscan\b|\bx-ray\b|\bscreen\w*"),
    "treatment": _R(r"\btreat\w*|\btherap\w*|\bsurgery\b|\bmedicines?\b|\bmedications?\b|\bantibiotics?\b|"
                    r"\bremov\w*|\bdrugs?\b|\bcure\w*|\brelie\w*|\bhelps?\b|\bimprove\w*"),
    "prevention": _R(r"\bprevent\w*|\bavoid\w*|\breduce\w* (?:the|your) (?:risk|chance)|\bvaccin\w*|\bwash\w*|"
                     r"\bprotect\w*|\bdrink\w*|\bdo not\b|\bshould\b"),
    "outlook": _R(rf"{_SPAN}|\bwithin\b|\bgo(?:es)? away\b|\bget better\b|\brecover\w*|\bimprove\w*|\bcome back\b|"
                  r"\brecur\w*|\bagain\b|\boutbreaks?\b|\blifetime\b|\bchronic\b|\bmost (?:people|children|"
                  r"individuals|cases)\b|\boutlook\b|\bprognosis\b|\bpermanent\w*|\bheal\w*|\bresolv\w*|"
                  r"\bdisappear\w*|\bnormal\w*\b|\boutgrow\w*|\bsurviv\w*|\blife expectancy\b"),
    "complication": _R(r"\bcomplications?\b|\blead to\b|\bcan cause\b|\bdamage\b|\brisk of\b|\bharm\w*|"
                       r"\bproblems?\b|\brupture\w*"),
    "risk": _R(r"\brisk\w*|\bmore likely\b|\bspread\w*|\bcontagious\b|\bcatch\w*|\btransmit\w*|\bcontact\b|"
               r"\bcannot\b|\bcan not\b|\bonly\b|\bcommon\w*|\baffects?\b|\bexposed\b|\bexposure\b"),
    "when_doctor": _R(r"\b(?:call|contact|see|tell|talk to|check with)\b[^.]{0,30}?(?:provider|doctor|"
                      r"physician|health care|911|emergency|pharmacist)\b|\bseek\b[^.]{0,20}\b(?:care|help|"
                      r"attention)\b|\bemergency\b|\bright away\b|\bimmediately\b|\bif (?:your )?symptoms\b"),
    "diet": _R(r"\beat\w*|\bfoods?\b|\bdiet\w*|\bdrink\w*|\bmeals?\b|\bavoid\w*|\bfruits?\b|\bvegetables?\b|"
               r"\bfiber\b|\bwith (?:food|milk|a meal)\b|\bempty stomach\b|\bexercis\w*"),
    "side_effect": _R(r"\bside effects?\b|\bmay cause\b|\bcan cause\b|\bcall your doctor\b|\breactions?\b"),
    "interaction": _R(r"\bdo not (?:take|drink|use)\b|\bwith\b|\binteract\w*|\balcohol\b|\btogether\b|"
                      r"\bincreases? the risk\b|\bbleeding\b|\btell your doctor\b|\bavoid\w*|"
                      r"\b(?:\d+|one|two|three|four) hours? (?:before|after)\b|\bapart\b|\bseparate\w*"),
    "dosage": _R(r"\bdos(?:e|es|age|ing)\b|\bmg\b|\btablets?\b|\bcapsules?\b|\btimes a day\b|\bevery \d+"
                 r"|\bweeks?\b|\bhours?\b|\bdaily\b|\bstop\b"),
    "inheritance": _R(r"\binherit\w*|\bautosomal\b|\bgenes?\b|\bparents?\b|\bchance\b|\bchromosomes?\b|"
                      r"\bmales?\b|\bfemales?\b|\bcarriers?\b|\bfamil\w*"),
    "comparison": _R(r"\bunlike\b|\bwhereas\b|\bwhile\b|\bdiffer\w*|\bboth\b|\bin contrast\b|\bbut\b|"
                     r"\bsimilar\b|\bnot as\b|\bthan\b"),
}
VERDICT = _R(r"\b(?:can|cannot|can't|may|might|do not|does not|did not|is not|are not|will not|should|"
             r"should not|never|no|not|only|usually|rarely|most|always)\b")
REFERS_BACK = _R(r"^\W*(?:it|its|they|their|them|these|this|those|he|she|such|both|another|however|but|and|"
                 r"also|in addition|other|then)\b|\b(?:this|that|the) (?:problem|condition|disease|disorder)\b")
ENDS_SENTENCE = re.compile(r"[.!?][\"')\]]*$")
# a sentence holding a flattened list ("You can control - what you eat - your weight") or a
# heading run into it reads badly beside the lead: it is not joined to the first paragraph
RUNS_ON = re.compile(r"\s-\s+\w|:\s")
# a sentence naming what the one before it said ("this medicine", "these devices", "such a test")
POINTS_BACK = _R(r"\b(?:this|these|that|those|such an?|such)\s+(?:\w+\s+)?(?:medicines?|medications?|drugs?|"
                 r"treatments?|devices?|tests?|procedures?|conditions?|problems?|symptoms?|steps?|foods?|"
                 r"changes?|methods?|therapy|therapies|surgery|surgeries|vaccines?)\b")
# a cross-reference run into a sentence ("... radiation therapy. (See the PDQ summary on ...)")
SEE_ALSO = _R(r"\(\s*(?:see|for more information)\b[^)]*\)?\s*$")
FURNITURE_LEAD = _R(r"^\W*(?:for more information|see |visit |learn more|click|to find|the following)\b|"
                    r"\bin the table below\b|\bthe information (?:in|on) this page\b")
