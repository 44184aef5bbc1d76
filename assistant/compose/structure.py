"""An article's answer as a person would see it on the page: paragraphs and lists, with the
headings and page furniture taken out.

The library's answers are Markdown exported from web pages: paragraphs, bulleted and
numbered lists (often separated by blank lines, sometimes flattened into one line as
``"...include: - Cough - Fever"``), headings on lines of their own or run into the next
sentence (``"Biologic therapy Biologic therapy is..."``), questions repeated as headings, and
page furniture ("These resources address...", "The animation below shows...", "Key Points").

``parse`` turns an answer into ``Block``s: a paragraph (its sentences) or a list (its lead-in
and items), each with the heading it sits under (the shapes of headings, lead-ins and
flattened lists are recognised in ``shapes``, furniture in ``furniture``). Every sentence and
item is an exact substring of the answer (only list markers are re-written), so an answer
composed from blocks is still copied word for word.

``article_blocks`` parses an article once per version and keeps the blocks (the composer, the
answer selector and the support check all read the same articles, answer after answer).

Usage example::

    for block in parse(article.answer):
        block.kind, block.heading, block.text
    article_blocks(hit.article)   # the same blocks, parsed once per article version
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.compose.furniture import is_furniture
from assistant.compose.shapes import (COLON_HEADING, balanced, cut_last_item, is_heading, is_question_heading,
                                      repeats, split_lead, strip_run_in_heading, without_echo)
from library.bounded import Bounded
from library.sentences import INLINE_ITEM_ANY, inline_items, sentences
from library.sentences import LIST_ITEM as _ITEM

_INLINE_LIST = re.compile(r"(?<=[:.])\s+-\s+(?=[A-Z0-9(*])")  # "include: - Cough - Fever"
_INLINE_LIST_ANY = re.compile(r"(?:(?<=[:.])|(?<=\binclude)|(?<=\bincludes)|(?<=\bsuch as))\s+-\s+(?=[a-z])")
_LEADS_IN = re.compile(r"(?::|\binclude|\bincludes|\bsuch as)$")


@dataclass
class Block:
    kind: str  # "paragraph" or "list"
    parts: list[str]  # a paragraph's sentences, or a list's items (without their markers)
    lead: str = ""  # a list's lead-in ("Symptoms include:"), shown with it or dropped with it
    heading: str = ""  # the heading the block sits under (never shown alone)
    numbered: bool = False
    index: int = 0  # order in the article
    questions: bool = field(default=False)  # a list of questions (to ask a doctor, say)

    @property
    def text(self) -> str:
        return render(self, len(self.parts))

    def words(self) -> int:
        return len(self.text.split())


def render(block: Block, n: int | None = None) -> str:
    """The block as Markdown: a paragraph, or its lead-in and its first ``n`` items as a list."""
    parts = block.parts if n is None else block.parts[:n]
    if block.kind == "paragraph":
        return " ".join(parts)
    items = "\n".join(f"{i}. {p}" if block.numbered else f"- {p}" for i, p in enumerate(parts, 1))
    return f"{block.lead}\n{items}" if block.lead else items


def _lines(answer: str) -> list[str | None]:
    """Non-empty lines; None marks a paragraph break."""
    out: list[str | None] = []
    for raw in answer.replace("\r", "").split("\n"):
        if raw.strip():
            out.append(raw.rstrip())
        elif out and out[-1] is not None:
            out.append(None)
    while out and out[-1] is None:
        out.pop()
    return out


def parse(answer: str) -> list[Block]:
    """The answer's paragraphs and lists, in order, headings attached, furniture dropped."""
    parser = _Parser()
    parser.feed(_lines(answer))
    out = []
    for n, block in enumerate(b for b in parser.blocks if _keep(b)):
        block.index = n
        if block.kind == "list":
            block.questions = sum(p.rstrip("*").endswith("?") for p in block.parts) >= 0.6 * len(block.parts)
        out.append(block)
    return out


