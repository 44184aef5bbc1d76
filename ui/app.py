"""The Gradio chat: streamed, cited answers, sources, related questions, feedback.

Usage example::

    app = build_app(build_assistant(settings), settings)
    launch(app, settings)            # http://127.0.0.1:7860

The app never imports Chroma or builds a chain: it gets an ``Assistant`` from the factory.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from assistant.conversation import Conversation  # noqa: E402
from ui.feedback import record_feedback  # noqa: E402
from ui.render import (  # noqa: E402
    emergency_banner,
    answer_markdown,
    related_questions,
    sources_html,
    streaming_markdown,
)

ALL_SUBJECTS = "All subjects"

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


def build_app(assistant, settings) -> gr.Blocks:
    subjects = [ALL_SUBJECTS, *assistant.library.subjects()]
    feedback_file = settings.feedback_file

    def respond(message: str, chat: list, subject: str, turns: list):
        message = (message or "").strip()
        chat = list(chat or [])
        turns = list(turns or [])
        if not message:
            yield "", chat, gr.skip(), gr.skip(), turns
            return
        chat += [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        yield "", chat, "", gr.Dataset(samples=[]), turns
        final = None
        for event in assistant.stream(message, Conversation.of(turns),
                                      subject=None if subject in (None, "", ALL_SUBJECTS) else subject):
            if event["type"] == "triage":  # urgent: the banner at once, before the answer
                banner = emergency_banner(event["triage"].notice, event["triage"].numbers)
                yield "", chat, banner, gr.skip(), turns
            elif event["type"] == "text" and final is None:
                chat[-1] = {"role": "assistant", "content": streaming_markdown(event["text"])}
                yield "", chat, gr.skip(), gr.skip(), turns
            elif event["type"] == "answer":
                final = event["answer"]
        chat[-1] = {"role": "assistant", "content": answer_markdown(final)}
        turns.append({**final.to_json(), "body": final.body})
        related = related_questions(final)
        yield "", chat, sources_html(final), gr.Dataset(samples=[[q] for q in related]), turns

    def ask_related(sample, chat, subject, turns):
        question = sample[0] if isinstance(sample, (list, tuple)) else sample
        yield from respond(str(question), chat, subject, turns)

    def ask_example(chat, subject, turns, evt: gr.SelectData):
        value = evt.value
        yield from respond(value.get("text", "") if isinstance(value, dict) else str(value),
                           chat, subject, turns)

    def rate(turns: list, rating: str, comment: str, index: int | None = None):
        if not turns:
            return "Ask a question first.", comment
        turn = turns[-1] if index is None else turns[min(index, len(turns) - 1)]
        record_feedback(feedback_file, turn, rating, comment)
        return f"Thanks: your {'👍' if rating == 'up' else '👎'} was saved.", ""

    def on_like(turns: list, comment: str, data: gr.LikeData):
        index = data.index if isinstance(data.index, int) else data.index[0]
        return rate(turns, "up" if data.liked else "down", comment, index // 2)

    with gr.Blocks(title="QuickTakes Assistant", analytics_enabled=False) as app:
        turns = gr.State([])
        gr.Markdown("## QuickTakes Assistant")
        gr.Markdown(NOTE, elem_classes=["qt-note"], elem_id="qt-disclaimer")
        gr.Markdown(_answerer_label(assistant), elem_id="qt-answerer")
        with gr.Row():
            with gr.Column(scale=3):
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
                    subject = gr.Dropdown(subjects, value=ALL_SUBJECTS, label="Subject",
                                          elem_id="qt-subject")
                    clear = gr.Button("Clear conversation", elem_id="qt-clear")
                hidden_q = gr.Textbox(visible=False)
                related = gr.Dataset(components=[hidden_q], samples=[], label="Related questions",
                                     elem_id="qt-related")
                with gr.Row():
                    comment = gr.Textbox(label="Comment on the last answer (optional)", scale=4,
                                         elem_id="qt-comment")
                    up = gr.Button("👍 Helpful", scale=1, elem_id="qt-up")
                    down = gr.Button("👎 Not helpful", scale=1, elem_id="qt-down")
                status = gr.Markdown(elem_id="qt-feedback-status")
            with gr.Column(scale=2):
                sources = gr.HTML(elem_id="qt-sources")

        outputs = [box, chatbot, sources, related, turns]
        box.submit(respond, [box, chatbot, subject, turns], outputs, api_name="chat")
        ask.click(respond, [box, chatbot, subject, turns], outputs, api_name=False)
        related.click(ask_related, [related, chatbot, subject, turns], outputs, api_name=False)
        chatbot.example_select(ask_example, [chatbot, subject, turns], outputs, api_name=False)
        clear.click(lambda: ("", [], "", gr.Dataset(samples=[]), [], ""), None,
                    [box, chatbot, sources, related, turns, status], api_name=False)
        up.click(lambda t, c: rate(t, "up", c), [turns, comment], [status, comment], api_name=False)
        down.click(lambda t, c: rate(t, "down", c), [turns, comment], [status, comment], api_name=False)
        chatbot.like(on_like, [turns, comment], [status, comment], api_name=False)

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
