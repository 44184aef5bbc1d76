"""The index on Chroma: ``ChunkStore`` implements ``library.store.VectorStore`` on one
collection, as a folder on disk or behind a Chroma server.

One setting (``store.mode``) picks the client; everything else is the same. The store never
computes embeddings itself (Chroma's default embedding function would download a model):
vectors always come from our embedder.

Usage example::

    store = ChunkStore.open(settings, embedder_name="local:all-MiniLM-L6-v2")
    store.committed()          # {article_id: CommitMarker(article_id, hash, file, ...)}
    store.query(vector, 5)     # [StoredHit(id, record, similarity), ...] best first
    [s.record.text for s in store.get(kind=CHUNK_KIND)]   # every answer chunk's text
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

import chromadb
from chromadb.config import Settings as ChromaSettings

from config import ConfigError, Settings
from library.records import (
    ARTICLE_KIND,
    CHUNK_KIND,
    AnswerChunk,
    ArticleRecord,
    CommitMarker,
    article_record_id,
    from_stored,
    parse_chunk_id,
)
from library.store import StoredHit, StoredRecord

PAGE = 5000  # records per call to Chroma


def open_client(settings: Settings):
    """A Chroma client for ``settings.store``: a folder (default) or a server."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.store.mode == "http":
        try:
            client = chromadb.HttpClient(host=settings.store.host, port=settings.store.port,
                                         settings=chroma_settings)
            client.heartbeat()
        except Exception as exc:
            raise ConfigError(
                f"store.mode=http: no Chroma server at {settings.store.host}:{settings.store.port} "
                f"({type(exc).__name__}); start one with `chroma run --path DIR --port N`"
            ) from None
        return client
    path = settings.store_path
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def _where(*, subject: str | None = None, kind: str | None = None) -> dict | None:
    """The Chroma ``where`` that keeps one subject and/or one kind of record; None keeps all."""
    where = [{"subject": subject}] if subject else []
    where += [{"kind": kind}] if kind else []
    return (where[0] if len(where) == 1 else {"$and": where}) if where else None


