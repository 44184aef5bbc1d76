"""ui.render: article text and URLs are data, never markup or script.

Fast unit tests, no server, no browser. The Markdown the chat shows is parsed with
markdown-it (CommonMark, raw HTML allowed, link validation switched *off*) so the tests see
every link and every piece of raw HTML the string really carries, not what a sanitizer
downstream would later remove.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from assistant.answer import Answer, Citation, Source
from ui.render import (
    answer_markdown,
    escape_markdown,
    related_questions,
    safe_href,
    sources_html,
    streaming_markdown,
)

markdown_it = pytest.importorskip("markdown_it")

SAFE_URL = "https://www.quicktakes.io/learn/medicine/questions/safe-article"
OTHER_URL = "https://www.quicktakes.io/learn/medicine/questions/other-article"
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
JS_LINK = "[click](javascript:window.__pwned=1)"
HOSTILE_TEXT = f"Before {SCRIPT} middle {IMG} and {JS_LINK} after."
DISCLAIMER = "Not medical advice."


# ----- builders and readers --------------------------------------------------------------

def source(id: int = 1, url: str = SAFE_URL, title: str = "Safe article", *, related=(),
           snippet: str = "A snippet.", similarity: float = 0.8) -> Source:
    return Source(id=id, title=title, url=url, score=similarity, subject="Medicine",
                  similarity=similarity, snippet=snippet, related=list(related))


def answer(body: str, citations=(), sources=(), **kw) -> Answer:
    kw.setdefault("disclaimer", DISCLAIMER)
    return Answer(question=kw.pop("question", "q?"), body=body, citations=list(citations),
                  sources=list(sources), **kw)


def _parser():
    md = markdown_it.MarkdownIt("commonmark")
    md.validateLink = lambda url: True  # see every link target, including javascript:
    return md


def md_tokens(text: str):
    """All inline tokens of ``text`` (CommonMark), flattened."""
    out = []
    for block in _parser().parse(text):
        out.append(block)
        out.extend(block.children or [])
    return out


def md_links(text: str) -> list[str]:
    return [t.attrs["href"] for t in md_tokens(text) if t.type == "link_open"]


def md_raw_html(text: str) -> list[str]:
    return [t.content.strip() for t in md_tokens(text) if t.type in ("html_inline", "html_block")]


def md_visible_text(text: str) -> str:
    parts = []
    for t in md_tokens(text):
        if t.type in ("text", "code_inline", "text_special"):
            parts.append(t.content)
        elif t.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


class _Html(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse_html(markup: str) -> _Html:
    p = _Html()
    p.feed(markup)
    p.close()
    return p


# ----- safe_href -------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://www.quicktakes.io/learn/medicine/questions/x",
    "http://example.org/a?b=c#d",
    "HTTPS://EXAMPLE.ORG/",
    "/learn/medicine/questions/x",
    "  https://example.org/padded  ",
])
def test_safe_href_accepts_http_https_and_site_relative(url):
    assert safe_href(url) == url.strip()


@pytest.mark.parametrize("url", [
    None, "", "   ",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "//evil.example/x",
    "/\\evil.example/x",
    "https:evil.example",            # no host
    "https://",                      # no host
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/'onmouseover='alert(1)",
    "https://example.org/<script>",
    "https://example.org/`x`",
    "https://example.org/a b",
    "relative/path",
    "mailto:someone@example.org",
])
def test_safe_href_rejects_everything_else(url):
    assert safe_href(url) is None


# ----- answer_markdown -------------------------------------------------------------------

def test_hostile_article_text_is_shown_as_text_not_markup():
    a = answer(f"{HOSTILE_TEXT} [1]", [Citation(1, 1, "Safe article", SAFE_URL)], [source()])
    md = answer_markdown(a)
    # the only raw HTML is the disclaimer's <sub>
    assert set(md_raw_html(md)) <= {"<sub>", "</sub>"}, md_raw_html(md)
    # the only link targets are the citation's URL
    assert md_links(md) and set(md_links(md)) == {SAFE_URL}, md_links(md)
    # and the hostile text is there, character for character, as text
    assert HOSTILE_TEXT in md_visible_text(md)


def test_hostile_title_and_notices_are_escaped():
    title = f"Title {SCRIPT} {JS_LINK}"
    a = answer("Body [1]", [Citation(1, 1, title, SAFE_URL)], [source(title=title)],
               emergency=True, emergency_notice=f"Call now {IMG}",
               notice=f"Notice {JS_LINK}", standalone_question=f"Standalone {SCRIPT}",
               disclaimer=f"Disclaimer {IMG}")
    md = answer_markdown(a)
    assert set(md_raw_html(md)) <= {"<sub>", "</sub>"}, md_raw_html(md)
    assert set(md_links(md)) == {SAFE_URL}
    visible = md_visible_text(md)
    for text in (title, f"Call now {IMG}", f"Notice {JS_LINK}", f"Standalone {SCRIPT}",
                 f"Disclaimer {IMG}"):
        assert text in visible, text


def test_emergency_notice_comes_first_and_disclaimer_last():
    a = answer("The body [1].", [Citation(1, 1, "Safe article", SAFE_URL)], [source()],
               emergency=True, emergency_notice="CALL EMERGENCY")
    visible = md_visible_text(answer_markdown(a))
    assert visible.index("CALL EMERGENCY") < visible.index("The body") < visible.index(DISCLAIMER)


@pytest.mark.parametrize("bad_url", [
    "javascript:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
    "//evil.example/x",
    "",
])
def test_citation_markers_link_only_to_safe_urls(bad_url):
    a = answer("Good claim [1]. Bad claim [2].",
               [Citation(1, 1, "Good", SAFE_URL), Citation(2, 2, "Bad", bad_url)],
               [source(1), source(2, url=bad_url, title="Bad")])
    md = answer_markdown(a)
    assert md_links(md) == [SAFE_URL, SAFE_URL]  # marker [1] and reference [1]
    visible = md_visible_text(md)
    assert "Bad claim [2]" in visible          # the marker stays, as plain text
    assert "[2] Bad" in visible                # so does the reference line


def test_marker_without_citation_is_plain_text():
    a = answer("A claim [3] with a marker that names no citation.", [], [])
    md = answer_markdown(a)
    assert md_links(md) == []
    assert "A claim [3] with" in md_visible_text(md)


@pytest.mark.parametrize("url", [
    # http(s) URLs that safe_href accepts but which carry Markdown syntax of their own:
    # placed raw inside `[..](url)` they close the link early and start another one.
    "https://www.quicktakes.io/x)[pwned](javascript:window.__pwned=1",
    "https://www.quicktakes.io/x)[Cure-guaranteed](https://evil.example/",
    "https://www.quicktakes.io/learn/a_(disambiguation)",
])
def test_citation_url_cannot_break_out_of_its_markdown_link(url):
    """Each marker and each reference line is exactly one link, to the citation's URL."""
    a = answer("Claim [1].", [Citation(1, 1, "Title", url)], [source(url=url)])
    md = answer_markdown(a)
    links = md_links(md)
    assert len(links) == 2, (links, md)
    assert not any(h.lower().startswith(("javascript:", "data:")) for h in links), links
    assert {urlparse(h).netloc for h in links} == {"www.quicktakes.io"}, links
    # the link goes where the article says (percent-encoding of brackets allowed)
    for href in links:
        assert href.replace("%28", "(").replace("%29", ")").replace("%5B", "[").replace(
            "%5D", "]") == url, (href, url)


