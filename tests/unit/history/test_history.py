"""history.conversations: conversations saved in SQLite, each owner's apart, really deleted,
exported with their sources, and a schema version that an upgrade migrates and a newer file
refuses."""

from __future__ import annotations

import sqlite3

import pytest

from history.conversations import SCHEMA_VERSION, HistoryError, HistoryStore, title_of


def answer(question: str, body: str = "Gout is caused by uric acid. [1]") -> dict:
    return {"question": question, "answer": f"{body}\n\nNot medical advice.", "body": body,
            "citations": [{"n": 1, "id": 7, "title": "What is gout?", "url": "https://x/gout"}]}


@pytest.fixture
def store(tmp_path) -> HistoryStore:
    return HistoryStore(tmp_path / "conversations.sqlite3")


def test_a_conversation_is_kept_turn_by_turn_and_listed_newest_first(store):
    first = store.create("browser:a", "What is gout?")
    store.add_turn(first, "browser:a", answer("What is gout?"), {"chat": "shown"})
    second = store.create("browser:a", "How is lupus treated?")
    store.add_turn(first, "browser:a", answer("how is it treated?"))  # the first used again
    assert [c.id for c in store.list("browser:a")] == [first, second]
    assert [(c.title, c.turns) for c in store.list("browser:a")] == [("What is gout?", 2),
                                                                     ("How is lupus treated?", 0)]
    turns = store.turns(first, "browser:a")
    assert [t.question for t in turns] == ["What is gout?", "how is it treated?"]
    assert turns[0].shown == {"chat": "shown"} and turns[0].answer["citations"][0]["url"] == "https://x/gout"
    # a new store on the same file (a restart) reads the same
    assert [c.id for c in HistoryStore(store.path).list("browser:a")] == [first, second]


def test_owners_never_see_each_others_conversations(store):
    mine = store.create("user:alice", "What is gout?")
    store.add_turn(mine, "user:alice", answer("What is gout?"))
    assert store.list("user:bob") == []
    for act in (lambda: store.turns(mine, "user:bob"), lambda: store.rename(mine, "user:bob", "x"),
                lambda: store.delete(mine, "user:bob"), lambda: store.export_markdown(mine, "user:bob"),
                lambda: store.add_turn(mine, "user:bob", answer("q"))):
        with pytest.raises(HistoryError, match=mine):
            act()
    assert store.get(mine, "user:alice").turns == 1  # nothing of bob's reached it


def test_rename_rate_and_export(store):
    cid = store.create("u", "What is gout?")
    store.add_turn(cid, "u", answer("What is gout?"))
    store.rate(cid, "u", 0, "down", "too short")
    store.rename(cid, "u", "  Gout  questions ")
    with pytest.raises(HistoryError, match="empty"):
        store.rename(cid, "u", "   ")
    text = store.export_markdown(cid, "u")
    assert text.startswith("# Gout questions\n")
    assert "## What is gout?" in text and "Gout is caused by uric acid. [1]" in text
    assert "1. What is gout? <https://x/gout>" in text  # the numbered source with its URL
    assert "Rated: not helpful (too short)" in text and "Not medical advice." in text


def test_delete_removes_it_from_the_database_file(store):
    cid = store.create("u", "secret question about my rash")
    store.add_turn(cid, "u", answer("secret question about my rash", "A very private answer."))
    keep = store.create("u", "What is gout?")
    store.delete(cid, "u")
    assert [c.id for c in store.list("u")] == [keep]
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM turns WHERE conversation_id = ?", (cid,)).fetchone()[0] == 0
    raw = store.path.read_bytes()
    assert b"secret question" not in raw and b"very private" not in raw  # not left in free pages
    with pytest.raises(HistoryError):
        store.delete(cid, "u")


def test_schema_version_is_written_and_a_newer_file_is_refused(tmp_path):
    path = tmp_path / "conversations.sqlite3"
    assert HistoryStore(path).version == SCHEMA_VERSION
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(HistoryError, match=r"conversations\.sqlite3.*newer"):
        HistoryStore(path)


