"""The HTTP API's own rules, in process (starlette's TestClient) with a stand-in assistant: body
and history limits, and a checked model answer streamed without the sentences the check dropped.
The real server with the real openai client: tests/ui/test_api.py."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from assistant.answer import Answer
from ui.api import MAX_BODY_BYTES, build_routes


class StandIn:
    """Streams a model's draft, then the checked answer without one of its sentences."""

    verifier = object()  # as when the sentence check is on
    answerer_name = "llm:test"
    library = [1, 2]

    def __init__(self):
        self.asked = []

    def stream(self, question, history=None, **_):
        self.asked.append((question, history))
        yield {"type": "text", "text": "Gout is arthritis [1]. Eat liver daily [2]."}
        final = Answer(question=question, body="Gout is arthritis [1].", citations=[], sources=[],
                       answerer="llm:test", notice="One sentence was removed: no article supports it.")
        yield {"type": "text", "text": final.text}
        yield {"type": "answer", "answer": final}

    def ask(self, question, history=None, **kw):
        return [e for e in self.stream(question, history, **kw) if e["type"] == "answer"][-1]["answer"]


@pytest.fixture
def api():
    assistant = StandIn()
    settings = SimpleNamespace(logins=lambda: [], ui=SimpleNamespace(concurrency_limit=2))
    app = FastAPI(routes=build_routes(assistant, settings))
    return TestClient(app), assistant


def test_a_checked_answer_streams_without_the_dropped_sentence(api):
    client, _ = api
    with client.stream("POST", "/v1/chat/completions",
                       json={"stream": True, "messages": [{"role": "user", "content": "What is gout?"}]}) as r:
        lines = [line for line in r.iter_lines() if line.startswith("data: ") and line != "data: [DONE]"]
    text = "".join(json.loads(line[6:])["choices"][0]["delta"].get("content") or "" for line in lines)
    assert "Eat liver daily" not in text
    assert "Gout is arthritis [1]." in text


def test_body_and_history_limits(api):
    client, assistant = api
    r = client.post("/v1/ask", content=b"{" + b" " * (MAX_BODY_BYTES + 10) + b"}")
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    r = client.post("/v1/ask", json={})
    assert r.status_code == 400 and "'question' is missing" in r.json()["error"]["message"]
    r = client.post("/v1/ask", json={"question": "What is gout?", "history": ["not a message"]})
    assert r.status_code == 400 and "history[0]" in r.json()["error"]["message"]
    history = [{"role": "user", "content": f"q{i}"} for i in range(100)]
    r = client.post("/v1/ask", json={"question": "What is gout?", "history": history})
    assert r.status_code == 200 and len(assistant.asked[-1][1]) == 40  # the latest turns only
