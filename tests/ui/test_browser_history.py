"""Saved conversations in the real page (Debian's Chromium): ask two questions, reload (the
conversation reopens by itself), start a new one, reopen the first from the side list and
continue it; another login (or another browser) sees none of it; export holds the sources;
delete takes it out of the database file, and its rating out of the feedback file. Screenshots at
1280x800 and at a phone's 390x844 go to test-artifacts/."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from uikit import ARTIFACTS_DIR, BOTS, INTERFERON_URL, PAGE_TIMEOUT_MS as TIMEOUT_MS, ask, open_chat, start_app

pytestmark = [pytest.mark.browser, pytest.mark.integration]

FIRST = "How does interferon work against hepatitis B?"
SECOND = "what are its side effects?"
THIRD = "and who should not take it?"
USERS = {"alice": "alice-pw-1", "bob": "bob-pw-2"}
OLDER_RATING = json.dumps({"time": "2025-01-10T09:00:00+00:00", "question": FIRST, "answer": "old",
                           "citations": [], "rating": "down", "comment": "", "answerer": "extractive"}) + "\n"


@pytest.fixture(scope="module")
def app(seed_index, tmp_path_factory):
    """Two logins, and a data folder of its own (the conversation file starts empty)."""
    data_dir = tmp_path_factory.mktemp("ui_history_data")
    shutil.copytree(seed_index, data_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns("conversations.*"))
    served = start_app(data_dir, tmp_path_factory.mktemp("ui_history_logs"),
                       env={"QUICKTAKES_UI_USERS": ",".join(f"{u}:{p}" for u, p in USERS.items())})
    try:
        yield served
    finally:
        served.assert_stopped_cleanly()


def _ratings(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _listed(page) -> list[str]:
    page.wait_for_timeout(300)
    return [t.strip() for t in page.locator("#qt-conversations label").all_inner_texts()]


def _wait_listed(page, title: str) -> None:
    page.wait_for_function(
        "(t) => [...document.querySelectorAll('#qt-conversations label')].some(l => l.innerText.includes(t))",
        arg=title, timeout=TIMEOUT_MS)


def _reopen(page, title: str, n: int) -> None:
    _wait_listed(page, title)
    page.locator("#qt-conversations label", has_text=title).first.click()
    page.wait_for_function("(n) => document.querySelectorAll('#qt-chat [data-testid=\"bot\"]').length === n",
                           arg=n, timeout=TIMEOUT_MS)


def _assert_open(page, title: str, questions: list[str]) -> None:
    """``title`` is the open conversation: its questions and cited answers in the chat, the
    last answer's sources and related questions, selected in the list, its name in the box."""
    page.wait_for_function("(n) => document.querySelectorAll('#qt-chat [data-testid=\"bot\"]').length === n",
                           arg=len(questions), timeout=TIMEOUT_MS)
    assert [t.strip() for t in page.locator('#qt-chat [data-testid="user"]').all_inner_texts()] == questions
    assert page.locator(f'{BOTS} a[href="{INTERFERON_URL}"]').count() >= 1  # its citations
    assert page.locator("#qt-sources h4").count() == 1  # and the last answer's sources
    assert page.locator(f'#qt-sources a[href="{INTERFERON_URL}"]').count() >= 1
    assert page.locator("#qt-related label").count() >= 1  # what could be asked next
    assert page.locator("#qt-conversations label", has=page.locator("input:checked")).inner_text().strip() == title
    assert page.locator("#qt-title textarea, #qt-title input").first.input_value() == title


