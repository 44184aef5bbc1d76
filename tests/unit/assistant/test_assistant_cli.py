"""`quicktakes ask`: one question or a JSON-lines batch, text or JSON out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant_fixtures import INTERFERON_ID, INTERFERON_QUESTION, INTERFERON_URL, SEED_URLS
from cli.main import main


@pytest.fixture
def cli_env(monkeypatch, seed_index):
    """The CLI reads its settings from the environment: fake embedder, always answer."""
    monkeypatch.setenv("QUICKTAKES_EMBEDDING__PROVIDER", "fake")
    monkeypatch.setenv("QUICKTAKES_RETRIEVAL__MIN_DENSE_SIMILARITY", "0.0")
    return ["--data-dir", str(seed_index)]


def test_ask_json(cli_env, capsys):
    assert main([*cli_env, "ask", INTERFERON_QUESTION, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("answer", "citations", "sources", "refused", "emergency", "timings_ms"):
        assert key in data, key
    assert data["question"] == INTERFERON_QUESTION
    assert data["refused"] is False and data["emergency"] is False
    assert data["citations"], "the answer cites its sources"
    for c in data["citations"]:
        assert {"n", "id", "title", "url"} <= set(c)
        assert c["url"] == SEED_URLS[c["id"]]
    assert data["citations"][0]["url"] == INTERFERON_URL
    assert data["sources"]
    for s in data["sources"]:
        assert {"id", "title", "url", "score"} <= set(s)
        assert isinstance(s["score"], float)
    assert data["sources"][0]["id"] == INTERFERON_ID
    assert "[1]" in data["answer"] and "not medical advice" in data["answer"]
    assert data["timings_ms"]["total_ms"] > 0


def test_ask_text_lists_the_cited_sources(cli_env, capsys):
    assert main([*cli_env, "ask", INTERFERON_QUESTION]) == 0
    out = capsys.readouterr().out
    assert "Sources:" in out
    assert "[1] What is the mechanism of action of interferon therapy" in out
    assert INTERFERON_URL in out
    assert "answered by extractive" in out


def test_ask_k_and_subject(cli_env, capsys):
    assert main([*cli_env, "ask", INTERFERON_QUESTION, "--json", "--k", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in data["sources"]] == [INTERFERON_ID]
    assert main([*cli_env, "ask", INTERFERON_QUESTION, "--json", "--subject", "Medicine"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sources"] and all(s["subject"] == "Medicine" for s in data["sources"])


def test_batch_prints_one_json_line_per_question(cli_env, capsys, tmp_path):
    batch = tmp_path / "questions.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "q1", "question": INTERFERON_QUESTION}),
        "",
        json.dumps({"id": 2, "question": "I have crushing chest pain and my left arm is numb"}),
        json.dumps({"id": "q3", "question": "Are there new agents for hepatitis B surface antigen clearance?"}),
    ]) + "\n", encoding="utf-8")
    assert main([*cli_env, "ask", "--batch", str(batch)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    rows = [json.loads(line) for line in lines]
    assert [r["id"] for r in rows] == ["q1", 2, "q3"]
    assert rows[0]["question"] == INTERFERON_QUESTION
    assert rows[0]["citations"][0]["url"] == INTERFERON_URL
    assert rows[1]["emergency"] is True
    assert all({"answer", "citations", "sources", "refused", "emergency", "timings_ms"} <= set(r) for r in rows)


def test_batch_bad_line_is_reported_and_the_rest_answered(cli_env, capsys, tmp_path):
    batch = tmp_path / "questions.jsonl"
    batch.write_text("\n".join([
        "not json",
        json.dumps({"id": "no-question"}),
        json.dumps({"id": "ok", "question": INTERFERON_QUESTION}),
    ]), encoding="utf-8")
    assert main([*cli_env, "ask", "--batch", str(batch)]) == 1
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.strip().splitlines()]
    assert [r["id"] for r in rows] == ["ok"]
    assert "line 1" in captured.err and "line 2" in captured.err


def test_ask_without_question_or_batch_is_a_usage_error(cli_env, capsys):
    assert main([*cli_env, "ask"]) == 2
    assert "QUESTION or --batch" in capsys.readouterr().err


def test_ask_with_both_question_and_batch_is_a_usage_error(cli_env, capsys, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text(json.dumps({"id": 1, "question": "x"}), encoding="utf-8")
    assert main([*cli_env, "ask", "a question", "--batch", str(batch)]) == 2
    assert capsys.readouterr().out == ""


def test_batch_file_missing_is_a_usage_error(cli_env, capsys, tmp_path):
    assert main([*cli_env, "ask", "--batch", str(tmp_path / "absent.jsonl")]) == 2
    assert "absent.jsonl" in capsys.readouterr().err


def test_ask_without_an_index_says_to_ingest_first(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("QUICKTAKES_EMBEDDING__PROVIDER", "fake")
    assert main(["--data-dir", str(tmp_path / "empty"), "ask", "anything", "--json"]) == 2
    assert "quicktakes ingest" in capsys.readouterr().err


def test_ask_json_carries_the_triage(cli_env, capsys):
    assert main([*cli_env, "ask", "my daughter swallowed a button battery", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["emergency"] is True
    assert data["triage"]["level"] == "urgent" and data["triage"]["category"] == "poisoning"
    assert "1-800-222-1222" in data["triage"]["notice"]
    assert data["answer"].startswith(data["triage"]["notice"])


def test_ask_text_prints_the_notice_first(cli_env, capsys):
    assert main([*cli_env, "ask", "I think I'm having a stroke, my face is drooping"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("These can be signs of a stroke. Call 911 now")


def test_terminal_chat_prints_the_notice_first_and_the_region_switches_it(cli_env, capsys, monkeypatch):
    monkeypatch.setenv("QUICKTAKES_TRIAGE__REGION", "uk")
    answers = iter(["What are the signs of a stroke?", "my dad has them right now", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main([*cli_env, "chat"]) == 0
    out = capsys.readouterr().out
    turns = out.split("\n\n(answered by")
    assert "If this is happening now, call 999" in turns[0]
    second = turns[1].split("\n", 1)[1].lstrip()
    assert second.startswith("These can be signs of a stroke. Call 999 now"), second[:200]
    assert "911" not in out


def test_unknown_subject_exits_2_and_lists_the_subjects(cli_env, capsys):
    assert main([*cli_env, "ask", INTERFERON_QUESTION, "--subject", "cardiology"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no subject 'cardiology'" in captured.err and "Medicine" in captured.err


def test_subject_is_matched_whatever_its_case_and_spacing(cli_env, capsys):
    assert main([*cli_env, "ask", INTERFERON_QUESTION, "--subject", "  MEDICINE ", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sources"] and {s["subject"] for s in data["sources"]} == {"Medicine"}


def test_terminal_chat_is_saved_and_resumed_in_context(cli_env, capsys, monkeypatch, tmp_path):
    from history.conversations import HistoryStore

    data_dir = cli_env[1]
    env = ["--data-dir", data_dir]
    answers = iter([INTERFERON_QUESTION, ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main([*env, "chat"]) == 0
    store = HistoryStore(Path(data_dir) / "conversations.sqlite3")
    [info] = [c for c in store.list("terminal") if c.title == INTERFERON_QUESTION][-1:]
    capsys.readouterr()

    answers = iter(["what are its side effects?", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main([*env, "chat", "--resume", info.id]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Resuming “{INTERFERON_QUESTION}” (1 turns):")
    turns = store.turns(info.id, "terminal")
    assert [t.question for t in turns] == [INTERFERON_QUESTION, "what are its side effects?"]
    assert "interferon" in turns[1].answer["standalone_question"].lower()  # read in its context

    assert main([*env, "chat", "--resume", "nope"]) == 2
    assert "no saved conversation 'nope'" in capsys.readouterr().err
