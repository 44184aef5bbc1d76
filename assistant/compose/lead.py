"""The answer's first paragraph, once the selector has chosen the unit that answers
(``assistant.compose.select``): the unit and what follows it in its paragraph, then the other
units of its article that answer too, in the article's order, copied verbatim.

Usage example::

    choice = selector.select("can I take cipro with milk?", hits)
    answer_paragraph(choice)   # "Do not take ciprofloxacin with dairy products ... [and what follows]"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.compose.furniture import is_furniture
from assistant.compose.wording import ENDS_SENTENCE, FURNITURE_LEAD, POINTS_BACK, REFERS_BACK, RUNS_ON, SEE_ALSO
from library.sentences import sentences
from library.words import plain

if TYPE_CHECKING:
    from assistant.compose.select import Choice, Unit

LEAD_WORDS = 50  # the answer's first paragraph: the unit and what follows it in its paragraph
ANSWER_WORDS = 90  # ... and the other units of its article among the best, up to this many words
ANSWER_POOL = 8  # the best units whose same-article ones join the first paragraph
def lead_paragraph(unit: Unit, max_words: int = LEAD_WORDS) -> str:
    """The unit, and the sentences of its paragraph that follow it while they fit in
    ``max_words`` ("However, you may take it with a meal..."): verbatim."""
    if unit.block.kind == "list":  # a list with its lead-in, or one item that is a sentence
        return unit.text
    out = [unit.text]
    words = len(unit.text.split())
    for s in unit.block.parts[unit.index + 1:]:
        if (words + len(s.split()) > max_words or is_furniture(s) or FURNITURE_LEAD.search(s) or SEE_ALSO.search(s)
                or not ENDS_SENTENCE.search(s)):  # "Other exceptions are people who have": a cut lead-in
            break
        out.append(s)
        words += len(s.split())
    return " ".join(out)
def answer_paragraph(choice: Choice, max_words: int = ANSWER_WORDS, pool: int = ANSWER_POOL) -> str:
    """The answer's first paragraph, its pieces (``answer_pieces``) joined."""
    return " ".join(answer_pieces(choice, max_words, pool))


def answer_pieces(choice: Choice, max_words: int = ANSWER_WORDS, pool: int = ANSWER_POOL) -> list[str]:
    """The answer's first paragraph, piece by piece: the unit that answers and what follows it
    in its paragraph (``lead_paragraph``), then the other units of the same article among the
    ``pool`` best that answer too, in the article's order ("Antibiotics usually aren't
    prescribed for acute bronchitis." ... "You may get antibiotics if the cause is
    bacterial."). Each piece is copied verbatim from that one article, so one citation. A unit
    whose next sentence points back to it ("This medicine...") stays in its paragraph, so the
    text left behind reads as the article wrote it."""
    lead = choice.unit
    text = lead_paragraph(lead)
    if (lead.block.kind == "list" and "\n" in text) or not ENDS_SENTENCE.search(text):
        return [text]  # a list with its lead-in, or a text not ending a sentence: nothing joins it
    said = {plain(s) for s in [lead.text, *(sentences(text) or [text])]}
    words = len(text.split())
    extra: list[Unit] = []
    for x in choice.units[:pool]:
        if (x is lead or x.article.id != lead.article.id or not _adds(x, choice.floor) or "\n" in x.text
                or RUNS_ON.search(x.text) or is_furniture(x.text) or REFERS_BACK.match(x.text)
                or _followed_by_reference(x)
                or any(plain(x.text) in s or s in plain(x.text) for s in said)
                or words + len(x.text.split()) > max_words):
            continue
        extra.append(x)
        said.add(plain(x.text))
        words += len(x.text.split())
    extra.sort(key=lambda x: (x.block.index, x.index))
    return [text, *(x.text for x in extra)]


def _followed_by_reference(unit: Unit) -> bool:
    """The sentence after the unit in its paragraph points back to it ("You take this medicine
    using an inhaler."): moved away, it would leave that one pointing at something else."""
    parts = unit.block.parts
    nxt = parts[unit.index + 1] if unit.block.kind != "list" and unit.index + 1 < len(parts) else ""
    return bool(nxt) and bool(REFERS_BACK.match(nxt) or POINTS_BACK.search(nxt))


def _adds(unit: Unit, floor: float | None = None) -> bool:
    """A further unit of the lead's article joins only on its own words: about the focus and
    holding the aspect or the cue (its article's type alone is every sentence's), and, with a
    model, at least as close in meaning as a unit that leads must be."""
    p = unit.parts
    if floor is not None and p.get("similarity", 0.0) < floor:
        return False
    return p.get("focus", 0) > 0 and bool(p.get("aspect", 0) > 0 or p.get("cue"))