def test_a_conversation_is_saved_reopened_continued_exported_and_deleted(chromium, app, tmp_path):
    history = app.data_dir / "conversations.sqlite3"
    context, page = open_chat(chromium, app.url, login=("alice", USERS["alice"]))
    try:
        ask(page, FIRST, 1)
        ask(page, SECOND, 2)
        _wait_listed(page, FIRST)

        # ---- reload: the most recent conversation reopens, as when picked in the list -------
        page.reload(wait_until="domcontentloaded")
        page.wait_for_selector("#qt-input textarea", timeout=TIMEOUT_MS)
        _wait_listed(page, FIRST)
        assert _listed(page) == [FIRST]
        _assert_open(page, FIRST, [FIRST, SECOND])

        # ---- a new conversation empties the chat; the saved one reopens from the list --------
        page.click("#qt-clear")
        page.wait_for_function(f"() => document.querySelectorAll('{BOTS}').length === 0", timeout=TIMEOUT_MS)
        page.wait_for_function("() => !document.querySelector('#qt-conversations input:checked')",
                               timeout=TIMEOUT_MS)
        _reopen(page, FIRST, 2)
        _assert_open(page, FIRST, [FIRST, SECOND])
        ARTIFACTS_DIR.mkdir(exist_ok=True)

        # ---- a [1] of the answer, hovered or focused: its source card lit, the passage shown --
        marker = page.locator(f'{BOTS} a[href="{INTERFERON_URL}"]', has_text="[1]").last
        marker.hover()
        page.wait_for_selector("#qt-source-1.qt-lit", timeout=TIMEOUT_MS)
        card = page.locator("#qt-source-1")
        assert "The passage the answer quotes" in card.inner_text()
        assert card.locator(f'a[href="{INTERFERON_URL}"]').count() == 1  # the card links to the article
        page.mouse.move(0, 0)
        page.evaluate("() => document.querySelectorAll('.qt-lit').forEach(c => c.classList.remove('qt-lit'))")
        marker.focus()  # the keyboard reaches it too
        page.wait_for_selector("#qt-source-1.qt-lit", timeout=TIMEOUT_MS)
        page.evaluate("() => document.querySelectorAll('.qt-lit').forEach(c => c.classList.remove('qt-lit'))")
        with page.context.expect_page() as opened:  # a click lights it as well (and opens the article)
            marker.click()
        opened.value.close()
        page.wait_for_selector("#qt-source-1.qt-lit", timeout=TIMEOUT_MS)
        page.screenshot(path=str(ARTIFACTS_DIR / "passage-lit.png"))

        # ---- continue it: the follow-up is read in its context and saved to it -------------
        ask(page, THIRD, 3)
        page.wait_for_timeout(500)
        with sqlite3.connect(history) as db:
            assert db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == 1
            assert [q for (q,) in db.execute("SELECT question FROM turns ORDER BY position")] == \
                [FIRST, SECOND, THIRD]
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS_DIR / "history-1280x800.png"))

        # ---- export: Markdown with the numbered sources and their URLs --------------------
        page.click("#qt-export")
        link = page.locator("#qt-export-file a").first
        link.wait_for(timeout=TIMEOUT_MS)
        with page.expect_download() as info:
            link.click()
        exported = info.value.path().read_text(encoding="utf-8")
        assert exported.startswith(f"# {FIRST}")
        assert f"## {SECOND}" in exported and f"## {THIRD}" in exported
        assert f"<{INTERFERON_URL}>" in exported and "\n1. " in exported

        # ---- rename --------------------------------------------------------------------------
        page.fill("#qt-title textarea, #qt-title input", "Interferon and me")
        page.click("#qt-rename")
        _wait_listed(page, "Interferon and me")

        # ---- another login sees none of it ---------------------------------------------------
        other, bob = open_chat(chromium, app.url, login=("bob", USERS["bob"]))
        try:
            bob.wait_for_timeout(1500)  # the list is filled on load
            assert _listed(bob) == []
            bob.screenshot(path=str(ARTIFACTS_DIR / "history-other-user.png"))
        finally:
            other.close()

        # ---- a rating of its last answer goes to the feedback file, naming it ------------------
        feedback = app.data_dir / "feedback.jsonl"
        with open(feedback, "a", encoding="utf-8") as fh:  # a line from before conversation ids
            fh.write(OLDER_RATING)
        page.click("#qt-down")
        page.wait_for_function(
            "() => (document.querySelector('#qt-feedback-status') || {}).innerText?.includes('saved')",
            timeout=TIMEOUT_MS)
        with sqlite3.connect(history) as db:
            (cid,) = db.execute("SELECT id FROM conversations").fetchone()
        assert [(r.get("conversation_id"), r.get("turn")) for r in _ratings(feedback)][-1] == (cid, 2)

        # ---- delete: gone from the list and from the file, and its ratings with it ------------
        page.click("#qt-delete")
        page.wait_for_function("() => !document.querySelector('#qt-conversations label')",
                               timeout=TIMEOUT_MS)
        assert page.locator(BOTS).count() == 0
        with sqlite3.connect(history) as db:
            assert db.execute("SELECT COUNT(*) FROM turns").fetchone()[0] == 0
            assert db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == 0
        assert b"side effects" not in history.read_bytes()  # not left in the file's free pages
        assert cid not in feedback.read_text(encoding="utf-8")
        assert feedback.read_text(encoding="utf-8").endswith(OLDER_RATING)  # other lines stay
    finally:
        context.close()


def test_without_login_each_browser_has_its_own_list(chromium, app_no_login):
    first, page = open_chat(chromium, app_no_login.url)
    second, other = open_chat(chromium, app_no_login.url, size=(390, 844))  # a phone
    try:
        ask(page, FIRST, 1)
        _wait_listed(page, FIRST)
        other.reload(wait_until="domcontentloaded")
        other.wait_for_selector("#qt-input textarea", timeout=TIMEOUT_MS)
        other.wait_for_timeout(1500)
        assert FIRST not in " ".join(_listed(other))
        ask(other, SECOND, 1)  # the phone's own conversation
        _wait_listed(other, SECOND)
        other.screenshot(path=str(ARTIFACTS_DIR / "history-390x844.png"))
        # the first browser, reloaded, keeps its own and only its own
        page.reload(wait_until="domcontentloaded")
        _wait_listed(page, FIRST)
        assert _listed(page) == [FIRST]
    finally:
        first.close()
        second.close()


@pytest.fixture(scope="module")
def app_no_login(seed_index, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("ui_history_browser_data")
    shutil.copytree(seed_index, data_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns("conversations.*"))
    served = start_app(data_dir, tmp_path_factory.mktemp("ui_history_browser_logs"))
    try:
        yield served
    finally:
        served.assert_stopped_cleanly()
