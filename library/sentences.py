"""The one sentence splitter, for articles and for people's messages alike.

A sentence ends at a line break, or at ``.``, ``!`` or ``?`` (and any closing quote or
bracket) followed by a space, except after an abbreviation ("e.g.", "Dr.", "approx."), a
single initial ("J. Smith") or an ellipsis ("I feel... weird", one thought). The next sentence
may start in lower case: people write "my son fell. he is bleeding", and edited articles
rarely begin a sentence in lower case except after the abbreviations above.

``clauses=True`` also splits at ``;`` and at a spaced dash: what the emergency triage reads,
where "no chest pain - but now I can't breathe" is two statements.

Each piece is an exact, stripped substring of the text, so a quoted sentence can be found
again in its article.

Usage example::

    sentences("Take it with food, e.g. a snack. Call a doctor if it hurts.")
    # ['Take it with food, e.g. a snack.', 'Call a doctor if it hurts.']
"""

from __future__ import annotations

import re

# A list item's marker at the start of a line ("- ", "* ", "• ", "3. ", "3) "); group 1 is
# the number of a numbered item.
LIST_ITEM = re.compile(r"^\s*(?:(\d{1,3})[.)]|[-*+•])\s+")

_END = re.compile(r"(?:\n+|(?<=[.!?])[\"'\u201d)\]]*[ \t]+)")
_CLAUSE_END = re.compile(r"(?:\n+|(?<=[.!?;])[\"'\u201d)\]]*[ \t]+|[ \t]+-{1,2}[ \t]+)")
_ABBREVIATIONS = frozenset({
    "e.g", "i.e", "eg", "ie", "etc", "vs", "cf", "approx", "dr", "mr", "mrs", "ms", "prof", "st",
    "jr", "sr", "no", "nos", "fig", "figs", "al", "inc", "ltd", "co", "u.s", "u.k", "ca", "min",
    "max", "esp", "incl", "dept", "vol", "ed",
})
_CLOSERS = re.compile(r"[\"'\u201d)\]]*")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.[\"'\u201d)\]]*$")


def _keeps_going(before: str) -> bool:
    """Whether the text up to a candidate boundary ends in a period that does not end it."""
    if before.endswith("..."):
        return True
    m = _LAST_WORD.search(before)
    if m is None:
        return False
    word = m.group(1).lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and m.group(1).isupper())


def sentences(text: str, *, clauses: bool = False) -> list[str]:
    """The sentences of ``text`` (or its clauses), stripped, empty ones dropped."""
    text = text or ""
    pattern = _CLAUSE_END if clauses else _END
    out: list[str] = []
    start = 0
    for m in pattern.finditer(text):
        if "\n" not in m.group(0) and _keeps_going(text[start:m.end()].rstrip()):
            continue
        closers = _CLOSERS.match(m.group(0)).group(0)  # a closing quote stays with its sentence
        piece = text[start:m.start() + len(closers)].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out
