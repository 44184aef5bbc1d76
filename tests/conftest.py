"""Shared fixtures: an isolated environment per test, settings, articles, the corpus slice.

Every test runs with ``QUICKTAKES_DATA_DIR`` pointing at its own ``tmp_path`` and without any
``QUICKTAKES_*``/``OPENAI_*`` variable from the developer's shell, so nothing reads or writes
``./data`` and no test talks to a real API by accident.

The corpus slice is committed (``tests/data/corpus-slice.tar.gz``, 303 MedQuAD articles, CC BY
4.0): ``corpus_slice`` unpacks it into a session temp folder. No test reads anything outside
the checkout.
"""

from __future__ import annotations

import os
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest_testkit import ENV_PREFIXES, REPO, SEED_HBSAG, SEED_INTERFERON, SEEDS_DIR

# The tests' own data: nothing outside the checkout is read (see tests/data/README.md).
TEST_DATA = REPO / "tests" / "data"
CORPUS_SLICE = TEST_DATA / "corpus-slice.tar.gz"
CORPUS_SLICE_SIZE = 303


# ----- isolation ----------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No settings leak in from the shell; the data folder is the test's own tmp_path."""
    for key in list(os.environ):
        if key.startswith(ENV_PREFIXES):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("QUICKTAKES_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.setenv("TOKENIZERS_PARALLELISM", "false")
    return tmp_path


@pytest.fixture
def settings(tmp_path: Path) -> Callable[..., object]:
    """Factory: ``settings(embedding={"provider": "fake"}, ingest={"chunk_chars": 400})``."""
    from config import load_settings

    def make(**overrides):
        overrides.setdefault("data_dir", tmp_path)
        return load_settings(**overrides)

    return make


@pytest.fixture(scope="session")
def real_embedder():
    """The bundled all-MiniLM-L6-v2, loaded once for every test that indexes for real."""
    from assistant_fixtures import clean_env
    from config import load_settings
    from ingest.embedder import LocalEmbedder, make_embedder

    with clean_env():
        embedder = make_embedder(load_settings())
    assert isinstance(embedder, LocalEmbedder)
    return embedder


@pytest.fixture
def fake_embedder():
    from ingest.embedder import FakeEmbedder

    return FakeEmbedder()


# ----- articles -----------------------------------------------------------------------------

@pytest.fixture
def seeds_dir() -> Path:
    assert (SEEDS_DIR / SEED_HBSAG).is_file() and (SEEDS_DIR / SEED_INTERFERON).is_file()
    return SEEDS_DIR


@pytest.fixture
def seed_copy(tmp_path: Path, seeds_dir: Path) -> Path:
    """A writable copy of the two seed articles in ``tmp_path/articles``."""
    dest = tmp_path / "articles"
    shutil.copytree(seeds_dir, dest)
    for path in dest.iterdir():
        path.chmod(0o644)
    return dest


# ----- corpus slice -------------------------------------------------------------------------

def _slice_maker():
    """tests/data/make_corpus_slice.py, which chose the slice: its rules are checked here."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus_slice", TEST_DATA / "make_corpus_slice.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def corpus_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 303 MedQuAD articles of ``tests/data/corpus-slice.tar.gz`` (all twelve subjects, one
    answer longer than ``LONG_ANSWER_CHARS``; chosen by ``tests/data/make_corpus_slice.py``),
    unpacked once per session. Returns the ``articles`` folder (``<subject>/<slug>.md``)."""
    assert CORPUS_SLICE.is_file(), f"{CORPUS_SLICE} is missing from the checkout"
    dest = tmp_path_factory.mktemp("corpus")
    with tarfile.open(CORPUS_SLICE, "r:gz") as tar:
        for member in tar.getmembers():
            # member names are articles/<subject>/<slug>.md; never trust them as paths blindly
            parts = Path(member.name).parts
            assert member.isfile() and len(parts) == 3 and parts[0] == "articles" and ".." not in parts, member.name
            target = dest / parts[0] / parts[1] / parts[2]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
    files = sorted((dest / "articles").rglob("*.md"))
    assert len(files) == CORPUS_SLICE_SIZE
    assert len({p.parent.name for p in files}) == 12
    maker = _slice_maker()
    assert any(maker.answer_length(p.read_bytes()) > maker.LONG_ANSWER_CHARS for p in files)
    return dest / "articles"


@pytest.fixture
def corpus_copy(corpus_slice: Path, tmp_path: Path) -> Path:
    """A writable copy of the corpus slice for tests that edit or delete files."""
    dest = tmp_path / "corpus"
    shutil.copytree(corpus_slice, dest)
    return dest
