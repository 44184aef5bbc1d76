"""history.feedback: one record definition written by the chat and read by the evaluation; the
lines of a deleted conversation removed (in one os.replace), every other line kept byte for
byte, and older lines without a conversation id still loading."""

from __future__ import annotations

import json
import os

import pytest

from evaluation.feedback_set import load_feedback
from history.conversations import HistoryStore
from history.feedback import FeedbackRecord, forget_conversation, record_feedback

ANSWER = {"question": "What is gout?", "answer": "Gout is arthritis. [1]", "answerer": "extractive",
          "citations": [{"n": 1, "id": 7, "title": "What is gout?", "url": "https://x/gout"}]}
# a line as the chat wrote them before conversation_id and turn existed
OLD_LINE = json.dumps({"time": "2025-01-10T09:00:00+00:00", "question": "How is lupus treated?",
                       "answer": "With care.", "citations": [], "rating": "down", "comment": "vague",
                       "answerer": "extractive"}) + "\n"


def test_a_record_is_written_and_read_back_by_the_same_definition(tmp_path):
    path = tmp_path / "feedback.jsonl"
    written = record_feedback(path, ANSWER, "down", "  too short ", conversation_id="c1", turn=2)
    row = json.loads(path.read_text(encoding="utf-8"))
    assert row["conversation_id"] == "c1" and row["turn"] == 2 and row["comment"] == "too short"
    assert set(row) == {"time", "question", "answer", "citations", "rating", "comment", "answerer",
                        "conversation_id", "turn"}
    assert FeedbackRecord.from_json(row) == written
    entries, skipped = load_feedback(path)  # the evaluation reads the same record
    assert skipped == [] and [(e.line, e.record) for e in entries] == [(1, written)]
    with pytest.raises(ValueError, match="rating"):
        record_feedback(path, ANSWER, "meh")


def test_an_older_line_without_a_conversation_still_loads(tmp_path):
    record = FeedbackRecord.from_json(json.loads(OLD_LINE))
    assert (record.question, record.rating, record.comment) == ("How is lupus treated?", "down", "vague")
    assert record.conversation_id is None and record.turn is None
    path = tmp_path / "feedback.jsonl"
    path.write_text(OLD_LINE, encoding="utf-8")
    record_feedback(path, ANSWER, "down", conversation_id="c1", turn=0)
    entries, skipped = load_feedback(path)
    assert skipped == [] and [e.record.question for e in entries] == ["How is lupus treated?", "What is gout?"]
    # a null, or a turn that is not a number, reads as none
    odd = FeedbackRecord.from_json({"question": "q", "rating": "up", "conversation_id": None, "turn": "3"})
    assert odd.conversation_id is None and odd.turn is None and odd.citations == []


def test_forgetting_a_conversation_keeps_every_other_line_byte_for_byte(tmp_path):
    path = tmp_path / "feedback.jsonl"
    path.write_text(OLD_LINE + "not json\n\n", encoding="utf-8")
    record_feedback(path, ANSWER, "down", conversation_id="gone", turn=0)
    record_feedback(path, ANSWER, "up", conversation_id="kept", turn=0)
    record_feedback(path, {**ANSWER, "question": "and who gets it?"}, "up", "ünïcode ✓",
                    conversation_id="gone", turn=1)
    os.chmod(path, 0o640)
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)

    assert forget_conversation(path, "gone") == 2
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert after == [before[0], before[1], before[2], before[4]]  # old, not JSON, blank, "kept"
    assert '"gone"' not in path.read_text(encoding="utf-8")
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feedback.jsonl", "feedback.jsonl.lock"]
    # nothing more to remove: the file is not rewritten; no file: nothing to do
    inode = path.stat().st_ino
    assert forget_conversation(path, "gone") == 0 and path.stat().st_ino == inode
    assert forget_conversation(tmp_path / "none.jsonl", "gone") == 0
    assert not (tmp_path / "none.jsonl").exists()


def test_a_failed_rewrite_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "feedback.jsonl"
    record_feedback(path, ANSWER, "down", conversation_id="gone", turn=0)
    before = path.read_bytes()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        forget_conversation(path, "gone")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feedback.jsonl", "feedback.jsonl.lock"]


def test_the_history_command_deletes_a_conversation_with_its_ratings(tmp_path, capsys):
    from cli.main import main

    store = HistoryStore(tmp_path / "conversations.sqlite3")
    gone, kept = store.create("browser:a", "What is gout?"), store.create("browser:a", "What is lupus?")
    feedback = tmp_path / "feedback.jsonl"
    feedback.write_text(OLD_LINE, encoding="utf-8")
    record_feedback(feedback, ANSWER, "down", conversation_id=gone, turn=0)
    record_feedback(feedback, ANSWER, "up", conversation_id=kept, turn=0)
    record_feedback(feedback, ANSWER, "up", conversation_id=gone, turn=1)

    assert main(["--data-dir", str(tmp_path), "history", "--delete", gone]) == 0
    assert f"deleted conversation {gone} and its 2 ratings" in capsys.readouterr().out
    rows = [json.loads(line) for line in feedback.read_text(encoding="utf-8").splitlines()]
    assert [r.get("conversation_id") for r in rows] == [None, kept]
    # an id that is nobody's removes nothing
    assert main(["--data-dir", str(tmp_path), "history", "--delete", "nope"]) == 1
    assert len(feedback.read_text(encoding="utf-8").splitlines()) == 2
