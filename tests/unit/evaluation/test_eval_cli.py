"""`quicktakes eval`: the two command shapes, usage errors (exit 2), thresholds (exit 1)."""

from __future__ import annotations

import json

import pytest

from cli.main import main


@pytest.fixture
def fake_env(monkeypatch, eval_index):
    monkeypatch.setenv("QUICKTAKES_EMBEDDING__PROVIDER", "fake")
    monkeypatch.setenv("QUICKTAKES_DATA_DIR", str(eval_index))
    return eval_index


def test_eval_run_then_compare(fake_env, tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["eval", "--sample", "5", "--seed", "2", "--out", str(a)]) == 0
    out = capsys.readouterr().out
    assert "stored: 5 questions" in out and "hit@1" in out and "report.html" in out
    assert main(["eval", "--sample", "5", "--seed", "2", "--leave-one-out", "--out", str(b)]) == 0
    capsys.readouterr()
    summary = json.loads((b / "summary.json").read_text())
    assert summary["mode"] == "leave_one_out" and summary["run"]["sample"] == 5

    assert main(["eval", "compare", str(a), str(b)]) == 0
    table = capsys.readouterr().out
    assert "| metric | A | B | B - A |" in table and "| hit@1 | 1.0000 | – |" in table
    assert main(["eval", "compare", str(a), str(a), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert {r["metric"] for r in rows} >= {"hit@1", "groundedness"}
    assert not any(r["marked"] for r in rows)


def test_thresholds_exit_1_when_below(fake_env, tmp_path, capsys):
    strict = tmp_path / "t.yaml"
    strict.write_text('stored:\n  "hit@1": 0.5\n  similarity: 1.01\n')  # similarity is at most 1
    assert main(["eval", "--sample", "3", "--out", str(tmp_path / "r"), "--thresholds", str(strict)]) == 1
    assert "below threshold: similarity" in capsys.readouterr().err
    assert main(["eval", "--sample", "3", "--out", str(tmp_path / "r2"), "--thresholds"]) == 0


def test_feedback_run(fake_env, tmp_path, capsys):
    from history.feedback import record_feedback

    record_feedback(tmp_path / "fb.jsonl", {"question": "What is gout?", "answer": "?"}, "down", "bad")
    assert main(["eval", "--feedback", str(tmp_path / "fb.jsonl"), "--out", str(tmp_path / "o")]) == 0
    assert "feedback: 1 questions" in capsys.readouterr().out
    record = json.loads((tmp_path / "o" / "results.jsonl").read_text())
    assert record["comment"] == "bad" and record["old_answer"] == "?"


@pytest.mark.parametrize("argv, message", [
    (["eval"], "--out DIR is required"),
    (["eval", "compare"], "exactly two run folders"),
    (["eval", "compare", "x"], "exactly two run folders"),
    (["eval", "compare", "x", "y", "z"], "exactly two run folders"),
    (["eval", "comprae", "x", "y"], "unknown action 'comprae'"),
    (["eval", "--questions", "q.jsonl", "--out", "o"], "--questions and --qrels go together"),
    (["eval", "--leave-one-out", "--feedback", "--out", "o"], "stored-answer evaluation only"),
    (["eval", "--sample", "0", "--out", "o"], "--sample must be at least 1"),
    (["eval", "--questions", "missing.jsonl", "--qrels", "missing.tsv", "--out", "o"],
     "No such file"),
    (["eval", "--feedback", "missing.jsonl", "--out", "o"], "No such file"),
])
def test_usage_errors_exit_2(argv, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_compare_of_folders_that_are_not_runs(tmp_path, capsys):
    assert main(["eval", "compare", str(tmp_path), str(tmp_path)]) == 2
    assert "not an evaluation run" in capsys.readouterr().err


def test_empty_index_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QUICKTAKES_EMBEDDING__PROVIDER", "fake")
    assert main(["--data-dir", str(tmp_path / "nothing"), "eval", "--out", str(tmp_path / "o")]) == 2
    assert "quicktakes ingest" in capsys.readouterr().err