def test_streaming_markdown_escapes_and_keeps_markers_plain():
    md = streaming_markdown(f"**Bold** {HOSTILE_TEXT} [1]")
    assert md_links(md) == []
    assert md_raw_html(md) == []
    visible = md_visible_text(md)
    assert HOSTILE_TEXT in visible and visible.endswith("[1]")
    assert any(t.type == "strong_open" for t in md_tokens(md))  # the article's bold is kept


def test_escape_markdown_round_trips_special_characters():
    text = r"a*b_c `d` [e](f) #g <h> & \i |j| ~k~ !l"
    assert md_visible_text(escape_markdown(text)) == text


# ----- sources_html ----------------------------------------------------------------------

def test_sources_html_escapes_article_text_and_links_only_safe_urls():
    hostile_title = f"Title {SCRIPT}"
    a = answer("x [1]", [Citation(1, 1, hostile_title, SAFE_URL)], [
        source(1, title=hostile_title, snippet=HOSTILE_TEXT),
        source(2, url="javascript:window.__pwned=1", title=f"JS {IMG}"),
        source(3, url="data:text/html,<script>window.__pwned=1</script>", title="Data"),
        source(4, url='https://example.org/" onclick="x', title="Quote"),
        source(5, url=OTHER_URL, title="Other"),
    ])
    page = parse_html(sources_html(a))
    tags = {t for t, _ in page.tags}
    assert tags <= {"div", "h4", "a"}, tags
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    hrefs = [attrs.get("href") for tag, attrs in page.tags if tag == "a"]
    assert hrefs == [SAFE_URL, OTHER_URL]
    for tag, attrs in page.tags:
        if tag == "a":
            assert attrs.get("target") == "_blank"
            assert "noopener" in attrs.get("rel", "")
    text = "".join(page.text)
    assert HOSTILE_TEXT in text and hostile_title in text and f"JS {IMG}" in text
    assert "[1] " + hostile_title in text  # the cited source carries its marker
    assert sum(1 for t, attrs in page.tags if "qt-source" in attrs.get("class", "").split()) == 5


