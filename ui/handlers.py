"""What the chat does when a person acts: ask, pick a related or example question, rate, and
open, start, rename, export or delete a saved conversation.

One ``ChatHandlers`` per app (the assistant, the feedback file, the conversation store); Gradio
calls its methods. A conversation's turns live in the page's state, so concurrent people never
share one; each turn is saved as it happens (``history.conversations``) under its owner: the
logged-in user, else the browser's random id (the ``quicktakes_browser`` cookie the page sets)."""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import gradio as gr

from assistant.conversation import Conversation
from history.conversations import HistoryError, HistoryStore
from history.feedback import delete_conversation, forget_conversation, record_feedback
from ui.gate import AnswerGate
from ui.render import answer_markdown, emergency_banner, next_questions, sources_html, streaming_markdown

ALL_SUBJECTS = "All subjects"
STILL_ARRIVING = ("An answer is still arriving: your question was not sent. It stays in the box: "
                  "ask it when the answer is complete.")
READY_WAIT_S = 120.0  # the longest ``ready`` waits for the page's answer under way
BROWSER_COOKIE = "quicktakes_browser"  # set by the page (ui.page.PAGE_JS)
_BROWSER_ID = re.compile(r"^[A-Za-z0-9]{8,64}$")


def suggestions(questions: list[str]):
    """The "You could ask next" list, nothing picked; hidden when there is nothing to suggest."""
    return gr.Radio(choices=list(questions), value=None, visible=bool(questions))


