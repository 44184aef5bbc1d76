"""The chat in a real browser: Debian's Chromium, driven by Playwright, against the real app
served by ``quicktakes serve`` on the two sample articles indexed with the real embedder.

One conversation, step by step as a person would have it: ask, watch the answer stream in,
follow its citation, read the sources and the disclaimer, click a related question, send a
comment with a thumbs-down; a screenshot of the page is saved to test-artifacts/chat.png.
"""

from __future__ import annotations

import json
import re

import pytest

from uikit import (
    ARTIFACTS_DIR,
    HBSAG_URL,
    INTERFERON_TITLE,
    INTERFERON_URL,
    SEEDS_DIR,
    foreign_requests,
    local_request_recorder,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

QUESTION = "How does interferon work against hepatitis B?"
COMMENT = "Second answer missed the point: ünïcode ✓ \"quotes\" <b>tags</b>"
DISCLAIMER_BIT = "is not medical advice"  # from assistant.safety.DISCLAIMER, ends every answer
TIMEOUT_MS = 60_000

BOTS = '#qt-chat [data-testid="bot"]'
USERS = '#qt-chat [data-testid="user"]'

# Records every distinct text of the last assistant message, as the DOM changes.
WATCH_BOT = """() => {
  window.__qtBotTexts = [];
  const record = () => {
    const bots = document.querySelectorAll('#qt-chat [data-testid="bot"]');
    if (!bots.length) return;
    const text = bots[bots.length - 1].innerText.trim();
    const seen = window.__qtBotTexts;
    if (text && text !== seen[seen.length - 1]) seen.push(text);
  };
  new MutationObserver(record).observe(document.querySelector('#qt-chat'),
      {subtree: true, childList: true, characterData: true});
}"""


def seed_related_titles() -> set[str]:
    from ingest.reader import find_article_files, read_article

    titles = set()
    for path in find_article_files([SEEDS_DIR]):
        titles |= {r.title for r in read_article(path, site_url="https://www.quicktakes.io").related}
    return titles


@pytest.fixture(scope="module")
def page(chromium, seed_app):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.qt_requests = local_request_recorder(page)
    page.qt_errors = []
    page.on("pageerror", lambda exc: page.qt_errors.append(str(exc)))
    page.goto(seed_app.url, wait_until="domcontentloaded")
    page.wait_for_selector("#qt-input textarea", timeout=TIMEOUT_MS)
    yield page
    context.close()


def _wait_for_final(page, n: int) -> None:
    """The n-th assistant message is final: it carries the disclaimer and the sources panel,
    which is emptied when a question is sent and filled only by the last update, has its
    heading back."""
    page.wait_for_function(
        """([n, bit]) => {
            const bots = document.querySelectorAll('#qt-chat [data-testid="bot"]');
            return bots.length === n && bots[n - 1].innerText.includes(bit)
                   && document.querySelector('#qt-sources h4') !== null;
        }""",
        arg=[n, DISCLAIMER_BIT], timeout=TIMEOUT_MS)


def test_conversation_in_the_browser(page, seed_app):
    # ---- the page before any question --------------------------------------------------
    disclaimer = page.locator("#qt-disclaimer")
    assert disclaimer.is_visible()
    assert "not medical advice" in disclaimer.inner_text()
    assert "extractive" in page.locator("#qt-answerer").inner_text()
    assert page.locator(BOTS).count() == 0

    # ---- ask; watch the answer arrive ---------------------------------------------------
    assert not page.locator("#qt-related").is_visible()  # nothing to suggest yet: no empty frame
    page.evaluate(WATCH_BOT)
    page.fill("#qt-input textarea", QUESTION)
    page.click("#qt-ask")
    page.wait_for_selector(f'{BOTS} a[href="{INTERFERON_URL}"]', timeout=TIMEOUT_MS)
    _wait_for_final(page, 1)

    states = page.evaluate("window.__qtBotTexts")
    final = page.locator(BOTS).last.inner_text().strip()
    assert states and states[-1] == final, states
    assert len(states) >= 2, f"the answer appeared in one step, nothing streamed: {states}"
    assert states[0] == "…" or len(states[0]) < len(final), states  # placeholder or partial text
    print("assistant message states seen while answering:",
          json.dumps([st[:80] + (f"… ({len(st)} chars)" if len(st) > 80 else "") for st in states],
                     ensure_ascii=False, indent=1))

    assert page.locator(USERS).last.inner_text().strip() == QUESTION
    assert page.locator("#qt-input textarea").input_value() == ""  # the box was emptied

    # the final answer: cited, marker [1] links to the interferon article, opens a new tab
    bot = page.locator(BOTS).last
    links = bot.locator("a").evaluate_all(
        "els => els.map(e => ({text: e.textContent.trim(), href: e.getAttribute('href'),"
        " target: e.getAttribute('target')}))")
    markers = [link for link in links if re.fullmatch(r"\[\d+\]", link["text"])]
    assert markers, links
    assert markers[0] == {"text": "[1]", "href": INTERFERON_URL, "target": "_blank"}, markers[0]
    assert {link["href"] for link in links} <= {INTERFERON_URL, HBSAG_URL}, links
    assert any(link["text"] == INTERFERON_TITLE and link["href"] == INTERFERON_URL for link in links)
    assert "interferon" in final.lower()
    assert final.endswith("Ask a doctor or other health professional about your own situation.")
    assert "\\" not in final, "Markdown escapes leaked into the text"

    # the sources panel lists the interferon article as source [1], linked
    first_source = page.locator("#qt-sources .qt-source").first
    assert first_source.is_visible()
    title_link = first_source.locator(f'.qt-source-title a[href="{INTERFERON_URL}"]')
    assert title_link.count() == 1
    assert title_link.inner_text().strip() == INTERFERON_TITLE
    assert first_source.locator(".qt-source-title").inner_text().startswith("[1]")
    assert "match (similarity" in first_source.locator(".qt-source-meta").inner_text()
    assert page.locator("#qt-sources h4").inner_text().strip() == "Sources"
    assert page.locator("#qt-sources .qt-refused, #qt-sources .qt-emergency").count() == 0
    assert disclaimer.is_visible()

    # ---- a related question, clicked -----------------------------------------------------
    related = page.locator("#qt-related label")
    related.first.wait_for(timeout=TIMEOUT_MS)
    shown = [t.strip() for t in related.all_inner_texts()]
    assert 1 <= len(shown) <= 5 and len(set(shown)) == len(shown), shown
    from ui.render import tidy_question

    expected_related = {tidy_question(t) for t in seed_related_titles()}
    for text in shown:  # whole, not cut short with "..."
        assert text in expected_related, (text, expected_related)

    related.first.click()
    _wait_for_final(page, 2)
    second_question = page.locator(USERS).nth(1).inner_text().strip()
    assert second_question == shown[0]
    second = page.locator(BOTS).nth(1).inner_text().strip()
    assert second and second != "…" and DISCLAIMER_BIT in second
    assert page.locator(BOTS).first.inner_text().strip() == final  # the first answer stays

    # ---- feedback: a comment and a thumbs-down ---------------------------------------------
    feedback_file = seed_app.data_dir / "feedback.jsonl"
    before = feedback_file.read_text(encoding="utf-8").splitlines() if feedback_file.exists() else []
    page.fill("#qt-comment textarea", COMMENT)
    page.click("#qt-down")
    page.wait_for_function(
        "() => (document.querySelector('#qt-feedback-status') || {}).innerText?.includes('saved')",
        timeout=TIMEOUT_MS)
    assert "(not helpful) was saved" in page.locator("#qt-feedback-status").inner_text()
    page.wait_for_function("() => document.querySelector('#qt-comment textarea').value === ''",
                           timeout=TIMEOUT_MS)
    lines = feedback_file.read_text(encoding="utf-8").splitlines()
    new = [json.loads(line) for line in lines[len(before):]]
    assert len(new) == 1, new
    entry = new[0]
    assert entry["rating"] == "down"
    assert entry["comment"] == COMMENT
    assert entry["question"] == second_question  # the rating is on the last answer
    assert entry["answerer"] == "extractive"
    assert DISCLAIMER_BIT in entry["answer"]

    # ---- screenshot ------------------------------------------------------------------------
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    shot = ARTIFACTS_DIR / "chat.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # ---- nothing left this machine, nothing broke in the page -----------------------------
    assert page.qt_requests, "no request recorded at all"
    assert foreign_requests(page.qt_requests) == []
    assert page.qt_errors == []