def test_an_older_file_is_migrated_without_losing_history(tmp_path, monkeypatch):
    from history import conversations as history

    path = tmp_path / "conversations.sqlite3"
    store = HistoryStore(path)
    cid = store.create("u", "What is gout?")
    store.add_turn(cid, "u", answer("What is gout?"))
    # a later version adds a column: the file moves forward, its conversations stay
    monkeypatch.setattr(history, "MIGRATIONS", [*history.MIGRATIONS,
                                                "ALTER TABLE conversations ADD COLUMN pinned INTEGER DEFAULT 0"])
    monkeypatch.setattr(history, "SCHEMA_VERSION", len(history.MIGRATIONS))
    upgraded = HistoryStore(path)
    assert upgraded.version == SCHEMA_VERSION + 1
    assert [t.question for t in upgraded.turns(cid, "u")] == ["What is gout?"]


def test_titles_are_the_first_question_cut_to_a_line():
    assert title_of("  what   is gout? ") == "what is gout?"
    assert title_of("") == "New conversation"
    assert len(title_of("x" * 500)) == 80 and title_of("x" * 500).endswith("…")


def test_the_history_command_lists_exports_and_deletes(tmp_path, capsys):
    from cli.main import main

    store = HistoryStore(tmp_path / "conversations.sqlite3")
    cid = store.create("browser:a", "What is gout?")
    store.add_turn(cid, "browser:a", answer("What is gout?"))
    assert main(["--data-dir", str(tmp_path), "history", "--json"]) == 0
    listed = __import__("json").loads(capsys.readouterr().out)
    assert [(c["id"], c["owner"], c["turns"]) for c in listed] == [(cid, "browser:a", 1)]
    assert main(["--data-dir", str(tmp_path), "history", "--export", cid]) == 0
    assert "1. What is gout? <https://x/gout>" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "history", "--export", "nope"]) == 1
    assert "no conversation 'nope'" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "history", "--delete", cid]) == 0
    assert store.list("browser:a") == []


def test_the_owner_is_the_login_else_the_browser_cookie_else_nobody():
    from types import SimpleNamespace

    from ui.handlers import ChatHandlers

    owner = ChatHandlers.owner
    assert owner(SimpleNamespace(username="alice", cookies={"quicktakes_browser": "abcdef123456"})) == "user:alice"
    assert owner(SimpleNamespace(username=None, cookies={"quicktakes_browser": "abcdef123456"})) == \
        "browser:abcdef123456"
    assert owner(SimpleNamespace(username=None, cookies={"quicktakes_browser": "x'; DROP"})) == ""
    assert owner(SimpleNamespace(username=None, cookies={})) == ""  # an API call: nothing saved
    assert owner(None) == ""


def test_more_than_one_login_and_a_bad_entry_named(monkeypatch):
    from config import ConfigError, load_settings

    monkeypatch.setenv("QUICKTAKES_UI_USERS", "alice:pw1, bob:pw:2")
    assert load_settings().logins() == [("alice", "pw1"), ("bob", "pw:2")]
    monkeypatch.setenv("QUICKTAKES_UI_USERS", "alice:pw1,carol")
    with pytest.raises(ConfigError, match="QUICKTAKES_UI_USERS: 'carol'"):
        load_settings().logins()


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    from history import conversations as history

    path = tmp_path / "conversations.sqlite3"
    monkeypatch.setattr(history, "MIGRATIONS", [history.MIGRATIONS[0] + "; CREATE TABLE broken (x"])
    monkeypatch.setattr(history, "SCHEMA_VERSION", 1)
    with pytest.raises(sqlite3.Error):
        HistoryStore(path)
    with sqlite3.connect(path) as db:  # nothing of the half-run migration stayed
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
    monkeypatch.undo()
    assert HistoryStore(path).version == SCHEMA_VERSION  # and the next start migrates it


def test_control_characters_never_reach_a_terminal(store):
    cid = store.create("u", "hi \x1b]0;pwned\x07 \x1b[2J there")
    store.add_turn(cid, "u", answer("hi \x1b[2J there"))
    assert store.get(cid, "u").title == "hi ]0;pwned [2J there"
    assert "\x1b" not in store.export_markdown(cid, "u")