class ChatHandlers:
    def __init__(self, assistant, feedback_file, history: HistoryStore | None = None):
        self.assistant = assistant
        self.feedback_file = feedback_file
        self.history = history  # None: conversations are not saved
        self.gate = AnswerGate()  # one answer at a time per page

    @staticmethod
    def owner(request: gr.Request | None) -> str:
        """Whose conversations these are: the logged-in user, else this browser ("" when
        neither is known, e.g. an API call without a login: then nothing is saved)."""
        if request is None:
            return ""
        user = getattr(request, "username", None)
        if user:
            return f"user:{user}"
        try:
            browser = (request.cookies or {}).get(BROWSER_COOKIE, "")
        except AttributeError:
            browser = ""
        return f"browser:{browser}" if _BROWSER_ID.match(browser or "") else ""

    # ----- the chat panel -------------------------------------------------------------------
    def respond(self, message: str, chat: list, subject: str, turns: list, conversation: str | None = None,
                request: gr.Request = None):
        """Stream the answer into the chat; then the sources, related questions and the turn,
        saved to the conversation (started at its first answer). Outputs: input box, chat,
        sources panel, related questions, turns, conversation id.

        While the page's answer arrives another question is not accepted (``AnswerGate``): a notice
        says so, the box keeps it. The box is emptied once, when the question is taken."""
        message = (message or "").strip()
        chat = list(chat or [])
        turns = list(turns or [])
        if not message:
            yield "", chat, gr.skip(), gr.skip(), turns, conversation
            return
        session = getattr(request, "session_hash", None)
        token = self.gate.enter(session)
        if token is None:
            gr.Warning(STILL_ARRIVING)
            yield (gr.skip(),) * 6
            return
        chat, turns, conversation = self.gate.caught_up(session, chat, turns, conversation)
        asked, state = len(turns), None
        try:
            for state in self._answer(message, chat, subject, turns, conversation, request):
                yield state
        finally:  # a complete answer leaves the page's state for a question sent as it arrives
            done = state is not None and len(state[4]) > asked
            self.gate.leave(session, token, (state[1], state[4], state[5]) if done else None)

    def _answer(self, message, chat, subject, turns, conversation, request):
        chat += [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        yield "", chat, "", suggestions([]), turns, conversation
        final = None
        for event in self.assistant.stream(message, Conversation.of(turns),
                                           subject=None if subject in (None, "", ALL_SUBJECTS) else subject):
            if event["type"] == "triage":  # urgent: the banner at once, before the answer
                banner = emergency_banner(event["triage"].notice, event["triage"].numbers)
                yield gr.skip(), chat, banner, gr.skip(), turns, conversation
            elif event["type"] == "text" and final is None:
                chat[-1] = {"role": "assistant", "content": streaming_markdown(event["text"])}
                yield gr.skip(), chat, gr.skip(), gr.skip(), turns, conversation
            elif event["type"] == "answer":
                final = event["answer"]
        shown = {"chat": answer_markdown(final), "sources": sources_html(final),
                 "related": next_questions(final)}
        chat[-1] = {"role": "assistant", "content": shown["chat"]}
        turns.append({**final.to_json(), "body": final.body})
        conversation = self._save(conversation, self.owner(request), turns, shown)
        yield gr.skip(), chat, shown["sources"], suggestions(shown["related"]), turns, conversation

    def respond_api(self, message: str, chat: list, subject: str, turns: list, conversation: str | None = None,
                    request: gr.Request = None):
        """``respond`` for the ``/chat`` endpoint (gradio_client): the box's value in every
        update, "" once the question is taken, as API clients read it."""
        for box, *rest in self.respond(message, chat, subject, turns, conversation, request):
            yield ("" if box == gr.skip() else box, *rest)

    def answering(self):
        """A question sent: Ask disabled until its answer is complete (``ready``)."""
        return gr.Button("Answering…", interactive=False)

    def ready(self, request: gr.Request = None):
        """Ask enabled again once the page has no answer under way (at most ``READY_WAIT_S``)."""
        free = self.gate.wait_free(getattr(request, "session_hash", None), READY_WAIT_S)
        return gr.Button("Ask" if free else "Answering…", interactive=free)

    def stopped(self, request: gr.Request = None):
        """The page's answer was stopped (a new, opened or deleted conversation): the gate is
        free and Ask enabled."""
        self.gate.release(getattr(request, "session_hash", None))
        return gr.Button("Ask", interactive=True)

    def _save(self, conversation: str | None, owner: str, turns: list, shown: dict) -> str | None:
        """Save the page's last turn; a conversation deleted meanwhile (in another tab) is
        saved anew with every turn the page holds, so turn numbers stay those of the page."""
        if self.history is None or not owner:
            return conversation
        if conversation is not None:
            try:
                self.history.add_turn(conversation, owner, turns[-1], shown)
                return conversation
            except HistoryError:
                pass  # deleted meanwhile, in another tab
        conversation = self.history.create(owner, turns[0].get("question", ""))
        for turn in turns[:-1]:
            self.history.add_turn(conversation, owner, turn)
        self.history.add_turn(conversation, owner, turns[-1], shown)
        return conversation

    def ask_related(self, question, chat, subject, turns, conversation=None, request: gr.Request = None):
        if not question:  # the list was emptied, not clicked
            return
        yield from self.respond(str(question), chat, subject, turns, conversation, request)

    def answering_example(self, evt: gr.SelectData):
        """An example clicked: Ask disabled and the question put in the box for ``respond``."""
        value = evt.value
        return self.answering(), value.get("text", "") if isinstance(value, dict) else str(value)

    @staticmethod
    def clear():
        """A new conversation. Outputs: box, chat, sources, related, turns, id, feedback status."""
        return "", [], "", suggestions([]), [], None, ""

    # ----- saved conversations --------------------------------------------------------------
    def conversation_list(self, conversation: str | None, request: gr.Request = None):
        """The side list, newest first, the open conversation selected."""
        owner = self.owner(request)
        if self.history is None or not owner:
            return gr.Radio(choices=[], value=None)
        items = self.history.list(owner)
        return gr.Radio(choices=[(c.title, c.id) for c in items],
                        value=conversation if any(c.id == conversation for c in items) else None)

    def side(self, conversation: str | None, request: gr.Request = None):
        """The side list and the open conversation's name. Outputs: the list, the name box."""
        title = ""
        if self.history is not None and conversation:
            try:
                title = self.history.get(conversation, self.owner(request)).title
            except HistoryError:
                conversation = None
        return self.conversation_list(conversation, request), title

    def open(self, picked: str | None, request: gr.Request = None):
        """Reopen a saved conversation to read or continue. Outputs: input box, chat, sources,
        related questions, turns, conversation id, feedback status, rename box."""
        owner = self.owner(request)
        if self.history is None or not picked or not owner:
            return (gr.skip(),) * 8
        try:
            return ("", *self._opened(picked, owner))
        except HistoryError as exc:
            return (gr.skip(),) * 6 + (str(exc), gr.skip())

    def resume(self, request: gr.Request = None):
        """A page (re)loaded: the person's most recent conversation reopened, as ``open`` does
        (the input box left as it is), and the side list with it selected. Outputs: as
        ``open``, then the list."""
        owner = self.owner(request)
        items = self.history.list(owner) if self.history is not None and owner else []
        if items:
            try:
                return (gr.skip(), *self._opened(items[0].id, owner),
                        self.conversation_list(items[0].id, request))
            except HistoryError:
                pass  # deleted meanwhile
        return (gr.skip(),) * 8 + (self.conversation_list(None, request),)

    def _opened(self, cid: str, owner: str) -> tuple:
        """A saved conversation as the page shows it: chat, last sources, related questions,
        turns, id, feedback status, name."""
        saved = self.history.turns(cid, owner)
        title = self.history.get(cid, owner).title
        chat, turns = [], []
        for t in saved:
            chat += [{"role": "user", "content": t.question},
                     {"role": "assistant", "content": t.shown.get("chat") or t.answer.get("answer", "")}]
            turns.append(t.answer)
        last = saved[-1].shown if saved else {}
        return (chat, last.get("sources", ""), suggestions(last.get("related", [])), turns, cid, "", title)

    def rename(self, conversation: str | None, title: str, request: gr.Request = None):
        """Outputs: the list, the status line."""
        if self.history is None or not conversation:
            return gr.skip(), "Open a conversation first."
        try:
            self.history.rename(conversation, self.owner(request), title)
        except HistoryError as exc:
            return gr.skip(), str(exc)
        return self.conversation_list(conversation, request), "Renamed."

    def delete(self, conversation: str | None, request: gr.Request = None):
        """Delete the open conversation for good and start a new one. Outputs: the cleared chat
        (as ``clear``), then the list and the status line."""
        status = "Open a conversation first."
        if self.history is not None and conversation:
            try:
                delete_conversation(self.history, self.feedback_file, conversation, self.owner(request))
                status = "Deleted."
            except HistoryError as exc:
                status = str(exc)
            except OSError as exc:
                status = f"Not deleted: {self.feedback_file} could not be rewritten ({exc.strerror or exc})."
        return (*self.clear()[:-1], status, self.conversation_list(None, request))

    def export(self, conversation: str | None, request: gr.Request = None):
        """The open conversation as a Markdown file. Outputs: the file, the status line."""
        if self.history is None or not conversation:
            return gr.File(value=None, visible=False), "Ask a question first: there is nothing to export."
        owner = self.owner(request)
        try:
            text = self.history.export_markdown(conversation, owner)
            title = self.history.get(conversation, owner).title
        except HistoryError as exc:
            return gr.File(value=None, visible=False), str(exc)
        name = "".join(ch if ch.isalnum() else "-" for ch in title.lower()).strip("-")[:50] or "conversation"
        folder = Path(tempfile.gettempdir()) / "quicktakes-exports"
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*/*.md"):  # exports are for downloading now, not for keeping
            if time.time() - old.stat().st_mtime > 600:
                old.unlink(missing_ok=True)
                if not any(old.parent.iterdir()):
                    old.parent.rmdir()
        path = Path(tempfile.mkdtemp(dir=folder)) / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        return gr.File(value=str(path), visible=True), "Exported: download the file below."

    # ----- the feedback panel ---------------------------------------------------------------
    def rate(self, turns: list, rating: str, comment: str, index: int | None = None,
             conversation: str | None = None, owner: str = ""):
        """Save a rating of the last answer (or of answer ``index``) to the feedback file and
        the saved conversation; the line names the conversation and the turn, so deleting the
        conversation removes it. Outputs: status, comment."""
        if not turns:
            return "Ask a question first.", comment
        position = len(turns) - 1 if index is None else min(index, len(turns) - 1)
        saved = None
        if self.history is not None and conversation and owner:
            try:
                self.history.rate(conversation, owner, position, rating, comment)
                saved = conversation
            except HistoryError:
                pass  # deleted meanwhile (another tab): the feedback file has it, on its own
        record_feedback(self.feedback_file, turns[position], rating, comment,
                        conversation_id=saved, turn=position if saved else None)
        if saved and self.history.owner_of(saved) is None:  # deleted (another tab) as it was rated
            forget_conversation(self.feedback_file, saved)
        return f"Thanks: your rating ({'helpful' if rating == 'up' else 'not helpful'}) was saved.", ""

    def rate_up(self, turns: list, comment: str, conversation=None, request: gr.Request = None):
        return self.rate(turns, "up", comment, None, conversation, self.owner(request))

    def rate_down(self, turns: list, comment: str, conversation=None, request: gr.Request = None):
        return self.rate(turns, "down", comment, None, conversation, self.owner(request))

    def on_like(self, turns: list, comment: str, conversation, data: gr.LikeData, request: gr.Request = None):
        """The chat's own thumbs on a message: that answer is rated."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        return self.rate(turns, "up" if data.liked else "down", comment, index // 2, conversation,
                         self.owner(request))
