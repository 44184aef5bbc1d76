"""Saved conversations: each turn (question, answer, citations, sources, feedback) written to
SQLite in the data folder as it happens, so a person can come back to a conversation, go on
with it, rename it, export it or delete it for good.

A conversation belongs to an *owner*: the logged-in user's name, or a random id the browser
keeps when there is no login. Every read and write names the owner, so nobody reaches another
owner's conversations by guessing an id.

The file carries its schema version (``PRAGMA user_version``); ``MIGRATIONS`` take an older file
forward in one transaction each, so an upgrade never loses history. A file newer than this code
is refused with an error naming it, not rewritten.

Usage example::

    store = HistoryStore(settings.data_dir / "conversations.sqlite3")
    cid = store.create("alice", "What is gout?")
    store.add_turn(cid, "alice", answer.to_json(), shown={"chat": markdown, "sources": html})
    [c.title for c in store.list("alice")]           # newest first
    print(store.export_markdown(cid, "alice"))
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FILENAME = "conversations.sqlite3"
TITLE_CHARS = 80

# Each entry takes the file from version i to i + 1.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        title TEXT NOT NULL,
        created REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE INDEX conversations_owner ON conversations (owner, updated DESC);
    CREATE TABLE turns (
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,          -- Answer.to_json(), with "body"
        shown TEXT NOT NULL DEFAULT '{}',  -- what the page showed: {"chat", "sources", "related"}
        rating TEXT,                   -- "up" | "down" | NULL
        comment TEXT NOT NULL DEFAULT '',
        created REAL NOT NULL,
        PRIMARY KEY (conversation_id, position)
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
# a conversation with the number of its turns (ConversationInfo's fields, in order)
_INFO = ("SELECT c.id, c.title, c.created, c.updated, COUNT(t.position) FROM conversations c "
         "LEFT JOIN turns t ON t.conversation_id = c.id")


class HistoryError(RuntimeError):
    pass


@dataclass
class ConversationInfo:
    id: str
    title: str
    created: float
    updated: float
    turns: int

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "created": self.created, "updated": self.updated,
                "turns": self.turns}


@dataclass
class Turn:
    position: int
    question: str
    answer: dict
    shown: dict
    rating: str | None
    comment: str


def _printable(text: str) -> str:
    """Without control characters (a title or question is printed in terminals too)."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")


def title_of(question: str) -> str:
    text = " ".join(_printable(question or "").split()) or "New conversation"
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1].rstrip() + "…"


