"""An article's answer as a person would see it on the page: paragraphs and lists, with the
headings and page furniture taken out.

The library's answers are Markdown exported from web pages: paragraphs, bulleted and
numbered lists (often separated by blank lines, sometimes flattened into one line as
``"...include: - Cough - Fever"``), headings on lines of their own or run into the next
sentence (``"Biologic therapy Biologic therapy is..."``), questions repeated as headings, and
page furniture ("These resources address...", "The animation below shows...", "Key Points").

``parse`` turns an answer into ``Block``s: a paragraph (its sentences) or a list (its lead-in
and items), each with the heading it sits under. Every sentence and item is an exact substring
of the answer (only list markers are re-written), so an answer composed from blocks is still
copied word for word.

Usage example::

    for block in parse(article.answer):
        block.kind, block.heading, block.text
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from library.sentences import sentences

_ITEM = re.compile(r"^\s*(?:(\d+)[.)]|[-*+•])\s+")
_INLINE_LIST = re.compile(r"(?<=[:.])\s+-\s+(?=[A-Z0-9(*])")  # "include: - Cough - Fever"
_INLINE_ITEM = re.compile(r"\s+-\s+(?=[A-Z0-9(])")
_RUN_IN_HEADING = re.compile(r"^(?P<h>[A-Z][^.!?:]{2,60}?) (?P=h)\b", re.IGNORECASE)
_SMALL = r"(?:of|and|the|for|to|in|with|a|an|or|on|by|&)"
_TITLE_WORD = r"(?:\(?[A-Z][\w'()/,-]*)"
_STARTER = (r"(?:The|A|An|Your|This|These|Those|It|If|In|Most|Many|Some|There|People|You|"
            r"Patients|Children|When|Although|Because|Doctors|Each|Every|Several|All|Treatment|"
            r"Surgery|Symptoms|Researchers|Scientists|About|Once|Unlike|During|After|Before)")
_TITLE_HEADING = re.compile(rf"^(?P<h>{_TITLE_WORD}(?:\s+(?:{_TITLE_WORD}|{_SMALL})){{0,6}})\s+(?={_STARTER}\s)")
_WORDS = re.compile(r"[A-Za-z0-9']+")

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
    r"^(?:see|watch|view|visit|click|go to|call up|browse)\b",
    r"\bclick here\b",
    r"^(?:to )?(?:learn|read|find out|get) more\b",
    r"^(?:for )?more information\b",
    r"^(?:additional|other) (?:information|resources)\b",
    r"^summary\s*:",
    r"^key points\b",
    r"^espa[nñ]?ol\b",
    r"^(?:you can use|use) the medlineplus\b",
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
]), re.IGNORECASE)


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


def is_furniture(text: str) -> bool:
    return bool(_FURNITURE.search(text.strip().lstrip("*").strip()))


def _is_heading(line: str, next_line: str | None) -> bool:
    """A short line that is not a sentence and is followed by text: a heading."""
    text = line.strip().strip("*").strip()
    if not text or next_line is None:
        return False
    if re.fullmatch(r"\*\*[^*]+\*\*:?", line.strip()):
        return True
    words = _WORDS.findall(text)
    return 0 < len(words) <= 8 and not re.search(r"[.!;,]$", text) and not text.endswith(":")


def _is_question_heading(sentence: str) -> bool:
    """"What are the symptoms of X?" at the start of a paragraph: the page's heading."""
    return sentence.endswith("?") and len(sentence.split()) <= 25


def _split_inline_list(line: str) -> tuple[str, list[str]] | None:
    """``"Symptoms include: - Cough - Fever"`` as its lead-in and items; None if not a list."""
    m = _INLINE_LIST.search(line)
    if m is None:
        return None
    lead, rest = line[:m.start()].strip(), line[m.end():]
    items = [i.strip() for i in _INLINE_ITEM.split(rest) if i.strip()]
    if len(items) < 2:
        return None
    return lead, items


