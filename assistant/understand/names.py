"""How the question reader compares names: one key per name ("Parkinson's", "parkinsons" and
"Parkinson" are one), and whether a name is a drug's (the library's drug names, common brands,
or a drug class's ending such as "-statin" or "-pril").

Usage example::

    name_key("Parkinson's") == name_key("parkinsons")    # True
    is_drug("atorvastatin", set())                        # True, by its ending
"""

from __future__ import annotations

import re

from library.words import WORD

DRUG_WORD = re.compile(r"^\w+(?:statin|pril|sartan|olol|mycin|cillin|cycline|floxacin|azole|prazole|tidine|dipine|"
                       r"zepam|zolam|triptan|profen|oxetine|traline|xetine|azine|mab|parin|farin|formin|gliptin|"
                       r"thiazide|semide|codone|morphone|barbital|dronate|lukast|caine)$", re.IGNORECASE)
COMMON_DRUGS = {"aspirin", "tylenol", "advil", "motrin", "aleve", "benadryl", "ibuprofen", "acetaminophen",
                "naproxen", "prednisone", "insulin", "melatonin", "antibiotics", "antibiotic", "birth control",
                "the pill", "zoloft", "prozac", "xanax", "lexapro", "adderall", "viagra", "tramadol",
                "levothyroxine", "synthroid", "lisinopril", "amoxicillin", "penicillin", "vitamin d",
                "iron pills", "steroids", "antidepressants", "statins"}


def name_key(text: str) -> str:
    """A name as it is compared: lower case, no possessive, no plural s ("Parkinson's",
    "parkinsons" and "Parkinson" are one name; "cataracts" is "cataract")."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b|'", "", text)
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in WORD.findall(text))


def normalise_name(text: str) -> str:
    """A message's words as names are looked up: lower case, no possessive."""
    text = text.lower().replace("\u2019", "'")
    return " ".join(WORD.findall(re.sub(r"'s\b", "", text)))


def is_drug(name: str, drug_names: set[str]) -> bool:
    """A drug: one the library names, a common one, or a word with a drug class's ending."""
    return name in drug_names or name in COMMON_DRUGS or bool(DRUG_WORD.match(name))
