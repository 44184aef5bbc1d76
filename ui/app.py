"""The Gradio chat: streamed, cited answers, sources, related questions, feedback, and the
saved conversations in a side list.

Usage example::

    app = build_app(build_assistant(settings), settings)
    launch(app, settings)            # http://127.0.0.1:7860

The app never imports Chroma or builds a chain: it gets an ``Assistant`` from the factory.
"""

from __future__ import annotations

import os
import re
from types import SimpleNamespace

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from ui.handlers import ALL_SUBJECTS, ChatHandlers  # noqa: E402
from ui.page import CSS, PAGE_JS  # noqa: E402

NOTE = ("Answers come only from the QuickTakes article library, each sentence cited to its "
        "article. They are **not medical advice**: ask a health professional about your own "
        "situation. In an emergency, call your local emergency number.")


def _answerer_label(assistant) -> str:
    if assistant.answerer_name == "extractive":
        return ("Answering with: **extractive** (sentences copied from the articles; "
                "no language model)")
    return f"Answering with: **{assistant.answerer_name}** (from the same articles, cited)"


_WHAT_IS = re.compile(r"^What (?:is|are)(?: \(are\))? (?!the\b)(?:an? )?([A-Za-z][\w'-]*(?: [\w'-]+){0,3}) ?\?$")
_NOT_A_NAME = re.compile(r"\b(?:of|for|in|to|with|and|or|information|treatments?|outlook|causes?|symptoms?)\b", re.I)


def example_questions(articles, configured: list[str] | None = None, n: int = 4,
                      lengths: dict[int, int] | None = None) -> list[str]:
    """The example questions of the empty chat: the configured ones (``ui.examples``), else
    "What is X?" for the topics the library covers best (asked about from the most sides:
    causes, symptoms, treatment...), one per subject, so each example has a full answer.
    ``lengths``: article id -> answer length, for a library that does not hold its answers."""
    if configured:
        return list(configured)[:n]

    def chars(a) -> int:
        return lengths.get(a.id, 0) if lengths else len(a.answer or "")

    topics: dict[str, tuple[str, str, int]] = {}  # lower-case name -> (name, subject, answer length)
    for a in articles:
        m = _WHAT_IS.match((a.question or "").strip())
        if m and not _NOT_A_NAME.search(m.group(1)):
            name = m.group(1).strip()
            key = name.lower()
            if key not in topics or chars(a) > topics[key][2]:
                topics[key] = (name, getattr(a, "subject", "") or "", chars(a))
    sides: dict[str, int] = {}  # how many questions end with the topic's name
    for a in articles:
        words = (a.question or "").lower().rstrip(" ?").split()
        for k in range(1, 5):
            tail = " ".join(words[-k:])
            if tail in topics:
                sides[tail] = sides.get(tail, 0) + 1
    ranked = sorted(topics, key=lambda k: (-sides.get(k, 0), -topics[k][2], k))
    picked, subjects = [], set()
    for key in ranked:
        name, subject, _ = topics[key]
        if subject in subjects:
            continue
        picked.append(f"What is {name}?")
        subjects.add(subject)
        if len(picked) == n:
            break
    return picked or [a.question for a in list(articles)[:n]]


def _chat_panel(assistant, subjects: list[str], examples: list[str]) -> SimpleNamespace:
    """The conversation, the question box, subject filter, related questions."""
    chatbot = gr.Chatbot(
        # no label over the messages (it covered the first line); as tall as the window allows
        label="Conversation", show_label=False, height="calc(100vh - 320px)", min_height=380,
        sanitize_html=True, render_markdown=True,
        buttons=["copy", "copy_all"], elem_id="qt-chat",
        placeholder="Ask a medical question in your own words.",
        examples=[{"text": q} for q in example_questions(assistant.library.articles, examples,
                                                                  lengths=getattr(assistant.library, "answer_chars", None))],
    )
    with gr.Row():
        box = gr.Textbox(placeholder="Type your question…", show_label=False,
                         scale=5, elem_id="qt-input", autofocus=True)
        ask = gr.Button("Ask", variant="primary", scale=1, elem_id="qt-ask")
    with gr.Row():
        subject = gr.Dropdown(subjects, value=ALL_SUBJECTS, label="Subject", elem_id="qt-subject")
        clear = gr.Button("New conversation", elem_id="qt-clear")
    # whole questions, wrapped (a Dataset cut them at about 60 characters); one click asks
    related = gr.Radio(choices=[], value=None, label="You could ask next", elem_id="qt-related",
                       visible=False)  # shown when an answer has questions to suggest
    return SimpleNamespace(chatbot=chatbot, box=box, ask=ask, subject=subject, clear=clear,
                           related=related)


