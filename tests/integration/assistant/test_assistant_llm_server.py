"""The language-model path over real HTTP: a llama.cpp OpenAI-compatible server with Gemma 3
270M (a base model: it mostly copies from its context, so the tests check the protocol and
the guarantees, not the quality of the answer).

Each answer costs tens of seconds on 2 cores, so each assistant asks once per module and
the tests read the recorded run.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.request
from dataclasses import dataclass, field

import pytest

from assistant_fixtures import (
    INTERFERON_ID,
    INTERFERON_QUESTION,
    SEED_URLS,
    clean_env,
    free_port,
    run_stream,
)

pytestmark = pytest.mark.integration

MAX_TOKENS = 64  # keeps one answer to seconds, still many streamed pieces
# One streamed piece per token; a few more for the role and finish chunks. Beyond this the
# server is ignoring the limit: the run is cut short rather than left to fill the context.
STREAM_CAP = MAX_TOKENS + 16


@dataclass
class Run:
    texts: list[str] = field(default_factory=list)
    answer: object = None
    capped: bool = False


def _interrupt(base_url: str) -> None:
    """llama.cpp's server ends the generation in progress when another request comes in."""
    def call():
        try:
            urllib.request.urlopen(f"{base_url}/models", timeout=60).read()
        except OSError:
            pass

    threading.Thread(target=call, daemon=True).start()


def _record(assistant, question: str, base_url: str) -> Run:
    run = Run()
    events = assistant.stream(question)
    try:
        for event in events:
            if event["type"] == "text":
                run.texts.append(event["text"])
                if len(run.texts) > STREAM_CAP:
                    run.capped = True
                    # Closing the stream makes LangChain read the model's output to its end
                    # (see test_closing_the_stream_stops_pulling_from_the_model); without
                    # a token limit that is the whole context. Stop the server's generation.
                    _interrupt(base_url)
                    break
            elif event["type"] == "answer":
                run.answer = event["answer"]
    finally:
        events.close()
    return run


def _settings(data_dir, base_url, **answer):
    from config import load_settings

    with clean_env():
        return load_settings(
            data_dir=data_dir,
            llm={"base_url": base_url, "model": "gemma", "max_tokens": MAX_TOKENS, "temperature": 0.0},
            answer={"llm_timeout_s": 120, **answer},
        )


def _check_answer(run: Run) -> None:
    answer = run.answer
    assert answer is not None, "the stream ended without an answer event"
    assert answer.answerer.startswith("llm:"), (answer.answerer, answer.notice)
    assert not answer.refused
    used = min(4, len(answer.sources))
    numbers = [int(n) for n in re.findall(r"\[(\d{1,3})\]", answer.body)]
    assert all(1 <= n <= used for n in numbers), (numbers, answer.body)
    for c in answer.citations:
        assert c.url in SEED_URLS.values()
        assert (c.id, c.url) == (answer.sources[c.n - 1].id, answer.sources[c.n - 1].url)
    assert [c.n for c in answer.citations] == list(dict.fromkeys(numbers))
    # Whatever the tiny model wrote, every sentence was checked against the articles it was
    # shown: grounded only if all are supported, each verdict with its evidence.
    sentences = answer.sentences
    assert answer.to_json()["sentences"] == sentences
    assert answer.grounded == (bool(sentences) and all(s["supported"] for s in sentences))
    for s in sentences:
        assert set(s) >= {"text", "citations", "supported", "score", "evidence"}
        assert set(s["citations"]) <= {c.n for c in answer.citations}
        if s["supported"]:
            assert s["citations"] and s["evidence"]["article_id"] in {src.id for src in answer.sources[:used]}
        else:
            assert not s["citations"] and "(not found in the cited articles)" in answer.body
    if not answer.grounded:
        assert "cites none of the articles" in answer.notice or "not found in the articles" in answer.notice
    streamed = run.texts[:-1]
    assert len(streamed) >= 3, "real streaming: several text events before the end"
    assert len(set(streamed)) >= 3
    # the text streamed as the model wrote it; the checked answer came with the final event
    as_written = re.sub(r"\s?\[\d{1,3}\]", "", streamed[-1])
    assert all(s["text"].rstrip(".") in as_written for s in sentences), (sentences, streamed[-1])
    assert run.texts[-1] == answer.text