class ChunkStore:
    """Reads and writes chunk records of one Chroma collection (implements ``VectorStore``)."""

    def __init__(self, client, collection, location: str):
        self._client = client
        self._collection = collection
        self.location = location
        self.max_batch = max(1, min(PAGE, client.get_max_batch_size()))

    # ----- opening, dropping, renaming ---------------------------------------------------
    @classmethod
    def open(cls, settings: Settings, embedder_name: str | None, *, client=None,
             name: str | None = None, create: bool = True) -> ChunkStore:
        """The collection ``name`` (default ``settings.store.collection``), created if
        ``create``. Refuses an index built with another embedder than ``embedder_name``;
        ``embedder_name=None`` opens an existing index whatever built it (for reading records,
        not vectors)."""
        if embedder_name is None and create:
            raise ValueError("ChunkStore.open: creating a collection needs the embedder's name")
        client = client or open_client(settings)
        name = name or settings.store.collection
        if create:
            collection = client.get_or_create_collection(
                name=name,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedder": embedder_name},
                embedding_function=None,
            )
        else:
            try:
                collection = client.get_collection(name=name, embedding_function=None)
            except Exception:
                raise ConfigError(
                    f"no index at {settings.store_location()}: run `quicktakes ingest PATH` first"
                ) from None
        built_with = (collection.metadata or {}).get("embedder")
        if embedder_name is not None and built_with and built_with != embedder_name:
            raise ConfigError(
                f"the index at {settings.store_location()} was built with embedder {built_with!r}, "
                f"the settings say {embedder_name!r}: run `quicktakes ingest --rebuild PATH`"
            )
        return cls(client, collection, settings.store_location())

    @staticmethod
    def drop(client, name: str) -> None:
        """Delete the collection ``name`` of ``client`` if there is one."""
        try:
            client.delete_collection(name)
        except Exception:  # absent: nothing to drop
            pass

    def rename(self, name: str) -> None:
        """Give this collection another name (a rebuild swaps itself in under the live name,
        after dropping the old one)."""
        self._collection.modify(name=name)

    # ----- what it is --------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._collection.name

    @property
    def embedder_name(self) -> str:
        return (self._collection.metadata or {}).get("embedder", "")

    def generation(self) -> str:
        """The token of what is committed now: ingest changes it with every run that changes
        the index, so what a reader saved beside the index is tied to it (``assistant.snapshot``).
        Read from the store each time (another process may have changed it); "" if never set."""
        try:
            metadata = self._client.get_collection(self._collection.name, embedding_function=None).metadata
        except Exception:  # renamed away by a rebuild in progress: keep what we had
            metadata = self._collection.metadata
        return str((metadata or {}).get("generation", ""))

    def set_generation(self, token: str) -> None:
        """Mark a new version of the index (Chroma replaces the metadata whole: keep the rest)."""
        metadata = dict(self._collection.metadata or {})
        metadata["generation"] = token
        self._collection.modify(metadata=metadata)

    # ----- reading ---------------------------------------------------------------------
    def _get_all(self, where: dict | None, include: list[str]):
        """Page through ``get`` so a large collection never comes back in one message."""
        offset = 0
        while True:
            page = self._collection.get(where=where, include=include, limit=PAGE, offset=offset)
            if not page["ids"]:
                return
            yield page
            if len(page["ids"]) < PAGE:
                return
            offset += PAGE

    def get(self, ids: Sequence[str] | None = None, *, kind: str | None = None,
            embeddings: bool = False) -> Iterator[StoredRecord]:
        """Records by id and/or kind, a page at a time (``VectorStore.get``)."""
        include = ["documents", "metadatas"] + (["embeddings"] if embeddings else [])
        where = _where(kind=kind)
        if ids is None:
            pages = self._get_all(where, include)
        else:
            ids = list(ids)  # Chroma refuses an empty list of ids: no call then
            pages = (self._collection.get(ids=ids[start:start + PAGE], where=where, include=include)
                     for start in range(0, len(ids), PAGE))
        for page in pages:
            vectors = page["embeddings"] if embeddings else [None] * len(page["ids"])
            for record_id, document, meta, vector in zip(page["ids"], page["documents"],
                                                         page["metadatas"], vectors):
                yield StoredRecord(record_id, from_stored(document, meta or {}),
                                   None if vector is None else [float(v) for v in vector])

    def committed(self) -> dict[int, CommitMarker]:
        """The articles whose article record (the commit marker) is in the store."""
        out: dict[int, CommitMarker] = {}
        for page in self._get_all(_where(kind=ARTICLE_KIND), ["metadatas"]):
            for meta in page["metadatas"]:
                marker = CommitMarker.from_metadata(meta)
                out[marker.article_id] = marker
        return out

    def article_records(self, ids: Iterable[int] | None = None) -> list[ArticleRecord]:
        """The article records: all of them, or those of ``ids`` (in the store's order)."""
        out = []
        if ids is not None:
            wanted = [article_record_id(i) for i in ids]
            for start in range(0, len(wanted), PAGE):
                page = self._collection.get(ids=wanted[start:start + PAGE],
                                            include=["documents", "metadatas"])
                out.extend(ArticleRecord.from_stored(d, m)
                           for d, m in zip(page["documents"], page["metadatas"]))
            return out
        for page in self._get_all(_where(kind=ARTICLE_KIND), ["documents", "metadatas"]):
            out.extend(ArticleRecord.from_stored(d, m)
                       for d, m in zip(page["documents"], page["metadatas"]))
        return out

    def summary(self) -> dict:
        """What the index holds: articles, answer chunks, articles per subject."""
        subjects: dict[str, int] = {}
        articles = 0
        for page in self._get_all(_where(kind=ARTICLE_KIND), ["metadatas"]):
            for meta in page["metadatas"]:
                articles += 1
                subject = ArticleRecord.from_stored("", meta).subject or "(none)"
                subjects[subject] = subjects.get(subject, 0) + 1
        return {
            "articles": articles,
            "chunks": self.count() - articles,
            "subjects": dict(sorted(subjects.items(), key=lambda kv: (-kv[1], kv[0]))),
            "embedding_model": self.embedder_name,
            "store": self.location,
        }

    def all_ids(self) -> list[str]:
        ids: list[str] = []
        for page in self._get_all(None, []):
            ids.extend(page["ids"])
        return ids

    def count(self) -> int:
        return self._collection.count()

    def query(self, embedding: list[float], n: int, subject: str | None = None,
              chunks_only: bool = False) -> list[StoredHit]:
        """Nearest records, best first; ``subject`` keeps one subject's records,
        ``chunks_only`` the answer chunks."""
        return self.query_many([embedding], n, subject, chunks_only)[0]

    def query_many(self, embeddings: list[list[float]], n: int, subject: str | None = None,
                   chunks_only: bool = False) -> list[list[StoredHit]]:
        """``query`` for several vectors in one Chroma call: one list of hits per vector."""
        if n <= 0 or not embeddings:  # an empty collection answers with no hits: no count() per query
            return [[] for _ in embeddings]
        res = self._collection.query(
            query_embeddings=embeddings, n_results=n,
            where=_where(subject=subject, kind=CHUNK_KIND if chunks_only else None),
            include=["documents", "metadatas", "distances"],
        )
        return [
            [StoredHit(i, from_stored(d, m or {}), 1.0 - float(dist))
             for i, d, m, dist in zip(ids, docs, metas, dists)]
            for ids, docs, metas, dists in zip(res["ids"], res["documents"], res["metadatas"],
                                               res["distances"])
        ]

    # ----- writing ---------------------------------------------------------------------
    def upsert(self, records: list[ArticleRecord | AnswerChunk], embeddings: list[list[float]]) -> None:
        for start in range(0, len(records), self.max_batch):
            part = records[start:start + self.max_batch]
            self._collection.upsert(
                ids=[r.record_id for r in part],
                embeddings=embeddings[start:start + self.max_batch],
                documents=[r.text for r in part],
                metadatas=[r.metadata() for r in part],
            )

    def delete_ids(self, ids: list[str]) -> None:
        for start in range(0, len(ids), self.max_batch):
            self._collection.delete(ids=ids[start:start + self.max_batch])

    def update_files(self, moved: dict[int, tuple[str, str]], settings_key: str = "") -> None:
        """Record a new file path for articles whose content did not change."""
        ids = [article_record_id(a) for a in moved]
        for start in range(0, len(ids), self.max_batch):
            page = self._collection.get(ids=ids[start:start + self.max_batch],
                                        include=["documents", "metadatas"])
            records = [ArticleRecord.from_stored(d, m) for d, m in zip(page["documents"], page["metadatas"])]
            records = [replace(r, file=moved[r.id][0], file_sha=moved[r.id][1], settings_key=settings_key)
                       for r in records]
            if records:
                self._collection.update(ids=[r.record_id for r in records],
                                       metadatas=[r.metadata() for r in records])

    def stale_chunk_ids(self, committed: dict[int, CommitMarker] | None = None) -> list[str]:
        """Answer chunks not belonging to the committed version of an article."""
        committed = self.committed() if committed is None else committed
        stale = []
        for record_id in self.all_ids():
            parsed = parse_chunk_id(record_id)
            if parsed is None:
                continue
            aid, short = parsed
            current = committed.get(aid)
            if current is None or not current.hash.startswith(short):
                stale.append(record_id)
        return stale
