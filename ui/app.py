"""The Gradio chat: streamed, cited answers, sources, related questions, feedback.

Usage example::

    app = build_app(build_assistant(settings), settings)
    launch(app, settings)            # http://127.0.0.1:7860

The app never imports Chroma or builds a chain: it gets an ``Assistant`` from the factory.
"""

from __future__ import annotations

import os
from types import SimpleNamespace

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from ui.handlers import ALL_SUBJECTS, ChatHandlers  # noqa: E402

CSS = """
.qt-note { font-size: 0.9em; opacity: 0.85; }
.qt-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 6px 0; }
.qt-source-title { font-weight: 600; }
.qt-source-meta { font-size: 0.85em; opacity: 0.75; margin: 2px 0; }
.qt-source-snippet { font-size: 0.9em; }
.qt-emergency { background: #b00020; color: #fff; font-weight: 700; padding: 10px 12px; border-radius: 8px; margin-bottom: 8px; }
.qt-emergency a:not(.qt-call) { color: #fff; text-decoration: underline; padding: 0 !important; margin: 0 !important; }
.qt-calls { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 8px; }
.qt-emergency a.qt-call { background: #fff; color: #b00020; text-decoration: none; padding: 6px 10px; border-radius: 6px; }
.qt-refused h4 { color: #8a5300; }
"""

NOTE = ("Answers come only from the QuickTakes article library, each sentence cited to its "
        "article. They are **not medical advice**: ask a health professional about your own "
        "situation. In an emergency, call your local emergency number.")


def _answerer_label(assistant) -> str:
    if assistant.answerer_name == "extractive":
        return ("Answering with: **extractive** (sentences copied from the articles; "
                "no language model)")
    return f"Answering with: **{assistant.answerer_name}** (from the same articles, cited)"


def _example_questions(assistant, n: int = 4) -> list[str]:
    articles = assistant.library.articles
    step = max(1, len(articles) // n)
    return [a.question for a in articles[::step][:n]]


def _chat_panel(assistant, subjects: list[str]) -> SimpleNamespace:
    """The conversation, the question box, subject filter, related questions."""
    chatbot = gr.Chatbot(
        label="Conversation", height=480, sanitize_html=True, render_markdown=True,
        buttons=["copy", "copy_all"], elem_id="qt-chat",
        placeholder="Ask a medical question in your own words.",
        examples=[{"text": q} for q in _example_questions(assistant)],
    )
    with gr.Row():
        box = gr.Textbox(placeholder="Type your question…", show_label=False,
                         scale=5, elem_id="qt-input", autofocus=True)
        ask = gr.Button("Ask", variant="primary", scale=1, elem_id="qt-ask")
    with gr.Row():
        subject = gr.Dropdown(subjects, value=ALL_SUBJECTS, label="Subject", elem_id="qt-subject")
        clear = gr.Button("Clear conversation", elem_id="qt-clear")
    hidden_q = gr.Textbox(visible=False)
    related = gr.Dataset(components=[hidden_q], samples=[], label="Related questions",
                         elem_id="qt-related")
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


def build_app(assistant, settings) -> gr.Blocks:
    """The page: the chat and feedback panels on the left, sources on the right, wired to
    ``ChatHandlers``."""
    on = ChatHandlers(assistant, settings.feedback_file)
    subjects = [ALL_SUBJECTS, *assistant.library.subjects()]
    with gr.Blocks(title="QuickTakes Assistant", analytics_enabled=False) as app:
        turns = gr.State([])
        gr.Markdown("## QuickTakes Assistant")
        gr.Markdown(NOTE, elem_classes=["qt-note"], elem_id="qt-disclaimer")
        gr.Markdown(_answerer_label(assistant), elem_id="qt-answerer")
        with gr.Row():
            with gr.Column(scale=3):
                chat = _chat_panel(assistant, subjects)
                feedback = _feedback_panel()
            with gr.Column(scale=2):
                panel = _sources_panel()

        outputs = [chat.box, chat.chatbot, panel.sources, chat.related, turns]
        inputs = [chat.box, chat.chatbot, chat.subject, turns]
        chat.box.submit(on.respond, inputs, outputs, api_name="chat")
        chat.ask.click(on.respond, inputs, outputs, api_name=False)
        chat.related.click(on.ask_related, [chat.related, chat.chatbot, chat.subject, turns], outputs,
                           api_name=False)
        chat.chatbot.example_select(on.ask_example, [chat.chatbot, chat.subject, turns], outputs,
                                    api_name=False)
        chat.clear.click(on.clear, None, [*outputs, feedback.status], api_name=False)
        rated = [feedback.status, feedback.comment]
        feedback.up.click(on.rate_up, [turns, feedback.comment], rated, api_name=False)
        feedback.down.click(on.rate_down, [turns, feedback.comment], rated, api_name=False)
        chat.chatbot.like(on.on_like, [turns, feedback.comment], rated, api_name=False)

    app.queue(default_concurrency_limit=settings.ui.concurrency_limit)
    return app


def launch(app: gr.Blocks, settings, *, host: str | None = None, port: int | None = None,
           block: bool = True):
    auth = None
    if settings.ui_user and settings.ui_password:
        auth = (settings.ui_user, settings.ui_password.get_secret_value())
    theme = gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["monospace"])
    result = app.launch(
        server_name=host or settings.ui.host,
        server_port=port or settings.ui.port,
        auth=auth,
        theme=theme,
        css=CSS,
        ssr_mode=False,
        footer_links=[],
        prevent_thread_lock=True,
        show_error=False,
        quiet=True,  # Gradio's own lines include advice about public share links: not for us
    )
    print(f"The chat is at {app.local_url.rstrip('/')} (open it in a browser).", flush=True)
    if block:
        app.block_thread()
    return result