@pytest.fixture(scope="module")
def settings_run(llama_server, real_seed_index, real_embedder) -> Run:
    """The assistant exactly as the product builds it from the settings."""
    from assistant.factory import build_assistant

    settings = _settings(real_seed_index, llama_server.base_url)
    assert settings.llm_enabled
    return _record(build_assistant(settings, embedder=real_embedder), INTERFERON_QUESTION,
                   llama_server.base_url)


@pytest.fixture(scope="module")
def limited_model_run(llama_server, real_seed_index, real_embedder) -> Run:
    """The same server through a chat model that also sends the legacy ``max_tokens`` field,
    so the rest of the pipeline is checked over real HTTP whatever the settings path does."""
    from langchain_openai import ChatOpenAI

    from assistant.factory import build_assistant

    settings = _settings(real_seed_index, llama_server.base_url)
    model = ChatOpenAI(model="gemma", base_url=llama_server.base_url, api_key="not-needed",
                       temperature=0.0, max_tokens=MAX_TOKENS, extra_body={"max_tokens": MAX_TOKENS},
                       timeout=120, max_retries=0, streaming=True, use_responses_api=False)
    return _record(build_assistant(settings, embedder=real_embedder, chat_model=model), INTERFERON_QUESTION,
                   llama_server.base_url)


@pytest.mark.llm
@pytest.mark.timeout(300)
def test_answer_streams_over_http_with_valid_citations(limited_model_run):
    assert not limited_model_run.capped
    _check_answer(limited_model_run)


@pytest.mark.llm
@pytest.mark.timeout(300)
def test_settings_built_assistant_honours_max_tokens_and_answers(settings_run):
    assert len(settings_run.texts) >= 3, "real streaming: several text events"
    assert not settings_run.capped, (
        f"llm.max_tokens={MAX_TOKENS} was not honoured: the server streamed more than "
        f"{STREAM_CAP} pieces (ChatOpenAI sends max_completion_tokens; llama.cpp's server "
        f"reads only max_tokens)")
    _check_answer(settings_run)


def test_dead_server_gives_the_extractive_answer_with_a_notice(real_seed_index, real_embedder):
    """A base URL where nobody listens: no exception, the extractive answer, a notice."""
    from assistant.factory import build_assistant

    settings = _settings(real_seed_index, f"http://127.0.0.1:{free_port()}/v1", llm_timeout_s=3)
    assistant = build_assistant(settings, embedder=real_embedder)
    assert assistant.answerer_name.startswith("llm:")

    started = time.monotonic()
    texts, answer = run_stream(assistant.stream(INTERFERON_QUESTION))
    assert time.monotonic() - started < 30
    assert answer.answerer == "extractive"
    assert "language model" in answer.notice
    assert answer.text.startswith(answer.notice)
    assert texts[-1] == answer.text
    assert not answer.refused and answer.grounded
    assert answer.citations and answer.citations[0].url == SEED_URLS[answer.citations[0].id]
    assert answer.citations[0].id == INTERFERON_ID


def test_dead_server_follow_up_still_answers(real_seed_index, real_embedder):
    """Both calls fail (rewriting the follow-up, then answering): two notices, an answer."""
    from assistant.factory import build_assistant

    settings = _settings(real_seed_index, f"http://127.0.0.1:{free_port()}/v1", llm_timeout_s=3)
    history = [{"role": "user", "content": "How does interferon work in hepatitis B?"},
               {"role": "assistant", "content": "Interferon boosts the immune response [1]."}]
    answer = build_assistant(settings, embedder=real_embedder).ask("what are its side effects?", history)
    assert "could not rewrite" in answer.notice
    assert "did not answer" in answer.notice
    assert answer.standalone_question == "what are interferon's side effects?"
    assert answer.answerer == "extractive"
    assert not answer.refused and answer.citations[0].id == INTERFERON_ID
