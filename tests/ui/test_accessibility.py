"""The chat for everyone: axe-core (tests/ui/vendor, MPL-2.0, from the npm registry) run in the
real page finds no serious or critical violation on the empty page, with an answer shown, after
a reload with saved conversations listed and on a phone's 390x844 (side list closed and open);
and the keyboard alone can ask, open a source, rate and start a new conversation. The axe
reports go to test-artifacts/axe-<case>.json (with an answer: axe-report.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from uikit import ARTIFACTS_DIR, BOTS, INTERFERON_URL, PAGE_TIMEOUT_MS as TIMEOUT_MS, ask, open_chat, wait_for_answer

pytestmark = [pytest.mark.browser, pytest.mark.integration]

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
QUESTION = "How does interferon work against hepatitis B?"


@pytest.fixture
def page(chromium, seed_app):
    context, page = open_chat(chromium, seed_app.url)
    yield page
    context.close()


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focus is inside ``selector``."""
    for _ in range(limit):
        if page.evaluate("(s) => !!document.activeElement.closest(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _serious_axe_violations(page, name: str) -> list:
    """axe-core run in the page; the full report goes to test-artifacts/axe-<name>.json and the
    serious or critical violations are returned (id, impact, help, first targets). It runs on
    the settled page: no answer under way (Ask enabled), Gradio's fades of the outputs over."""
    page.wait_for_function("() => !document.querySelector('#qt-ask').disabled", timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    (ARTIFACTS_DIR / f"axe-{name}.json").write_text(json.dumps(result["violations"], indent=1), encoding="utf-8")
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _reload_with_a_saved_conversation(page) -> None:
    """Ask, then reload: the conversation is listed in the side list."""
    ask(page, QUESTION, 1)
    page.wait_for_selector("#qt-conversations label", timeout=TIMEOUT_MS)
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("#qt-conversations label", timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)  # the rest of the load's updates


def test_no_serious_or_critical_axe_violation_on_the_empty_page(page):
    page.wait_for_timeout(1000)  # the side list is filled on load
    assert not (bad := _serious_axe_violations(page, "empty")), bad


def test_no_serious_or_critical_axe_violation_with_an_answer_shown(page):
    ask(page, QUESTION, 1)
    assert not (bad := _serious_axe_violations(page, "report")), bad


def test_no_serious_or_critical_axe_violation_after_a_reload_with_saved_conversations(page):
    _reload_with_a_saved_conversation(page)
    assert not (bad := _serious_axe_violations(page, "reload")), bad


def test_no_serious_or_critical_axe_violation_on_a_phone(chromium, seed_app):
    context, phone = open_chat(chromium, seed_app.url, size=(390, 844))
    try:
        _reload_with_a_saved_conversation(phone)
        assert not (bad := _serious_axe_violations(phone, "phone")), bad
        # the side list opened over the page (it starts closed on a phone)
        phone.locator("#qt-sidebar .toggle-button").click()
        phone.wait_for_selector("#qt-sidebar.open", timeout=TIMEOUT_MS)
        assert not (bad := _serious_axe_violations(phone, "phone-side-list")), bad
    finally:
        context.close()


def test_the_keyboard_alone_asks_opens_a_source_rates_and_starts_anew(page):
    # ask: Tab into the question box, type, Enter
    _tab_to(page, "#qt-input")
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    wait_for_answer(page, 1)

    # open a source: Tab to the first card's link; Enter opens the article
    _tab_to(page, "#qt-sources a")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == INTERFERON_URL
    with page.context.expect_page() as opened:
        page.keyboard.press("Enter")
    opened.value.close()  # a new tab for the article (offline here, so it does not load)

    # rate: Tab to "Not helpful", Enter
    _tab_to(page, "#qt-down")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => (document.querySelector('#qt-feedback-status') || {}).innerText?.includes('saved')",
        timeout=TIMEOUT_MS)

    # a new conversation: Shift+Tab back to its button, Enter; the chat empties
    for _ in range(80):
        if page.evaluate("() => !!document.activeElement.closest('#qt-clear')"):
            break
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll('{BOTS}').length === 0", timeout=TIMEOUT_MS)


def test_the_question_box_is_the_first_text_field_in_page_and_tab_order(page):
    page.wait_for_selector("#qt-title", state="attached", timeout=TIMEOUT_MS)  # the side list is there
    # the order of the document: what a script's first textarea and a screen reader meet first
    assert page.locator("textarea").first.evaluate("(el) => !!el.closest('#qt-input')")
    fields = page.eval_on_selector_all(
        "textarea, input[type=text], input:not([type])",
        "els => els.map(el => el.closest('[id^=qt-]')?.id || el.outerHTML.slice(0, 60))")
    assert fields[0] == "qt-input", fields
    # the keyboard: from the top of the page, the first text field Tab reaches is the question box
    # (the box has autofocus: Tab starts from a link put at the very top of the document)
    page.evaluate("""() => { const top = document.createElement('a'); top.href = '#'; top.textContent = 'top';
                             document.body.prepend(top); top.focus(); }""")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => ['TEXTAREA', 'INPUT'].includes(document.activeElement.tagName)"
                         " && !['radio', 'checkbox', 'button'].includes(document.activeElement.type)"):
            break
    focused = page.evaluate("() => document.activeElement.closest('[id^=qt-]')?.id")
    assert focused == "qt-input", focused


def test_there_is_one_new_conversation_button(page):
    page.wait_for_selector("#qt-title", state="attached", timeout=TIMEOUT_MS)
    assert page.locator("button", has_text="New conversation").count() == 1
    assert page.get_by_role("button", name="New conversation").count() == 1