MAX_ARTICLES_PARSED = 2_000  # articles whose blocks are remembered (as many as the library keeps whole)
_parsed: Bounded = Bounded(MAX_ARTICLES_PARSED)


def article_blocks(article) -> tuple[Block, ...]:
    """``parse(article.answer)``, once per article version: kept by the article's id, its
    version (``hash``: a re-ingested article is parsed anew) and its answer text (a light
    record's empty answer is never taken for the whole article's). Shared: do not change the
    blocks."""
    answer = article.answer or ""
    key = (article.id, getattr(article, "hash", ""), hash(answer))
    blocks = _parsed.get(key)
    if blocks is None:
        blocks = _parsed[key] = tuple(parse(answer))
    return blocks


SHORT_LINE_WORDS = 60  # lines after a lead-in that read as items of an unmarked list


class _Parser:
    def __init__(self):
        self.blocks: list[Block] = []
        self.heading = ""
        self.dropping = False

    def feed(self, lines: list[str | None]) -> None:
        items: list[str] = []
        lead, numbered = "", False
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if line is None:
                continue
            nxt = next((x for x in lines[i:] if x is not None), None)
            item = _ITEM.match(line)
            if item:
                numbered = numbered or (not items and item.group(1) is not None)
                body = line[item.end():].strip()
                parts = inline_items(body)
                lowercase = bool(items) and all(p[:1].islower() for p in items) and body[:1].islower()
                if len(parts) == 1 and len(INLINE_ITEM_ANY.findall(body)) >= (1 if lowercase else 2):
                    parts = inline_items(body, any_case=True)  # "- swelling - headache - upset stomach"
                rest = ""
                if self.dropping and not items:
                    continue  # more items of a list of links whose lead-in was dropped
                if len(parts) == 1 and items and len(parts[0].split()) > 15 and not (nxt and _ITEM.match(nxt)):
                    # "- Smoking Blood clots can form...": the last short item runs on into text
                    cut, rest = cut_last_item(parts[0], items)
                    parts = [cut] if cut else []
                if len(parts) > 1:  # "- Cough - Fever Most people...": items flattened into one
                    # the list ends at the first part that runs on into text or a new lead-in
                    end = next((k for k, p in enumerate(parts) if p.endswith(":")), len(parts) - 1)
                    cut, rest = cut_last_item(parts[end], items + parts[:end])
                    if end < len(parts) - 1:
                        rest = " - ".join([rest, *parts[end + 1:]]) if rest else ""
                    parts = parts[:end] + ([cut] if cut else [])
                if parts and not rest and parts[-1].endswith(":"):
                    before, next_lead = split_lead(parts[-1])
                    if before:  # "...(see below). To perform back blows:": the next list's lead-in
                        parts[-1] = before
                        items += parts
                        self.list(lead, items, numbered)
                        items, lead, numbered = [], next_lead, False
                        continue
                items += parts
                if rest:
                    self.list(lead, items, numbered)
                    items, lead, numbered = [], "", False
                    self.line(rest)
                continue
            if items:
                self.list(lead, items, numbered)
                items, lead, numbered = [], "", False
            self.dropping = False
            text = line.strip()
            if is_heading(text, nxt):
                self.heading = text.strip("*").strip().rstrip(":").strip()
                continue
            if text.endswith(":") and nxt is not None:
                before, lead_in = split_lead(text)
                if _ITEM.match(nxt):
                    if before:
                        self.line(before)
                    lead = lead_in
                    continue
                # unmarked items: short lines after a lead-in ("For example:")
                following: list[str] = []
                gap = gaps = shape = False
                for x in lines[i:]:
                    if x is None:
                        gap = True
                        continue
                    sentence_like = bool(re.search(r"[.!?][)\"']?$", x.rstrip()))
                    if (len(x.split()) > SHORT_LINE_WORDS or x.strip().endswith(":") or _ITEM.match(x)
                            or (following and sentence_like != shape)
                            or (len(following) >= 2 and gap != gaps)):
                        break  # items look alike (all phrases or all sentences) and are spaced alike
                    if len(following) == 1:
                        gaps = gap
                    shape = sentence_like
                    following.append(x)
                    gap = False
                if len(following) >= 2:
                    if before:
                        self.line(before)
                    self.list(lead_in, [x.strip() for x in following], False)
                    skipped = 0
                    while skipped < len(following):
                        if lines[i] is not None:
                            skipped += 1
                        i += 1
                    continue
            self.line(text)
        if items:
            self.list(lead, items, numbered)

    def list(self, lead: str, items: list[str], numbered: bool) -> None:
        m = COLON_HEADING.match(lead)
        if m:  # "Where Found :", "Symptoms : Blood:": a heading in front of (or as) the lead-in
            self.heading, lead = m.group("h").strip(), lead[m.end():].strip()
        if lead and is_furniture(lead):
            self.dropping = True  # "These resources ...: - Registry - ...", items may follow
            return
        items = [without_echo(balanced(i.rstrip(",;").rstrip())) for i in items]
        self.blocks.append(Block("list", [i for i in items if i], lead=lead, heading=self.heading,
                                 numbered=numbered))

    def line(self, text: str) -> None:
        """A line of text: paragraphs, and any lists flattened into it."""
        while text:
            m = _INLINE_LIST.search(text)
            any_case = False
            lower = _INLINE_LIST_ANY.search(text)
            if lower and (m is None or lower.start() < m.start()) and \
                    len(INLINE_ITEM_ANY.findall(text[lower.end():])) >= 2:
                m, any_case = lower, True  # "brain attack: - sudden numbness - trouble..."
            parts = inline_items(text[m.end():], any_case=any_case) if m else []
            if not parts or (len(parts) < 2 and not text[:m.start()].rstrip().endswith(":")):
                self.paragraph(text)
                return
            before, lead = split_lead(text[:m.start()].strip())
            if not _LEADS_IN.search(lead):  # "...periodontitis. - Bone grafting - ...": no lead-in
                before, lead = text[:m.start()].strip(), ""
            if before:
                self.paragraph(before)
            # the list ends at the first item that runs on into text or a new lead-in
            end = next((k for k, p in enumerate(parts[:-1]) if p.endswith(":")), len(parts) - 1)
            cut, text = cut_last_item(parts[end], parts[:end])
            if end < len(parts) - 1:
                text = " - ".join([text, *parts[end + 1:]]) if text else ""
            items = parts[:end] + ([cut] if cut else [])
            if repeats(text, items):
                text = ""
            self.list(lead, items, False)

    def paragraph(self, text: str) -> None:
        """A paragraph; a heading run into one of its sentences starts a new one (exported
        pages often hold a whole section, headings and all, on one line)."""
        kept: list[str] = []
        listed = self.blocks[-1].parts if self.blocks and self.blocks[-1].kind == "list" else []
        for n, s in enumerate(sentences(text)):
            if n == 0 and listed and repeats(s, listed):
                continue  # "secondary cataract traumatic cataract ...": the list above, again
            run_in, s = strip_run_in_heading(s)
            if run_in:
                if kept:
                    self.blocks.append(Block("paragraph", kept, heading=self.heading))
                kept = []
                self.heading = run_in
            if not s or (not kept and is_question_heading(s)):
                if s:
                    self.heading = s
                continue
            if is_furniture(s):
                continue
            s = balanced(s)
            if s:
                kept.append(s)
        if kept:
            self.blocks.append(Block("paragraph", kept, heading=self.heading))


def _keep(block: Block) -> bool:
    if block.kind == "list":
        if block.lead and is_furniture(block.lead):
            return False
        block.parts = [p for p in block.parts if not is_furniture(p)]
        return bool(block.parts)
    return True
