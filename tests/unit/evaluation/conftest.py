"""A small index for the evaluation unit tests: the two sample articles and six synthetic
ones (``eval_testdata.py``), fake embedder, built once per session.

The refusal threshold ``retrieval.min_dense_similarity`` was tuned for MiniLM; with the
fake embedder an article's own question matches its question record exactly (similarity
1.0), so the stored-answer evaluation is answered, and leave-one-out may be refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval_testdata import SYNTHETIC, settings_for, write_article
from ingest_testkit import SEEDS_DIR, clean_env


@pytest.fixture(scope="session")
def eval_index(tmp_path_factory) -> Path:
    """The data folder of the index (seeds + synthetic articles), read-only for tests."""
    from ingest.pipeline import Ingestor

    root = tmp_path_factory.mktemp("eval_index")
    extra = root / "extra"
    for spec in SYNTHETIC:
        write_article(extra, **spec)
    data_dir = root / "data"
    with clean_env():
        report = Ingestor(settings_for(data_dir)).run([SEEDS_DIR, extra])
    assert not report.failed and report.added == 2 + len(SYNTHETIC), report.as_dict()
    return data_dir


@pytest.fixture
def make_assistant(eval_index):
    """Factory: an assistant on the index (extractive unless ``chat_model`` is given)."""
    from assistant.factory import build_assistant

    def make(chat_model=None, min_similarity: float | None = None):
        retrieval = {} if min_similarity is None else {"min_dense_similarity": min_similarity,
                                                       "min_similarity_with_words": min_similarity}
        return build_assistant(settings_for(eval_index, retrieval=retrieval), chat_model=chat_model)

    return make


@pytest.fixture(scope="module")
def extractive_assistant(eval_index):
    """One extractive assistant for a module (read-only use)."""
    from assistant.factory import build_assistant

    with clean_env():
        return build_assistant(settings_for(eval_index))
