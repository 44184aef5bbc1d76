"""The chat's feedback file as an evaluation set: thumbs-down questions asked again.

The chat appends one JSON line per rating to ``<data_dir>/feedback.jsonl``, each a
``history.feedback.FeedbackRecord`` (read back here with the same definition; lines written
before it had ``conversation_id`` and ``turn`` load too). Every thumbs-down line becomes a case: its question is asked again (on its own, without the
conversation it came from) and the record keeps the question, the old answer, the person's
comment, the new answer, whether it was refused, its citations and its groundedness, plus
``changed`` (the new answer's text differs from the old one). The run is written in the same
folder format as the other evaluations (results.jsonl, summary.json, report.md, report.html),
so two runs can be compared with ``quicktakes eval compare``.

Command line::

    quicktakes eval --feedback --out runs/feedback-2025-01-10      # <data_dir>/feedback.jsonl
    quicktakes eval --feedback exported.jsonl --out runs/fb         # another file

Usage example::

    entries, skipped = load_feedback(settings.feedback_file)       # thumbs-down only
    entries[0].record.question, entries[0].line                    # a FeedbackRecord, its line
    ev = evaluate_feedback(build_assistant(settings), entries)
    write_run("runs/fb", ev)
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from evaluation import metrics as m
from evaluation.records import Evaluation, answer_fields, build_summary, run_info
from evaluation.runner import progress_bar
from history.feedback import FeedbackRecord


@dataclass
class FeedbackEntry:
    """A line of the feedback file to ask again: its 1-based number (for messages) and its record."""
    line: int
    record: FeedbackRecord

    @property
    def key(self) -> str:
        """The run's record id, the same in every run on the file so that ``compare`` pairs them
        up, even after deleting a conversation took lines out: the rated turn of a saved
        conversation, else (a line written before ratings named their conversation, or of an
        unsaved chat) its time and question."""
        r = self.record
        if r.conversation_id and r.turn is not None:
            return f"feedback:{r.conversation_id}:{r.turn}"
        digest = hashlib.sha256(f"{r.time}\n{r.question}".encode()).hexdigest()[:12]
        return f"feedback:{digest}"


def load_feedback(path: str | Path, rating: str = "down") -> tuple[list[FeedbackEntry], list[str]]:
    """Feedback lines with ``rating`` (default thumbs down) and a question, in file order, and
    the problems of the lines that were skipped (not JSON, no question)."""
    entries, skipped = [], []
    text = Path(path).read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            skipped.append(f"line {n}: not JSON ({exc.msg})")
            continue
        if not isinstance(row, dict):
            skipped.append(f"line {n}: not a JSON object")
            continue
        record = FeedbackRecord.from_json(row)
        if record.rating != rating:
            continue
        if not record.question.strip():
            skipped.append(f"line {n}: no question")
            continue
        entries.append(FeedbackEntry(n, record))
    return entries, skipped


def feedback_record(assistant, entry: FeedbackEntry) -> dict:
    rated = entry.record
    answer = assistant.ask(rated.question.strip())
    old = rated.answer
    record = {
        "id": entry.key,
        "mode": "feedback",
        "question": rated.question.strip(),
        "time": rated.time,
        "rating": rated.rating,
        "comment": rated.comment,
        "old_answer": old,
        "old_answerer": rated.answerer,
        "old_citations": rated.citations,
    }
    record.update(answer_fields(answer, assistant.library))
    record["answer_text"] = answer.text
    record["changed"] = m.normalise_space(answer.text) != m.normalise_space(old)
    return record


def evaluate_feedback(assistant, entries: list[FeedbackEntry], *, progress: bool = True,
                      source: dict | None = None) -> Evaluation:
    """Ask every entry's question again; one record per entry (see the module docstring)."""
    if not entries:
        raise ValueError("no thumbs-down entries to ask again")
    started = time.monotonic()
    items = progress_bar(entries, "eval feedback") if progress else entries
    records = [feedback_record(assistant, e) for e in items]
    run = run_info(assistant, "feedback", started, **(source or {}))
    return Evaluation("feedback", records, build_summary("feedback", records, run))
