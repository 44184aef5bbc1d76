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

from library.bounded import Bounded
from library.sentences import INLINE_ITEM_ANY, inline_items, sentences
from library.sentences import LIST_ITEM as _ITEM
from library.words import WORD_PART

_INLINE_LIST = re.compile(r"(?<=[:.])\s+-\s+(?=[A-Z0-9(*])")  # "include: - Cough - Fever"
_INLINE_LIST_ANY = re.compile(r"(?:(?<=[:.])|(?<=\binclude)|(?<=\bincludes)|(?<=\bsuch as))\s+-\s+(?=[a-z])")
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|can|cannot|may|might|do|does|did|has|have|had|will|would|"
                          r"should|must|could|need|needs)\b")
_BINDS = {"by", "of", "with", "and", "or", "the", "a", "an", "to", "for", "in", "from", "as", "like", "than",
          "on", "at", "into", "including", "called", "named", "such"}
_CAPITAL_AFTER_LOWER = re.compile(r"(?<=[a-z)])\s+(?=[A-Z][a-z]+\s+[A-Za-z])")
_LEADS_IN = re.compile(r"(?::|\binclude|\bincludes|\bsuch as)$")
_RUN_IN_HEADING = re.compile(r"^(?P<h>[A-Z][^.!?:]{2,60}?) (?P=h)\b", re.IGNORECASE)
_SMALL = r"(?:of|and|the|for|to|in|with|a|an|or|on|by|&)"
_TITLE_WORD = r"(?:\(?[A-Z][\w'()/,-]*)"
_STARTER = (r"(?:The|A|An|Your|This|These|Those|It|If|In|Most|Many|Some|There|People|You|"
            r"Patients|Children|When|Although|Because|Doctors|Each|Every|Several|All|Treatment|"
            r"Surgery|Symptoms|Researchers|Scientists|About|Once|Unlike|During|After|Before)")
_TITLE_HEADING = re.compile(rf"^(?P<h>{_TITLE_WORD}(?:\s+(?:{_TITLE_WORD}|{_SMALL})){{0,6}})\s+(?={_STARTER}\s)")
_SMALL_WORDS = {"of", "and", "the", "for", "to", "in", "with", "a", "an", "or", "on", "by", "&"}
_CAPS_HEADING = re.compile(r"^(?P<h>[A-Z][A-Z0-9,&/()'-]*(?:\s+[A-Z0-9,&/()'-]+){1,9})\s+(?=[A-Z][a-z])")
_COLON_HEADING = re.compile(r"^(?P<h>[A-Z][\w,()'/-]*(?:\s+[\w,()'/-]+){0,7})\s+:(?:\s+|$)")
_SUBHEADING = re.compile(r"(?<=\S)\s+(?=[A-Z][^A-Z:.!?]{2,40}:$)")
_STARTS_SENTENCE = re.compile(rf"(?<=\S)\s+(?=(?:{_STARTER[3:-1]}|Several|Other|Tell|Talk|Call|Ask|Get|"
                              r"Take|Keep|Avoid|Never|Always|Note|Learn|Read|For|NIH|Treatment|"
                              r"Diagnosis|Signs)\s)")

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
    return bool(_FURNITURE.search(text.strip().lstrip("*(").strip()))


def _balanced(text: str) -> str:
    """Without a closing bracket the text never opened: exported pages cut a parenthesis in two
    ("...Symptoms may be mild or severe.)")."""
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text


def _without_echo(text: str) -> str:
    """The text without its closing repeat ("Gender. Men have a higher risk. Gender. Men have a
    higher risk."): cut where every sentence left was said before."""
    said = sentences(text)
    ends, at = [], 0
    for sentence in said:  # where each sentence ends, in order
        at = text.index(sentence, at) + len(sentence)
        ends.append(at)
    for k in range(1, len(said)):
        if all(s in said[:k] for s in said[k:]):
            return text[:ends[k - 1]].rstrip()
    return text


def _repeats(text: str, items: list[str]) -> bool:
    """Whether ``text`` only says the items again (a page that printed its list twice)."""
    said = set(WORD_PART.findall(text.lower()))
    return len(said) >= 3 and said <= {w for i in items for w in WORD_PART.findall(i.lower())}


def _is_heading(line: str, next_line: str | None) -> bool:
    """A short line that is not a sentence and is followed by text: a heading."""
    text = line.strip().strip("*").strip()
    if not text or next_line is None:
        return False
    if re.fullmatch(r"\*\*[^*]+\*\*:?", line.strip()):
        return True
    return 0 < len(WORD_PART.findall(text)) <= 8 and not re.search(r"[.!;,]$", text) and not text.endswith(":")


def _is_question_heading(sentence: str) -> bool:
    """"What are the symptoms of X?" at the start of a paragraph: the page's heading."""
    return sentence.endswith("?") and len(sentence.split()) <= 25


def _split_lead(text: str) -> tuple[str, str]:
    """A paragraph ending in a lead-in: (the sentences before it, the lead-in sentence)."""
    parts = sentences(text)
    if len(parts) <= 1:
        return "", text
    lead = parts[-1]
    return text[:text.rindex(lead)].strip(), lead


