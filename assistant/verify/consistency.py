"""Consistency, what similarity misses, for the support check (``assistant.verify.support``):
every number of a claim (a dose, a percentage, an age, a duration, with its unit) must be in
its evidence; a negation ("not", "never", "cannot") must be on both sides or neither; a word
with an opposite in the evidence ("increases" / "decreases", "men" / "women", "before" /
"after") is a contradiction; and every name of the claim (a drug, a condition, a gene: a word
rare in everyday English) must be in the article. Each check gives the reason it fails, or "".

Usage example::

    numbers("Take 10 mg daily.", "Take 20 mg daily.")                 # 'numbers'
    opposite("It is more common in men.", "It is more common in women.")   # 'opposite'
"""

from __future__ import annotations

import re

from library.words import LETTER_WORD, NUMBER_OR_WORD

# a number with what it counts: "10 mg", "2.5%", "1 in 4", "65 years", "two weeks"
_WITH_UNIT = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)\s*(%|percent|mg|mcg|micrograms?|milligrams?|grams?|g|kg|ml|"
                        r"iu|units?|inch(?:es)?|pounds?|calories|hours?|days?|weeks?|months?|years?|minutes?|"
                        r"seconds?)\b")
_UNIT_OF = {"percent": "%", "milligram": "mg", "milligrams": "mg", "microgram": "mcg", "micrograms": "mcg",
            "gram": "g", "grams": "g", "unit": "units", "inch": "inches", "pound": "pounds",
            **{f"{u}s": u for u in ("hour", "day", "week", "month", "year", "minute", "second")}}
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10", "twelve": "12", "twenty": "20", "half": "50%",
                 "hundred": "100", "thousand": "1000", "once": "1", "twice": "2"}
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|cant|don't|dont|doesn't|doesnt|didn't|didnt|"
                       r"isn't|isnt|aren't|arent|won't|wont|shouldn't|shouldnt|without|none|neither|nor|"
                       r"nothing|unable|fails? to)\b|n't\b", re.IGNORECASE)
# words that say "not" in other words: "unlikely" for "not likely", "prevents" for "does not let"
_NEGATIVE_MEANING = re.compile(r"\b(?:unlikely|rarely|seldom|hardly|lacks?|lacking|absent|free of|"
                               r"prevents? \w+(?: \w+)? from|fails? to|unable|no longer|neither)\b", re.IGNORECASE)
# Words whose opposite in the evidence contradicts the claim: pairs of opposites, and groups
# of alternatives where any other member counts ("kidney" in the claim, "liver" in the evidence).
_PAIRS = [
    ({"increase", "increases", "increased", "raise", "raises", "rise", "higher", "greater",
      "worsen", "worsens", "worse"},
     {"decrease", "decreases", "decreased", "lower", "lowers", "reduce", "reduces", "reduced", "fewer",
      "improve", "improves", "better", "milder"}),
    ({"before"}, {"after"}), ({"always"}, {"never"}), ({"common", "frequent"}, {"rare", "rarely", "uncommon"}),
    ({"benign"}, {"malignant", "cancerous"}), ({"acute"}, {"chronic"}), ({"dominant"}, {"recessive"}),
    ({"safe"}, {"unsafe", "dangerous", "harmful"}), ({"quickly", "fast", "rapidly", "faster"}, {"slowly", "slower"}),
    ({"high"}, {"low"}), ({"early"}, {"late"}), ({"more"}, {"less"}),
]
_ALTERNATIVES = [
    [{"men", "male", "males", "boys"}, {"women", "female", "females", "girls"}],
    [{"children", "child", "kids", "infants", "babies", "newborns"}, {"adults", "adult", "elderly"}],
    [{"kidney", "kidneys", "renal"}, {"liver", "hepatic"}, {"heart", "cardiac"}, {"lung", "lungs"}, {"brain"},
     {"skin"}, {"bone", "bones"}, {"eye", "eyes"}, {"stomach"}, {"bladder"}, {"colon", "bowel"},
     {"pancreas"}, {"thyroid"}],
    [{"type 1"}, {"type 2"}],
    [{"virus", "viral"}, {"bacteria", "bacterial"}, {"fungus", "fungal"}],
    [{"mother", "maternal", "mothers"}, {"father", "paternal", "fathers"}],
    [{"white", "whites", "caucasian"}, {"black", "blacks", "african"}, {"hispanic", "hispanics", "latino"},
     {"asian", "asians"}],
]
_PREFIXES = ("non-", "non", "un", "in", "ir", "im", "dis")
MAX_NAME_ZIPF = 2.5  # a word rarer than this in everyday English names something
SWAPPED_NAME_ZIPF = 3.0  # a name the evidence swaps for another may be a little more common


def numbers(claim: str, evidence: str) -> str:
    """Every number of the claim (digits, or words: "twice", "two") is in the evidence,
    with the same unit when it has one ("6 weeks" is not "6 months")."""
    def found(text: str) -> tuple[set[str], set[tuple[str, str]]]:
        low = text.lower()
        values = {m.replace(",", "") for m in re.findall(r"(?<![\w.])\d+(?:[.,]\d+)*", low)}
        values |= {_NUMBER_WORDS[w] for w in LETTER_WORD.findall(low) if w in _NUMBER_WORDS
                   and w not in ("one", "once")}  # "one of the most..." counts nothing
        units = {(v.replace(",", ""), _UNIT_OF.get(u, u)) for v, u in _WITH_UNIT.findall(low)}
        return values, units

    (values, units), (have, have_units) = found(claim), found(evidence)
    if values - have:
        return "numbers"
    for value, unit in units:
        if (value, unit) not in have_units and any(v == value for v, _ in have_units):
            return "numbers"  # the same number counting something else
    return ""