def test_sources_html_refused_and_emergency():
    a = answer("No.", [], [source()], refused=True, emergency=True,
               emergency_notice=f"Emergency {SCRIPT}")
    markup = sources_html(a)
    page = parse_html(markup)
    classes = [attrs.get("class", "") for _, attrs in page.tags]
    assert "qt-emergency" in classes and "qt-refused" in classes
    assert markup.index("qt-emergency") < markup.index("qt-refused")
    assert "script" not in {t for t, _ in page.tags}
    assert f"Emergency {SCRIPT}" in "".join(page.text)
    assert "Articles on this topic" in "".join(page.text)


def test_one_card_per_article_and_no_word_only_cards_under_a_refusal():
    parts = [source(1, title="What is gout?", url="https://x/gout"),
             source(2, title="What is gout?", url="https://x/gout"),  # another part of the page
             source(3, title="What is lupus?", url="https://x/lupus")]
    cited = answer("Gout. [1]", [Citation(1, 2, "What is gout?", "https://x/gout")], parts)
    cards = parse_html(sources_html(cited))
    assert [a.get("class") for _, a in cards.tags].count("qt-source") == 2
    assert "[1] " in "".join(cards.text)  # the card kept is the cited part
    refused = answer("Not covered.", [], [source(1, title="Close"), source(2, title="Word only", similarity=0.0)],
                     refused=True)
    text = "".join(parse_html(sources_html(refused)).text)
    assert "Close" in text and "Word only" not in text


def test_the_cited_sources_come_first_in_the_order_of_their_markers():
    listed = [source(1, title="Found first"), source(2, title="Found second"),
              source(3, title="Cited first, listed last")]  # a same-topic article the answer added
    cited = answer("A. [1]\n\nB. [2]", [Citation(1, 3, "Cited first, listed last", "https://x/3"),
                                          Citation(2, 1, "Found first", "https://x/1")], listed)
    text = "".join(parse_html(sources_html(cited)).text)
    assert text.index("Cited first, listed last") < text.index("Found first") < text.index("Found second")
    added = source(4, title="Added by the selection", similarity=0.0)
    added.score = 0.0
    text = "".join(parse_html(sources_html(answer("A. [1]", [Citation(1, 4, "Added", "https://x/4")],
                                                  [source(1), added]))).text)
    assert "holds the sentence quoted" in text and "found by its words only" not in text


def test_sources_html_of_no_answer_is_empty():
    assert sources_html(None) == ""


# ----- related_questions -----------------------------------------------------------------

def _rel(id, title):
    return {"id": id, "title": title, "url": f"/learn/x/{id}", "subject": "Medicine"}