def _cut_last_item(item: str, others: list[str]) -> tuple[str, str]:
    """The last item of a flattened list runs on into the rest of the page: (the item, the rest).

    It ends at its first sentence end; when the other items are short phrases, also before a
    word that starts a sentence ("Weight loss Tell your provider...")."""
    cuts = []
    sub = _SUBHEADING.search(item)  # "...or tongue Gastrointestinal:": the next list's heading
    if sub:
        cuts.append(sub.start())
    first = sentences(item)[0] if item else ""
    if len(first) < len(item):
        cuts.append(len(first))
    lengths = sorted(len(o.split()) for o in others)
    if others and lengths[len(lengths) // 2] <= 15 and sum(o.rstrip().endswith(".") for o in others) <= len(others) / 3:
        m = _STARTS_SENTENCE.search(item)
        if m:
            cuts.append(m.start())
        # "...and other children Babies do not develop at the same rate.": a sentence after a
        # phrase, the capital after a lower-case word
        for m in _CAPITAL_AFTER_LOWER.finditer(item):
            rest = item[m.end():]
            if (len(rest.split()) >= 5 and re.match(r"[^.!?]*[a-z][.!?]", rest)
                    and item[:m.start()].split()[-1].lower() not in _BINDS
                    and _FINITE_VERB.search(" ".join(rest.split()[:6]).lower())):
                cuts.append(m.start())
                break
    if not cuts:
        return item, ""
    cut = min(cuts)
    return item[:cut].strip(), item[cut:].strip()


def _strip_run_in_heading(text: str) -> tuple[str, str]:
    """A heading run into the sentence it heads: ``"Biologic therapy Biologic therapy is a..."``,
    ``"Controlling the Infection The main goal..."``, ``"SIDE EFFECTS Most medicines..."``,
    ``"Symptoms : ..."`` -> (heading, the sentence)."""
    m = _RUN_IN_HEADING.match(text)
    if m and len(m.group("h").split()) <= 6:
        return m.group("h"), text[len(m.group("h")) + 1:]
    m = _CAPS_HEADING.match(text) or _COLON_HEADING.match(text)
    if m:
        return m.group("h").strip(), text[m.end():]
    m = _TITLE_HEADING.match(text)
    if m and m.group("h").split()[-1].lower() not in _SMALL_WORDS:
        return m.group("h"), text[m.end():]
    return "", text


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
                    cut, rest = _cut_last_item(parts[0], items)
                    parts = [cut] if cut else []
                if len(parts) > 1:  # "- Cough - Fever Most people...": items flattened into one
                    # the list ends at the first part that runs on into text or a new lead-in
                    end = next((k for k, p in enumerate(parts) if p.endswith(":")), len(parts) - 1)
                    cut, rest = _cut_last_item(parts[end], items + parts[:end])
                    if end < len(parts) - 1:
                        rest = " - ".join([rest, *parts[end + 1:]]) if rest else ""
                    parts = parts[:end] + ([cut] if cut else [])
                if parts and not rest and parts[-1].endswith(":"):
                    before, next_lead = _split_lead(parts[-1])
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
            if _is_heading(text, nxt):
                self.heading = text.strip("*").strip().rstrip(":").strip()
                continue
            if text.endswith(":") and nxt is not None:
                before, lead_in = _split_lead(text)
                if _ITEM.match(nxt):
                    if before:
                        self.line(before)
                    lead = lead_in
                    continue
                # unmarked items: short lines after a lead-in ("For example:")
                following: list[str] = []
                gap = gaps = False
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
        m = _COLON_HEADING.match(lead)
        if m:  # "Where Found :", "Symptoms : Blood:": a heading in front of (or as) the lead-in
            self.heading, lead = m.group("h").strip(), lead[m.end():].strip()
        if lead and is_furniture(lead):
            self.dropping = True  # "These resources ...: - Registry - ...", items may follow
            return
        items = [_without_echo(_balanced(i.rstrip(",;").rstrip())) for i in items]
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
            before, lead = _split_lead(text[:m.start()].strip())
            if not _LEADS_IN.search(lead):  # "...periodontitis. - Bone grafting - ...": no lead-in
                before, lead = text[:m.start()].strip(), ""
            if before:
                self.paragraph(before)
            # the list ends at the first item that runs on into text or a new lead-in
            end = next((k for k, p in enumerate(parts[:-1]) if p.endswith(":")), len(parts) - 1)
            cut, text = _cut_last_item(parts[end], parts[:end])
            if end < len(parts) - 1:
                text = " - ".join([text, *parts[end + 1:]]) if text else ""
            items = parts[:end] + ([cut] if cut else [])
            if _repeats(text, items):
                text = ""
            self.list(lead, items, False)

    def paragraph(self, text: str) -> None:
        """A paragraph; a heading run into one of its sentences starts a new one (exported
        pages often hold a whole section, headings and all, on one line)."""
        kept: list[str] = []
        listed = self.blocks[-1].parts if self.blocks and self.blocks[-1].kind == "list" else []
        for n, s in enumerate(sentences(text)):
            if n == 0 and listed and _repeats(s, listed):
                continue  # "secondary cataract traumatic cataract ...": the list above, again
            run_in, s = _strip_run_in_heading(s)
            if run_in:
                if kept:
                    self.blocks.append(Block("paragraph", kept, heading=self.heading))
                kept = []
                self.heading = run_in
            if not s or (not kept and _is_question_heading(s)):
                if s:
                    self.heading = s
                continue
            if is_furniture(s):
                continue
            s = _balanced(s)
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
