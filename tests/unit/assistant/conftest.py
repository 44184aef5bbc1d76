"""Fast indexes for the answering unit tests: the fake embedder, built once per session.

``seed_index``: the two sample articles. ``five_index``: the samples and three more
hepatitis B articles (a question retrieves five sources, one more than the language model
is shown). Tests only read these indexes.

The refusal threshold ``retrieval.min_dense_similarity`` was tuned for MiniLM, not for the
fake embedder's hashed bag of words, so these tests set it explicitly: 0.0 to always
answer, 0.99 to always refuse (real semantic refusal is tested in tests/integration). For the
same reason the sentence check of a model's answer is off unless a test turns it on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant_fixtures import ANSWER_ALWAYS, SEEDS_DIR, build_index, clean_env, write_extra_articles


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("assistant_seed_index")
    with clean_env():
        build_index(data_dir, [SEEDS_DIR], embedding={"provider": "fake"})
    return data_dir


@pytest.fixture(scope="session")
def five_index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("assistant_five_index")
    extra = root / "extra"
    write_extra_articles(extra)
    data_dir = root / "data"
    with clean_env():
        build_index(data_dir, [SEEDS_DIR, extra], embedding={"provider": "fake"})
    return data_dir


def _make(data_dir: Path, chat_model=None, min_similarity: float = ANSWER_ALWAYS, **overrides):
    from assistant.factory import build_assistant
    from config import load_settings

    overrides.setdefault("verify", {"check": False})  # the sentence check: test_verify_answers.py
    settings = load_settings(data_dir=data_dir, embedding={"provider": "fake"},
                             retrieval={"min_dense_similarity": min_similarity,
                                        "min_similarity_with_words": min_similarity}, **overrides)
    return build_assistant(settings, chat_model=chat_model)


@pytest.fixture
def seed_assistant(seed_index):
    """Factory: an assistant on the seed index (extractive unless ``chat_model`` is given)."""
    return lambda chat_model=None, **kw: _make(seed_index, chat_model, **kw)


@pytest.fixture
def five_assistant(five_index):
    """Factory: an assistant on the five-article index."""
    return lambda chat_model=None, **kw: _make(five_index, chat_model, **kw)


@pytest.fixture(scope="module")
def extractive_seed_assistant(seed_index):
    """One extractive assistant for a whole module (read-only use)."""
    with clean_env():
        return _make(seed_index)