def test_related_questions_dedup_and_exclude_cited_articles():
    s1 = source(1, related=[_rel(10, "Question A?"), _rel(11, "Question B?"), _rel(2, "Cited two?")])
    s2 = source(2, url=OTHER_URL, related=[_rel(10, "Question A?"), _rel(12, "  Question C?  "),
                                          _rel(13, ""), _rel(1, "Cited one?")])
    s3 = source(3, related=[_rel(14, "From an uncited source?")])
    a = answer("x [1] y [2]", [Citation(1, 1, "One", SAFE_URL), Citation(2, 2, "Two", OTHER_URL)],
               [s1, s2, s3])
    assert related_questions(a) == ["Question A?", "Question B?", "Question C?"]


def test_related_questions_limit_refused_and_none():
    s1 = source(1, related=[_rel(100 + i, f"Q{i}?") for i in range(8)])
    cited = [Citation(1, 1, "One", SAFE_URL)]
    assert related_questions(answer("x [1]", cited, [s1])) == [f"Q{i}?" for i in range(5)]
    assert related_questions(answer("x [1]", cited, [s1]), limit=2) == ["Q0?", "Q1?"]
    assert related_questions(answer("No.", [], [s1], refused=True)) == []
    assert related_questions(None) == []


def test_emergency_numbers_become_tel_links_in_the_answer_and_the_banner():
    from assistant.triage.triage import TriageResult

    notice = "Call 911 now; otherwise call Poison Control at 1-800-222-1222 right away."
    triage = TriageResult(level="urgent", category="poisoning", notice=notice,
                          numbers=[("Emergency", "911"), ("Poison Control", "1-800-222-1222")])
    a = answer("Body [1]", [Citation(1, 1, "Safe article", SAFE_URL)], [source()],
               emergency=True, emergency_notice=notice, triage=triage)
    md = answer_markdown(a)
    assert {"tel:911", "tel:18002221222"} <= set(md_links(md))
    assert md_visible_text(md).startswith(notice)
    page = parse_html(sources_html(a))
    hrefs = [attrs.get("href") for t, attrs in page.tags if t == "a"]
    assert hrefs.count("tel:911") == 2 and hrefs.count("tel:18002221222") == 2  # in the text and a button
    assert "Call Poison Control: 1-800-222-1222" in "".join(page.text)


def test_info_note_leads_a_question_about_an_emergency():
    from assistant.triage.triage import TriageResult

    note = "If this is happening now, call 999 or go to the nearest emergency department."
    a = answer("Body [1]", [Citation(1, 1, "Safe article", SAFE_URL)], [source()],
               triage=TriageResult(level="info", category="stroke", notice=note, numbers=[("Emergency", "999")]))
    md = answer_markdown(a)
    assert md_visible_text(md).startswith(note) and "tel:999" in md_links(md)
    assert "qt-emergency" not in sources_html(a)


def test_tel_href_refuses_what_is_not_a_number():
    from ui.render import tel_href

    assert tel_href("116 123") == "tel:116123" and tel_href("+44 20 7946 0000") == "tel:+442079460000"
    assert tel_href("javascript:alert(1)") is None and tel_href("") is None


def test_tel_links_never_mangle_a_number_with_letters_or_nest():
    from ui.render import _notice_html, tel_href

    assert tel_href("1-800-273-TALK") is None and tel_href("911 ext 2") is None
    html_text = _notice_html("Call 988 or 988 123 now.", ["988", "988 123"])
    assert html_text == 'Call <a href="tel:988">988</a> or <a href="tel:988123">988 123</a> now.'


def test_lists_in_the_answer_stay_lists_and_their_text_is_escaped():
    body = "Treatment includes:\n- Medicines <b>now</b>\n- Blood *thinners*\n2. Numbered [1]"
    md = answer_markdown(answer(body, [Citation(1, 1, "Title", "https://example.org/a")]))
    kinds = [t.type for t in _parser().parse(md)]
    assert "bullet_list_open" in kinds and "ordered_list_open" in kinds  # shown as lists
    lines = md.split("\n")
    assert "Treatment includes:" in lines
    assert "- Medicines &lt;b&gt;now&lt;/b&gt;" in lines
    assert "- Blood \\*thinners\\*" in lines
    assert any(line.startswith("2. Numbered [\\[1\\]](https://example.org/a)") for line in lines)
    assert "Read more in \\[1\\] [Title](https://example.org/a)" in md