def _feedback_panel() -> SimpleNamespace:
    """A comment and thumbs up/down on the last answer, and what happened to them."""
    with gr.Row():
        comment = gr.Textbox(label="Comment on the last answer (optional)", scale=4,
                             elem_id="qt-comment")
        # words, not emoji: an emoji shows as an empty box where no emoji font is installed
        up = gr.Button("Helpful", scale=1, elem_id="qt-up")
        down = gr.Button("Not helpful", scale=1, elem_id="qt-down")
    status = gr.Markdown(elem_id="qt-feedback-status")
    return SimpleNamespace(comment=comment, up=up, down=down, status=status)


def _sources_panel() -> SimpleNamespace:
    """The emergency banner, then the answer's sources (or the closest articles)."""
    return SimpleNamespace(sources=gr.HTML(elem_id="qt-sources"))


def _history_panel() -> SimpleNamespace:
    """The side list of saved conversations, and what can be done with the open one (a new
    conversation is started by the chat panel's button, there with or without the list)."""
    with gr.Sidebar(label="Conversations", open=True, elem_id="qt-sidebar"):
        gr.Markdown("### Conversations")
        listing = gr.Radio(choices=[], label="Saved, newest first", elem_id="qt-conversations")
        title = gr.Textbox(label="Name of the open conversation", elem_id="qt-title")
        with gr.Row():
            rename = gr.Button("Rename", size="sm", elem_id="qt-rename")
            delete = gr.Button("Delete", size="sm", variant="stop", elem_id="qt-delete")
        export = gr.Button("Export as Markdown", size="sm", elem_id="qt-export")
        file = gr.File(label="Export", visible=False, elem_id="qt-export-file")
        status = gr.Markdown(elem_id="qt-history-status")
    return SimpleNamespace(listing=listing, title=title, rename=rename, delete=delete,
                           export=export, file=file, status=status)


