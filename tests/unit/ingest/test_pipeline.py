"""ingest.pipeline with the fake embedder and a real on-disk Chroma in tmp_path.

Covers the incremental contract: bad files are reported and skipped, unchanged articles cost
nothing, an edit re-embeds one article, deletions are swept, rebuild swaps a fresh collection
in, and a crash part-way leaves every article in its old or its new version.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from config import ConfigError
from ingest.chunker import chunk_article
from ingest.embedder import FakeEmbedder
from ingest.pipeline import Ingestor, Progress
from ingest.reader import file_sha, read_article
from library.records import CHUNK_KIND, ArticleRecord, parse_chunk_id
from library.chroma_store import ChunkStore
from library.store import REBUILD_SUFFIX
from ingest_testkit import (
    SEED_HBSAG,
    SEED_INTERFERON,
    SITE_URL,
    TOO_BIG_LIMIT,
    article_text,
    assert_consistent,
    write_bad_files,
)

REPORT_KEYS = {"added", "updated", "unchanged", "removed", "failed", "chunks_embedded",
               "answer_chunks_embedded", "seconds", "snapshot_seconds"}


# ----- helpers ------------------------------------------------------------------------------

@pytest.fixture
def cfg(settings):
    """Fake embedder, and a file-size limit the too-big bad file is over."""
    return settings(embedding={"provider": "fake"}, ingest={"max_file_bytes": TOO_BIG_LIMIT})


def n_records(path: Path, chunk_chars: int) -> int:
    """Records (article record + answer chunks) the article in ``path`` becomes."""
    _record, chunks = chunk_article(read_article(path, site_url=SITE_URL), chunk_chars)
    return 1 + len(chunks)


def open_store(ingestor: Ingestor) -> ChunkStore:
    return ChunkStore.open(ingestor.settings, ingestor.embedder.name, client=ingestor.client,
                           create=False)


def ids_of_article(store: ChunkStore, article_id: int) -> set[str]:
    return {i for i in store.all_ids()
            if i == f"q:{article_id}" or (parse_chunk_id(i) or (None,))[0] == article_id}


@pytest.fixture
def mixed_folder(seed_copy: Path) -> tuple[Path, set[Path], dict[Path, str]]:
    """Seeds + a good article with a javascript: url + every bad kind + a duplicate id.

    Returns (folder, good files, bad file -> field its error names).
    """
    good = {seed_copy / SEED_HBSAG, seed_copy / SEED_INTERFERON}
    js = seed_copy / "javascript-url.md"
    js.write_text(article_text(id=900200, question="Is this link safe?", url="'javascript:alert(1)'"),
                  encoding="utf-8")
    good.add(js)
    bad = write_bad_files(seed_copy)
    dup = seed_copy / "zz-duplicate-id.md"  # sorts after the seed that owns id 140093
    dup.write_text(article_text(id=140093, question="A different question with a used id?"),
                   encoding="utf-8")
    bad[dup] = "id"
    return seed_copy, good, bad


# ----- a folder with bad files --------------------------------------------------------------

def test_mixed_folder_report(cfg, fake_embedder, mixed_folder):
    folder, good, bad = mixed_folder
    report = Ingestor(cfg, embedder=fake_embedder).run([folder])

    assert (report.added, report.updated, report.unchanged, report.removed) == (3, 0, 0, 0)
    failed = {f["file"]: f["error"] for f in report.failed}
    assert set(failed) == {str(p) for p in bad}
    assert len(report.failed) == len(bad)
    for path, field in bad.items():
        assert failed[str(path)].startswith(f"{field}: "), (path.name, failed[str(path)])
    expected_chunks = sum(n_records(p, cfg.ingest.chunk_chars) for p in good)
    assert report.chunks_embedded == expected_chunks == fake_embedder.texts_embedded


def test_duplicate_id_names_both_files_and_keeps_the_first(cfg, fake_embedder, mixed_folder):
    folder, _good, _bad = mixed_folder
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    report = ingestor.run([folder])

    dup = str(folder / "zz-duplicate-id.md")
    kept = str(folder / SEED_HBSAG)
    (error,) = [f["error"] for f in report.failed if f["file"] == dup]
    assert kept in error and "140093" in error
    (record,) = open_store(ingestor).article_records([140093])
    assert record.file == kept
    assert record.text.startswith("Are there any new therapeutic agents for Hepatitis B")


def test_javascript_url_is_stored_empty(cfg, fake_embedder, mixed_folder):
    folder, _good, _bad = mixed_folder
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    ingestor.run([folder])
    store = open_store(ingestor)
    (record,) = store.article_records([900200])
    assert record.url == ""
    (seed,) = store.article_records([140091])
    assert seed.url.startswith(SITE_URL + "/learn/medicine/questions/")


def test_second_run_embeds_nothing(cfg, fake_embedder, mixed_folder):
    folder, good, bad = mixed_folder
    Ingestor(cfg, embedder=fake_embedder).run([folder])
    before = fake_embedder.texts_embedded
    assert before > 0

    again = Ingestor(cfg, embedder=fake_embedder).run([folder])
    assert fake_embedder.texts_embedded == before
    assert again.chunks_embedded == 0
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, len(good), 0)
    assert {f["file"] for f in again.failed} == {str(p) for p in bad}


def test_progress_sees_every_file(cfg, fake_embedder, mixed_folder):
    folder, good, bad = mixed_folder

    class Recorder(Progress):
        def __init__(self):
            self.total, self.files, self.chunks, self.closed = None, 0, 0, False

        def start(self, total_files):
            self.total = total_files

        def advance(self, files, chunks):
            self.files += files
            self.chunks += chunks

        def close(self):
            self.closed = True

    rec = Recorder()
    report = Ingestor(cfg, embedder=fake_embedder).run([folder], progress=rec)
    assert rec.total == rec.files == len(good) + len(bad)
    assert rec.chunks == report.chunks_embedded and rec.closed


# ----- changes between runs -----------------------------------------------------------------

def test_edit_reembeds_only_that_article(cfg, fake_embedder, seed_copy):
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    ingestor.run([seed_copy])
    store = open_store(ingestor)
    old_ids = ids_of_article(store, 140091)
    other_ids = ids_of_article(store, 140093)
    before = fake_embedder.texts_embedded

    path = seed_copy / SEED_INTERFERON
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("key treatment option", "central treatment option"), encoding="utf-8")
    report = Ingestor(cfg, embedder=fake_embedder).run([seed_copy])

    assert (report.added, report.updated, report.unchanged, report.removed) == (0, 1, 1, 0)
    assert report.chunks_embedded == n_records(path, cfg.ingest.chunk_chars)
    assert fake_embedder.texts_embedded - before == report.chunks_embedded
    new_ids = ids_of_article(store, 140091)
    assert not (old_ids - {"q:140091"}) & new_ids  # old chunks are gone
    assert ids_of_article(store, 140093) == other_ids
    (record,) = store.article_records([140091])
    assert "central treatment option" in record.text and record.file_sha == file_sha(path.read_bytes())
    assert_consistent(store)


def test_byte_change_outside_indexed_fields_embeds_nothing(cfg, fake_embedder, seed_copy):
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    ingestor.run([seed_copy])
    before = fake_embedder.texts_embedded

    path = seed_copy / SEED_HBSAG
    path.write_text(path.read_text(encoding="utf-8").replace("score: -1.0", "score: 0.5"),
                    encoding="utf-8")
    report = Ingestor(cfg, embedder=fake_embedder).run([seed_copy])
    assert (report.unchanged, report.updated, report.chunks_embedded) == (2, 0, 0)
    assert fake_embedder.texts_embedded == before
    (record,) = open_store(ingestor).article_records([140093])
    assert record.file_sha == file_sha(path.read_bytes())  # next run takes the fast path


def test_renamed_file_is_not_reembedded_nor_removed(cfg, fake_embedder, seed_copy):
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    ingestor.run([seed_copy])
    before = fake_embedder.texts_embedded

    new = seed_copy / "sub" / "renamed.md"
    new.parent.mkdir()
    (seed_copy / SEED_HBSAG).rename(new)
    report = Ingestor(cfg, embedder=fake_embedder).run([seed_copy])
    assert (report.unchanged, report.removed, report.chunks_embedded) == (2, 0, 0)
    assert fake_embedder.texts_embedded == before
    store = open_store(ingestor)
    (record,) = store.article_records([140093])
    assert record.file == str(new.resolve())
    again = Ingestor(cfg, embedder=fake_embedder).run([seed_copy])
    assert (again.unchanged, again.removed, again.chunks_embedded) == (2, 0, 0)
    assert_consistent(store)


def test_deleted_file_is_removed(cfg, fake_embedder, seed_copy):
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    ingestor.run([seed_copy])
    store = open_store(ingestor)
    kept_ids = ids_of_article(store, 140093)
    assert ids_of_article(store, 140091)

    (seed_copy / SEED_INTERFERON).unlink()
    report = Ingestor(cfg, embedder=fake_embedder).run([seed_copy])
    assert (report.removed, report.unchanged, report.chunks_embedded) == (1, 1, 0)
    assert ids_of_article(store, 140091) == set()
    assert ids_of_article(store, 140093) == kept_ids
    assert set(store.committed()) == {140093}
    assert_consistent(store)


def test_deleted_file_stays_with_keep_missing(settings, fake_embedder, seed_copy):
    cfg = settings(embedding={"provider": "fake"}, ingest={"keep_missing": True})
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    ingestor.run([seed_copy])
    store = open_store(ingestor)
    ids = set(store.all_ids())

    (seed_copy / SEED_INTERFERON).unlink()
    report = Ingestor(cfg, embedder=fake_embedder).run([seed_copy])
    assert report.removed == 0
    assert set(store.all_ids()) == ids
    assert set(store.committed()) == {140091, 140093}


def test_file_now_holding_another_article(cfg, fake_embedder, seed_copy):
    """A file whose id changed: the old article goes, the new one comes."""
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    ingestor.run([seed_copy])
    path = seed_copy / SEED_INTERFERON
    path.write_text(article_text(id=555, question="Replaced?"), encoding="utf-8")
    report = Ingestor(cfg, embedder=fake_embedder).run([seed_copy])
    assert (report.added, report.removed, report.unchanged) == (1, 1, 1)
    store = open_store(ingestor)
    assert set(store.committed()) == {555, 140093}
    assert ids_of_article(store, 140091) == set()
    assert_consistent(store)


def test_file_that_becomes_broken_keeps_its_old_version(cfg, fake_embedder, seed_copy):
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    ingestor.run([seed_copy])
    store = open_store(ingestor)
    ids_before = set(store.all_ids())
    (before_break,) = store.article_records([140093])

    path = seed_copy / SEED_HBSAG
    original = path.read_bytes()
    path.write_bytes(original.replace(b"question: >-", b"question: [unclosed", 1))
    report = Ingestor(cfg, embedder=fake_embedder).run([seed_copy])

    assert [f["file"] for f in report.failed] == [str(path)]
    assert report.failed[0]["error"].startswith("front matter: ")
    assert report.removed == 0
    assert set(store.all_ids()) == ids_before
    (record,) = store.article_records([140093])
    assert (record.text, record.hash) == (before_break.text, before_break.hash)

    path.write_bytes(original)  # repaired: same content as indexed, nothing to embed
    before = fake_embedder.texts_embedded
    fixed = Ingestor(cfg, embedder=fake_embedder).run([seed_copy])
    assert (fixed.failed, fixed.unchanged, fixed.chunks_embedded) == ([], 2, 0)
    assert fake_embedder.texts_embedded == before


def test_new_chunk_size_rechunks_every_article(settings, fake_embedder, seed_copy):
    """The chunk size is part of an article's version hash: changing it re-chunks everything,
    even though no file changed."""
    Ingestor(settings(embedding={"provider": "fake"}, ingest={"chunk_chars": 1200}),
             embedder=fake_embedder).run([seed_copy])
    cfg = settings(embedding={"provider": "fake"}, ingest={"chunk_chars": 400})
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    report = ingestor.run([seed_copy])

    assert (report.updated, report.unchanged) == (2, 0)
    assert report.chunks_embedded == sum(n_records(p, 400) for p in seed_copy.glob("*.md"))
    store = open_store(ingestor)
    assert_consistent(store)
    chunks = [stored.record.text for stored in store.get(kind=CHUNK_KIND)]
    assert chunks and all(len(text) <= 400 for text in chunks)


def test_new_site_url_updates_the_stored_urls(settings, fake_embedder, seed_copy):
    """Relative urls are resolved against site_url, so a new site_url changes the content."""
    Ingestor(settings(embedding={"provider": "fake"}), embedder=fake_embedder).run([seed_copy])
    cfg = settings(embedding={"provider": "fake"}, site_url="https://example.org")
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    report = ingestor.run([seed_copy])

    assert report.updated == 2
    for record in open_store(ingestor).article_records():
        assert record.url.startswith("https://example.org/learn/medicine/questions/")


# ----- rebuild ------------------------------------------------------------------------------

def test_rebuild_reembeds_all_and_keeps_the_collection_name(cfg, fake_embedder, seed_copy):
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    first = ingestor.run([seed_copy])
    ids = set(open_store(ingestor).all_ids())
    before = fake_embedder.texts_embedded

    rebuilt = Ingestor(cfg, embedder=fake_embedder).run([seed_copy], rebuild=True)
    assert rebuilt.added == 2 and rebuilt.unchanged == 0
    assert rebuilt.chunks_embedded == first.chunks_embedded
    assert fake_embedder.texts_embedded - before == first.chunks_embedded

    fresh = Ingestor(cfg, embedder=fake_embedder)
    names = {c.name for c in fresh.client.list_collections()}
    assert names == {cfg.store.collection}
    store = open_store(fresh)
    assert set(store.all_ids()) == ids
    assert store.embedder_name == fake_embedder.name
    question = read_article(seed_copy / SEED_HBSAG, site_url=SITE_URL).question
    hits = store.query(fake_embedder.embed_query(question), 3)
    assert hits[0].id == "q:140093"
    after = fake_embedder.texts_embedded
    assert fresh.run([seed_copy]).chunks_embedded == 0  # the rebuilt index is incremental too
    assert fake_embedder.texts_embedded == after


def test_rebuild_switches_embedder(cfg, fake_embedder, seed_copy):
    Ingestor(cfg, embedder=fake_embedder).run([seed_copy])
    other = FakeEmbedder(dimension=64)
    with pytest.raises(ConfigError, match="--rebuild"):
        Ingestor(cfg, embedder=other).run([seed_copy])
    report = Ingestor(cfg, embedder=other).run([seed_copy], rebuild=True)
    assert report.added == 2
    ingestor = Ingestor(cfg, embedder=other)
    assert open_store(ingestor).embedder_name == "fake:64"
    assert ingestor.run([seed_copy]).chunks_embedded == 0


class ExplodingEmbedder(FakeEmbedder):
    """Fails on call number ``fail_on`` (1-based): a crash in the middle of a run."""

    def __init__(self, fail_on: int):
        super().__init__()
        self.fail_on = fail_on

    def embed_documents(self, texts):
        if self.calls + 1 == self.fail_on:
            self.calls += 1
            raise RuntimeError("embedder died")
        return super().embed_documents(texts)


def test_failed_rebuild_leaves_the_old_index_answering(settings, seed_copy):
    cfg = settings(embedding={"provider": "fake"}, ingest={"batch_articles": 1})
    ingestor = Ingestor(cfg, embedder=FakeEmbedder())
    ingestor.run([seed_copy])
    ids = set(open_store(ingestor).all_ids())

    with pytest.raises(RuntimeError, match="embedder died"):
        Ingestor(cfg, embedder=ExplodingEmbedder(fail_on=2)).run([seed_copy], rebuild=True)

    fresh = Ingestor(cfg, embedder=FakeEmbedder())
    assert set(open_store(fresh).all_ids()) == ids
    assert fresh.run([seed_copy]).chunks_embedded == 0
    again = Ingestor(cfg, embedder=FakeEmbedder()).run([seed_copy], rebuild=True)
    assert again.added == 2
    names = {c.name for c in fresh.client.list_collections()}
    assert names == {cfg.store.collection} and cfg.store.collection + REBUILD_SUFFIX not in names


# ----- a crash part-way ---------------------------------------------------------------------

def test_crash_part_way_leaves_old_or_new_versions(settings, seed_copy):
    """Batches of one article; the embedder dies on the third batch."""
    for i in range(4):
        (seed_copy / f"extra-{i}.md").write_text(
            article_text(id=800 + i, question=f"Extra question {i}?",
                         answer=rf"Paragraph one of extra {i}.\n\nParagraph two of extra {i}."),
            encoding="utf-8")
    cfg = settings(embedding={"provider": "fake"}, ingest={"batch_articles": 1})

    with pytest.raises(RuntimeError):
        Ingestor(cfg, embedder=ExplodingEmbedder(fail_on=3)).run([seed_copy])

    ingestor = Ingestor(cfg, embedder=FakeEmbedder())
    store = open_store(ingestor)
    assert len(store.committed()) == 2  # the two batches before the crash
    assert_consistent(store)

    report = ingestor.run([seed_copy])
    assert (report.added, report.unchanged, report.failed) == (4, 2, [])
    assert len(store.committed()) == 6
    assert_consistent(store)


def test_crash_between_chunks_and_commit_is_swept(settings, seed_copy, monkeypatch):
    """Chunks of a new version written, its article record never: the old version stays."""
    cfg = settings(embedding={"provider": "fake"})
    ingestor = Ingestor(cfg, embedder=FakeEmbedder())
    ingestor.run([seed_copy])
    store = open_store(ingestor)
    (old,) = store.article_records([140091])

    path = seed_copy / SEED_INTERFERON
    path.write_text(path.read_text(encoding="utf-8").replace("key treatment", "main treatment"),
                    encoding="utf-8")
    real_upsert = ChunkStore.upsert

    def upsert_then_die(self, chunks, embeddings):
        if any(isinstance(c, ArticleRecord) for c in chunks):
            raise KeyboardInterrupt  # killed just before the commit
        real_upsert(self, chunks, embeddings)

    monkeypatch.setattr(ChunkStore, "upsert", upsert_then_die)
    with pytest.raises(KeyboardInterrupt):
        Ingestor(cfg, embedder=FakeEmbedder()).run([seed_copy])
    monkeypatch.setattr(ChunkStore, "upsert", real_upsert)

    (record,) = store.article_records([140091])
    assert record.hash == old.hash and "main treatment" not in record.text
    assert store.stale_chunk_ids()  # the orphaned new chunks, not trusted by readers
    report = Ingestor(cfg, embedder=FakeEmbedder()).run([seed_copy])
    assert report.updated == 1
    assert_consistent(store)


# ----- store --------------------------------------------------------------------------------

def test_dense_query_finds_the_article_record(cfg, fake_embedder, seed_copy):
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    ingestor.run([seed_copy])
    store = open_store(ingestor)
    question = read_article(seed_copy / SEED_INTERFERON, site_url=SITE_URL).question
    hits = store.query(fake_embedder.embed_query(question), 5)
    assert hits[0].id == "q:140091"
    assert hits[0].similarity == pytest.approx(1.0, abs=1e-4)
    assert [h.similarity for h in hits] == sorted((h.similarity for h in hits), reverse=True)
    only_chunks = store.query(fake_embedder.embed_query(question), 3, chunks_only=True)
    assert only_chunks and all(h.id.startswith("c:") for h in only_chunks)


def test_open_without_index_is_a_config_error(cfg):
    with pytest.raises(ConfigError, match="quicktakes ingest"):
        ChunkStore.open(cfg, "fake:256", create=False)


# ----- the command line ---------------------------------------------------------------------

@pytest.fixture
def cli_env(monkeypatch):
    monkeypatch.setenv("QUICKTAKES_EMBEDDING__PROVIDER", "fake")
    monkeypatch.setenv("QUICKTAKES_INGEST__MAX_FILE_BYTES", str(TOO_BIG_LIMIT))


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_exit_1_when_some_files_fail(cli_env, capsys, settings, mixed_folder):
    folder, good, bad = mixed_folder
    chunk_chars = settings().ingest.chunk_chars
    code, out, _err = run_cli(capsys, "ingest", folder, "--json")
    assert code == 1
    summary = json.loads(out)
    assert set(summary) == REPORT_KEYS
    assert (summary["added"], summary["updated"], summary["unchanged"], summary["removed"]) == (3, 0, 0, 0)
    assert isinstance(summary["seconds"], float) and summary["seconds"] >= 0
    assert summary["chunks_embedded"] == sum(n_records(p, chunk_chars) for p in good)
    assert {f["file"] for f in summary["failed"]} == {str(p) for p in bad}
    for failure in summary["failed"]:
        assert {"file", "error"} <= set(failure)
        assert isinstance(failure["error"], str) and failure["error"]


def test_cli_text_output_lists_rejected_files(cli_env, capsys, mixed_folder):
    folder, _good, bad = mixed_folder
    code, out, err = run_cli(capsys, "ingest", folder)
    assert code == 1
    assert out.startswith("added 3, updated 0, unchanged 0, removed 0, failed 12;")
    for path in bad:
        assert f"rejected {path}: " in err


def test_cli_exit_0_when_all_good_and_second_run_embeds_nothing(cli_env, capsys, seed_copy, tmp_path):
    data = tmp_path / "elsewhere"
    code, out, _ = run_cli(capsys, "--data-dir", data, "ingest", seed_copy, "--json")
    assert code == 0
    assert json.loads(out)["added"] == 2 and json.loads(out)["failed"] == []
    assert (data / "chroma").is_dir()
    code, out, _ = run_cli(capsys, "--data-dir", data, "ingest", seed_copy, "--json")
    assert code == 0 and json.loads(out)["chunks_embedded"] == 0


def test_cli_exit_2_for_a_missing_path(cli_env, capsys, tmp_path):
    code, out, err = run_cli(capsys, "ingest", tmp_path / "no-such-folder", "--json")
    assert code == 2
    assert out == "" and "no-such-folder" in err


def test_cli_keep_missing_flag(cli_env, capsys, seed_copy):
    assert run_cli(capsys, "ingest", seed_copy, "--json")[0] == 0
    (seed_copy / SEED_INTERFERON).unlink()
    code, out, _ = run_cli(capsys, "ingest", seed_copy, "--json", "--keep-missing")
    assert code == 0 and json.loads(out)["removed"] == 0
    code, out, _ = run_cli(capsys, "ingest", seed_copy, "--json")
    assert code == 0 and json.loads(out)["removed"] == 1


def test_cli_stats_json(cli_env, capsys, settings, seed_copy, tmp_path):
    chunk_chars = settings().ingest.chunk_chars
    expected_chunks = sum(n_records(p, chunk_chars) - 1 for p in seed_copy.glob("*.md"))
    assert run_cli(capsys, "ingest", seed_copy)[0] == 0
    code, out, _ = run_cli(capsys, "stats", "--json")
    assert code == 0
    stats = json.loads(out)
    assert set(stats) == {"articles", "chunks", "subjects", "embedding_model", "store"}
    assert stats["articles"] == 2
    assert stats["chunks"] == expected_chunks
    assert stats["subjects"] == {"Medicine": 2}
    assert stats["embedding_model"] == "fake:256"
    assert str(tmp_path / "chroma") in stats["store"]

    code, out, _ = run_cli(capsys, "stats")
    assert code == 0 and "articles:        2" in out and "Medicine" in out
    assert f"answer chunks:   {expected_chunks} " in out


def test_ingest_summary_and_stats_count_the_same_chunks(cli_env, capsys, seed_copy):
    code, out, _ = run_cli(capsys, "ingest", seed_copy, "--json")
    summary = json.loads(out)
    stats = json.loads(run_cli(capsys, "stats", "--json")[1])
    assert summary["answer_chunks_embedded"] == stats["chunks"]
    assert summary["chunks_embedded"] == stats["chunks"] + stats["articles"]  # plus the article records
    _, text, _ = run_cli(capsys, "--data-dir", seed_copy.parent / "again", "ingest", seed_copy)
    assert f"{stats['chunks']} answer chunks and {stats['articles']} article records embedded" in text


def test_cli_folder_without_articles_exits_2_and_changes_nothing(cli_env, capsys, seed_copy, tmp_path):
    assert run_cli(capsys, "ingest", seed_copy)[0] == 0
    empty = tmp_path / "empty"
    (empty / "notes").mkdir(parents=True)
    (empty / "notes" / "readme.txt").write_text("not an article")
    code, out, err = run_cli(capsys, "ingest", empty, "--json")
    assert code == 2 and out == ""
    assert err.strip() == f"quicktakes ingest: no .md files in {empty}; nothing was changed"
    assert json.loads(run_cli(capsys, "stats", "--json")[1])["articles"] == 2  # not emptied


@pytest.mark.parametrize("env,value,expected", [
    ("QUICKTAKES_STORE", "http", "QUICKTAKES_STORE: it is a group of settings"),
    ("QUICKTAKES_RETRIEVAL", "garbage", "QUICKTAKES_RETRIEVAL__K"),
    ("QUICKTAKES_STORE__MODE", "htp", "store.mode (QUICKTAKES_STORE__MODE): Input should be 'persistent' or 'http'"),
])
def test_cli_malformed_setting_is_one_line_exit_2(cli_env, capsys, monkeypatch, seed_copy, env, value, expected):
    monkeypatch.setenv(env, value)
    code, out, err = run_cli(capsys, "stats")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and expected in err, err
    assert "Traceback" not in err


def test_cli_stats_without_index_exits_2(cli_env, capsys):
    code, out, err = run_cli(capsys, "stats", "--json")
    assert code == 2 and out == ""
    assert "quicktakes ingest" in err


def test_cli_invalid_setting_exits_2_naming_the_field(cli_env, capsys, monkeypatch, seed_copy):
    monkeypatch.setenv("QUICKTAKES_INGEST__BATCH_ARTICLES", "0")
    code, _out, err = run_cli(capsys, "ingest", seed_copy)
    assert code == 2
    assert "ingest.batch_articles" in err


def test_cli_http_store_without_server_exits_2(cli_env, capsys, monkeypatch, seed_copy):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("QUICKTAKES_STORE__MODE", "http")
    monkeypatch.setenv("QUICKTAKES_STORE__PORT", str(port))
    code, _out, err = run_cli(capsys, "ingest", seed_copy)
    assert code == 2
    assert "store.mode=http" in err and str(port) in err


def test_relative_path_on_the_command_line(cli_env, capsys, seed_copy, monkeypatch):
    monkeypatch.chdir(seed_copy.parent)
    assert run_cli(capsys, "ingest", "articles", "--json")[0] == 0
    monkeypatch.chdir(seed_copy)
    code, out, _ = run_cli(capsys, "ingest", ".", "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 2


def test_one_file_with_an_impossible_date_does_not_stop_the_run(cfg, fake_embedder, seed_copy):
    (seed_copy / "bad-date.md").write_text(article_text(id=791, date="2024-13-45"), encoding="utf-8")
    report = Ingestor(cfg, embedder=fake_embedder).run([seed_copy])
    assert report.added + report.unchanged >= 2
    store = open_store(Ingestor(cfg, embedder=fake_embedder))
    assert {140091, 140093} <= set(store.committed())
    assert_consistent(store)


def test_article_with_huge_id_keeps_its_chunks_or_is_rejected(cfg, fake_embedder, seed_copy):
    huge = seed_copy / "huge-id.md"
    huge.write_text(article_text(id=10**20 + 1), encoding="utf-8")
    report = Ingestor(cfg, embedder=fake_embedder).run([seed_copy])
    store = open_store(Ingestor(cfg, embedder=fake_embedder))
    if report.failed:
        assert [f["file"] for f in report.failed] == [str(huge)]
        assert report.failed[0]["error"].startswith("id: ")
    assert_consistent(store)
    assert len(store.all_ids()) == report.chunks_embedded


def test_index_built_with_another_embedder_exits_2(cli_env, capsys, monkeypatch, seed_copy):
    assert run_cli(capsys, "ingest", seed_copy)[0] == 0
    monkeypatch.setenv("QUICKTAKES_EMBEDDING__PROVIDER", "local")  # the model is never loaded
    code, _out, err = run_cli(capsys, "ingest", seed_copy)
    assert code == 2
    assert "fake:256" in err and "--rebuild" in err
