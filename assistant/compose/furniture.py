"""Page furniture: text about the page, not about health ("These resources address...", "The
animation below shows...", "Key Points", links), which an answer leaves out.

Usage example::

    is_furniture("The animation below shows how the heart pumps.")   # True
"""

from __future__ import annotations

import re

# Page furniture: text about the page, not about health. Found by auditing the corpus for the
# sentences repeated across many articles (bench/answer_audit.py lists what it still finds).
_FURNITURE = re.compile("|".join([
    r"^these resources (?:address|from)\b",
    r"^(?:the |this )?(?:animation|video|table|figure|image|picture|illustration|diagram|chart|"
    r"slideshow|interactive tool)s? (?:below|above|shows?)\b",
    r"\b(?:shown|see|listed|described) (?:in )?the (?:table|figure|animation|video|image|"
    r"illustration|diagram|chart|list|section)s? (?:below|above)\b",
    r"\b(?:in|of) the (?:table|figure|animation|video|image|illustration|diagram|chart)s? "
    r"(?:below|above)\b",
    r"^see (?:also|more|below|above|our|page|the (?:section|table|figure|list|following|summary|"
    r"page|treatment options?|pdq|general information))\b",
    r"^(?:watch|view|click|browse)\b",
    r"^(?:visit|go to) (?:the|our|www|https?)\b",
    r"^(?:please )?click\b|\bclick (?:on|here|the)\b",  # "Please click on the links...", "(Click the table...)"
    r"^please (?:see|visit|refer|contact)\b",
    r"\boffers? (?:additional|more|further) information\b",
    r"^(?:to )?(?:learn|read|find out|get) more\b",
    r"^(?:for )?more information\b",
    r"^(?:additional|other) (?:information|resources)\b",
    r"^summary\s*:",
    r"^key points\b",
    r"^espa[nñ]?ol\b",
    r"^(?:you can use|use) the medlineplus\b",
    r"^you can (?:read|learn|find (?:out )?)(?: more)? about\b",
    r"^the human phenotype ontology\b",
    r"\bapproximate number of patients\b",
    r"^this summary (?:section|is about|describes)\b",
    r"^(?:the )?(?:following|next) sections?\b",
    r"^information about clinical trials is available\b",
    r"^see (?:the )?treatment options?\b",
    r"\bfor more information\b.*\b(?:visit|see|contact|call)\b",
    r"^(?:genetic testing registry|medlineplus encyclopedia|medlineplus|genereviews|"
    r"clinicaltrials\.gov|orphanet|american cancer society|national cancer institute|"
    r"nih|nci|ninds|nhlbi|niddk)\s*:",
    r"^(?:contact|ask) (?:a|your) (?:genetic counselor|doctor)\b.*\bmore\b",
    r"^last (?:reviewed|updated)\b",
    r"^(?:source|sources|references?|adapted from)\s*:",
    r"^if you(?:'d| would) like to\b",
    r"^print (?:this|the)\b",
    r"^this (?:information|article|page) is for information only\b|^this is for information only\b",
    r"^(?:nih|nlm|cdc|fda|nci)\s*:|^centers for disease control and prevention\W*$",
    r"\b(?:www\w*\.|https?://)\S+|\bat the following (?:links?|web ?sites?)\b",
    r"^(?:you can )?(?:find|get) (?:further|more|additional) information\b",
    # how to read a table of symptom frequencies that the page showed and the answer does not
    r"\bthe (?:table|chart|list|figure)s? (?:below|above)\b",
    r"^the frequency (?:of a sign or symptom|may also be listed)\b",
    r"^the first number of the fraction\b",
    r"^sometimes,? no information on frequency\b",
    r"\bcomes from orphanet\b",
    r"^in these cases,? the sign or symptom may be rare or common\b",
    r"^for example,? a frequency of\b",
    r"^because these frequencies are based on a specific study\b",
]), re.IGNORECASE)


def is_furniture(text: str) -> bool:
    return bool(_FURNITURE.search(text.strip().lstrip("*(").strip()))
