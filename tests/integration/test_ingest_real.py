"""Incremental ingest with the real local MiniLM embedder on the 303-article corpus slice.

One index is built per module (the expensive part, about a minute on 2 cores); each test
then changes the folder, re-ingests and checks that only what changed was embedded. Every
test leaves folder and index in step, so they also pass one by one.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pytest

from config import load_settings
from ingest.chunker import chunk_article
from library.records import parse_chunk_id
from ingest.embedder import Embedder, LocalEmbedder, make_embedder
from ingest.pipeline import IngestReport, Ingestor
from ingest.reader import find_article_files, read_article
from library.chroma_store import ChunkStore
from ingest_testkit import assert_consistent, clean_env

pytestmark = pytest.mark.integration


class SpyEmbedder(Embedder):
    """Counts what reaches the real model."""

    def __init__(self, inner: Embedder):
        self.inner = inner
        self.name = inner.name
        self.texts_embedded = 0

    def embed_documents(self, texts):
        self.texts_embedded += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@dataclass
class RealIndex:
    folder: Path
    settings: object
    embedder: SpyEmbedder
    first: IngestReport
    first_files: int
    first_summary: dict

    def ingest(self) -> IngestReport:
        return Ingestor(self.settings, embedder=self.embedder).run([self.folder])

    def store(self) -> ChunkStore:
        return ChunkStore.open(self.settings, self.embedder.name, create=False)

    def files(self) -> list[Path]:
        return find_article_files([self.folder])

    def read(self, path: Path):
        return read_article(path, site_url=self.settings.site_url,
                            max_bytes=self.settings.ingest.max_file_bytes)


@pytest.fixture(scope="module")
def real_index(corpus_slice, tmp_path_factory) -> RealIndex:
    root = tmp_path_factory.mktemp("real_ingest")
    folder = root / "articles"
    shutil.copytree(corpus_slice, folder)
    with clean_env():
        settings = load_settings(data_dir=root / "data")
    assert settings.embedding.provider == "local"  # the default: the real model
    inner = make_embedder(settings)
    assert isinstance(inner, LocalEmbedder)
    embedder = SpyEmbedder(inner)
    files = find_article_files([folder])
    first = Ingestor(settings, embedder=embedder).run([folder])
    summary = ChunkStore.open(settings, embedder.name, create=False).summary()
    return RealIndex(folder, settings, embedder, first, len(files), summary)


def test_first_ingest_adds_every_file(real_index):
    first = real_index.first
    assert real_index.first_files == 303
    assert first.failed == []
    assert (first.added, first.updated, first.unchanged, first.removed) == (303, 0, 0, 0)
    assert first.chunks_embedded > 303  # an article record and at least one chunk each

    summary = real_index.first_summary
    assert summary["embedding_model"] == real_index.embedder.name
    assert summary["embedding_model"].startswith("local:all-MiniLM-L6-v2")
    assert summary["articles"] == 303
    assert summary["articles"] + summary["chunks"] == first.chunks_embedded
    assert len(summary["subjects"]) >= 3 and sum(summary["subjects"].values()) == 303


def test_index_is_consistent(real_index):
    store = real_index.store()
    committed = store.committed()
    assert len(committed) == len(real_index.files())
    assert_consistent(store)
    # the vectors are the model's: 384 dimensions, unit length
    for stored in islice(store.get(embeddings=True), 3):
        vec = stored.embedding
        assert len(vec) == 384
        assert sum(v * v for v in vec) == pytest.approx(1.0, abs=1e-3)


def test_second_ingest_embeds_nothing(real_index):
    before = real_index.embedder.texts_embedded
    report = real_index.ingest()
    assert report.chunks_embedded == 0
    assert real_index.embedder.texts_embedded == before
    assert report.unchanged == len(real_index.files())
    assert (report.added, report.updated, report.removed, report.failed) == (0, 0, 0, [])


def test_dense_query_of_exact_question_returns_its_article_record(real_index):
    store = real_index.store()
    articles = [real_index.read(p) for p in real_index.files()]
    counts = Counter(a.question for a in articles)
    unique = [a for a in articles if counts[a.question] == 1]
    picks = unique[:: max(1, len(unique) // 8)][:8]  # spread across subjects
    assert len({a.subject for a in picks}) >= 3
    for article in picks:
        hits = store.query(real_index.embedder.embed_query(article.question), 5)
        assert hits[0].id == f"q:{article.id}", (article.question, [h.id for h in hits])
        assert hits[0].similarity > 0.99


def _long_article(real_index) -> Path:
    """The file whose answer makes the most chunks."""
    chunk_chars = real_index.settings.ingest.chunk_chars
    return max(real_index.files(),
               key=lambda p: (len(chunk_article(real_index.read(p), chunk_chars)[1]), p.name))


def test_edit_one_answer_reembeds_only_that_article(real_index):
    path = _long_article(real_index)
    article = real_index.read(path)
    store = real_index.store()
    old_chunks = {i for i in store.all_ids() if (parse_chunk_id(i) or (None,))[0] == article.id}
    assert len(old_chunks) >= 3

    text = path.read_text(encoding="utf-8")
    marker = "\nanswer: >-\n    "
    assert marker in text
    path.write_text(text.replace(marker, marker + "Edited by the test. ", 1), encoding="utf-8")
    edited = real_index.read(path)
    assert edited.answer.startswith("Edited by the test.")

    before = real_index.embedder.texts_embedded
    report = real_index.ingest()
    n_chunks = 1 + len(chunk_article(edited, real_index.settings.ingest.chunk_chars)[1])
    assert report.updated == 1
    assert report.chunks_embedded == n_chunks
    assert real_index.embedder.texts_embedded - before == n_chunks
    assert report.unchanged == len(real_index.files()) - 1
    new_chunks = {i for i in store.all_ids() if (parse_chunk_id(i) or (None,))[0] == article.id}
    assert new_chunks and not new_chunks & old_chunks
    (record,) = store.article_records([article.id])
    assert "Edited by the test." in record.text
    assert_consistent(store)


def test_delete_one_file_removes_its_article(real_index):
    path = real_index.files()[0]
    article = real_index.read(path)
    store = real_index.store()
    assert article.id in store.committed()
    path.unlink()

    report = real_index.ingest()
    assert report.removed == 1
    assert report.chunks_embedded == 0
    assert article.id not in store.committed()
    assert not [i for i in store.all_ids()
                if i == f"q:{article.id}" or (parse_chunk_id(i) or (None,))[0] == article.id]
    assert len(store.committed()) == len(real_index.files())
    assert_consistent(store)


def test_a_running_reader_finds_an_article_re_ingested_beside_it(real_index):
    """A server started before a re-ingest: the edited article stays findable by meaning, in
    its new version (its old chunks are deleted by the ingest, its new ones carry a hash the
    reader did not load at start-up)."""
    from assistant.factory import build_retriever

    retriever = build_retriever(real_index.settings, embedder=real_index.embedder.inner)
    articles = [real_index.read(p) for p in real_index.files()]
    counts = Counter(a.question for a in articles)
    path = next(p for p, a in zip(real_index.files(), articles)
                if counts[a.question] == 1 and "Edited" not in a.answer)
    article = real_index.read(path)
    assert article.id in {h.article_id for h in retriever.dense.search(article.question, 5)}

    text = path.read_text(encoding="utf-8")
    marker = "\nanswer: >-\n    "
    path.write_text(text.replace(marker, marker + "Rewritten while a server ran. ", 1), encoding="utf-8")
    try:
        assert real_index.ingest().updated == 1
        dense = retriever.dense.search(article.question, 5)
        assert article.id in {h.article_id for h in dense}
        hit = next(h for h in retriever.retrieve(article.question, k=5).hits if h.article.id == article.id)
        assert hit.article.answer.startswith("Rewritten while a server ran.")
    finally:
        path.write_text(text, encoding="utf-8")
        real_index.ingest()


def test_answers_from_a_saved_snapshot_are_the_answers_built_from_the_store(real_index, capsys,
                                                                           monkeypatch):
    """Start-up loads what it once built from the store, without the answers' text (fetched by
    id when shown): the same answers, word for word, as a library holding every answer."""
    import shutil

    from assistant.factory import build_assistant
    from assistant.retrieval.library import Library

    shutil.rmtree(real_index.settings.data_dir / "snapshots", ignore_errors=True)
    capsys.readouterr()
    with monkeypatch.context() as m:
        m.setattr(Library, "lighten", lambda self: self)  # the library as it was: every answer held
        whole = build_assistant(real_index.settings, embedder=real_index.embedder.inner)
    assert "built it" in capsys.readouterr().err  # read from the store, then saved
    assert not whole.library.light
    shutil.rmtree(real_index.settings.data_dir / "snapshots", ignore_errors=True)
    build_assistant(real_index.settings, embedder=real_index.embedder.inner)  # saves a light one
    capsys.readouterr()
    loaded = build_assistant(real_index.settings, embedder=real_index.embedder.inner)
    assert capsys.readouterr().err == ""  # loaded from the saved file
    assert loaded.library.light and not any(a.answer for a in loaded.library.articles)
    articles = [real_index.read(p) for p in real_index.files()[::25]]
    questions = [a.question for a in articles] + [
        "can my kids catch shingles from me", "what foods should i avoid with gout",
        "is it safe to take ibuprofen with high blood pressure", "how long does the flu last"]
    for question in questions:
        a, b = whole.ask(question).to_json(), loaded.ask(question).to_json()
        a.pop("timings_ms"), b.pop("timings_ms")
        assert a == b, question
