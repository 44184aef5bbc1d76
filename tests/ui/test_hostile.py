"""Hostile articles in a real browser: article text and URLs must stay data.

Four articles about the hepatitis B vaccine carry ``<script>``, ``<img onerror>``, Markdown
links to ``javascript:`` in their question, title, answer, subject and related articles, and
URLs that are ``javascript:``, ``data:``, or http(s) URLs that try to break out of a Markdown
link. They are indexed with the two seed articles and the real embedder (so retrieval and
the refusal threshold are the real ones), the real app serves them, Chromium asks about the
vaccine schedule, and the DOM is inspected.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from uikit import SEEDS_DIR, build_index, foreign_requests, local_request_recorder, start_app

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SITE = "https://www.quicktakes.io"
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
JS_LINK = "[click](javascript:window.__pwned=1)"
HOSTILE_SUBJECT = "Hepatology <img src=x onerror=window.__pwned=1>"
RELATED_TITLE = f"{SCRIPT} Is the hepatitis B vaccine safe?"
JS_BREAKOUT = "/learn/medicine/questions/x)[pwned](javascript:window.__pwned=1"
EVIL_BREAKOUT = "/learn/medicine/questions/y)[Cure-guaranteed](https://evil.example/"
QUESTION = "What is the hepatitis B vaccine schedule for infants?"
TIMEOUT_MS = 60_000

HOSTILE = [
    dict(id=990101, url="javascript:alert(1)", subject="Medicine",
         question=f"What is the hepatitis B vaccine schedule for infants? {SCRIPT}",
         answer=(f"The hepatitis B vaccine schedule for infants is three doses {SCRIPT} given at "
                 f"birth, at one month and at six months. A hepatitis B vaccine dose {IMG} is "
                 f"safe for newborn infants on this schedule. Ask about the infant hepatitis B "
                 f"vaccine schedule here {JS_LINK} at your clinic.")),
    dict(id=990102, url=f"data:text/html,{SCRIPT}", subject=HOSTILE_SUBJECT,
         title=f"Hepatitis B vaccine doses for infants {IMG}",
         question="How many hepatitis B vaccine doses do infants need on the schedule?",
         answer=(f"Infants need three hepatitis B vaccine doses {IMG} on the schedule. The "
                 f"schedule for infants {SCRIPT} starts at birth with the hepatitis B vaccine.")),
    dict(id=990103, url=JS_BREAKOUT, subject="Medicine",
         question="When does the hepatitis B vaccine schedule for infants start?",
         answer=(f"The hepatitis B vaccine schedule for infants starts within 24 hours of birth "
                 f"{JS_LINK}. The infant schedule then continues with two more vaccine doses.")),
    dict(id=990104, url=EVIL_BREAKOUT, subject="Medicine",
         question="Does the hepatitis B vaccine schedule for infants differ from adults?",
         answer=("The hepatitis B vaccine schedule for infants uses three doses, like the adult "
                 "schedule. Some adult hepatitis B vaccines use two doses instead of three.")),
]


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def write_article(folder: Path, *, id: int, question: str, answer: str, url: str,
                  subject: str, title: str | None = None) -> Path:
    lines = [
        "---", "_schema: default", f"id: {id}", "date: 2024-12-20",
        "title: >-", f"    {title or question}", "author: QuickTakes",
        "question: >-", f"    {question}",
        "answer: >-", f"    {answer}",
        f"subject: {_quoted(subject)}", f"url: {_quoted(url)}", "score: -1.0",
        "related_article1:", "    id: 990199", "    title: >-", f"        {RELATED_TITLE}",
        f"    subject: {_quoted(HOSTILE_SUBJECT)}", "    url: 'javascript:alert(1)'",
        "---", "", "&nbsp;",
    ]
    path = folder / f"hostile-{id}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory, real_embedder):
    folder = tmp_path_factory.mktemp("hostile_articles")
    for spec in HOSTILE:
        write_article(folder, **spec)
    data_dir = tmp_path_factory.mktemp("hostile_data")
    build_index(data_dir, [SEEDS_DIR, folder], real_embedder)
    # an article's hostile question among the example questions of the empty chat
    examples = json.dumps([f"What is the hepatitis B vaccine schedule for infants? {SCRIPT}",
                           "What is the mechanism of action of interferon therapy in Hepatitis B treatment?"])
    app = start_app(data_dir, tmp_path_factory.mktemp("hostile_logs"), env={"QUICKTAKES_UI__EXAMPLES": examples})
    try:
        yield app
    finally:
        app.assert_stopped_cleanly()


@pytest.fixture(scope="module")
def page(chromium, hostile_app):
    """The page after the vaccine question was answered."""
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script("window.__alerts = []; window.alert = m => window.__alerts.push(String(m));")
    page = context.new_page()
    page.qt_requests = local_request_recorder(page)
    page.goto(hostile_app.url, wait_until="domcontentloaded")
    page.wait_for_selector("#qt-input textarea", timeout=TIMEOUT_MS)
    page.qt_examples = page.locator("#qt-chat").inner_text()  # example questions, before asking
    page.fill("#qt-input textarea", QUESTION)
    page.click("#qt-ask")
    page.wait_for_function(
        """() => {
            const bots = document.querySelectorAll('#qt-chat [data-testid="bot"]');
            return bots.length === 1 && bots[0].innerText.includes('is not medical advice')
                   && document.querySelector('#qt-sources h4') !== null;
        }""", timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)  # let any injected handler fire, if one got in
    yield page
    context.close()


PANELS = "#qt-chat, #qt-sources, #qt-related"


def test_the_hostile_articles_were_retrieved_and_cited(page):
    """Precondition: the answer really is built from the hostile articles."""
    sources = page.locator("#qt-sources .qt-source").all_inner_texts()
    assert len([s for s in sources if "vaccine" in s.lower()]) >= 3, sources
    chat = page.locator('#qt-chat [data-testid="bot"]').inner_text()
    assert "hepatitis B vaccine" in chat
    assert page.locator("#qt-sources .qt-refused").count() == 0


def test_no_script_ran(page):
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("window.__alerts") == []


def test_no_script_element_from_the_articles(page):
    assert page.locator(", ".join(p + " script" for p in PANELS.split(", "))).count() == 0
    scripts = page.evaluate("""() => [...document.querySelectorAll('script')]
        .map(s => s.textContent).filter(t => t.includes('__pwned'))""")
    # the article's own script, parsed into an element, would hold exactly its text
    assert [t for t in scripts if t.strip() == "window.__pwned=1"] == []
    # the page's config (examples, subjects) holds article text as JSON, escaped (\\u003c)
    assert [t for t in scripts if "<script" in t.lower() or "<img" in t.lower()] == []


def test_no_event_handler_attributes(page):
    assert page.locator("[onerror]").count() == 0
    handlers = page.evaluate(f"""() => [...document.querySelectorAll('{PANELS}')]
        .flatMap(panel => [panel, ...panel.querySelectorAll('*')])
        .flatMap(el => [...el.attributes].filter(a => a.name.toLowerCase().startsWith('on'))
                                          .map(a => el.tagName + ' ' + a.name + '=' + a.value))""")
    assert handlers == []
    # an <img src=x> that got into the page would have asked the server for /x
    assert not [u for u in page.qt_requests if re.search(r"/x(?:$|\?)", u)], page.qt_requests
    assert foreign_requests(page.qt_requests) == []


def test_no_javascript_or_data_links(page):
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    bad = [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]
    assert bad == [], bad


def test_hostile_text_is_visible_as_text(page):
    assert f"What is the hepatitis B vaccine schedule for infants? {SCRIPT}" in page.qt_examples
    chat = page.locator('#qt-chat [data-testid="bot"]').inner_text()
    # the answer quotes one article's part: the markup it holds is shown as text
    shown = [text for text in (SCRIPT, IMG, JS_LINK) if text in chat]
    assert shown, chat
    assert not page.evaluate("() => window.__pwned === 1")
    sources = page.locator("#qt-sources").inner_text()
    assert f"Hepatitis B vaccine doses for infants {IMG}" in sources
    assert HOSTILE_SUBJECT in sources
    assert SCRIPT in sources or IMG in sources  # in a snippet
    related = " ".join(page.locator("#qt-related label").all_inner_texts())
    assert related.startswith(RELATED_TITLE[:40]), related


def test_links_go_only_to_the_cited_articles(page):
    """Every link in the answer and the sources is one of the indexed articles' own URLs:
    a URL cannot open a second link (Markdown breakout), and unsafe URLs are not links."""
    indexed = {f"{SITE}/learn/medicine/questions/"
               "what-is-the-mechanism-of-action-of-interferon-therapy-in-hepatitis-b-treatment",
               f"{SITE}/learn/medicine/questions/are-there-any-new-therapeutic-agents-for-"
               "hepatitis-b-that-focus-on-surface-antigen-clearance",
               SITE + JS_BREAKOUT, SITE + EVIL_BREAKOUT}
    links = page.evaluate("""() => [...document.querySelectorAll('#qt-chat a, #qt-sources a')]
        .map(a => ({text: a.textContent.trim(), href: a.getAttribute('href')}))""")
    assert links, "no link at all: the answer cites nothing"
    wrong = [link for link in links if link["href"] is None or unquote(link["href"]) not in indexed]
    assert wrong == [], wrong
    texts = [link["text"] for link in links]
    assert "pwned" not in texts and "Cure-guaranteed" not in texts, texts
