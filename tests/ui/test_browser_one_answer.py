"""One answer at a time per page (Debian's Chromium against the served app): a second question
sent while an answer is still arriving (Enter, then Ask) never runs beside it. The Ask button
is disabled while an answer arrives; a question sent anyway (Enter in the box, which stays
editable) is not accepted, stays in the box with a notice, and can be asked once the answer
is complete. What was saved shows it: one conversation, its questions in the order asked.
"""

from __future__ import annotations

import sqlite3

import pytest

from uikit import BOTS, PAGE_TIMEOUT_MS as TIMEOUT_MS, open_chat, wait_for_answer

pytestmark = [pytest.mark.browser, pytest.mark.integration]

FIRST = "How does interferon work against hepatitis B?"
SECOND = "What new therapeutic agents target HBsAg clearance?"

# Enter in the question box and a click on Ask in the same moment, as a quick person (or a
# script) does; Gradio's box submits on keypress.
ENTER_THEN_ASK = """() => {
  const box = document.querySelector('#qt-input textarea');
  box.dispatchEvent(new KeyboardEvent('keypress', {key: 'Enter', bubbles: true, cancelable: true}));
  document.querySelector('#qt-ask').click();
}"""

# Once the first answer is under way (its placeholder shown), the second question is typed
# and sent: Enter, then a click on Ask. Also records whether Ask was ever disabled.
SECOND_WHILE_ANSWERING = """(second) => {
  window.__qtAskDisabled = false;
  window.__qtSentWhileAnswering = false;
  const ask = document.querySelector('#qt-ask');
  new MutationObserver(() => { if (ask.disabled) window.__qtAskDisabled = true; })
      .observe(ask, {attributes: true});
  const chat = document.querySelector('#qt-chat');
  const watch = new MutationObserver(() => {
    const bots = chat.querySelectorAll('[data-testid="bot"]');
    if (bots.length !== 1 || bots[0].innerText.includes('is not medical advice')) return;
    watch.disconnect();
    const box = document.querySelector('#qt-input textarea');
    box.value = second;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    window.__qtSentWhileAnswering = true;
    setTimeout(() => {
      box.dispatchEvent(new KeyboardEvent('keypress', {key: 'Enter', bubbles: true, cancelable: true}));
      ask.click();
    }, 0);
  });
  watch.observe(chat, {subtree: true, childList: true, characterData: true});
}"""


def _saved(app, context) -> list[list[str]]:
    """This browser's saved conversations: the questions of each, in order."""
    browser = next(c["value"] for c in context.cookies() if c["name"] == "quicktakes_browser")
    with sqlite3.connect(app.data_dir / "conversations.sqlite3") as db:
        ids = [cid for (cid,) in db.execute("SELECT id FROM conversations WHERE owner = ?",
                                            (f"browser:{browser}",))]
        return [[q for (q,) in db.execute("SELECT question FROM turns WHERE conversation_id = ? "
                                          "ORDER BY position", (cid,))] for cid in ids]


def _all_answers_final(page) -> bool:
    """Every answer shown is complete (ends with the disclaimer), none a placeholder."""
    return all("is not medical advice" in t for t in page.locator(BOTS).all_inner_texts())


def _questions_shown(page) -> list[str]:
    return [t.strip() for t in page.locator('#qt-chat [data-testid="user"]').all_inner_texts()]


@pytest.fixture
def chat(chromium, seed_app):
    context, page = open_chat(chromium, seed_app.url)
    yield context, page
    context.close()


def test_enter_and_ask_at_once_answer_once(chat, seed_app):
    context, page = chat
    page.fill("#qt-input textarea", FIRST)
    page.evaluate(ENTER_THEN_ASK)
    wait_for_answer(page, 1)
    page.wait_for_timeout(1500)  # a second answer, had it been let through, would be saved by now
    assert page.locator(BOTS).count() == 1
    assert _questions_shown(page) == [FIRST]
    assert _saved(seed_app, context) == [[FIRST]]  # one conversation, asked once
    assert page.get_by_text("still arriving").count() >= 1  # the other was not sent, and said so


def test_a_question_sent_while_an_answer_arrives_waits_for_it(chat, seed_app):
    context, page = chat
    page.evaluate(SECOND_WHILE_ANSWERING, SECOND)
    page.fill("#qt-input textarea", FIRST)
    page.press("#qt-input textarea", "Enter")
    wait_for_answer(page, 1)
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__qtSentWhileAnswering")
    assert page.evaluate("window.__qtAskDisabled"), "Ask stayed enabled while the answer arrived"
    # not run beside the first: either answered after it, or kept in the box with a notice
    saved = _saved(seed_app, context)
    if saved == [[FIRST, SECOND]]:
        print("the second question was answered after the first")
        wait_for_answer(page, 2)
        assert _questions_shown(page) == [FIRST, SECOND] and _all_answers_final(page)
    else:
        assert saved == [[FIRST]], saved
        print("the second question was not accepted while the first answer arrived")
        assert _questions_shown(page) == [FIRST]
        assert page.locator("#qt-input textarea").input_value() == SECOND  # not lost
        assert page.get_by_text("still arriving").count() >= 1  # the notice
        # the answer complete, Ask takes it
        page.wait_for_function("() => !document.querySelector('#qt-ask').disabled", timeout=TIMEOUT_MS)
        page.click("#qt-ask")
        wait_for_answer(page, 2)
        assert _questions_shown(page) == [FIRST, SECOND] and _all_answers_final(page)
        page.wait_for_timeout(500)
        assert _saved(seed_app, context) == [[FIRST, SECOND]]