def negation(claim: str, evidence: str, terms) -> str:
    """A "not" on one side only, about what both sides talk of (the words it governs are
    shared, by ``terms``), unless the other side says it in other words ("unlikely")."""
    shared = terms(claim) & terms(evidence)

    def negated(text: str) -> bool:
        for m in _NEGATION.finditer(text):
            governed = terms(" ".join(text[m.end():].split()[:8]))
            if governed & shared:
                return True
        return False

    mine, theirs = negated(claim), negated(evidence)
    if mine and not theirs and not _NEGATIVE_MEANING.search(evidence):
        return "negation"
    if theirs and not mine and not _NEGATIVE_MEANING.search(claim):
        return "negation"
    return ""


def opposite(claim: str, evidence: str, pairs_only: bool = False) -> str:
    def words(text: str) -> set[str]:
        low = text.lower()
        return set(LETTER_WORD.findall(low)) | {m.group(0) for m in re.finditer(r"type [12]", low)}

    mine, theirs = words(claim), words(evidence)
    for a, b in _PAIRS:
        for this, other in ((a, b), (b, a)):
            if mine & this and not theirs & this and theirs & other and not mine & other:
                return "opposite"
    if pairs_only:
        return ""
    for group in _ALTERNATIVES:
        said = [k for k, g in enumerate(group) if mine & g]
        there = [k for k, g in enumerate(group) if theirs & g]
        if said and there and not set(said) & set(there):
            return "opposite"
    if _order(claim) and _order(evidence) and _order(claim) == tuple(reversed(_order(evidence))):
        return "opposite"  # "men are more likely than women" where women are more likely than men
    pairs, there = _number_owners(claim), dict(_number_owners(evidence))
    if any(value in there and there[value] != owner for value, owner in pairs):
        return "opposite"  # "below 50 for men" where 50 is the women's figure
    return ""


def prefixed(claim: str, evidence: str) -> str:
    """"reversible" against "non-reversible", "curable" against "incurable"."""
    def words(text: str) -> set[str]:
        return {w.lower() for w in LETTER_WORD.findall(text)}

    mine, theirs = words(claim), words(evidence)
    for a, b, text in ((mine, theirs, claim), (theirs, mine, evidence)):
        for w in a:
            if len(w) >= 5 and any(f"{p}{w}" in b for p in _PREFIXES) and not any(f"{p}{w}" in a for p in _PREFIXES) \
                    and not re.search(rf"\b(?:not|no|never)\s+(?:\w+\s+)?{re.escape(w)}\b", text.lower()):
                return "opposite"  # ("not likely" is "unlikely")
    return ""


def names(claim: str, evidence: str, article_text: str, topic: str = "") -> str:
    """A name of the claim (a word rare in everyday English: a drug, a condition, a gene)
    that the article never uses, or that its evidence swaps for another name."""
    from wordfreq import zipf_frequency

    def rare(text: str, limit: float = MAX_NAME_ZIPF) -> set[str]:
        return {w.lower() for w in LETTER_WORD.findall(text) if len(w) >= 4
                and zipf_frequency(w.lower(), "en") < limit}

    def stem(w: str) -> str:
        return w[:6] if len(w) >= 6 else w

    have = {stem(w.lower()) for w in LETTER_WORD.findall(article_text)}
    here = {stem(w.lower()) for w in LETTER_WORD.findall(evidence)}
    if any(stem(w) not in have for w in rare(claim)):
        return "name"
    about = {stem(w.lower()) for w in LETTER_WORD.findall(topic)}  # the article's topic is no swap
    mine = {w for w in rare(claim, SWAPPED_NAME_ZIPF) if stem(w) not in about}
    theirs = {stem(w) for w in rare(evidence)} - about
    if any(stem(w) not in here for w in mine) and theirs - {stem(w) for w in mine}:
        return "name"  # "leukocytosis" or "herpes simplex" where the evidence names another
    return ""


def _member(word: str) -> tuple[int, int] | None:
    """(group, member) of an alternative ("men" -> the sexes, men)."""
    for g, group in enumerate(_ALTERNATIVES):
        for k, members in enumerate(group):
            if word in members:
                return g, k
    return None


def _order(text: str) -> tuple | None:
    """The two alternatives on either side of "than": ("men", "women") -> their members."""
    low = text.lower()
    if " than " not in low:
        return None
    before, after = low.split(" than ", 1)
    a = next((m for w in reversed(LETTER_WORD.findall(before)) for m in [_member(w)] if m), None)
    b = next((m for w in LETTER_WORD.findall(after)[:4] for m in [_member(w)] if m), None)
    return (a, b) if a and b and a[0] == b[0] and a != b else None


def _number_owners(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Each number with the alternative named closest to it within four words ("50 mg/dL for
    women": 50 belongs to women)."""
    tokens = NUMBER_OR_WORD.findall(text.lower())
    out = []
    for i, t in enumerate(tokens):
        if t[0].isdigit():
            after = [m for j in range(i + 1, min(len(tokens), i + 5)) for m in [_member(tokens[j])] if m]
            before = [m for j in range(i - 1, max(-1, i - 3), -1) for m in [_member(tokens[j])] if m]
            owner = (after or before or [None])[0]
            if owner:
                out.append((t.replace(",", ""), owner))
    return out
