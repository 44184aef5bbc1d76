"""Thumbs up / down on answers, appended to a JSON-lines file in the data folder.

Each line: ``{"time", "question", "answer", "citations", "rating", "comment", "answerer"}``.
Bad answers collected here can become evaluation cases (``quicktakes eval --feedback``).
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path

_LOCK = threading.Lock()


def record_feedback(path: Path, answer_json: dict, rating: str, comment: str = "") -> dict:
    if rating not in ("up", "down"):
        raise ValueError(f"rating must be 'up' or 'down', got {rating!r}")
    entry = {
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "question": answer_json.get("question", ""),
        "answer": answer_json.get("answer", ""),
        "citations": answer_json.get("citations", []),
        "rating": rating,
        "comment": (comment or "").strip(),
        "answerer": answer_json.get("answerer", ""),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    with _LOCK, open(path, "a", encoding="utf-8") as fh:  # one whole line per write
        fh.write(line)
    return entry
