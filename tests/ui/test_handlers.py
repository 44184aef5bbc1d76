"""ui.handlers and ui.gate without a server: one answer at a time per page, and a reload's
reopened conversation. Fast unit tests (no model: the refused question never reaches the
assistant, and the reopened conversation is read from the store)."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import pytest

from history.conversations import HistoryStore
from ui.gate import AnswerGate
from ui.handlers import ALL_SUBJECTS, STILL_ARRIVING, ChatHandlers


def page(session: str, browser: str = "abcdef123456") -> SimpleNamespace:
    """A gr.Request as a page of this browser sends it."""
    return SimpleNamespace(session_hash=session, username=None, cookies={"quicktakes_browser": browser})


def test_the_gate_lets_one_answer_run_per_page():
    gate = AnswerGate()
    first = gate.enter("s1")
    assert first is not None and gate.busy("s1")
    assert gate.enter("s1") is None  # the same page: not while its answer runs
    other = gate.enter("s2")  # another page: its own
    assert other is not None
    gate.leave("s1", first)
    assert not gate.busy("s1") and gate.busy("s2")
    # a stopped answer: freed at once; its late leave does not free the next answer
    stopped = gate.enter("s3")
    gate.release("s3")
    following = gate.enter("s3")
    gate.leave("s3", stopped)
    assert gate.busy("s3") and following is not None
    # a direct call (no page) is never kept apart
    assert gate.enter(None) is not None and gate.enter(None) is not None and not gate.busy(None)


def test_a_question_sent_while_the_page_answers_is_not_accepted(tmp_path, monkeypatch):
    warned = []
    monkeypatch.setattr(gr, "Warning", warned.append)
    on = ChatHandlers(assistant=None, feedback_file=tmp_path / "feedback.jsonl")
    first = on.respond("What is gout?", [], ALL_SUBJECTS, [], None, page("s1"))
    box, chat, *_ = next(first)  # under way: the question taken, its placeholder shown
    assert box == "" and chat[-1]["content"] == "…"
    monkeypatch.setattr("ui.handlers.READY_WAIT_S", 0.05)
    assert on.ready(page("s1")).interactive is False  # Ask stays disabled while it is under way

    second = list(on.respond("How is it treated?", chat, ALL_SUBJECTS, [], None, page("s1")))
    assert second == [(gr.skip(),) * 6]  # nothing changes: the box keeps the question
    assert warned == [STILL_ARRIVING]

    first.close()  # the answer over (here: stopped), the page may ask again
    assert on.ready(page("s1")).interactive is True
    again = on.respond("How is it treated?", [], ALL_SUBJECTS, [], None, page("s1"))
    assert next(again)[0] == ""
    again.close()


def test_a_page_load_reopens_the_most_recent_conversation(tmp_path):
    store = HistoryStore(tmp_path / "conversations.sqlite3")
    owner = "browser:abcdef123456"
    old = store.create(owner, "What is lupus?")
    store.add_turn(old, owner, {"question": "What is lupus?", "answer": "Lupus is…"})
    recent = store.create(owner, "What is gout?")
    store.add_turn(recent, owner, {"question": "What is gout?", "answer": "Gout is…"},
                   {"chat": "Gout is… [1]", "sources": "<h4>Sources</h4>", "related": ["What causes gout?"]})
    on = ChatHandlers(assistant=None, feedback_file=tmp_path / "feedback.jsonl", history=store)

    box, chat, sources, related, turns, cid, status, title, listing = on.resume(page("s1"))
    assert box == gr.skip()  # what the person may have typed already stays
    assert chat == [{"role": "user", "content": "What is gout?"}, {"role": "assistant", "content": "Gout is… [1]"}]
    assert sources == "<h4>Sources</h4>" and related.choices == [("What causes gout?", "What causes gout?")]
    assert cid == recent and title == "What is gout?" and turns[0]["question"] == "What is gout?"
    assert listing.value == recent and [c[1] for c in listing.choices] == [recent, old]
    # the same as opening it from the list
    opened = on.open(recent, page("s1"))
    assert opened[1:3] + opened[4:] == (chat, sources, turns, cid, status, title)
    assert opened[3].choices == related.choices

    # nobody's conversations (another browser): nothing reopened, an empty list
    *kept, listing = on.resume(page("s2", browser="fedcba654321"))
    assert kept == [gr.skip()] * 8 and listing.choices == []


@pytest.mark.parametrize("history", [False, True])
def test_stopping_an_answer_frees_the_page(tmp_path, history):
    store = HistoryStore(tmp_path / "c.sqlite3") if history else None
    on = ChatHandlers(assistant=None, feedback_file=tmp_path / "feedback.jsonl", history=store)
    running = on.respond("What is gout?", [], ALL_SUBJECTS, [], None, page("s1"))
    next(running)
    assert on.gate.busy("s1")
    assert on.stopped(page("s1")).interactive is True and not on.gate.busy("s1")
    running.close()


def test_deleting_a_conversation_in_the_chat_removes_its_ratings(tmp_path):
    import json

    store = HistoryStore(tmp_path / "conversations.sqlite3")
    feedback = tmp_path / "feedback.jsonl"
    feedback.write_text('{"question": "older line", "answer": "a", "rating": "down"}\n', encoding="utf-8")
    on = ChatHandlers(assistant=None, feedback_file=feedback, history=store)
    owner = "browser:abcdef123456"
    turns = {}
    for question in ("What is gout?", "What is lupus?"):
        cid = store.create(owner, question)
        turns[cid] = [{"question": question, "answer": "…"}, {"question": "and its causes?", "answer": "…"}]
        for turn in turns[cid]:
            store.add_turn(cid, owner, turn)
    gone, kept = list(turns)
    on.rate_down(turns[gone], "first answer", gone, page("s1"))     # the last answer: turn 1
    on.rate_up(turns[kept], "", kept, page("s1"))
    on.rate(turns[gone], "up", "", 0, gone, owner)                    # the chat's own thumbs: turn 0
    on.rate([{"question": "not saved", "answer": "…"}], "up", "", None, None, owner)
    rows = [json.loads(line) for line in feedback.read_text(encoding="utf-8").splitlines()]
    assert [(r.get("conversation_id"), r.get("turn")) for r in rows] == \
        [(None, None), (gone, 1), (kept, 1), (gone, 0), (None, None)]

    # another browser cannot delete it, nor its ratings
    *_, status, _listing = on.delete(gone, page("s2", browser="fedcba654321"))
    assert "no conversation" in status and len(feedback.read_text(encoding="utf-8").splitlines()) == 5
    *_, status, _listing = on.delete(gone, page("s1"))
    assert status == "Deleted."
    rows = [json.loads(line) for line in feedback.read_text(encoding="utf-8").splitlines()]
    assert [(r["question"], r.get("conversation_id")) for r in rows] == \
        [("older line", None), ("and its causes?", kept), ("not saved", None)]


def test_the_next_questions_box_shows_only_when_there_is_something_to_ask():
    from ui.handlers import suggestions

    assert suggestions([]).visible is False  # no empty "You could ask next" frame
    shown = suggestions(["What are the symptoms of Gout?"])
    assert shown.visible is True and shown.value is None


def test_a_delete_whose_ratings_cannot_be_removed_deletes_nothing(tmp_path, monkeypatch):
    import history.feedback as handlers  # where the delete removes the ratings

    store = HistoryStore(tmp_path / "conversations.sqlite3")
    on = ChatHandlers(assistant=None, feedback_file=tmp_path / "feedback.jsonl", history=store)
    owner = "browser:abcdef123456"
    cid = store.create(owner, "What is gout?")
    store.add_turn(cid, owner, {"question": "What is gout?", "answer": "…"})

    def read_only(path, conversation):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(handlers, "forget_conversation", read_only)
    *_, status, _listing = on.delete(cid, page("s1"))
    assert status.startswith("Not deleted") and "feedback.jsonl" in status
    assert store.get(cid, owner).id == cid  # still there, with its ratings: it can be deleted again
    monkeypatch.undo()
    *_, status, _listing = on.delete(cid, page("s1"))
    assert status == "Deleted." and store.list(owner) == []


def test_ask_comes_back_when_the_answer_under_way_ends_not_before():
    """After a refused question, or a stream the page lost, the step that enables Ask waits for
    the page's answer to end on the server: never left disabled, never enabled too early."""
    import threading
    import time

    gate = AnswerGate()
    token = gate.enter("s1")
    assert gate.wait_free("s1", 0.05) is False  # under way: not free within the wait
    threading.Timer(0.2, gate.leave, ("s1", token)).start()
    t = time.perf_counter()
    assert gate.wait_free("s1", 5.0) is True
    assert 0.15 < time.perf_counter() - t < 4.0  # freed when the answer ended, not at the timeout
    assert gate.wait_free("s2", 0.0) is True  # another page: free at once