class HistoryStore:
    """Conversations in one SQLite file; safe to share between the chat's worker threads."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate()

    @contextmanager
    def _db(self):
        """One transaction, all of it or none of it, holding the write lock from its start
        (BEGIN IMMEDIATE: another process writing the same file waits; schema changes are in
        the transaction too, which Python's implicit transactions would not do)."""
        with self._lock:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                db.execute("PRAGMA foreign_keys = ON")
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            finally:
                db.close()

    def _migrate(self) -> None:
        with self._db() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise HistoryError(f"{self.path}: conversation history schema version {version} is newer "
                                   f"than this program's ({SCHEMA_VERSION}); upgrade QuickTakes Assistant, "
                                   "or set ui.save_conversations to false")
            for target in range(version, SCHEMA_VERSION):
                # executescript would commit on its own: run the statements in our transaction
                for statement in filter(str.strip, MIGRATIONS[target].split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {target + 1}")

    @property
    def version(self) -> int:
        with self._db() as db:
            return db.execute("PRAGMA user_version").fetchone()[0]

    # ----- conversations --------------------------------------------------------------------
    def create(self, owner: str, first_question: str = "") -> str:
        cid = uuid.uuid4().hex[:12]
        now = time.time()
        with self._db() as db:
            db.execute("INSERT INTO conversations VALUES (?, ?, ?, ?, ?)",
                       (cid, owner, title_of(first_question), now, now))
        return cid

    def owner_of(self, cid: str) -> str | None:
        """Whose conversation ``cid`` is (for the command line, which may reach every owner's)."""
        with self._db() as db:
            row = db.execute("SELECT owner FROM conversations WHERE id = ?", (cid,)).fetchone()
        return row[0] if row else None

    def owners(self) -> list[str]:
        with self._db() as db:
            return [r[0] for r in db.execute("SELECT DISTINCT owner FROM conversations ORDER BY owner")]

    def list(self, owner: str) -> list[ConversationInfo]:
        """The owner's conversations, the most recently used first."""
        with self._db() as db:
            rows = db.execute(f"{_INFO} WHERE c.owner = ? GROUP BY c.id ORDER BY c.updated DESC, c.created DESC",
                              (owner,)).fetchall()
        return [ConversationInfo(*row) for row in rows]

    def get(self, cid: str, owner: str) -> ConversationInfo:
        with self._db() as db:
            row = db.execute(f"{_INFO} WHERE c.id = ? AND c.owner = ? GROUP BY c.id", (cid, owner)).fetchone()
        if row is None:
            raise HistoryError(f"no conversation {cid!r} for this user (quicktakes history lists them)")
        return ConversationInfo(*row)

    def turns(self, cid: str, owner: str) -> list[Turn]:
        self.get(cid, owner)
        with self._db() as db:
            rows = db.execute("SELECT position, question, answer, shown, rating, comment FROM turns "
                              "WHERE conversation_id = ? ORDER BY position", (cid,)).fetchall()
        return [Turn(p, q, json.loads(a), json.loads(s), r, c) for p, q, a, s, r, c in rows]

    def add_turn(self, cid: str, owner: str, answer: dict, shown: dict | None = None) -> int:
        """Append a turn; returns its position (0 for the first)."""
        with self._db() as db:
            if not db.execute("SELECT 1 FROM conversations WHERE id = ? AND owner = ?", (cid, owner)).fetchone():
                raise HistoryError(f"no conversation {cid!r} for this user")
            position = db.execute("SELECT COUNT(*) FROM turns WHERE conversation_id = ?", (cid,)).fetchone()[0]
            now = time.time()
            db.execute("INSERT INTO turns (conversation_id, position, question, answer, shown, created) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (cid, position, _printable(answer.get("question", "")), json.dumps(answer, ensure_ascii=False),
                        json.dumps(shown or {}, ensure_ascii=False), now))
            db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, cid))
        return position

    def rate(self, cid: str, owner: str, position: int, rating: str, comment: str = "") -> None:
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', got {rating!r}")
        self.get(cid, owner)
        with self._db() as db:
            changed = db.execute("UPDATE turns SET rating = ?, comment = ? WHERE conversation_id = ? "
                                 "AND position = ?", (rating, (comment or "").strip(), cid, position)).rowcount
        if not changed:
            raise HistoryError(f"conversation {cid!r} has no turn {position}")

    def rename(self, cid: str, owner: str, title: str) -> None:
        title = " ".join(_printable(title or "").split())
        if not title:
            raise HistoryError("a conversation's new name cannot be empty")
        with self._db() as db:
            changed = db.execute("UPDATE conversations SET title = ? WHERE id = ? AND owner = ?",
                                 (title[:200], cid, owner)).rowcount
        if not changed:
            raise HistoryError(f"no conversation {cid!r} for this user")

    def delete(self, cid: str, owner: str) -> None:
        """Gone for good: its turns too, and the file's free pages are wiped (secure_delete)."""
        with self._db() as db:
            db.execute("PRAGMA secure_delete = ON")
            db.execute("DELETE FROM turns WHERE conversation_id IN "
                       "(SELECT id FROM conversations WHERE id = ? AND owner = ?)", (cid, owner))
            gone = db.execute("DELETE FROM conversations WHERE id = ? AND owner = ?", (cid, owner)).rowcount
        if not gone:
            raise HistoryError(f"no conversation {cid!r} for this user")

    # ----- export ---------------------------------------------------------------------------
    def export_markdown(self, cid: str, owner: str) -> str:
        """The conversation as Markdown: each question, its answer with [n] markers, and the
        numbered sources with their URLs."""
        info = self.get(cid, owner)
        out = [f"# {info.title}", "",
               f"Exported from QuickTakes Assistant, {time.strftime('%Y-%m-%d %H:%M', time.localtime())}. "
               "Not medical advice.", ""]
        for turn in self.turns(cid, owner):
            answer = turn.answer
            # the whole text the person read: an emergency notice first, the disclaimer last
            out += [f"## {turn.question}", "", (answer.get("answer") or answer.get("body") or "").strip(), ""]
            sources = answer.get("citations") or []
            if sources:
                out.append("Sources:")
                for n, s in enumerate(sources, 1):
                    number = s.get("n", n)
                    title = s.get("title") or s.get("question") or f"article {s.get('id', '')}"
                    url = s.get("url") or ""
                    out.append(f"{number}. {title}" + (f" <{url}>" if url else ""))
                out.append("")
            if turn.rating:
                out += [f"Rated: {'helpful' if turn.rating == 'up' else 'not helpful'}"
                        + (f" ({turn.comment})" if turn.comment else ""), ""]
        return "\n".join(out).rstrip() + "\n"
