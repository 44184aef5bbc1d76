"""An emergency in the real browser: the urgent notice leads the answer and shows as a banner
with its numbers as ``tel:`` links, before the library is even searched; a question about an
emergency topic gets the one-line note. Screenshot: test-artifacts/emergency.png."""

from __future__ import annotations

import pytest

from uikit import ARTIFACTS_DIR, BOTS, ask, open_chat

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture
def page(chromium, seed_app):
    context, page = open_chat(chromium, seed_app.url, size=(1280, 900))
    yield page
    context.close()


def test_urgent_message_shows_the_notice_first_with_numbers_to_call(page):
    ask(page, "my 3 year old swallowed some drain cleaner 10 minutes ago", 1)
    bot = page.locator(BOTS).last
    text = bot.inner_text().strip()
    assert text.startswith("Call 911 now"), text[:200]
    assert "Poison Control at 1-800-222-1222" in text
    hrefs = bot.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "tel:911" in hrefs and "tel:18002221222" in hrefs, hrefs

    banner = page.locator("#qt-sources .qt-emergency")
    assert banner.is_visible() and banner.get_attribute("role") == "alert"
    calls = banner.locator("a.qt-call")
    assert calls.count() == 2
    assert calls.nth(1).inner_text().strip() == "Call Poison Control: 1-800-222-1222"
    assert calls.nth(1).get_attribute("href") == "tel:18002221222"
    # the banner is above the sources
    assert banner.bounding_box()["y"] < page.locator("#qt-sources h4").bounding_box()["y"]

    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "emergency.png"), full_page=True)


def test_question_about_an_emergency_gets_the_one_line_note(page):
    ask(page, "What are the warning signs of a stroke?", 1)
    text = page.locator(BOTS).last.inner_text().strip()
    assert text.startswith("If this is happening now, call 911"), text[:200]
    assert page.locator("#qt-sources .qt-emergency").count() == 0
