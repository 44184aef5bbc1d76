"""A conversation: the turns so far (question, how it was understood, answer, sources).

The core reads follow-ups against it; the terminal chat and the web chat keep one. Built from
an ``Answer`` as each turn ends, or from the role/content messages a chat front end sends.

Usage example::

    conversation = Conversation()
    answer = assistant.ask("what is atrial fibrillation?", conversation)
    conversation.add(answer)
    assistant.ask("how is it treated?", conversation)
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Turn:
    question: str
    answer: str = ""  # the answer's body (no notices, no disclaimer)
    standalone: str = ""  # the question as it was understood, when it was rewritten
    sources: list[int] = field(default_factory=list)  # article ids cited


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)

    def add(self, answer) -> Turn:
        """Append the turn an ``assistant.answer.Answer`` ends."""
        turn = Turn(answer.question, answer.body, answer.standalone_question,
                    [c.id for c in answer.citations])
        self.turns.append(turn)
        return turn

    def questions(self) -> list[str]:
        return [t.question for t in self.turns if t.question.strip()]

    def understood(self) -> list[str]:
        """The earlier questions as they were understood (rewritten follow-ups rewritten)."""
        return [t.standalone or t.question for t in self.turns if t.question.strip()]

    def messages(self) -> list[dict]:
        """``{"role", "content"}`` messages, for a language model."""
        out = []
        for t in self.turns:
            out.append({"role": "user", "content": t.question})
            if t.answer:
                out.append({"role": "assistant", "content": t.answer})
        return out

    @classmethod
    def of(cls, history) -> "Conversation":
        """A ``Conversation`` as it is, or one read from chat messages: dicts with ``role`` and
        ``content`` (a string, or Gradio's list of ``{"type": "text", "text"}`` blocks),
        ``(user, assistant)`` pairs, or turn records with ``question`` and ``body``."""
        if isinstance(history, Conversation):
            return history
        conversation = cls()
        for msg in history or []:
            if isinstance(msg, (list, tuple)) and len(msg) == 2:  # (user, assistant) pairs
                conversation.turns.append(Turn(str(msg[0] or ""), str(msg[1] or "")))
                continue
            if "question" in msg:  # a turn record (the web chat keeps these)
                conversation.turns.append(Turn(str(msg["question"]), str(msg.get("body", "")),
                                               str(msg.get("standalone_question") or ""),
                                               [c["id"] for c in msg.get("citations", [])]))
                continue
            content = _text(msg.get("content", ""))
            if msg.get("role", "user") == "user":
                conversation.turns.append(Turn(content))
            elif conversation.turns and not conversation.turns[-1].answer:
                conversation.turns[-1].answer = content
        return conversation


def _text(content) -> str:
    if isinstance(content, list):
        return " ".join(b.get("text", "") for b in content if isinstance(b, dict))
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return str(content or "")
