"""Turn an ``Answer`` into what the page shows, treating article text and URLs as data.

Article text can contain anything (``<script>``, ``onerror=``, Markdown links to
``javascript:``): it is escaped for HTML and for Markdown before it reaches the page, and
only http(s) and site-relative URLs ever become links.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

from assistant.answer import MARKER
from assistant.verify.attribute import NOT_FOUND
from library.sentences import LIST_ITEM as _LIST_ITEM

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~])")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def safe_href(url: str | None) -> str | None:
    """The URL if it may be a link (http, https, or site-relative), else None."""
    if not url:
        return None
    url = url.strip()
    if any(ch in url for ch in "\"'<>` \n\r\t\\"):
        return None
    if url.startswith("/") and not url.startswith("//"):
        return url
    parsed = urlparse(url)
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return url
    return None


def markdown_href(url: str) -> str:
    """A safe URL written so Markdown cannot end the link early or open another one."""
    return url.replace("(", "%28").replace(")", "%29").replace("[", "%5B").replace("]", "%5D")


def escape_markdown(text: str) -> str:
    """Text that Markdown and HTML both show as it is."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False)




def _body_markdown(body: str, links: dict[int, str | None]) -> str:
    """Escape the body line by line, keeping its lists as lists and the articles' bold, and
    turn ``[n]`` into links to the article."""
    lines = []
    for line in body.split("\n"):
        m = _LIST_ITEM.match(line)
        marker = (f"{m.group(1)}. " if m.group(1) else "- ") if m else ""
        lines.append(marker + _line_markdown(line[m.end():] if m else line, links))
    return "\n".join(lines)


def _line_markdown(body: str, links: dict[int, str | None]) -> str:
    out = []
    pos = 0
    for m in MARKER.finditer(body):
        out.append(_escape_keep_bold(body[pos:m.start()]))
        n = int(m.group(1))
        href = links.get(n)
        out.append(f"[\\[{n}\\]]({href})" if href else f"\\[{n}\\]")
        pos = m.end()
    out.append(_escape_keep_bold(body[pos:]))
    return "".join(out)


def _escape_keep_bold(text: str) -> str:
    """Escaped text, the articles' **bold** kept, and the sentence check's mark in italics."""
    if NOT_FOUND in text:
        return NOT_FOUND.join(_escape_keep_bold(piece) for piece in text.split(NOT_FOUND))
    parts = []
    pos = 0
    for m in _BOLD.finditer(text):
        parts.append(escape_markdown(text[pos:m.start()]))
        parts.append(f"**{escape_markdown(m.group(1))}**")
        pos = m.end()
    parts.append(escape_markdown(text[pos:]))
    return "".join(parts)


def tel_href(number: str) -> str | None:
    """``tel:`` link of a phone number ("1-800-222-1222" -> "tel:18002221222"); None for
    anything but digits, spaces, dashes, dots, brackets and a leading + ("1-800-TALK", "911 ext 2")."""
    number = (number or "").strip()
    if not re.fullmatch(r"\+?[\d\s().-]+", number):
        return None
    digits = re.sub(r"[^\d+]", "", number)
    return f"tel:{digits}" if re.fullmatch(r"\+?\d{2,15}", digits) else None


def _numbers(answer) -> list[str]:
    triage = getattr(answer, "triage", None)
    return [n for _, n in (getattr(triage, "numbers", None) or []) if n]


def _link_numbers(escaped_text: str, numbers: list[str], escape, link) -> str:
    """Each number in the (already escaped) text made a link, longest first, in one pass."""
    found = {escape(n): tel_href(n) for n in numbers if tel_href(n)}
    if not found:
        return escaped_text
    alternatives = "|".join(re.escape(e) for e in sorted(found, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w\\-])(?:{alternatives})(?![\w-])")
    return pattern.sub(lambda m: link(m.group(0), found[m.group(0)]), escaped_text)


def _notice_markdown(text: str, numbers: list[str]) -> str:
    """The notice escaped, each phone number in it a ``tel:`` link."""
    return _link_numbers(escape_markdown(text), numbers, escape_markdown,
                         lambda shown, href: f"[{shown}]({href})")


def _notice_html(text: str, numbers: list[str]) -> str:
    return _link_numbers(html.escape(text), numbers, html.escape,
                         lambda shown, href: f'<a href="{href}">{shown}</a>')


