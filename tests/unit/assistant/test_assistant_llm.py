"""The language-model path with fake chat models: markers checked, streaming, fallbacks."""

from __future__ import annotations

import re

import pytest

from assistant_fixtures import (
    INTERFERON_QUESTION,
    broken_midstream_chat,
    cited_sentences,
    copied_units,
    fake_chat,
    run_stream,
    scripted_chat,
    seed_articles,
)

LLM_SOURCES = 4  # the model is shown the first four sources


def _markers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d{1,3})\]", text)]


def test_markers_naming_no_source_are_removed_and_citations_map_to_sources(five_assistant):
    reply = ("Interferon strengthens the immune response against the virus [1]. "
             "It also blocks viral replication [7]. "
             "Clearing the surface antigen is a goal of newer agents [2]. "
             "A vaccine prevents infection [5]. "
             "Most people never need a liver transplant [0].")
    answer = five_assistant(chat_model=fake_chat(reply)).ask(INTERFERON_QUESTION)

    assert not answer.refused
    assert answer.answerer.startswith("llm:")
    assert len(answer.sources) == 5, "five articles indexed, k=5: the fifth is listed, not shown to the model"
    # [7] and [0] name no source; [5] names a source the model was never shown.
    assert _markers(answer.body) == [1, 2]
    assert "[7]" not in answer.body and "[5]" not in answer.body and "[0]" not in answer.body
    assert "It also blocks viral replication." in answer.body  # the space before [7] went too
    assert "A vaccine prevents infection." in answer.body
    assert [c.n for c in answer.citations] == [1, 2]
    for c in answer.citations:
        source = answer.sources[c.n - 1]
        assert (c.id, c.title, c.url) == (source.id, source.title, source.url)
    assert answer.grounded is True
    assert answer.notice == ""
    assert answer.to_json()["citations"] == [
        {"n": c.n, "id": c.id, "title": c.title, "url": c.url} for c in answer.citations]


def test_repeated_markers_give_one_citation_each(seed_assistant):
    reply = "Interferon acts on the immune system [2]. It has side effects [2]. It is finite [1]."
    answer = seed_assistant(chat_model=fake_chat(reply)).ask(INTERFERON_QUESTION)
    assert [c.n for c in answer.citations] == [2, 1]
    assert [c.id for c in answer.citations] == [answer.sources[1].id, answer.sources[0].id]


def test_answer_without_a_valid_marker_is_not_grounded_and_says_so(seed_assistant):
    reply = "Interferon helps the body fight hepatitis B [9]. It is given by injection."
    answer = seed_assistant(chat_model=fake_chat(reply)).ask(INTERFERON_QUESTION)
    assert answer.citations == []
    assert answer.grounded is False
    assert _markers(answer.body) == []
    assert answer.body == "Interferon helps the body fight hepatitis B. It is given by injection."
    assert "cites none of the articles" in answer.notice
    assert answer.notice in answer.text
    assert answer.sources, "the articles are still listed for the reader"
    assert answer.to_json()["grounded"] is False


def test_stream_yields_text_progressively_then_the_answer(seed_assistant):
    reply = ("Interferon enhances the host immune response [1]. It activates natural killer "
             "cells and T lymphocytes [1]. It can inhibit viral replication [1].")
    texts, answer = run_stream(seed_assistant(chat_model=fake_chat(reply)).stream(INTERFERON_QUESTION))

    streamed, final = texts[:-1], texts[-1]
    assert len(streamed) >= 10, "the fake model streams word by word"
    assert len(set(streamed)) >= 10
    for before, after in zip(streamed, streamed[1:]):
        assert after.startswith(before), (before, after)
    assert streamed[0] != streamed[-1]
    assert streamed[-1].strip() == answer.body == reply
    assert final == answer.text and final.endswith(answer.disclaimer)
    assert answer.grounded and [c.n for c in answer.citations] == [1]


def test_streamed_text_never_shows_an_invalid_marker(seed_assistant):
    reply = "Interferon is an immune therapy [3]. It is given for a finite time [1]."
    texts, answer = run_stream(seed_assistant(chat_model=fake_chat(reply)).stream(INTERFERON_QUESTION))
    assert all("[3]" not in t for t in texts)
    assert answer.body == "Interferon is an immune therapy. It is given for a finite time [1]."


def _assert_extractive_fallback(answer, texts=None):
    assert answer.answerer == "extractive"
    assert "language model" in answer.notice
    assert answer.notice in answer.text
    assert answer.citations and answer.grounded
    assert not answer.refused
    articles = seed_articles()
    by_n = {c.n: c for c in answer.citations}
    for sentence, n in cited_sentences(answer.body):
        assert n in by_n
        assert all(unit in articles[by_n[n].id].answer for unit in copied_units(sentence))
    if texts is not None:
        assert texts[-1] == answer.text


def test_chat_model_that_raises_gives_the_extractive_answer(seed_assistant):
    model, script = scripted_chat(ConnectionError("connection refused"))
    texts, answer = run_stream(seed_assistant(chat_model=model).stream(INTERFERON_QUESTION))
    assert script.calls == 1
    _assert_extractive_fallback(answer, texts)
    assert "ConnectionError" in answer.notice


def test_chat_model_that_fails_mid_stream_gives_the_extractive_answer(seed_assistant):
    texts, answer = run_stream(seed_assistant(chat_model=broken_midstream_chat()).stream(INTERFERON_QUESTION))
    assert any("Interferon" in t for t in texts[:-1]), "the partial text was streamed first"
    _assert_extractive_fallback(answer, texts)
    assert "Interferon boosts" not in answer.body


