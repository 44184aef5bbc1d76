"""Helpers shared by the answering tests (tests/unit/assistant, tests/integration/assistant).

Everything here builds through the product's public seams: ``Ingestor(settings).run`` to
index, ``build_assistant(settings, chat_model=...)`` to answer. Nothing reaches into the
retrieval internals.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO / "samples" / "articles"
SITE_URL = "https://www.quicktakes.io"

INTERFERON_ID = 140091
HBSAG_ID = 140093
INTERFERON_URL = ("https://www.quicktakes.io/learn/medicine/questions/"
                  "what-is-the-mechanism-of-action-of-interferon-therapy-in-hepatitis-b-treatment")
HBSAG_URL = ("https://www.quicktakes.io/learn/medicine/questions/"
             "are-there-any-new-therapeutic-agents-for-hepatitis-b-that-focus-on-surface-antigen-clearance")
SEED_URLS = {INTERFERON_ID: INTERFERON_URL, HBSAG_ID: HBSAG_URL}

INTERFERON_QUESTION = "What is the mechanism of action of interferon therapy in hepatitis B?"

# Refusal thresholds for the fake embedder (min_dense_similarity was tuned for MiniLM).
ANSWER_ALWAYS = 0.0
REFUSE_ALWAYS = 0.99

_ENV_PREFIXES = ("QUICKTAKES_", "OPENAI_")


# ----- environment ----------------------------------------------------------------------------

@contextmanager
def clean_env(**extra: str):
    """No QUICKTAKES_*/OPENAI_* variable from the shell, for fixtures wider than one test
    (the autouse fixture of tests/conftest.py runs only around each test)."""
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith(_ENV_PREFIXES):
                mp.delenv(key)
        for key, value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                           "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false",
                           "GRADIO_ANALYTICS_ENABLED": "False", **extra}.items():
            mp.setenv(key, value)
        yield


def free_port() -> int:
    """A TCP port nobody listens on (at the moment of asking)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ----- articles -------------------------------------------------------------------------------

def seed_articles() -> dict:
    """The two seed articles as the reader parses them: id -> Article."""
    from ingest.reader import find_article_files, read_article

    return {a.id: a for a in (read_article(p, site_url=SITE_URL) for p in find_article_files([SEEDS_DIR]))}


def article_file(folder: Path, *, id: int, question: str, answer: str, subject: str = "Medicine") -> Path:
    """Write one article in the QuickTakes export format (paragraph breaks as backslash-n)."""
    slug = re.sub(r"[^a-z0-9]+", "-", question.lower()).strip("-")
    text = "\n".join([
        "---", "_schema: default", f"id: {id}", "date: 2024-12-20",
        "title: >-", f"    {question}", "author: QuickTakes",
        "question: >-", f"    {question}",
        "answer: >-", f"    {answer}",
        f"subject: {subject}", f"url: /learn/medicine/questions/{slug}", "score: -1.0",
        "---", "", "&nbsp;",
    ])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    path.write_text(text, encoding="utf-8")
    return path


# Three more hepatitis B articles, so a question retrieves five sources (one more than the
# four the language model is shown).
EXTRA_ARTICLES = [
    dict(id=990001, question="How is hepatitis B transmitted?",
         answer=r"Hepatitis B is transmitted through contact with infected blood and body fluids. "
                r"Mother-to-child transmission at birth is a common route in many regions.\n\n"
                r"Sharing needles and unprotected sex also spread the virus."),
    dict(id=990002, question="Is there a vaccine against hepatitis B?",
         answer=r"A safe and effective hepatitis B vaccine is available. It is usually given as "
                r"a series of injections starting at birth.\n\nVaccination protects most people "
                r"for decades."),
    dict(id=990003, question="What are the long-term complications of chronic hepatitis B?",
         answer=r"Chronic hepatitis B can lead to cirrhosis of the liver over many years. "
                r"It also raises the risk of hepatocellular carcinoma.\n\nRegular monitoring "
                r"helps to detect complications early."),
]


def write_extra_articles(folder: Path) -> list[Path]:
    return [article_file(folder, **spec) for spec in EXTRA_ARTICLES]


def build_index(data_dir: Path, paths: list[Path], **overrides):
    """Index ``paths`` into ``data_dir``; returns the settings used (``overrides`` included)."""
    from config import load_settings
    from ingest.pipeline import Ingestor

    settings = load_settings(data_dir=data_dir, **overrides)
    report = Ingestor(settings).run(paths)
    assert not report.failed, report.failed
    assert report.added > 0, report.as_dict()
    return settings


# ----- chat models ----------------------------------------------------------------------------

def fake_chat(*replies: str):
    """A streaming fake chat model answering ``replies`` in order, one per call."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    return GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))


class ScriptedReplies:
    """An iterator of replies where an item that is an exception is raised instead."""

    def __init__(self, *items):
        self.items = list(items)
        self.calls = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.calls += 1
        if not self.items:
            raise StopIteration
        item = self.items.pop(0)
        if isinstance(item, BaseException):
            raise item
        from langchain_core.messages import AIMessage

        return AIMessage(content=item)


def scripted_chat(*items):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    script = ScriptedReplies(*items)
    return GenericFakeChatModel(messages=script), script


def broken_midstream_chat(first_words: str = "Interferon boosts"):
    """A chat model that streams a few words, then loses the connection."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessageChunk
    from langchain_core.outputs import ChatGenerationChunk

    class BrokenMidStream(GenericFakeChatModel):
        def _stream(self, messages, stop=None, run_manager=None, **kwargs):
            for word in first_words.split():
                yield ChatGenerationChunk(message=AIMessageChunk(content=word + " "))
            raise ConnectionError("connection reset by peer")

    return BrokenMidStream(messages=iter([]))


# ----- reading answers ------------------------------------------------------------------------

_CITED = re.compile(r"\s*\[(\d{1,3})\]")


def cited_sentences(body: str) -> list[tuple[str, int]]:
    """``(sentence, n)`` for every piece of ``body`` that ends with a ``[n]`` marker;
    text after the last marker comes back with n = 0."""
    out = []
    pos = 0
    for m in _CITED.finditer(body):
        out.append((body[pos:m.start()].strip(), int(m.group(1))))
        pos = m.end()
    tail = body[pos:].strip()
    if tail:
        out.append((tail, 0))
    return out


def run_stream(events: Iterator[dict]) -> tuple[list[str], object]:
    """Consume ``Assistant.stream``: (texts of the text events, the final Answer).

    Also checks the protocol: only text events, then exactly one answer event, last.
    """
    texts, answers, kinds = [], [], []
    for event in events:
        kinds.append(event["type"])
        if event["type"] == "text":
            assert isinstance(event["text"], str)
            texts.append(event["text"])
        elif event["type"] == "answer":
            answers.append(event["answer"])
    assert kinds and kinds[-1] == "answer", kinds
    assert kinds.count("answer") == 1, kinds
    assert set(kinds[:-1]) <= {"text"}, kinds
    return texts, answers[0]




def copied_units(piece: str) -> list[str]:
    """The sentences and list items of a cited paragraph or list (list markers dropped): what
    the offline answer copies word for word."""
    from library.sentences import LIST_ITEM, sentences

    return [s for line in piece.split("\n") for s in sentences(LIST_ITEM.sub("", line))]


def word_count(text: str) -> int:
    return len(_CITED.sub(" ", text).split())
