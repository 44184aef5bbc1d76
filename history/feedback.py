"""Thumbs up / down on answers, one JSON line each in the data folder's ``feedback.jsonl``.

``FeedbackRecord`` is the one definition of a line: the chat writes it here and the evaluation
reads it back (``evaluation/feedback_set.py``, ``quicktakes eval --feedback``), where the
thumbs-down questions are asked again. Each line::

    {"time", "question", "answer", "citations", "rating": "up"|"down", "comment", "answerer",
     "conversation_id", "turn"}

``conversation_id`` and ``turn`` name the saved conversation and the rated answer's position in
it (0 for the first), or are null when it was not saved; lines written before they existed
have neither, and still load. Deleting a conversation (in the chat or with ``quicktakes
history --delete``) removes its lines too (``forget_conversation``); other lines stay as they were.

Usage example::

    record_feedback(settings.feedback_file, answer.to_json(), "down", "too short",
                    conversation_id=cid, turn=0)
    forget_conversation(settings.feedback_file, cid)      # -> 1 line removed
"""

from __future__ import annotations

import json
import os
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from library.files import replaced

try:  # the chat and `quicktakes history` are different processes: a file lock keeps them apart
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: the thread lock alone
    fcntl = None

_LOCK = threading.Lock()


@dataclass
class FeedbackRecord:
    question: str
    answer: str
    rating: str  # "up" | "down"
    citations: list = field(default_factory=list)
    comment: str = ""
    answerer: str = ""
    time: str = ""  # ISO 8601, UTC
    conversation_id: str | None = None  # the saved conversation; None: not saved, or an older line
    turn: int | None = None  # the rated answer's position in it

    @classmethod
    def of_answer(cls, answer_json: dict, rating: str, comment: str = "", *,
                  conversation_id: str | None = None, turn: int | None = None) -> FeedbackRecord:
        """A rating of an answer (``Answer.to_json()``), timed now."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', got {rating!r}")
        return cls(question=answer_json.get("question", ""), answer=answer_json.get("answer", ""),
                   rating=rating, citations=answer_json.get("citations", []),
                   comment=(comment or "").strip(), answerer=answer_json.get("answerer", ""),
                   time=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                   conversation_id=conversation_id, turn=turn)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, row: dict) -> FeedbackRecord:
        """A line read back, leniently: a missing or null field takes its default (older lines
        have no ``conversation_id`` or ``turn``)."""
        def text(key: str) -> str:
            return str(row.get(key) or "")

        turn = row.get("turn")
        return cls(question=text("question"), answer=text("answer"), rating=text("rating"),
                   citations=list(row.get("citations") or []), comment=text("comment"),
                   answerer=text("answerer"), time=text("time"),
                   conversation_id=str(row["conversation_id"]) if row.get("conversation_id") else None,
                   turn=turn if isinstance(turn, int) and not isinstance(turn, bool) else None)


@contextmanager
def _locked(path: Path):
    """This process's threads and other processes (``<file>.lock``) one at a time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK, open(path.with_name(path.name + ".lock"), "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def record_feedback(path: Path, answer_json: dict, rating: str, comment: str = "", *,
                    conversation_id: str | None = None, turn: int | None = None) -> FeedbackRecord:
    """Append a rating of ``answer_json`` to the feedback file; returns the record."""
    record = FeedbackRecord.of_answer(answer_json, rating, comment,
                                      conversation_id=conversation_id, turn=turn)
    line = json.dumps(record.to_json(), ensure_ascii=False) + "\n"
    path = Path(path)
    with _locked(path), open(path, "a", encoding="utf-8") as fh:  # one whole line per write
        fh.write(line)
    return record


def forget_conversation(path: Path, conversation_id: str) -> int:
    """Remove the lines of conversation ``conversation_id``; returns how many. The file is
    written anew beside the old one and put in its place in one step (``os.replace``), so a
    crash leaves the old file or the new one, never half of one; every other line (other
    conversations', older lines without an id, lines that are not JSON) is kept byte for byte."""
    path = Path(path)
    if not conversation_id:
        return 0
    with _locked(path):
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                lines = fh.readlines()
        except FileNotFoundError:
            return 0
        kept = [line for line in lines if _conversation_of(line) != conversation_id]
        if len(kept) == len(lines):
            return 0
        with replaced(path, keep_mode=True) as temp, open(temp, "w", encoding="utf-8", newline="") as fh:
            fh.writelines(kept)
            fh.flush()
            os.fsync(fh.fileno())
    return len(lines) - len(kept)


def delete_conversation(store, path: Path, conversation_id: str, owner: str) -> int:
    """Delete a saved conversation of ``owner`` (a ``history.conversations.HistoryStore``) and
    its ratings; returns how many ratings went. The ratings go first, so a feedback file that
    cannot be rewritten (``OSError``) leaves everything in place to delete again; and once more
    after the conversation, for a rating another tab gave meanwhile. Someone else's or an unknown
    conversation raises the store's ``HistoryError`` before anything is touched."""
    store.get(conversation_id, owner)
    gone = forget_conversation(path, conversation_id)
    store.delete(conversation_id, owner)
    return gone + forget_conversation(path, conversation_id)


def _conversation_of(line: str) -> str | None:
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        return None
    return FeedbackRecord.from_json(row).conversation_id if isinstance(row, dict) else None
