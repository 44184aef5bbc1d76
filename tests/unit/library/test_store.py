"""library.store: the ``VectorStore`` protocol's promises, checked on every implementation the
same way (``STORES``), and what ``ChunkStore`` adds (opening, dropping, renaming a collection).

``ChunkStore`` runs on a real Chroma folder in ``tmp_path`` (a persistent client). The project
ships no in-memory store: a new implementation (a fake for unit tests, another backend) goes into
``STORES`` and must pass every test that takes the ``store`` fixture.
"""

from __future__ import annotations

import inspect
from dataclasses import replace

import pytest

from config import ConfigError
from library.records import ARTICLE_KIND, CHUNK_KIND, AnswerChunk, ArticleRecord, CommitMarker
from library.chroma_store import ChunkStore, open_client
from library.store import REBUILD_SUFFIX, StoredHit, StoredRecord, VectorStore

EMBEDDER = "test:4"
HASH_1 = "1" * 64
HASH_2 = "2" * 64


def open_chroma(settings) -> ChunkStore:
    return ChunkStore.open(settings(), EMBEDDER)


STORES = {"chroma": open_chroma}  # name -> factory(settings fixture) -> a new, empty store


@pytest.fixture(params=sorted(STORES))
def store(request, settings) -> VectorStore:
    return STORES[request.param](settings)


# ----- records: two articles in two subjects, one and two answer chunks -----------------------

def article(id: int, content_hash: str, subject: str, n_chunks: int, **kw) -> ArticleRecord:
    return ArticleRecord(id=id, question=f"What is topic {id}?", answer=f"Topic {id} is a thing.",
                         title=f"Topic {id}", url=f"https://example.org/{id}", subject=subject,
                         date="2024-12-20", hash=content_hash, n_chunks=n_chunks,
                         file=f"/articles/{id}.md", file_sha=f"sha{id}", settings_key="k1", **kw)


def chunk(record: ArticleRecord, index: int) -> AnswerChunk:
    return AnswerChunk(article_id=record.id, hash=record.hash, index=index,
                       text=f"Piece {index} of topic {record.id}.", question=record.question,
                       title=record.title, url=record.url, subject=record.subject, date=record.date,
                       related_ids=tuple(int(r["id"]) for r in record.related))


RELATED_2 = {"id": 2, "title": "Topic 2", "url": "https://example.org/2", "subject": "Neurology"}
A1 = article(1, HASH_1, "Cardiology", 1, related=(RELATED_2,))
A2 = article(2, HASH_2, "Neurology", 2)
C1 = [chunk(A1, 0)]
C2 = [chunk(A2, 0), chunk(A2, 1)]
# unit vectors: each record is nearest to its own; cosines between them 0.8, 0.6 or 0
VECTORS = {
    A1.record_id: [1.0, 0.0, 0.0, 0.0],
    C1[0].record_id: [0.8, 0.6, 0.0, 0.0],
    A2.record_id: [0.0, 0.0, 1.0, 0.0],
    C2[0].record_id: [0.0, 0.0, 0.6, 0.8],
    C2[1].record_id: [0.0, 0.0, 0.0, 1.0],
}


def write(store: VectorStore, records) -> None:
    store.upsert(list(records), [VECTORS[r.record_id] for r in records])


@pytest.fixture
def filled(store) -> VectorStore:
    """The store with both articles committed: chunks first, then the article records."""
    write(store, C1 + C2)
    write(store, [A1, A2])
    return store


ALL_IDS = [C1[0].record_id, C2[0].record_id, C2[1].record_id, A1.record_id, A2.record_id]  # as written


# ----- the protocol ----------------------------------------------------------------------------

def protocol_members() -> dict[str, object]:
    return {name: value for name, value in vars(VectorStore).items()
            if not name.startswith("_") and (callable(value) or isinstance(value, property))}


def test_the_protocol_says_what_each_member_promises():
    members = protocol_members()
    assert {"upsert", "get", "delete_ids", "query", "count", "generation"} <= set(members)
    for name, member in members.items():
        doc = (member.fget if isinstance(member, property) else member).__doc__
        assert doc and doc.strip(), name


