"""The library over HTTP, on the chat's own server: for programs, scripts and other chat front ends.

Routes (``build_routes``, served by ``quicktakes serve`` beside the page):

- ``POST /v1/ask`` ``{"question": "...", "subject": "..."?, "history": [messages]?}``: the
  answer as ``quicktakes ask --json`` prints it.
- ``POST /v1/chat/completions``: OpenAI-compatible (``messages`` in; ``stream`` true gives
  server-sent events of ``chat.completion.chunk``), so any OpenAI client or chat front end can
  ask the library. The last user message is the question, the earlier ones the conversation it
  follows. The answer's text is the message content (with its ``[n]`` markers, the emergency
  notice first when there is one, the disclaimer last); the citations, sources, triage and
  refusal are in the response's ``quicktakes`` field (on the last chunk when streaming), as
  ``/v1/ask`` gives them.
- ``GET /v1/models``: the one model, ``quicktakes``; ``GET /healthz``: the process answers;
  ``GET /readyz``: the library is loaded and its store answers (503 otherwise).

When the chat has a login (``QUICKTAKES_UI_USER``/``PASSWORD`` or ``QUICKTAKES_UI_USERS``),
every route but ``/healthz`` needs the same login: ``Authorization: Bearer USER:PASSWORD`` (what
an OpenAI client sends as its ``api_key``) or HTTP Basic. Errors are JSON with a one-line
reason, in OpenAI's shape: ``{"error": {"message": ..., "type": ..., "code": ...}}``.

Usage example::

    from openai import OpenAI
    client = OpenAI(base_url="http://127.0.0.1:7860/v1", api_key="alice:pw1")
    reply = client.chat.completions.create(model="quicktakes",
                                           messages=[{"role": "user", "content": "What is gout?"}])
    reply.choices[0].message.content, reply.model_extra["quicktakes"]["citations"]
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
import threading
import time
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

log = logging.getLogger(__name__)

MODEL = "quicktakes"
MAX_QUESTION_CHARS = 4000  # the chat box's own limit is generous; a page of text is not a question
MAX_BODY_BYTES = 256 * 1024
MAX_HISTORY_MESSAGES = 40  # the conversation a question follows: enough to read a follow-up


class ApiError(Exception):
    def __init__(self, status: int, message: str, kind: str = "invalid_request_error", code: str = ""):
        super().__init__(message)
        self.status, self.message, self.kind, self.code = status, message, kind, code

    def response(self) -> JSONResponse:
        return JSONResponse({"error": {"message": self.message, "type": self.kind,
                                       "code": self.code or None}}, status_code=self.status)


def _credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() == "basic":
        try:
            value = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
    elif scheme.lower() == "bearer":
        try:  # HTTP carries header bytes as latin-1; a UTF-8 password arrives as its bytes
            value = value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    else:
        return None
    user, sep, password = value.partition(":")
    return (user, password) if sep else None


def _check_login(request: Request, logins: list[tuple[str, str]]) -> None:
    if not logins:
        return
    given = _credentials(request)
    ok = given is not None and any(
        hmac.compare_digest(f"{u}:{p}".encode(), f"{given[0]}:{given[1]}".encode()) for u, p in logins)
    if not ok:
        raise ApiError(401, "a login is needed: send 'Authorization: Bearer USER:PASSWORD' "
                            "(the chat's login)", "authentication_error", "invalid_api_key")


async def _body(request: Request) -> dict:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, f"the request body is {declared} bytes; at most {MAX_BODY_BYTES}", code="too_large")
    raw = b""
    async for part in request.stream():
        raw += part
        if len(raw) > MAX_BODY_BYTES:
            raise ApiError(413, f"the request body is over {MAX_BODY_BYTES} bytes", code="too_large")
    try:
        data = json.loads(raw or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"the request body is not JSON ({exc.msg if hasattr(exc, 'msg') else exc})",
                       code="invalid_json") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the request body must be a JSON object", code="invalid_json")
    return data


def _question(text, field: str) -> str:
    if text is None:
        raise ApiError(400, f"'{field}' is missing: send {{\"{field}\": \"your question\"}}", code="empty_question")
    if not isinstance(text, str):
        raise ApiError(400, f"'{field}' must be a string", code="invalid_question")
    text = text.strip()
    if not text:
        raise ApiError(400, f"'{field}' is empty: ask a question", code="empty_question")
    if len(text) > MAX_QUESTION_CHARS:
        raise ApiError(400, f"'{field}' is {len(text)} characters; at most {MAX_QUESTION_CHARS}",
                       code="question_too_long")
    return text


def _content(message: dict, i: int) -> str:
    content = message.get("content", "")
    if isinstance(content, list):  # [{"type": "text", "text": ...}, ...]
        content = " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    if not isinstance(content, str):
        raise ApiError(400, f"messages[{i}].content must be a string or a list of text parts",
                       code="invalid_messages")
    return content


def _messages(messages, field: str) -> list[dict]:
    """The user and assistant messages of a conversation, checked: roles, text, size."""
    if not isinstance(messages, list):
        raise ApiError(400, f"'{field}' must be a list of {{role, content}}", code="invalid_messages")
    turns = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ("system", "developer", "user", "assistant", "tool"):
            raise ApiError(400, f"{field}[{i}] needs a role of system, user or assistant", code="invalid_messages")
        if m["role"] in ("user", "assistant"):
            text = _content(m, i)
            if len(text) > MAX_QUESTION_CHARS * 4:
                raise ApiError(400, f"{field}[{i}] is {len(text)} characters; at most {MAX_QUESTION_CHARS * 4}",
                               code="message_too_long")
            turns.append({"role": m["role"], "content": text})
    return turns


def _chat_request(data: dict) -> tuple[str, list[dict], bool]:
    messages = data.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ApiError(400, "'messages' must be a non-empty list of {role, content}", code="invalid_messages")
    turns = _messages(messages, "messages")
    if not turns or turns[-1]["role"] != "user":
        raise ApiError(400, "the last message must be the user's question", code="invalid_messages")
    return (_question(turns[-1]["content"], "messages[-1].content"), turns[:-1][-MAX_HISTORY_MESSAGES:],
            bool(data.get("stream")))


def _extra(answer) -> dict:
    """What the OpenAI shape has no place for: citations, sources, triage, refusal."""
    out = answer.to_json()
    for key in ("answer", "question", "sentences", "timings_ms"):
        out.pop(key, None)
    return out


def build_routes(assistant, settings) -> list:
    """The API's routes, to put before Gradio's own (``launch`` passes them to its FastAPI app)."""
    router = APIRouter()
    logins = settings.logins() or []
    # as many answers at once as the chat allows (ui.concurrency_limit); the rest wait their turn
    gate = threading.BoundedSemaphore(max(1, settings.ui.concurrency_limit or 1))

    def guarded(handler):
        async def endpoint(request: Request):
            try:
                _check_login(request, logins)
                return await handler(request)
            except ApiError as err:
                return err.response()
            except Exception:  # noqa: BLE001 - a reason for the client, the trace for the log
                log.exception("the API failed on %s", request.url.path)
                return ApiError(500, "the answer failed on the server; see its log", "server_error").response()
        endpoint.__name__ = handler.__name__
        return endpoint

    def answer(question: str, history=None, subject=None):
        with gate:
            return assistant.ask(question, history, subject=subject or None)

    async def ask(request: Request):
        from starlette.concurrency import run_in_threadpool

        data = await _body(request)
        question = _question(data.get("question"), "question")
        subject = data.get("subject")
        if subject is not None and not isinstance(subject, str):
            raise ApiError(400, "'subject' must be a string", code="invalid_subject")
        history = _messages(data.get("history") or [], "history")[-MAX_HISTORY_MESSAGES:]
        result = await run_in_threadpool(answer, question, history, subject)
        return JSONResponse(result.to_json())

    async def chat_completions(request: Request):
        from starlette.concurrency import run_in_threadpool

        data = await _body(request)
        question, history, stream = _chat_request(data)
        ident, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        if not stream:
            result = await run_in_threadpool(answer, question, history)
            return JSONResponse({
                "id": ident, "object": "chat.completion", "created": created, "model": MODEL,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": result.text},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                "quicktakes": _extra(result),
            })

        def chunk(delta: dict, finish=None, extra=None) -> str:
            body = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": MODEL,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            if extra is not None:
                body["quicktakes"] = extra
            return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

        # a model's draft is checked sentence by sentence once it is whole, and may lose some:
        # then only the checked answer is sent (an urgent notice still goes first)
        hold_back = getattr(assistant, "verifier", None) is not None

        def events():
            yield chunk({"role": "assistant", "content": ""})
            sent = ""
            final = None
            try:
                with gate:
                    for event in assistant.stream(question, history):
                        if event["type"] == "triage" and getattr(event["triage"], "urgent", False) and not sent:
                            sent = event["triage"].notice
                            yield chunk({"content": sent})
                        elif event["type"] == "text" and not hold_back:
                            text = event["text"]
                            if text.startswith(sent):  # send what is new
                                if len(text) > len(sent):
                                    yield chunk({"content": text[len(sent):]})
                                sent = text
                        elif event["type"] == "answer":
                            final = event["answer"]
            except Exception:  # noqa: BLE001 - the stream has started: end it with a reason
                log.exception("the API's stream failed")
                yield chunk({"content": "\n\n(The answer failed on the server.)"}, "stop")
                yield "data: [DONE]\n\n"
                return
            if final is not None and final.text != sent:
                # a model's streamed draft can be replaced by the checked answer: say so, send it whole
                rest = final.text[len(sent):] if final.text.startswith(sent) else "\n\n" + final.text
                yield chunk({"content": rest})
            yield chunk({}, "stop", _extra(final) if final is not None else None)
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache"})

    async def models(request: Request):
        return JSONResponse({"object": "list", "data": [
            {"id": MODEL, "object": "model", "created": 0, "owned_by": "quicktakes"}]})

    async def healthz(request: Request):
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request):
        from starlette.concurrency import run_in_threadpool

        try:
            await run_in_threadpool(assistant.retriever.store.count)
        except Exception as exc:  # noqa: BLE001
            return JSONResponse({"status": "not ready", "reason": f"the store does not answer ({type(exc).__name__})"},
                                status_code=503)
        return JSONResponse({"status": "ready", "articles": len(assistant.library),
                             "answerer": assistant.answerer_name})

    router.add_api_route("/v1/ask", guarded(ask), methods=["POST"])
    router.add_api_route("/v1/chat/completions", guarded(chat_completions), methods=["POST"])
    router.add_api_route("/v1/models", guarded(models), methods=["GET"])
    router.add_api_route("/readyz", guarded(readyz), methods=["GET"])
    router.add_api_route("/healthz", healthz, methods=["GET"])
    return router.routes