def test_ask_does_not_raise_when_the_chat_model_fails(seed_assistant):
    model, _ = scripted_chat(TimeoutError("read timed out"))
    answer = seed_assistant(chat_model=model).ask(INTERFERON_QUESTION)
    _assert_extractive_fallback(answer)


# ----- follow-ups with a language model -----------------------------------------------------

HISTORY = [
    {"role": "user", "content": "How does interferon work in hepatitis B?"},
    {"role": "assistant", "content": "Interferon boosts the immune response [1]."},
]


def test_follow_up_is_condensed_by_the_model_then_answered(seed_assistant):
    condensed = "What are the side effects of interferon therapy in hepatitis B?"
    model, script = scripted_chat(condensed, "Flu-like symptoms and neutropenia can occur [1].")
    answer = seed_assistant(chat_model=model).ask("what are its side effects?", HISTORY)
    assert script.calls == 2, "one call to rewrite the follow-up, one to answer"
    assert answer.standalone_question == condensed
    assert answer.question == "what are its side effects?"
    assert answer.body == "Flu-like symptoms and neutropenia can occur [1]."
    assert answer.grounded and answer.notice == ""


def test_follow_up_rewrite_failure_falls_back_to_the_rule_and_still_answers(seed_assistant):
    model, script = scripted_chat(ConnectionError("down"), "Flu-like symptoms can occur [1].")
    answer = seed_assistant(chat_model=model).ask("what are its side effects?", HISTORY)
    assert script.calls == 2
    assert answer.standalone_question == "what are interferon's side effects?"
    assert "could not rewrite" in answer.notice
    assert answer.answerer.startswith("llm:")
    assert answer.body == "Flu-like symptoms can occur [1]."


def test_no_condense_call_without_history(seed_assistant):
    model, script = scripted_chat("Interferon modulates immunity [1].", "UNUSED")
    answer = seed_assistant(chat_model=model).ask(INTERFERON_QUESTION, history=[])
    assert script.calls == 1
    assert answer.standalone_question == ""
    assert answer.body == "Interferon modulates immunity [1]."


@pytest.mark.parametrize("reply", ["", "   "])
def test_empty_model_reply_is_never_shown_as_a_grounded_answer(seed_assistant, reply):
    """An empty reply may fall back to the extractive answer or be flagged; either way the
    reader never gets an empty body presented as grounded."""
    answer = seed_assistant(chat_model=fake_chat(reply)).ask(INTERFERON_QUESTION)
    if answer.grounded:
        assert answer.body.strip() and answer.citations and _markers(answer.body)
    else:
        assert answer.citations == [] and answer.notice and answer.notice in answer.text


# ----- cancelling -------------------------------------------------------------------------

def test_closing_the_stream_stops_pulling_from_the_model(seed_assistant):
    """A reader who leaves (the UI cancels the generator) must not leave the model generating:
    closing ``Assistant.stream`` stops reading the model's output."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessageChunk
    from langchain_core.outputs import ChatGenerationChunk

    pulled = []

    class LongWinded(GenericFakeChatModel):
        def _stream(self, messages, stop=None, run_manager=None, **kwargs):
            for i in range(500):
                pulled.append(i)
                yield ChatGenerationChunk(message=AIMessageChunk(content=f"word{i} "))

    events = seed_assistant(chat_model=LongWinded(messages=iter([]))).stream(INTERFERON_QUESTION)
    for n, event in enumerate(events):
        assert event["type"] == "text"
        if n == 3:
            break
    events.close()
    assert len(pulled) < 50, f"the model was read to the end ({len(pulled)} pieces) after the reader left"


def test_the_model_is_shown_the_part_of_the_article_that_answers(seed_assistant):
    """The same composition as the offline answer feeds the prompt (not the article's first
    1,500 characters)."""
    from assistant.compose.model_context import model_contexts
    from assistant.llm import format_sources
    from langchain_core.documents import Document

    doc = Document(page_content="chunk", metadata={"title": "T", "answer": "Whole article.",
                                                   "focus": "Treatment includes:\n- Rest"})
    assert format_sources([doc]) == "[1] T\nTreatment includes:\n- Rest"
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    prompts = []

    class Recording(GenericFakeChatModel):
        def _stream(self, messages, stop=None, run_manager=None, **kwargs):
            prompts.append("\n".join(str(m.content) for m in messages))
            yield from super()._stream(messages, stop, run_manager, **kwargs)

    assistant = seed_assistant(chat_model=Recording(messages=iter(["Interferon modulates immunity [1]."])))
    answer = assistant.ask(INTERFERON_QUESTION)
    assert answer.body == "Interferon modulates immunity [1]."
    hits = assistant.retriever.retrieve(INTERFERON_QUESTION).hits
    composer = assistant.answerer.fallback.composer
    # the same units the offline answer is selected from lead the source, its focused part follows
    (first, text), *_ = model_contexts(composer, INTERFERON_QUESTION, hits, 4)
    best = composer.selector.select(INTERFERON_QUESTION, hits).unit
    assert text.startswith(best.text) and best.article.id == first.article.id
    assert f"[1] {first.article.title}\n{text[:300]}" in prompts[0]
    focused = composer.focus(INTERFERON_QUESTION, first)
    assert focused.split("\n\n")[-1] in text  # the prompt cuts each source at SOURCE_CHARS