def _strip_run_in_heading(text: str) -> tuple[str, str]:
    """``"Biologic therapy Biologic therapy is a..."`` -> ("Biologic therapy", "Biologic therapy is a...")."""
    m = _RUN_IN_HEADING.match(text)
    if m and len(m.group("h").split()) <= 6:
        return m.group("h"), text[len(m.group("h")) + 1:]
    m = _TITLE_HEADING.match(text)
    if m and not m.group("h").split()[-1].lower() in ("of", "and", "the", "for", "to", "in", "with",
                                                         "a", "an", "or", "on", "by", "&"):
        return m.group("h"), text[m.end():]
    return "", text


def _split_lead(text: str) -> tuple[str, str]:
    """A paragraph ending in a lead-in: (the sentences before it, the lead-in sentence)."""
    parts = sentences(text)
    if len(parts) <= 1:
        return "", text
    lead = parts[-1]
    return text[:text.rindex(lead)].strip(), lead


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
    lines = _lines(answer)
    blocks: list[Block] = []
    heading = ""
    current_list: Block | None = None
    pending_lead = ""  # a line ending with ":" waiting for its list

    def close_list() -> None:
        nonlocal current_list
        if current_list is not None and current_list.parts:
            blocks.append(current_list)
        current_list = None

    def add_paragraph(text: str) -> None:
        """A paragraph; a heading run into one of its sentences starts a new one (exported
        pages often hold a whole section, headings and all, on one line)."""
        nonlocal heading
        kept: list[str] = []
        for s in sentences(text):
            run_in, s = _strip_run_in_heading(s)
            if run_in:
                if kept:
                    blocks.append(Block("paragraph", kept, heading=heading))
                kept = []
                heading = run_in
            if not kept and _is_question_heading(s):
                heading = s
                continue
            if is_furniture(s):
                continue
            kept.append(s)
        if kept:
            blocks.append(Block("paragraph", kept, heading=heading))

    for i, line in enumerate(lines):
        if line is None:
            continue
        nxt = next((x for x in lines[i + 1:] if x is not None), None)
        item = _ITEM.match(line)
        if item:
            text = line[item.end():].strip()
            if current_list is None:
                current_list = Block("list", [], lead=pending_lead, heading=heading,
                                     numbered=item.group(1) is not None)
                pending_lead = ""
            if text:
                current_list.parts.append(text)
            continue
        close_list()
        if pending_lead:  # a lead-in not followed by a list is a paragraph after all
            add_paragraph(pending_lead)
            pending_lead = ""
        stripped = line.strip()
        inline = _split_inline_list(stripped)
        while inline is not None:  # lists flattened into the line, maybe several
            before, lead = _split_lead(inline[0])
            if not lead.endswith(":"):  # "...periodontitis. - Bone grafting ... - ...": no lead-in
                before, lead = inline[0], ""
            if before:
                add_paragraph(before)
            items = inline[1]
            # the last item runs on into the rest of the page: it ends at its first sentence
            last = sentences(items[-1])
            items[-1], rest = last[0], items[-1][len(last[0]):].strip()
            if not is_furniture(lead):
                blocks.append(Block("list", items, lead=lead, heading=heading))
            stripped = rest
            inline = _split_inline_list(rest) if rest else None
        if not stripped:
            continue
        if _is_heading(stripped, nxt):
            heading = stripped.strip("*").strip().rstrip(":")
            continue
        if stripped.endswith(":") and nxt is not None and _ITEM.match(nxt):
            before, pending_lead = _split_lead(stripped)
            if before:
                add_paragraph(before)
            continue
        add_paragraph(stripped)
    close_list()
    if pending_lead:
        add_paragraph(pending_lead)

    out = []
    for n, block in enumerate(b for b in blocks if _keep(b)):
        block.index = n
        if block.kind == "list":
            block.questions = sum(p.rstrip("*").endswith("?") for p in block.parts) >= 0.6 * len(block.parts)
        out.append(block)
    return out


def _keep(block: Block) -> bool:
    if block.kind == "list":
        if block.lead and is_furniture(block.lead):
            return False
        block.parts = [p for p in block.parts if not is_furniture(p)]
        return bool(block.parts)
    return True
