"""Ten people at once: ten gradio_client sessions talk to the real app at the same time, each
its own two-turn conversation, and each gets its own answers (no mixed-up sessions, no
answer of one question shown to another), all within a bounded time; each is saved apart,
under its own browser's id (the cookie the page sets).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from uikit import HBSAG_URL, INTERFERON_URL, gradio_client

pytestmark = pytest.mark.integration

QUESTIONS = {
    "How does interferon work against hepatitis B?": INTERFERON_URL,
    "What is the mechanism of action of interferon therapy in hepatitis B?": INTERFERON_URL,
    "How does pegylated interferon alpha act on the hepatitis B virus?": INTERFERON_URL,
    "Why can interferon give a sustained off-treatment response in chronic hepatitis B?": INTERFERON_URL,
    "What side effects does interferon therapy for hepatitis B cause?": INTERFERON_URL,
    "Are there new drugs for hepatitis B aimed at surface antigen clearance?": HBSAG_URL,
    "What new therapeutic agents target HBsAg clearance?": HBSAG_URL,
    "Why is HBsAg seroclearance important in chronic hepatitis B treatment?": HBSAG_URL,
    "Which new hepatitis B therapies focus on clearing the surface antigen?": HBSAG_URL,
    "What does a functional cure for hepatitis B mean for surface antigen clearance?": HBSAG_URL,
}
FOLLOW_UP = "And its limits?"  # short: read together with the session's own previous question
TOTAL_BUDGET_S = 120
_FIRST_MARKER = re.compile(r"\[\\\[1\\\]\]\((\S+?)\)")


def _readings() -> dict[str, str]:
    """How the product reads FOLLOW_UP after each session's question, with the topic words of
    the app's library (the two seed articles)."""
    from types import SimpleNamespace

    from assistant.followup import FollowUps
    from ingest.reader import read_article
    from ingest_testkit import SEED_HBSAG, SEED_INTERFERON, SEEDS_DIR

    articles = [read_article(SEEDS_DIR / name, site_url="https://example.org")
                for name in (SEED_HBSAG, SEED_INTERFERON)]
    reader = FollowUps.from_library(SimpleNamespace(articles=articles))
    return {q: reader.standalone(FOLLOW_UP, [q]) for q in QUESTIONS}


def message_text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, list):
        return " ".join(block.get("text", "") for block in content if isinstance(block, dict))
    if isinstance(content, dict):
        return content.get("text", "")
    return str(content)


def first_citation(markdown: str) -> str | None:
    m = _FIRST_MARKER.search(markdown)
    return m.group(1) if m else None


def test_ten_concurrent_conversations_each_get_their_own_answers(seed_app):
    barrier = threading.Barrier(len(QUESTIONS), timeout=60)

    def conversation(question: str) -> dict:
        browser = f"browser{abs(hash(question)) % 10**12:012d}"  # as the page's cookie would be
        client = gradio_client(seed_app.url, headers={"Cookie": f"quicktakes_browser={browser}"})
        try:
            barrier.wait()  # every session asks at the same moment
            started = time.monotonic()
            box, chat, sources, _related = client.predict(question, [], "All subjects",
                                                          api_name="/chat")
            first_s = time.monotonic() - started
            # the follow-up: the server keeps this session's turns (a gr.State), not ours
            _, chat2, _, _ = client.predict(FOLLOW_UP, chat, "All subjects", api_name="/chat")
            return {"box": box, "chat": chat, "sources": sources, "chat2": chat2,
                    "first_s": first_s, "owner": f"browser:{browser}"}
        finally:
            client.close()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(QUESTIONS)) as pool:
        futures = {q: pool.submit(conversation, q) for q in QUESTIONS}
        results = {q: f.result(timeout=TOTAL_BUDGET_S) for q, f in futures.items()}
    elapsed = time.monotonic() - started
    assert elapsed < TOTAL_BUDGET_S, f"ten conversations took {elapsed:.1f} s"

    readings = _readings()
    assert len(set(readings.values())) > 1  # the sessions' topics differ, so a mix-up shows
    for question, expected_url in QUESTIONS.items():
        r = results[question]
        assert r["box"] == ""
        chat = r["chat"]
        assert [m["role"] for m in chat] == ["user", "assistant"], chat
        assert message_text(chat[0]) == question  # its own question, nobody else's
        answer = message_text(chat[1])
        assert first_citation(answer) == expected_url, (question, answer[:600])
        assert "is not medical advice" in answer
        assert f'href="{expected_url}"' in r["sources"]

        chat2 = r["chat2"]
        assert [m["role"] for m in chat2] == ["user", "assistant"] * 2
        assert message_text(chat2[2]) == FOLLOW_UP
        follow = message_text(chat2[3])
        # "Understood as: And <the topic of this session's question>'s limits?" proves the
        # session's own history was used, not another client's
        understood = re.search(r"\*Understood as: (.+?)\*", follow)
        assert understood, follow[:400]
        plain = understood.group(1).replace("\\", "")
        assert plain == readings[question] and plain != FOLLOW_UP, (plain, question)
    # saved apart: each browser has one conversation, its own two turns
    from history.conversations import title_of

    with sqlite3.connect(seed_app.data_dir / "conversations.sqlite3") as db:
        for question, r in results.items():
            rows = db.execute("SELECT c.title, t.question FROM conversations c JOIN turns t "
                              "ON t.conversation_id = c.id WHERE c.owner = ? ORDER BY t.position",
                              (r["owner"],)).fetchall()
            assert rows == [(title_of(question), question), (title_of(question), FOLLOW_UP)], (question, rows)
    print(f"10 conversations x 2 turns in {elapsed:.1f} s; first answers took "
          f"{min(r['first_s'] for r in results.values()):.1f}-"
          f"{max(r['first_s'] for r in results.values()):.1f} s")
