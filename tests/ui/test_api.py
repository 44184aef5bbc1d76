"""The HTTP API beside the chat, driven over real HTTP: the real `openai` client against
`quicktakes serve` (streaming and not), /v1/ask, health, errors, and the chat's login."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request

import pytest

from uikit import INTERFERON_ID, start_app

pytestmark = pytest.mark.integration

QUESTION = "What is the mechanism of action of interferon in hepatitis B?"
USER, PASSWORD = "alice", "s3cret-Password"  # OpenAI clients send ASCII headers only


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def call(url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **(headers or {})},
                                     method="POST" if body is not None else "GET")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=60) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def client(app, key: str = "none"):
    from openai import OpenAI

    return OpenAI(base_url=f"{app.url}v1", api_key=key, max_retries=0, timeout=60)


def test_openai_client_gets_a_cited_answer(seed_app):
    reply = client(seed_app).chat.completions.create(
        model="quicktakes", messages=[{"role": "user", "content": QUESTION}])
    text = reply.choices[0].message.content
    assert "interferon" in text.lower() and "[1]" in text
    extra = reply.model_extra["quicktakes"]
    assert extra["citations"][0]["id"] == INTERFERON_ID and extra["citations"][0]["url"].startswith("http")
    assert extra["refused"] is False and extra["triage"]["level"] is None
    assert [m.id for m in client(seed_app).models.list().data] == ["quicktakes"]


def test_openai_client_streams_the_same_answer(seed_app):
    plain = client(seed_app).chat.completions.create(
        model="quicktakes", messages=[{"role": "user", "content": QUESTION}]).choices[0].message.content
    chunks = list(client(seed_app).chat.completions.create(
        model="quicktakes", stream=True, messages=[{"role": "user", "content": QUESTION}]))
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == plain
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["quicktakes"]["citations"][0]["id"] == INTERFERON_ID


def test_an_emergency_comes_first_over_the_api(seed_app):
    chunks = list(client(seed_app).chat.completions.create(
        model="quicktakes", stream=True,
        messages=[{"role": "user", "content": "my husband has crushing chest pain and is sweating"}]))
    first_words = next(c.choices[0].delta.content for c in chunks if c.choices[0].delta.content)
    assert "911" in first_words
    assert chunks[-1].model_extra["quicktakes"]["emergency"] is True


def test_ask_returns_what_ask_json_prints(seed_app):
    status, body = call(f"{seed_app.url}v1/ask", json.dumps({"question": QUESTION}).encode())
    assert status == 200
    assert {"question", "answer", "body", "citations", "sources", "refused", "emergency", "triage",
            "grounded", "answerer"} <= set(body)
    assert body["citations"][0]["id"] == INTERFERON_ID
    status, body = call(f"{seed_app.url}v1/ask", json.dumps({"question": "How do I fix my car's brakes?"}).encode())
    assert status == 200 and body["refused"] is True


@pytest.mark.parametrize("payload, code", [
    (b"{not json", "invalid_json"),
    (b'["a list"]', "invalid_json"),
    (json.dumps({"question": "   "}).encode(), "empty_question"),
    (json.dumps({"question": 5}).encode(), "invalid_question"),
])
def test_bad_requests_get_a_400_with_a_reason(seed_app, payload, code):
    status, body = call(f"{seed_app.url}v1/ask", payload)
    assert status == 400 and body["error"]["code"] == code and body["error"]["message"]


def test_bad_chat_messages_get_a_400(seed_app):
    from openai import BadRequestError

    with pytest.raises(BadRequestError, match="last message must be the user's"):
        client(seed_app).chat.completions.create(
            model="quicktakes", messages=[{"role": "assistant", "content": "hello"}])


def test_health_and_readiness(seed_app):
    assert call(f"{seed_app.url}healthz") == (200, {"status": "ok"})
    status, body = call(f"{seed_app.url}readyz")
    assert status == 200 and body["status"] == "ready" and body["articles"] == 2


def test_the_chat_login_guards_the_api(seed_index, tmp_path_factory):
    from openai import AuthenticationError

    app = start_app(seed_index, tmp_path_factory.mktemp("api_login_logs"),
                    env={"QUICKTAKES_UI_USER": USER, "QUICKTAKES_UI_PASSWORD": PASSWORD})
    try:
        with pytest.raises(AuthenticationError):
            client(app, "nobody:wrong").chat.completions.create(
                model="quicktakes", messages=[{"role": "user", "content": QUESTION}])
        status, body = call(f"{app.url}v1/ask", json.dumps({"question": QUESTION}).encode())
        assert status == 401 and "Bearer" in body["error"]["message"]
        reply = client(app, f"{USER}:{PASSWORD}").chat.completions.create(
            model="quicktakes", messages=[{"role": "user", "content": QUESTION}])
        assert reply.model_extra["quicktakes"]["citations"]
        basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        status, body = call(f"{app.url}v1/ask", json.dumps({"question": QUESTION}).encode(),
                            {"Authorization": f"Basic {basic}"})
        assert status == 200 and body["citations"]
        assert call(f"{app.url}healthz")[0] == 200  # a load balancer's probe needs no login
        assert call(f"{app.url}readyz")[0] == 401
    finally:
        app.assert_stopped_cleanly()
