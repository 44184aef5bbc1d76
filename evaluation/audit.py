"""What a reader trips over in an answer, counted: the defects bench/answer_quality.py audits.

Each check reads only the answer body (paragraphs separated by blank lines, list items on
lines of their own, ``[n]`` markers):

* ``flattened_list``: list items run together on one line ("- Cough - Fever - Rash"; a
  prose dash, "--" or one defining pair, is not a list).
* ``heading_alone``: a paragraph that is only a heading (a few words, no sentence end).
* ``dangling_lead_in``: a paragraph ending in ":" with no list under it.
* ``furniture``: text about the page, not about health ("The animation below shows...",
  "These resources address...", "See also", links).
* ``questions_list``: a list of questions (to ask a doctor) the person did not ask for.
* ``repeated_sentence``: the same sentence twice.
* ``markers_per_paragraph``: markers in a paragraph beyond the one at its end.

Usage example::

    audit("Symptoms include: - Cough - Fever [1]", "what are the symptoms of flu")
    # {"flattened_list": 1, "heading_alone": 0, ...}
"""

from __future__ import annotations

import re

from assistant.answer import MARKER
from assistant.compose.furniture import is_furniture
from library.sentences import LIST_ITEM as _ITEM
from library.sentences import paragraphs, sentences
from library.words import plain as _key

CHECKS = ("flattened_list", "heading_alone", "dangling_lead_in", "furniture", "questions_list",
          "repeated_sentence", "markers_per_paragraph")

# A spaced single dash that marks an item ("include: - Cough - Fever"); "--" is a dash in
# prose ("many men -- and some women -- lose hair"), as is one pair of single dashes that
# defines ("two forms: ischemic - blockage..., and hemorrhagic - bleeding...").
_ITEM_DASH = re.compile(r"(?:^|(?<=\s))-(?=\s+[A-Za-z0-9(])")
_LIST_OPENS = re.compile(r"(?:^|[:.]|\binclude|\bincludes|\bsuch as)\s*$")


def _run_together(line: str, lowercase_list: bool = False) -> bool:
    """Whether list items run together on this line. In an item ("- Skin - itching, hives"),
    a dash before a lower-case word defines the item, unless the list's items are all lower
    case ("- blurred vision - heavy eyelids")."""
    if _ITEM.match(line):
        rest = _ITEM.sub("", line, count=1)
        return any(lowercase_list or d.group(0)[-1].isupper() or not d.group(0)[-1].isalpha()
                   for d in re.finditer(r"(?<=\s)-\s+(\S)", rest))
    dashes = list(_ITEM_DASH.finditer(line))
    if len(dashes) >= 3:
        return True
    return len(dashes) == 2 and bool(_LIST_OPENS.search(line[:dashes[0].start()]))
_LINKS = re.compile(r"https?://|www\.|\bclick\b", re.IGNORECASE)
_ASKS_QUESTIONS = re.compile(r"\b(?:questions?|ask)\b", re.IGNORECASE)


def _strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()


def audit(body: str, question: str = "") -> dict[str, int]:
    """Counts of each defect in ``body`` (0 = none)."""
    counts = dict.fromkeys(CHECKS, 0)
    seen: set[str] = set()
    for paragraph in paragraphs(body):
        counts["markers_per_paragraph"] += max(0, len(MARKER.findall(paragraph)) - 1)
        lines = [ln for ln in paragraph.split("\n") if ln.strip()]
        items = [ln for ln in lines if _ITEM.match(ln)]
        text = _strip_markers(paragraph)
        plain = [_strip_markers(_ITEM.sub("", ln)) for ln in lines]
        for ln in lines:
            lowercase = len(items) > 1 and all(_ITEM.sub("", i, count=1)[:1].islower() for i in items)
            if _run_together(_ITEM.sub("- ", ln, count=1) if _ITEM.match(ln) else ln.strip(), lowercase):
                counts["flattened_list"] += 1
        if not items and len(text.split()) <= 8 and not re.search(r"[.!?]$", text):
            counts["heading_alone"] += 1
        if not items and text.endswith(":"):
            counts["dangling_lead_in"] += 1
        if items and sum(_strip_markers(_ITEM.sub("", i)).endswith("?") for i in items) >= 0.6 * len(items) \
                and not _ASKS_QUESTIONS.search(question):
            counts["questions_list"] += 1
        for line in plain:
            for s in sentences(line):
                if is_furniture(s) or _LINKS.search(s):
                    counts["furniture"] += 1
                key = _key(s)
                if len(key.split()) >= 4:
                    counts["repeated_sentence"] += key in seen
                    seen.add(key)
    return counts
