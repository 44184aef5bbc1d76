"""One answer at a time per page: a question sent while the page's answer is still arriving
(Enter, then Ask; or a script) is not run beside it.

Gradio runs each event on its own, so the question box's Enter and the Ask button would each
start an answer, both writing into the same chat and conversation. The page disables Ask while
an answer arrives (``ui.app``); this gate is what holds when a second question gets through all
the same (Enter in the box, which stays editable, or two events sent in the same moment).

Usage example::

    gate = AnswerGate()
    token = gate.enter(request.session_hash)
    if token is None:
        ...                          # busy: the question is not accepted
    try:
        ...                          # stream the answer
    finally:
        gate.leave(request.session_hash, token)
"""

from __future__ import annotations

import threading

from library.bounded import Bounded

PAGES_KEPT = 1_000  # pages whose last answered state is kept (see ``finished``)


class AnswerGate:
    """Which pages (Gradio session hashes) have an answer under way; safe across threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._freed = threading.Condition(self._lock)  # notified whenever a page's answer ends
        self._running: dict[str, object] = {}
        self._finished: Bounded = Bounded(PAGES_KEPT)  # session -> its last answered state

    def enter(self, session: str | None) -> object | None:
        """A token while ``session`` answers, or None if it already is. Without a session (a
        direct call), there is nothing to keep apart: always a token."""
        token = object()
        if not session:
            return token
        with self._lock:
            if session in self._running:
                return None
            self._running[session] = token
        return token

    def leave(self, session: str | None, token: object, state: tuple | None = None) -> None:
        """The answer that got ``token`` is over (complete, failed or stopped); ``state``: the
        page as that answer left it (chat, turns, conversation), when it was complete."""
        with self._lock:
            if session and self._running.get(session) is token:
                del self._running[session]
                if state is not None:
                    self._finished[session] = state
                self._freed.notify_all()

    def caught_up(self, session: str | None, chat: list, turns: list, conversation: str | None) -> tuple:
        """``(chat, turns, conversation)`` to answer a page's question from: the page's own, or,
        when the question left the page before its last answer's final update arrived (the
        page holds fewer turns, the same ones as far as they go), the state that answer left."""
        with self._lock:
            last = self._finished.get(session or "")
        if last is None or len(last[1]) <= len(turns) or \
                [t.get("question") for t in last[1][:len(turns)]] != [t.get("question") for t in turns]:
            return chat, turns, conversation
        return list(last[0]), list(last[1]), last[2]

    def release(self, session: str | None) -> None:
        """The page stopped its answer (a new or another conversation): free at once, even if
        the stopped answer's thread has not ended yet (its ``leave`` then does nothing)."""
        with self._lock:
            self._running.pop(session or "", None)
            self._finished.pop(session or "", None)  # a new or another conversation: not behind
            self._freed.notify_all()

    def busy(self, session: str | None) -> bool:
        with self._lock:
            return bool(session) and session in self._running

    def wait_free(self, session: str | None, timeout: float) -> bool:
        """Wait until ``session`` has no answer under way, at most ``timeout`` seconds; whether
        it is free. What enables Ask again after a question the gate refused, or after the page
        lost an answer's stream while the server went on answering it."""
        with self._freed:
            return self._freed.wait_for(lambda: not (session and session in self._running), timeout)
