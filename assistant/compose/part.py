"""What one article contributes to an answer (``Part``): its blocks, maybe cut, in article
order, and how they read as paragraphs and lists, each sentence said once.

Usage example::

    part = Part([(block, 2)], lead_sentence="Yes, asthma can go away.")
    part.paragraphs(said={plain("A sentence shown above.")})
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.compose.structure import Block, render
from library.sentences import LIST_ITEM, sentences
from library.words import plain as _key

_LEADS_IN_END = re.compile(r"\b(?:include|includes|including|such as|the following|are|is)\W*$", re.IGNORECASE)
_BARE_YES_NO = re.compile(r"^\W*(?:yes|no)\W*$", re.IGNORECASE)
# a paragraph cut to a few words ending on a word that leads on ("For all children, you should")
# says nothing; a short fact without a full stop ("Between 25.0 and 29.9 is considered
# overweight") is kept
_FRAGMENT = re.compile(r"^(?:\S+\s+){0,7}(?:should|have|has|are|is|include|includes|including|the|a|an|of|"
                       r"to|with|and|or|for|as|such as|may|can|will|be|by|in|on|at|these|following)$",
                       re.IGNORECASE)


@dataclass
class Part:
    """What one article contributes: its blocks (maybe cut), in article order."""

    blocks: list[tuple[Block, int]]  # (block, items or sentences shown)
    lead_sentence: str = ""  # the sentence answering a yes/no question, shown first

    def paragraphs(self, said: set[str] | None = None) -> list[str]:
        """The part as paragraphs and lists; ``said``: keys (``_key``) of sentences already
        shown above it, left out."""
        said = set(said or ())
        lead = self.lead_sentence if self.lead_sentence and _key(self.lead_sentence) not in said else ""
        out = [lead] if lead else []
        if lead:
            said.add(_key(lead))

        def new(text: str) -> bool:  # pages repeat their key points: say each once
            k = _key(text)
            parts = [_key(s) for s in sentences(text)] if len(text.split()) > 12 else []
            if k in said or any(len(p.split()) >= 4 and p in said for p in parts):
                return False  # the item, or a sentence of it, was said above
            said.add(k)
            said.update(parts)
            return True

        for k, (block, n) in enumerate(self.blocks):
            if block.kind == "paragraph" and block.parts and _BARE_YES_NO.match(block.parts[0]):
                # an article's "Yes." answers the article's own question, not the person's
                block = Block(block.kind, block.parts[1:], block.lead, block.heading, block.numbered,
                              block.index, block.questions)
                n -= 1
            if block.kind == "list":
                kept = [p for p in block.parts[:n] if new(p)]
                if not kept:
                    continue
                block, n = Block(block.kind, kept, block.lead, block.heading, block.numbered, block.index,
                                 block.questions), len(kept)
            if block.kind == "paragraph":
                shown = [s for s in block.parts[:n] if new(s)]
                while shown and (shown[-1].rstrip().endswith(":") or _LEADS_IN_END.search(shown[-1])):
                    shown.pop()  # a lead-in whose list is not shown ("They may include")
                if shown and not _FRAGMENT.match(" ".join(shown)):
                    out.append(" ".join(shown))
            elif not block.lead and out and k > 0 and self.blocks[k - 1][0].kind == "paragraph":
                out[-1] += "\n" + render(block, n)  # "...causes, including" and its list: one unit
            else:
                out.append(render(block, n))
        return out

    def sentences(self) -> list[str]:
        out = [self.lead_sentence] if self.lead_sentence else []
        for block, n in self.blocks:
            out += ([block.lead] if block.kind == "list" and block.lead else []) + block.parts[:n]
        return out

    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs())


def said_keys(text: str) -> set[str]:
    """The keys of what ``text`` shows: the whole, each line (a list's lead-in and items, their
    markers aside) and each sentence, so the context below it says none of them again."""
    lines = [LIST_ITEM.sub("", line) for line in text.split("\n") if line.strip()]
    return {_key(text)} | {_key(x) for line in lines for x in [line, *sentences(line)]}
