"""The triage evaluation set, for bench/triage.py and bench/triage_calibrate.py.

- ``bench/data/triage_set.jsonl``: urgent, info and ordinary messages written for this
  project ({"text", "level", "category", "style"}).
- ``bench/data/triage_library_questions.jsonl``: stored questions of the library (ordinary).
- the 30 judged consumer questions (``dev_questions.jsonl`` of the corpus folder), ordinary,
  when the corpus folder is given (``--corpus`` or ``QUICKTAKES_CORPUS_DIR``).

- ``bench/data/triage_holdout.jsonl``: a second set written separately, after the detector,
  by someone who had not seen it or the first set; split ``holdout``. Read only its totals:
  a change tuned on its items would make it worthless.

Every message of the first two files has a fixed ``split`` (a hash of its text):
``calibration`` or ``check``, so the thresholds can be chosen on one half and read on the
other.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
sys.path.insert(0, str(ROOT / "bench"))
from corpus import default_dir  # noqa: E402


@dataclass
class Case:
    text: str
    level: str  # urgent | info | ordinary
    category: str
    source: str  # set | library | dev | holdout
    style: str = ""

    @property
    def split(self) -> str:
        if self.source == "holdout":
            return "holdout"
        h = int(hashlib.sha256(self.text.encode()).hexdigest()[:8], 16)
        return "calibration" if h % 2 == 0 else "check"


def _read(path: Path, source: str) -> list[Case]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(Case(row["text"], row["level"], row.get("category") or "", source, row.get("style", "")))
        except (json.JSONDecodeError, KeyError) as exc:
            raise SystemExit(f"{path}: line {n}: expected {{\"text\", \"level\", ...}} ({exc})")
    return out


def load_cases(corpus: Path | None) -> tuple[list[Case], str]:
    """All cases, and a note about what was left out."""
    cases = (_read(DATA / "triage_set.jsonl", "set") + _read(DATA / "triage_library_questions.jsonl", "library")
             + _read(DATA / "triage_holdout.jsonl", "holdout"))
    note = ""
    dev = (corpus or default_dir()) / "dev_questions.jsonl"
    if dev.is_file():
        sys.path.insert(0, str(ROOT))
        from evaluation.judged import load_questions

        cases += [Case(q.text, "ordinary", "", "dev", "consumer") for q in load_questions(dev)]
    else:
        note = f"dev questions left out: {dev} not found (give the corpus folder with --corpus)"
    return cases, note