def test_a_rating_given_as_another_tab_deletes_the_conversation_leaves_no_line(tmp_path):
    from history.feedback import delete_conversation

    feedback = tmp_path / "feedback.jsonl"

    class OtherTabDeletes(HistoryStore):
        def rate(self, cid, owner, position, rating, comment=""):
            super().rate(cid, owner, position, rating, comment)
            delete_conversation(self, feedback, cid, owner)  # the other tab, in between

    store = OtherTabDeletes(tmp_path / "conversations.sqlite3")
    on = ChatHandlers(assistant=None, feedback_file=feedback, history=store)
    owner = "browser:abcdef123456"
    cid = store.create(owner, "What is gout?")
    turn = {"question": "What is gout?", "answer": "…"}
    store.add_turn(cid, owner, turn)
    on.rate([turn], "down", "", None, cid, owner)
    lines = feedback.read_text(encoding="utf-8").splitlines() if feedback.exists() else []
    assert not [line for line in lines if cid in line] and store.list(owner) == []



def test_a_question_sent_before_the_last_answer_reached_the_page_goes_on_from_that_answer():
    gate = AnswerGate()
    first = {"question": "What is gout?"}
    answered = ([{"role": "user", "content": "What is gout?"}, {"role": "assistant", "content": "Gout is..."}],
                [first], "c1")
    token = gate.enter("s1")
    gate.leave("s1", token, answered)
    # the page sent its next question while it still showed "…" and held no turn
    stale = ([{"role": "user", "content": "What is gout?"}, {"role": "assistant", "content": "…"}], [], None)
    assert gate.caught_up("s1", *stale) == (answered[0], [first], "c1")
    # a page that has it, another page, or a page that started anew: its own state
    assert gate.caught_up("s1", answered[0], [first], "c1") == (answered[0], [first], "c1")
    assert gate.caught_up("s2", *stale) == stale
    other = ([], [{"question": "What is lupus?"}], "c2")
    assert gate.caught_up("s1", *other) == other
    gate.release("s1")
    assert gate.caught_up("s1", *stale) == stale