def build_app(assistant, settings, history=None) -> gr.Blocks:
    """The page: saved conversations in a side list; the chat and feedback panels, sources on
    the right; wired to ``ChatHandlers``. ``history`` (an ``history.conversations.HistoryStore``)
    keeps the conversations; None: nothing is saved."""
    on = ChatHandlers(assistant, settings.feedback_file, history)
    subjects = [ALL_SUBJECTS, *assistant.library.subjects()]
    with gr.Blocks(title="QuickTakes Assistant", analytics_enabled=False) as app:
        turns = gr.State([])
        conversation = gr.State(None)  # the open conversation's id in the store
        gr.Markdown("# QuickTakes Assistant", elem_id="qt-title-heading")
        gr.Markdown(NOTE, elem_classes=["qt-note"], elem_id="qt-disclaimer")
        gr.Markdown(_answerer_label(assistant), elem_id="qt-answerer")
        with gr.Row():
            with gr.Column(scale=3):
                chat = _chat_panel(assistant, subjects, settings.ui.examples)
                feedback = _feedback_panel()
            with gr.Column(scale=2):
                panel = _sources_panel()
        if history is not None:
            # after the chat in the document (the sidebar is drawn at the left all the same): the
            # question box is the first text field a keyboard, screen reader or script meets
            side = _history_panel()

        outputs = [chat.box, chat.chatbot, panel.sources, chat.related, turns, conversation]
        inputs = [chat.box, chat.chatbot, chat.subject, turns, conversation]
        # one answer at a time per page: each way of asking first disables Ask, then answers,
        # then enables Ask again, in that order; a question that gets through all the same
        # (Enter in the box, which stays editable) is refused by the handlers' gate (ui/gate.py),
        # which says so. Every step runs when triggered ("multiple"): Gradio's default for a
        # step still pending ("once") drops the new one without a word, and a dropped "enable
        # Ask" step would leave Ask disabled.
        fast = {"queue": False, "show_progress": "hidden", "api_name": False, "trigger_mode": "multiple"}
        answer = {"trigger_mode": "multiple"}
        asked = [chat.box.submit(on.answering, None, [chat.ask], **fast).then(
                     on.respond, inputs, outputs, api_name=False, **answer),
                 chat.ask.click(on.answering, None, [chat.ask], **fast).then(
                     on.respond, inputs, outputs, api_name=False, **answer),
                 chat.related.input(on.answering, None, [chat.ask], **fast).then(
                     on.ask_related, [chat.related, *inputs[1:]], outputs, api_name=False, **answer),
                 chat.chatbot.example_select(on.answering_example, None, [chat.ask, chat.box], **fast).then(
                     on.respond, inputs, outputs, api_name=False, **answer)]
        for event in asked:
            event.then(on.ready, None, [chat.ask], **fast)
        # the /chat endpoint of gradio_client: a button never shown (the page's events have no
        # API name: their first step only disables Ask)
        api = gr.Button("chat", visible=False, elem_id="qt-api-chat")
        asked.append(api.click(on.respond_api, inputs, outputs, api_name="chat"))
        cleared = [*outputs, feedback.status]
        # starting anew, opening or deleting a conversation stops an answer still arriving (it
        # would write itself back into the page and the store)
        started_anew = chat.clear.click(on.clear, None, cleared, api_name=False, cancels=asked)
        started_anew.then(on.stopped, None, [chat.ask], **fast)
        rated = [feedback.status, feedback.comment]
        feedback.up.click(on.rate_up, [turns, feedback.comment, conversation], rated, api_name=False)
        feedback.down.click(on.rate_down, [turns, feedback.comment, conversation], rated,
                            api_name=False)
        chat.chatbot.like(on.on_like, [turns, feedback.comment, conversation], rated, api_name=False)

        if history is not None:
            # the list refreshed after an answer, a new or deleted conversation: quick, and
            # Gradio's timer over it ("0.2s", light grey on white) is below AA
            quiet = {"api_name": False, "show_progress": "hidden"}
            # a reload reopens the person's most recent conversation, as if picked in the list
            app.load(on.resume, None, [*cleared, side.title, side.listing], **quiet)
            for event in asked:  # the list shows a new conversation once its first answer is saved
                event.then(on.side, [conversation], [side.listing, side.title], **quiet)
            started_anew.then(on.side, [conversation], [side.listing, side.title], **quiet)
            side.listing.input(on.open, [side.listing], [*cleared, side.title], api_name=False, cancels=asked).then(
                on.stopped, None, [chat.ask], **fast)
            side.rename.click(on.rename, [conversation, side.title], [side.listing, side.status],
                              api_name=False)
            deleted = side.delete.click(on.delete, [conversation], [*outputs, side.status, side.listing],
                                        api_name=False, cancels=asked)
            deleted.then(on.side, [conversation], [side.listing, side.title], **quiet)
            deleted.then(on.stopped, None, [chat.ask], **fast)
            side.export.click(on.export, [conversation], [side.file, side.status], api_name=False)

    app.queue(default_concurrency_limit=settings.ui.concurrency_limit)
    return app


def launch(app: gr.Blocks, settings, *, host: str | None = None, port: int | None = None,
           block: bool = True, routes: list | None = None):
    """Serve the page; ``routes`` (``ui.api.build_routes``) are served by the same server,
    before Gradio's own."""
    auth = settings.logins() or None
    theme = gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["monospace"])
    result = app.launch(
        server_name=host or settings.ui.host,
        server_port=port or settings.ui.port,
        auth=auth,
        theme=theme,
        css=CSS,
        js=PAGE_JS,
        ssr_mode=False,
        footer_links=[],
        prevent_thread_lock=True,
        show_error=False,
        quiet=True,  # Gradio's own lines include advice about public share links: not for us
        app_kwargs={"routes": list(routes or [])},
    )
    print(f"The chat is at {app.local_url.rstrip('/')} (open it in a browser).", flush=True)
    if routes:
        print(f"The API is at {app.local_url.rstrip('/')}/v1 (POST /v1/ask, OpenAI-compatible "
              "/v1/chat/completions; see `quicktakes serve --help`).", flush=True)
    if block:
        app.block_thread()
    return result
