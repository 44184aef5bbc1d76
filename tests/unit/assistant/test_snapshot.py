"""The snapshot of what readers build from the index: tied to the index's generation, saved by
ingest, loaded instead of rebuilt, never served for another generation, never half-written."""

from __future__ import annotations

import json

import pytest

from cli.main import main
from assistant.factory import build_assistant
from assistant.snapshot import Snapshot, load_snapshot, snapshot_path
from ingest.pipeline import Ingestor
from library.chroma_store import ChunkStore


@pytest.fixture
def cfg(settings):
    return settings(embedding={"provider": "fake"})


@pytest.fixture
def indexed(cfg, fake_embedder, seed_copy):
    """The seeds ingested: (the ingestor, its store)."""
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    ingestor.run([seed_copy])
    return ingestor, open_store(ingestor)


def open_store(ingestor: Ingestor) -> ChunkStore:
    return ChunkStore.open(ingestor.settings, ingestor.embedder.name, client=ingestor.client, create=False)


class CountingStore:
    """A store that counts how often the articles are read from it."""

    def __init__(self, store):
        self.inner = store
        self.reads = 0

    def article_records(self, ids=None):
        self.reads += ids is None
        return self.inner.article_records(ids)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_ingest_changes_the_generation_only_when_the_index_changes(cfg, fake_embedder, seed_copy):
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    first = ingestor.run([seed_copy])
    store = open_store(ingestor)
    assert first.generation and store.generation() == first.generation
    again = ingestor.run([seed_copy])
    assert again.generation == "" and store.generation() == first.generation
    victim = sorted(seed_copy.glob("*.md"))[0]
    victim.write_text(victim.read_text(encoding="utf-8").replace("answer: >-\n    ", "answer: >-\n    Edited. ", 1),
                      encoding="utf-8")
    edited = ingestor.run([seed_copy])
    assert edited.updated == 1 and edited.generation not in ("", first.generation)
    assert store.generation() == edited.generation
    assert store.embedder_name == fake_embedder.name  # the rest of the metadata is kept


def test_a_saved_snapshot_is_loaded_not_rebuilt(cfg, fake_embedder, seed_copy, capsys):
    ingestor = Ingestor(cfg, embedder=fake_embedder)
    ingestor.run([seed_copy])
    store = CountingStore(open_store(ingestor))
    built = load_snapshot(cfg, store)
    assert store.reads == 1
    path = snapshot_path(cfg, store.name, store.generation())
    assert path.is_file() and "built it" in capsys.readouterr().err
    loaded = load_snapshot(cfg, store)
    assert store.reads == 1  # nothing read from the store the second time
    assert [a.id for a in loaded.library.articles] == [a.id for a in built.library.articles]
    assert loaded.lexical.search("hepatitis B", 3) == built.lexical.search("hepatitis B", 3)
    assert loaded.library.store is store  # can still read versions committed later
    assert capsys.readouterr().err == ""


def test_a_new_generation_is_never_served_an_old_snapshot(cfg, indexed, seed_copy):
    ingestor, store = indexed
    old = load_snapshot(cfg, store)
    victim = sorted(seed_copy.glob("*.md"))[0]
    victim.unlink()
    ingestor.run([seed_copy])
    new = load_snapshot(cfg, store)
    assert new.generation != old.generation
    assert len(new.library) == len(old.library) - 1


def test_an_unreadable_snapshot_is_rebuilt_with_a_notice(cfg, indexed, seed_copy, capsys):
    ingestor, store = indexed
    load_snapshot(cfg, store)
    path = snapshot_path(cfg, store.name, store.generation())
    path.write_bytes(path.read_bytes()[:100])  # cut short
    capsys.readouterr()
    snapshot = load_snapshot(cfg, store)
    assert isinstance(snapshot, Snapshot) and len(snapshot.library) > 0
    err = capsys.readouterr().err
    assert str(path) in err and "rebuilding" in err
    assert len(path.read_bytes()) > 100  # saved whole again


def test_a_snapshot_built_during_an_ingest_is_not_saved(cfg, indexed, seed_copy, capsys):
    ingestor, store = indexed
    before = store.generation()

    class Moving(CountingStore):
        def article_records(self, ids=None):
            self.inner.set_generation("changed-meanwhile")
            return self.inner.article_records(ids)

    load_snapshot(cfg, Moving(store))
    assert not snapshot_path(cfg, store.name, before).exists()
    assert not snapshot_path(cfg, store.name, "changed-meanwhile").exists()
    assert "not saved" in capsys.readouterr().err


def test_cli_ingest_saves_the_snapshot_the_assistant_then_loads(cfg, seed_copy, capsys, monkeypatch):
    monkeypatch.setenv("QUICKTAKES_EMBEDDING__PROVIDER", "fake")
    monkeypatch.setenv("QUICKTAKES_DATA_DIR", str(cfg.data_dir))
    assert main(["ingest", str(seed_copy), "--json"]) == 0
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["snapshot_seconds"] is not None and "saved what readers load" in err
    assert list((cfg.data_dir / "snapshots").glob("*.pickle"))
    assistant = build_assistant(cfg)
    assert capsys.readouterr().err == ""  # loaded: no "built it" notice
    assert assistant.ask("What is hepatitis B?").citations
    assert main(["ingest", str(seed_copy), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["snapshot_seconds"] is None


def test_a_run_stopped_part_way_leaves_the_generation_pending_and_the_next_run_renews_it(
        cfg, indexed, seed_copy, capsys):
    from library.store import PENDING_PREFIX

    ingestor, store = indexed
    store.set_generation(PENDING_PREFIX + "0123456789abcdef")  # as a run killed mid-write leaves it
    capsys.readouterr()
    snapshot = load_snapshot(cfg, store)  # a reader meanwhile: reads, saves nothing
    assert len(snapshot.library) > 0 and "not saved" in capsys.readouterr().err
    assert not list((cfg.data_dir / "snapshots").glob("*.pickle"))
    rerun = ingestor.run([seed_copy])  # nothing left to write, but the index may differ
    assert rerun.generation and not rerun.generation.startswith(PENDING_PREFIX)
    assert store.generation() == rerun.generation


def test_writes_happen_under_a_pending_generation(cfg, fake_embedder, seed_copy, monkeypatch):
    from library.store import PENDING_PREFIX

    ingestor = Ingestor(cfg, embedder=fake_embedder)
    seen = []
    original = ChunkStore.upsert

    def spy(self, records, embeddings):
        seen.append(self.generation())
        return original(self, records, embeddings)

    monkeypatch.setattr(ChunkStore, "upsert", spy)
    ingestor.run([seed_copy])
    assert seen and all(g.startswith(PENDING_PREFIX) for g in seen)
    assert not open_store(ingestor).generation().startswith(PENDING_PREFIX)


def test_the_snapshot_name_carries_the_code_that_built_it(cfg, indexed, seed_copy, monkeypatch):
    import assistant.snapshot as snap

    ingestor, store = indexed
    load_snapshot(cfg, store)
    first = snapshot_path(cfg, store.name, store.generation())
    monkeypatch.setattr(snap, "code_fingerprint", lambda: "0" * 12)  # as after an upgrade
    second = snapshot_path(cfg, store.name, store.generation())
    assert first != second and not second.exists()
    load_snapshot(cfg, store)
    assert second.exists()