def answer_markdown(answer) -> str:
    """The chat message: emergency notice (or the info line) first, then notices, the cited
    answer, the note. Phone numbers in the notice are ``tel:`` links."""
    links = {c.n: (markdown_href(h) if (h := safe_href(c.url)) else None) for c in answer.citations}
    parts = []
    if answer.emergency:
        parts.append(f"**{_notice_markdown(answer.emergency_notice, _numbers(answer))}**")
    elif getattr(answer, "info_notice", ""):
        parts.append(f"*{_notice_markdown(answer.info_notice, _numbers(answer))}*")
    if answer.standalone_question:
        parts.append(f"*Understood as: {escape_markdown(answer.standalone_question)}*")
    if answer.notice:
        parts.append(f"*{escape_markdown(answer.notice)}*")
    parts.append(_body_markdown(answer.body, links))
    if answer.citations:
        refs = []
        for c in answer.citations:
            href = links[c.n]
            title = escape_markdown(c.title)
            refs.append(f"Read more in \\[{c.n}\\] [{title}]({href})" if href
                        else f"Read more in \\[{c.n}\\] {title}")
        parts.append("  \n".join(refs))
    parts.append(f"<sub>{escape_markdown(answer.disclaimer)}</sub>")
    return "\n\n".join(p for p in parts if p)


def streaming_markdown(text: str) -> str:
    """Text while it streams in: escaped, markers shown as plain brackets."""
    return _escape_keep_bold(text)


def match_label(similarity: float) -> str:
    """How close a source is, in words a reader can weigh, with the cosine similarity itself
    (not a percentage: 0.62 does not mean 62% of the question is answered)."""
    if not similarity or similarity <= 0:
        return "found by its words only"
    kind = "close" if similarity >= 0.7 else "partial" if similarity >= 0.5 else "weak"
    return f"{kind} match (similarity {similarity:.2f})"


def sources_html(answer) -> str:
    """The panel under the answer: each source with subject, link, snippet and match."""
    if answer is None:
        return ""
    cited = {c.id: c.n for c in answer.citations}
    heading = ("Sources" if not answer.refused
               else "Articles on this topic (not a substitute for help now)" if answer.emergency
               else "Closest articles (the library does not cover this question; they may not answer it)")
    rows = []
    for s in _cards(answer):
        href = safe_href(s.url)
        title = html.escape(s.title)
        link = (f'<a href="{html.escape(href, quote=True)}" target="_blank" '
                f'rel="noopener noreferrer nofollow">{title}</a>') if href else title
        marker = f"[{cited[s.id]}] " if s.id in cited else ""
        # an article the answer selection cited that the retrieval did not list (a same-topic
        # article holding the sentence that answers) was not scored: say how it was found
        added = s.id in cited and not s.similarity and not s.score
        match = "on the same topic; holds the sentence quoted" if added else match_label(s.similarity)
        # found by a [n] of the answer (ui.page.PAGE_JS lights the card up on hover, focus, click)
        anchor = (f' id="qt-source-{cited[s.id]}" data-n="{cited[s.id]}"' if s.id in cited else "") + \
            (f' data-url="{html.escape(href, quote=True)}"' if href else "")
        rows.append(
            f'<div class="qt-source"{anchor}>'
            f'<div class="qt-source-title">{marker}{link}</div>'
            f'<div class="qt-source-meta">{html.escape(s.subject or "")} · {match}</div>'
            f'<div class="qt-source-snippet">{html.escape(s.snippet)}</div>'
            f"{_evidence_html(answer, s.id)}"
            "</div>"
        )
    numbers = getattr(getattr(answer, "triage", None), "numbers", None)
    emergency = emergency_banner(answer.emergency_notice, numbers) if answer.emergency else ""
    refused = ' class="qt-refused"' if answer.refused else ""
    return f'{emergency}<div{refused}><h4>{html.escape(heading)}</h4>{"".join(rows)}</div>'