def test_the_store_has_every_member_of_the_protocol_with_its_signature(store):
    for name, member in protocol_members().items():
        mine = inspect.getattr_static(type(store), name)
        if isinstance(member, property):
            assert isinstance(mine, property), name
        else:
            assert inspect.signature(mine) == inspect.signature(member), name


# ----- writing and reading by id -----------------------------------------------------------

def test_an_empty_store(store):
    assert store.count() == 0
    assert store.all_ids() == [] and list(store.get()) == [] and store.committed() == {}
    assert store.article_records() == [] and store.stale_chunk_ids() == []
    assert store.query(VECTORS[A1.record_id], 3) == []
    assert store.generation() == ""
    assert store.embedder_name == EMBEDDER


def test_records_come_back_as_they_were_written(filled):
    assert filled.count() == 5
    assert filled.all_ids() == ALL_IDS
    got = list(filled.get())
    assert [s.id for s in got] == ALL_IDS
    assert all(isinstance(s, StoredRecord) and s.embedding is None for s in got)
    by_id = {s.id: s.record for s in got}
    assert by_id[A1.record_id] == A1 and by_id[A2.record_id] == A2
    for written in C1 + C2:  # a stored chunk does not keep the question it was embedded with
        assert by_id[written.record_id] == replace(written, question="")


def test_get_by_ids_keeps_the_store_order_and_skips_ids_not_stored(filled):
    wanted = [A2.record_id, "q:999", C1[0].record_id]
    assert [s.id for s in filled.get(wanted)] == [C1[0].record_id, A2.record_id]
    assert list(filled.get([])) == []


def test_get_by_kind_and_with_vectors(filled):
    articles = list(filled.get(kind=ARTICLE_KIND))
    assert [s.record for s in articles] == [A1, A2]
    chunks = list(filled.get(kind=CHUNK_KIND, embeddings=True))
    assert [s.id for s in chunks] == [c.record_id for c in C1 + C2]
    for s in chunks:
        assert s.embedding == pytest.approx(VECTORS[s.id], abs=1e-6)  # stored as float32
    assert [s.id for s in filled.get([A1.record_id, C1[0].record_id], kind=CHUNK_KIND)] == [C1[0].record_id]


def test_upsert_replaces_a_record_in_its_place(filled):
    edited = replace(A1, answer="Topic 1, edited.")
    write(filled, [edited])
    assert filled.count() == 5 and filled.all_ids() == ALL_IDS
    assert [r.answer for r in filled.article_records([1])] == ["Topic 1, edited."]


def test_delete_removes_those_ids_and_ignores_unknown_ones(filled):
    filled.delete_ids([C2[1].record_id, "c:999:000000000000:0"])
    assert filled.count() == 4
    assert C2[1].record_id not in filled.all_ids()
    filled.delete_ids([])
    assert filled.count() == 4


def test_article_records_and_commit_markers(filled):
    assert filled.article_records() == [A1, A2]
    assert filled.article_records([2, 999]) == [A2]
    assert filled.committed() == {1: A1.marker, 2: A2.marker}
    assert filled.committed()[2] == CommitMarker(2, HASH_2, "/articles/2.md", "sha2", "k1")


def test_update_files_changes_the_file_and_nothing_else(filled):
    filled.update_files({2: ("/moved/2.md", "sha2b"), 999: ("/nowhere.md", "x")}, "k2")
    moved = replace(A2, file="/moved/2.md", file_sha="sha2b", settings_key="k2")
    assert filled.article_records([2]) == [moved]
    assert filled.article_records([1]) == [A1]
    assert filled.query(VECTORS[A2.record_id], 1)[0].id == A2.record_id  # its vector stays


def test_chunks_of_no_committed_version_are_stale(filled):
    newer = replace(A2, hash="3" * 64)
    write(filled, [newer])  # article 2 now committed in a version without stored chunks
    assert filled.stale_chunk_ids() == [c.record_id for c in C2]
    assert filled.stale_chunk_ids({1: A1.marker}) == [c.record_id for c in C2]
    filled.delete_ids([A1.record_id])  # article 1 uncommitted
    assert set(filled.stale_chunk_ids()) == {c.record_id for c in C1 + C2}


def test_summary(filled):
    summary = filled.summary()
    assert (summary["articles"], summary["chunks"]) == (2, 3)
    assert summary["subjects"] == {"Cardiology": 1, "Neurology": 1}
    assert summary["embedding_model"] == EMBEDDER and summary["store"]