def test_match_label_is_in_words_with_the_similarity():
    from ui.render import match_label

    assert match_label(0.82) == "close match (similarity 0.82)"
    assert match_label(0.55) == "partial match (similarity 0.55)"
    assert match_label(0.3) == "weak match (similarity 0.30)"
    assert match_label(0.0) == "found by its words only"


def test_a_sentence_no_article_supports_is_marked_in_italics_and_evidence_is_shown():
    from assistant.verify.attribute import NOT_FOUND

    body = f"Gout is caused by uric acid. [1] It is cured by cherry *juice*. {NOT_FOUND}"
    sentences = [{"text": "Gout is caused by uric acid.", "citations": [1], "supported": True, "score": 0.9,
                  "evidence": {"article_id": 1, "text": f"Gout comes from uric acid {SCRIPT}."}},
                 {"text": "It is cured by cherry *juice*.", "citations": [], "supported": False, "score": 0.2,
                  "evidence": None}]
    a = answer(body, [Citation(1, 1, "Safe article", SAFE_URL)], [source()], answerer="llm:gpt",
               sentences=sentences)
    md = answer_markdown(a)
    assert "cherry \\*juice\\*. *(not found in the cited articles)*" in md
    italics = [t for t in _parser().parse(md) if t.type == "inline"
               and "not found in the cited articles" in t.content]
    assert italics and any(c.type == "em_open" for c in italics[0].children)
    panel = sources_html(a)
    assert "Where the answer is found here:" in panel
    assert f"Gout comes from uric acid {html_escape(SCRIPT)}." in panel and SCRIPT not in panel
    # the offline answer quotes its articles: no evidence list
    assert "Where the answer" not in sources_html(answer(body, [Citation(1, 1, "t", SAFE_URL)], [source()],
                                                          sentences=sentences))


def html_escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def test_example_questions_are_plain_questions_on_the_best_covered_topics():
    from types import SimpleNamespace

    from ui.app import example_questions

    def art(question, subject="Medicine", answer="x" * 100):
        return SimpleNamespace(question=question, subject=subject, answer=answer)

    library = [art("What is (are) Asthma ?"), art("What causes Asthma ?"), art("How to prevent Asthma ?"),
               art("What is (are) Gout ?", answer="x" * 5000), art("What is the history of hps for Hantavirus ?"),
               art("What is (are) Glaucoma ?", subject="Eyes"), art("What are the symptoms of Glaucoma ?")]
    # asked about from the most sides first, one per subject; never a template question
    assert example_questions(library, n=3) == ["What is Asthma?", "What is Glaucoma?"]
    assert example_questions(library, ["Is flu contagious?"]) == ["Is flu contagious?"]  # ui.examples
    odd = [art("Are there any new agents for hepatitis B?")]
    assert example_questions(odd) == ["Are there any new agents for hepatitis B?"]  # nothing plain: as written


def test_next_questions_ask_for_what_was_not_answered_yet_one_of_each_kind():
    from ui.render import next_questions

    related = [_rel(10, "What causes Gout ?"), _rel(11, "What are the symptoms of Gout ?"),
               _rel(12, "What research (or clinical trials) is being done for Gout ?"),
               _rel(13, "What are the signs of Gout ?"), _rel(14, "What are the treatments for Gout ?")]
    a = answer("Gout is ... [1]", [Citation(1, 1, "What causes Gout ?", SAFE_URL)],
               [source(1, related=related)], question="why do people get gout")
    # causes were asked: not again; symptoms once (not "signs" too); research last
    assert next_questions(a) == ["What are the symptoms of Gout?", "What are the treatments for Gout?",
                                 "What are the signs of Gout?"]
    assert next_questions(a, limit=2) == ["What are the symptoms of Gout?", "What are the treatments for Gout?"]
    assert next_questions(answer("No.", [], [source(1, related=related)], refused=True)) == []


def test_library_questions_are_tidied_for_people():
    from ui.render import tidy_question

    assert tidy_question("What is (are) Gout ?") == "What is Gout?"
    assert tidy_question("Who is at risk for Gout? ?") == "Who is at risk for Gout?"
    assert tidy_question("How to diagnose Shingles ?") == "How to diagnose Shingles?"
    assert tidy_question("Is it (really) contagious?") == "Is it (really) contagious?"
