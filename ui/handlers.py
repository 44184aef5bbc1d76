"""What the chat does when a person acts: ask, pick a related or example question, rate, clear.

One ``ChatHandlers`` per app, holding the assistant and the feedback file; Gradio calls its
methods. A conversation's turns live in the page's state (a list of answer records), so
concurrent people never share one.
"""

from __future__ import annotations

import gradio as gr

from assistant.conversation import Conversation
from ui.feedback import record_feedback
from ui.render import answer_markdown, emergency_banner, related_questions, sources_html, streaming_markdown

ALL_SUBJECTS = "All subjects"


class ChatHandlers:
    def __init__(self, assistant, feedback_file):
        self.assistant = assistant
        self.feedback_file = feedback_file

    # ----- the chat panel -------------------------------------------------------------------
    def respond(self, message: str, chat: list, subject: str, turns: list):
        """Stream the answer into the chat; then the sources, related questions and the turn.
        Outputs: input box, chat, sources panel, related questions, turns."""
        message = (message or "").strip()
        chat = list(chat or [])
        turns = list(turns or [])
        if not message:
            yield "", chat, gr.skip(), gr.skip(), turns
            return
        chat += [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        yield "", chat, "", gr.Dataset(samples=[]), turns
        final = None
        for event in self.assistant.stream(message, Conversation.of(turns),
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

    def ask_related(self, sample, chat, subject, turns):
        question = sample[0] if isinstance(sample, (list, tuple)) else sample
        yield from self.respond(str(question), chat, subject, turns)

    def ask_example(self, chat, subject, turns, evt: gr.SelectData):
        value = evt.value
        yield from self.respond(value.get("text", "") if isinstance(value, dict) else str(value),
                                chat, subject, turns)

    @staticmethod
    def clear():
        """Outputs: input box, chat, sources, related questions, turns, feedback status."""
        return "", [], "", gr.Dataset(samples=[]), [], ""

    # ----- the feedback panel ---------------------------------------------------------------
    def rate(self, turns: list, rating: str, comment: str, index: int | None = None):
        """Save a rating of the last answer (or of answer ``index``). Outputs: status, comment."""
        if not turns:
            return "Ask a question first.", comment
        turn = turns[-1] if index is None else turns[min(index, len(turns) - 1)]
        record_feedback(self.feedback_file, turn, rating, comment)
        return f"Thanks: your rating ({'helpful' if rating == 'up' else 'not helpful'}) was saved.", ""

    def rate_up(self, turns: list, comment: str):
        return self.rate(turns, "up", comment)

    def rate_down(self, turns: list, comment: str):
        return self.rate(turns, "down", comment)

    def on_like(self, turns: list, comment: str, data: gr.LikeData):
        """The chat's own thumbs on a message: that answer is rated."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        return self.rate(turns, "up" if data.liked else "down", comment, index // 2)