def _cards(answer) -> list:
    """The sources worth a card: one per article (parts of one page, same title and URL, are
    one card, the cited part kept), and under a refusal only articles close in meaning (one
    found by a shared word alone says nothing about the question); cited ones first."""
    cited = {c.id for c in answer.citations}
    ordered = sorted(answer.sources, key=lambda s: s.id not in cited)  # a cited part first
    seen, cards = set(), []
    for s in ordered:
        key = (s.title.strip().lower(), (s.url or "").strip().lower())
        if s.id in seen or key in seen or (answer.refused and not (s.similarity and s.similarity > 0)):
            continue
        seen |= {s.id, key}
        cards.append(s)
    # the cited ones first, in the order of their [n] (an article the answer cites that the
    # retrieval did not list is last in the sources, yet may be [1]); then the others as found
    number = {c.id: c.n for c in answer.citations}
    return sorted(cards, key=lambda s: (number.get(s.id, len(number) + 1), answer.sources.index(s)))


def _evidence_html(answer, article_id: int, limit: int = 3) -> str:
    """Under a cited source: the passage of the article the answer used. For a model's answer,
    the article's sentences that support its sentences; for the offline answer, the article's
    sentences it quotes."""
    model = str(getattr(answer, "answerer", "")).startswith("llm")
    found = list(dict.fromkeys(s["evidence"]["text"] for s in getattr(answer, "sentences", None) or []
                               if s.get("supported") and s.get("evidence")
                               and s["evidence"].get("article_id") == article_id))
    if not found:
        return ""
    found = [t.replace("**", "") for t in found]  # the article's bold marks, not text to show
    quotes = "".join(f"<li>{html.escape(t if len(t) <= 300 else t[:300].rsplit(' ', 1)[0] + ' …')}</li>"
                     for t in found[:limit])
    label = "Where the answer is found here:" if model else "The passage the answer quotes:"
    return f'<div class="qt-evidence">{label}<ul>{quotes}</ul></div>'


def emergency_banner(notice: str, numbers: list[tuple[str, str]] | None = None) -> str:
    """The red banner of an urgent message: the notice, its numbers as ``tel:`` links, and a
    call button per number ((label, number) pairs from the triage)."""
    if not notice:
        return ""
    numbers = [(label, n) for label, n in (numbers or []) if n]
    calls = "".join(f'<a class="qt-call" href="{tel_href(n)}">Call {html.escape(label)}: {html.escape(n)}</a>'
                    for label, n in numbers if tel_href(n))
    return (f'<div class="qt-emergency" role="alert">{_notice_html(notice, [n for _, n in numbers])}'
            f'{f"<div class=qt-calls>{calls}</div>" if calls else ""}</div>')


def related_questions(answer, limit: int = 5) -> list[str]:
    """Questions of the cited articles' related articles, without repeats."""
    if answer is None or answer.refused:
        return []
    cited_ids = {c.id for c in answer.citations}
    seen: dict[str, None] = {}
    for s in answer.sources:
        if s.id not in cited_ids:
            continue
        for rel in s.related:
            title = (rel.get("title") or "").strip()
            if title and rel.get("id") not in cited_ids and title.lower() != answer.question.strip().lower():
                seen.setdefault(title, None)
    return list(seen)[:limit]


def tidy_question(question: str) -> str:
    """A library question as a person would write it: "What is (are) Gout ?" -> "What is Gout?",
    "Who is at risk for Gout? ?" -> "Who is at risk for Gout?"."""
    q = re.sub(r"\b(is|are) \((?:is|are)\)", r"\1", question.strip())
    q = re.sub(r"\s*\?(?:\s*\?)+$", "?", q)
    return re.sub(r"\s+\?$", "?", q)


_LESS_USEFUL = re.compile(r"\b(?:research|clinical trials|information about)\b", re.IGNORECASE)


def next_questions(answer, limit: int = 3) -> list[str]:
    """What a person could ask next: the cited articles' related questions, those asking for a
    kind of answer not given yet first (treatment after causes, outlook after treatment), one
    of each kind, research and "information about" questions last."""
    from assistant.compose.intents import intents_of

    shown = {c.title.strip().lower() for c in getattr(answer, "citations", [])}  # answered already
    candidates = [q for q in related_questions(answer, limit=50) if q.strip().lower() not in shown]
    asked = set(intents_of(getattr(answer, "standalone_question", "") or getattr(answer, "question", "")))
    picked: list[str] = []
    while candidates and len(picked) < limit:
        def score(q: str) -> tuple:
            kinds = intents_of(q)
            return (bool(kinds - asked), not _LESS_USEFUL.search(q), -candidates.index(q))
        best = max(candidates, key=score)
        picked.append(tidy_question(best))
        asked |= intents_of(best)
        candidates.remove(best)
    return picked
