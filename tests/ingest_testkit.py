"""Test data builders shared by the ingest tests (imported by conftest and test modules)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO / "samples" / "articles"
SITE_URL = "https://www.quicktakes.io"
SEED_HBSAG = "are-there-any-new-therapeutic-agents-for-hepatitis-b-that-focus-on-surface-antigen-clearance.md"
SEED_INTERFERON = "what-is-the-mechanism-of-action-of-interferon-therapy-in-hepatitis-b-treatment.md"
ENV_PREFIXES = ("QUICKTAKES_", "OPENAI_")  # settings and API keys: never taken from the shell


def article_text(
    *,
    id: object = 900001,
    question: str | None = "What is a test article?",
    answer: str | None = r"First paragraph of the answer.\n\nSecond paragraph with **bold** text.",
    title: str | None = None,
    subject: str = "Medicine",
    url: str = "/learn/medicine/questions/what-is-a-test-article",
    date: str = "2024-12-20",
    extra: str = "",
) -> str:
    """A QuickTakes-format article; a field given as None is left out."""
    lines = ["---", "_schema: default"]
    if id is not None:
        lines.append(f"id: {id}")
    lines.append(f"date: {date}")
    if title is not None or question is not None:
        lines += ["title: >-", f"    {title or question}"]
    lines.append("author: QuickTakes")
    if question is not None:
        lines += ["question: >-", f"    {question}"]
    if answer is not None:
        lines += (["answer: >-", f"    {answer}"] if answer else ['answer: ""'])
    lines += [f"subject: {subject}", f"url: {url}", "score: -1.0"]
    if extra:
        lines.append(extra.rstrip("\n"))
    lines += ["---", "", "&nbsp;"]
    return "\n".join(lines)


# "too_big" is a valid article padded past ``TOO_BIG_LIMIT`` (pass that as max_file_bytes).
TOO_BIG_LIMIT = 20_000


def bad_files() -> dict[str, tuple[bytes, str]]:
    """One file of each kind the reader must reject: kind -> (bytes, field named in the error)."""
    return {
        "missing_question": (article_text(id=900101, question=None, title="Has a title").encode(), "question"),
        "empty_answer": (article_text(id=900102, answer="").encode(), "answer"),
        "missing_id": (article_text(id=None).encode(), "id"),
        "id_not_integer": (article_text(id="abc").encode(), "id"),
        "id_float": (article_text(id="12.5").encode(), "id"),
        "broken_yaml": (
            b"---\nid: 900103\nquestion: [unclosed\nanswer: >-\n    text\n---\n\n&nbsp;", "front matter"),
        "no_front_matter": (b"Just a note, no YAML block.\n\nid: 900104\n", "front matter"),
        "not_utf8": (article_text(id=900105, question="Qu'est-ce que la fi\u00e8vre?").encode("latin-1"), "file"),
        "binary": (b"---\nid: 900106\n\x00\x00\x00\x01\x02\xff\xfe\x00" * 8, "file"),
        "empty": (b"", "file"),
        "too_big": (
            article_text(id=900107, answer="Long answer. " * (TOO_BIG_LIMIT // 10)).encode(), "file"),
    }


BAD_KINDS = tuple(bad_files())


def write_bad_files(folder: Path) -> dict[Path, str]:
    """Write every bad kind as ``bad-<kind>.md`` into ``folder``: path -> expected field."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for kind, (data, field) in bad_files().items():
        path = folder / f"bad-{kind}.md"
        path.write_bytes(data)
        out[path] = field
    return out


# ----- environment --------------------------------------------------------------------------

def clean_environ(**extra: str) -> dict[str, str]:
    """``os.environ`` without settings or API keys from the shell, plus ``extra``.

    For subprocesses.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIXES)}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                "TOKENIZERS_PARALLELISM": "false", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


@contextmanager
def clean_env(**extra: str):
    """The same inside this process, for fixtures wider than a test (the autouse fixture
    that cleans the environment runs after module- and session-scoped fixtures)."""
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith(ENV_PREFIXES):
                mp.delenv(key)
        for key, value in extra.items():
            mp.setenv(key, value)
        yield


# ----- store checks -------------------------------------------------------------------------

def expected_ids(records: list[dict]) -> set[str]:
    """Ids a consistent index holds for these article records (as dicts: ``asdict(record)``)."""
    ids = set()
    for record in records:
        aid, short = record["id"], record["hash"][:12]
        ids.add(f"q:{aid}")
        ids.update(f"c:{aid}:{short}:{n}" for n in range(record["n_chunks"]))
    return ids


def assert_consistent(store) -> None:
    """Every committed article has exactly its chunks of the committed hash; nothing else."""
    assert set(store.all_ids()) == expected_ids([asdict(r) for r in store.article_records()])
    assert store.stale_chunk_ids() == []