# ----- query by vector -----------------------------------------------------------------------

def test_query_gives_the_nearest_records_best_first(filled):
    hits = filled.query(VECTORS[C1[0].record_id], 2)  # the other three are all at cosine 0
    assert all(isinstance(h, StoredHit) for h in hits)
    assert [h.id for h in hits] == [C1[0].record_id, A1.record_id]
    assert hits[0].similarity == pytest.approx(1.0, abs=1e-5)
    assert hits[1].similarity == pytest.approx(0.8, abs=1e-5)  # cosine of the two vectors
    assert hits[0].record == replace(C1[0], question="") and hits[1].record == A1
    assert len(filled.query(VECTORS[A1.record_id], 50)) == 5  # no more than the store holds
    assert filled.query(VECTORS[A1.record_id], 0) == []


def test_query_keeps_one_subject_or_the_chunks(filled):
    vector = VECTORS[A1.record_id]
    assert {h.id for h in filled.query(vector, 5, subject="Neurology")} == \
        {A2.record_id} | {c.record_id for c in C2}
    assert [h.id for h in filled.query(vector, 5, chunks_only=True)][0] == C1[0].record_id
    assert {h.id for h in filled.query(vector, 5, chunks_only=True)} == {c.record_id for c in C1 + C2}
    hits = filled.query(VECTORS[C2[1].record_id], 5, subject="Neurology", chunks_only=True)
    assert [h.id for h in hits] == [C2[1].record_id, C2[0].record_id]
    assert filled.query(vector, 5, subject="Dermatology") == []


def test_query_many_is_query_for_each_vector(filled):
    vectors = [VECTORS[A2.record_id], VECTORS[C2[1].record_id]]  # no ties among their nearest
    assert filled.query_many(vectors, 3, "Neurology") == [filled.query(v, 3, "Neurology") for v in vectors]
    assert [[h.id for h in hits] for hits in filled.query_many(vectors, 3, "Neurology")] == [
        [A2.record_id, C2[0].record_id, C2[1].record_id], [C2[1].record_id, C2[0].record_id, A2.record_id]]
    assert filled.query_many([], 2) == []


# ----- the generation token ------------------------------------------------------------------

def test_generation_is_set_and_keeps_the_rest_of_the_metadata(filled):
    filled.set_generation("g1")
    assert filled.generation() == "g1"
    filled.set_generation("g2")
    assert filled.generation() == "g2" and filled.embedder_name == EMBEDDER


# ----- ChunkStore's own: opening, dropping, renaming a Chroma collection -----------------------

def test_generation_is_read_afresh_from_another_handle(settings):
    first = open_chroma(settings)
    second = ChunkStore.open(settings(), EMBEDDER, create=False)
    first.set_generation("from-first")
    assert second.generation() == "from-first"  # no stale copy in the second handle


def test_open_refuses_another_embedder_and_reads_with_none(settings):
    write(open_chroma(settings), [A1])
    with pytest.raises(ConfigError, match="built with embedder"):
        ChunkStore.open(settings(), "other:8", create=False)
    reader = ChunkStore.open(settings(), None, create=False)
    assert reader.article_records() == [A1] and reader.embedder_name == EMBEDDER
    with pytest.raises(ValueError):
        ChunkStore.open(settings(), None)
    with pytest.raises(ConfigError, match="no index"):
        ChunkStore.open(settings(), EMBEDDER, name="absent", create=False)


def test_rename_and_drop(settings):
    """What a rebuild does: build beside the live collection, drop the live one, rename."""
    cfg = settings()
    client = open_client(cfg)
    live = ChunkStore.open(cfg, EMBEDDER, client=client)
    write(live, [A1])
    rebuilt = ChunkStore.open(cfg, EMBEDDER, client=client, name=cfg.store.collection + REBUILD_SUFFIX)
    write(rebuilt, [A2])
    ChunkStore.drop(client, cfg.store.collection)
    rebuilt.rename(cfg.store.collection)
    assert rebuilt.name == cfg.store.collection
    assert ChunkStore.open(cfg, EMBEDDER, create=False).article_records() == [A2]
    assert [c.name for c in client.list_collections()] == [cfg.store.collection]
    ChunkStore.drop(client, "absent")  # nothing to drop: no error
