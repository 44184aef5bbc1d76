"""The benchmark inputs the project writes itself are committed (a `data/` ignore rule once hid them)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
OUT_OF_SCOPE = ROOT / "bench" / "data" / "out_of_scope.jsonl"


def test_out_of_scope_questions_are_at_least_30_of_both_kinds():
    rows = [json.loads(line) for line in OUT_OF_SCOPE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 30
    assert all(r["question"].strip() and r["id"] for r in rows)
    kinds = {r["kind"] for r in rows}
    assert kinds == {"not medical", "medical, not covered"}
    assert len({r["id"] for r in rows}) == len(rows)


def test_bench_data_is_not_ignored_by_git():
    if not (ROOT / ".git").exists():
        pytest.skip("an exported tree, not a git clone: nothing to ignore")
    for path in (OUT_OF_SCOPE, ROOT / "bench" / "data" / "triage_set.jsonl",
                 ROOT / "bench" / "data" / "triage_holdout.jsonl",
                 ROOT / "bench" / "data" / "triage_library_questions.jsonl",
                 ROOT / "tests" / "data" / "corpus-slice.tar.gz"):
        assert path.is_file(), path
        ignored = subprocess.run(["git", "check-ignore", "-q", str(path)], cwd=ROOT)
        assert ignored.returncode == 1, f"{path.relative_to(ROOT)} is ignored by .gitignore"
