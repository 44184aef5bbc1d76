"""What an answer is: text with inline ``[n]`` markers, the citations they name, the ranked
sources, and flags (refused, emergency, grounded). Every answerer returns this."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

# A citation marker "[n]" (n = 1..999): the one definition, used by the answerers, the
# evaluation and the UI.
MARKER = re.compile(r"\[(\d{1,3})\]")


@dataclass
class Citation:
    n: int
    id: int
    title: str
    url: str


@dataclass
class Source:
    id: int
    title: str
    url: str
    score: float
    subject: str = ""
    similarity: float = 0.0
    snippet: str = ""
    related: list[dict] = field(default_factory=list)


@dataclass
class Answer:
    question: str
    body: str  # the cited answer (or the refusal message)
    citations: list[Citation]
    sources: list[Source]
    refused: bool = False
    emergency: bool = False
    # Extractive: every sentence is copied from the article it cites. Language model: the
    # answer cites at least one source with a valid marker; otherwise flagged, not grounded.
    grounded: bool = True
    answerer: str = "extractive"
    notice: str = ""  # e.g. the language model failed and the extractive answer is shown
    standalone_question: str = ""  # the follow-up as it was understood
    disclaimer: str = ""
    emergency_notice: str = ""  # what to do and whom to call, when ``emergency``
    # The triage of the message (assistant.triage.TriageResult): level "urgent" (then
    # ``emergency`` is true), "info" (a one-line note leads the answer) or None.
    triage: object = None
    timings_ms: dict = field(default_factory=dict)
    # Every sentence with its markers, whether an article supports it and the evidence
    # (assistant.verify): {"text", "citations", "supported", "score", "evidence"}.
    sentences: list[dict] = field(default_factory=list)

    @property
    def info_notice(self) -> str:
        """The "if this is happening now, call ..." line of a question about an emergency topic."""
        t = self.triage
        return t.notice if t is not None and t.level == "info" and not self.emergency else ""

    @property
    def lead(self) -> str:
        """What comes before the answer: the urgent notice, or the info line."""
        return self.emergency_notice if self.emergency else self.info_notice

    @property
    def text(self) -> str:
        """Emergency notice (or info line) first, then the answer, then the disclaimer."""
        parts = [self.lead, self.notice, self.body, self.disclaimer]
        return "\n\n".join(p for p in parts if p)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "body": self.body,
            "citations": [asdict(c) for c in self.citations],
            "sources": [{"id": s.id, "title": s.title, "url": s.url, "score": round(s.score, 4),
                         "subject": s.subject, "similarity": round(s.similarity, 4)}
                        for s in self.sources],
            "refused": self.refused,
            "emergency": self.emergency,
            "triage": (self.triage.to_json() if self.triage is not None
                       else {"level": None, "category": None, "notice": None}),
            "grounded": self.grounded,
            "answerer": self.answerer,
            "notice": self.notice,
            "standalone_question": self.standalone_question,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "sentences": self.sentences,
        }


def markers(text: str) -> list[int]:
    return [int(m) for m in MARKER.findall(text)]


def clean_markers(text: str, valid: set[int]) -> str:
    """Remove ``[n]`` markers that name no source (and the space before them)."""
    return re.sub(r"\s?\[(\d{1,3})\]", lambda m: m.group(0) if int(m.group(1)) in valid else "", text)
