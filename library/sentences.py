"""The one text splitter, for articles and for people's messages alike: sentences, clauses,
paragraphs and list items.

A sentence ends at a line break, or at ``.``, ``!`` or ``?`` (and any closing quote or
bracket) followed by a space, except after an abbreviation ("e.g.", "Dr.", "approx."), a
single initial ("J. Smith") or an ellipsis ("I feel... weird", one thought). The next sentence
may start in lower case: people write "my son fell. he is bleeding", and edited articles
rarely begin a sentence in lower case except after the abbreviations above.

``clauses=True`` also splits at ``;`` and at a spaced dash: what the emergency triage reads,
where "no chest pain - but now I can't breathe" is two statements.

Each piece is an exact, stripped substring of the text, so a quoted sentence can be found
again in its article.

The other splits, each named for what reads it: ``paragraphs`` (at blank lines), ``LIST_ITEM``
(a list item's marker at the start of a line), ``inline_items`` (a list flattened into one line,
"include: - Cough - Fever"), ``claims`` (the claims of one sentence the support check reads
apart: "X, and it Y"), and the clause splits the question reader and the triage read
(``first_clause``, ``comma_parts``, ``open_clause``).

Usage example::

    sentences("Take it with food, e.g. a snack. Call a doctor if it hurts.")
    # ['Take it with food, e.g. a snack.', 'Call a doctor if it hurts.']
    paragraphs("One.\\n\\nTwo.")            # ['One.', 'Two.']
    inline_items("Cough - Fever - Rash")      # ['Cough', 'Fever', 'Rash']
"""

from __future__ import annotations

import re

# A list item's marker at the start of a line ("- ", "* ", "• ", "3. ", "3) "); group 1 is
# the number of a numbered item.
LIST_ITEM = re.compile(r"^\s*(?:(\d{1,3})[.)]|[-*+•])\s+")
# Items of a list flattened into one line, after a spaced dash: an item opens with a capital, a
# digit or a bracket ("include: - Cough - Fever"), so a prose dash before a lower-case word
# ("ischemic - a blockage") does not split ...
INLINE_ITEM = re.compile(r"\s+-\s+(?=[A-Z0-9(])")
# ... except in a list whose items are all lower case ("- swelling - headache - upset stomach").
INLINE_ITEM_ANY = re.compile(r"\s+-\s+(?=[A-Za-z0-9(])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

_END = re.compile(r"(?:\n+|(?<=[.!?])[\"'\u201d)\]]*[ \t]+)")
_CLAUSE_END = re.compile(r"(?:\n+|(?<=[.!?;])[\"'\u201d)\]]*[ \t]+|[ \t]+-{1,2}[ \t]+)")
_ABBREVIATIONS = frozenset({
    "e.g", "i.e", "eg", "ie", "etc", "vs", "cf", "approx", "dr", "mr", "mrs", "ms", "prof", "st",
    "jr", "sr", "fig", "figs", "al", "inc", "ltd", "co", "u.s", "u.k", "ca", "min",
    "max", "esp", "incl", "dept", "vol", "ed",
})
# "No." is a number's abbreviation only before one ("No. 5"); else it is the word: an article's
# answer "No. Most patients..." and a person's "my mom says no. want to end it" are two sentences.
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos"})
_CLOSERS = re.compile(r"[\"'\u201d)\]]*")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.[\"'\u201d)\]]*$")


def _keeps_going(before: str, after: str = "") -> bool:
    """Whether the text up to a candidate boundary ends in a period that does not end it;
    ``after``: the text after the boundary."""
    if before.endswith("..."):
        return True
    m = _LAST_WORD.search(before)
    if m is None:
        return False
    word = m.group(1).lower()
    if word in _NUMBER_ABBREVIATIONS:
        return after[:1].isdigit()
    return word in _ABBREVIATIONS or (len(word) == 1 and m.group(1).isupper())


def sentences(text: str, *, clauses: bool = False) -> list[str]:
    """The sentences of ``text`` (or its clauses), stripped, empty ones dropped."""
    text = text or ""
    pattern = _CLAUSE_END if clauses else _END
    out: list[str] = []
    start = 0
    for m in pattern.finditer(text):
        if "\n" not in m.group(0) and _keeps_going(text[start:m.end()].rstrip(), text[m.end():m.end() + 1]):
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


def paragraphs(text: str, *, strip: bool = True) -> list[str]:
    """The paragraphs of ``text`` (split at blank lines), empty ones dropped; stripped unless
    ``strip`` is False (the chunker cuts chunks from the answer as written, spaces and all)."""
    return [p.strip() if strip else p for p in _PARAGRAPH_BREAK.split(text or "") if p.strip()]


def inline_items(text: str, *, any_case: bool = False) -> list[str]:
    """The items of a list flattened into ``text`` ("Cough - Fever - Rash"), stripped, empty
    ones dropped; ``any_case``: items may open in lower case (``INLINE_ITEM_ANY``)."""
    pattern = INLINE_ITEM_ANY if any_case else INLINE_ITEM
    return [p.strip() for p in pattern.split(text or "") if p.strip()]


# Where one sentence joins two claims: "X, and it Y", "X, but Y", "X, which Y", "X; Y".
_CLAIM_JOIN = re.compile(r",?\s+(?:and (?:it|they|this|these|the|are|is|was|were|can|may|might|should|will|has|"
                         r"have|many|most|some|often|usually)|but|while|whereas|which|and then|and also|"
                         r"although)\s+|;\s+|,\s+and\s+(?=[a-z]+\s+\w+)", re.IGNORECASE)


def claims(sentence: str) -> list[str]:
    """A sentence's claims, as the support check reads them apart: "X, and Y", "X, but Y",
    "X; Y" (each side at least four words; else the sentence whole)."""
    parts = [p.strip(" ,.") for p in _CLAIM_JOIN.split(sentence)]
    if len(parts) < 2 or any(len(p.split()) < 4 for p in parts):
        return [sentence]
    return parts


_FIRST_CLAUSE_END = re.compile(r",\s+|;\s+|\s+-\s+")
_COMMA = re.compile(r",\s+")
_PUNCTUATION = re.compile(r"[,;:.!?]")


def first_clause(text: str) -> str:
    """``text`` up to its first comma, semicolon or spaced dash: what a question asks first
    ("what is hashimoto's, my doctor mentioned it")."""
    return _FIRST_CLAUSE_END.split(text, maxsplit=1)[0]


def comma_parts(text: str) -> list[str]:
    """``text`` split at its commas: a question may open after one ("been on it for 2 yrs, can
    i just stop?")."""
    return _COMMA.split(text)


def open_clause(text: str) -> str:
    """The clause ``text`` ends in: what follows its last punctuation mark (the words a
    negation just before a match may govern)."""
    return _PUNCTUATION.split(text)[-1]
