"""The index's contract: what ingest, retrieval, the benchmarks and the tests may ask of the
store that holds the article records and answer chunks (``VectorStore``), and what it hands back.

Records go in and come out typed (``library.records``); no caller sees Chroma metadata,
Chroma filters or the index's Chroma collection. ``library.chroma_store.ChunkStore`` implements
the protocol on Chroma, as a folder or behind a Chroma server, and is the only code that calls
the collection.

Usage example::

    store: VectorStore = ChunkStore.open(settings, embedder_name="local:all-MiniLM-L6-v2")
    store.committed()          # {article_id: CommitMarker(article_id, hash, file, ...)}
    store.query(vector, 5)     # [StoredHit(id, record, similarity), ...] best first
    [s.record.text for s in store.get(kind=CHUNK_KIND)]   # every answer chunk's text
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from library.records import AnswerChunk, ArticleRecord, CommitMarker

REBUILD_SUFFIX = "__rebuild"
PENDING_PREFIX = "pending-"  # the generation while an ingest writes (assistant.snapshot saves nothing)


@dataclass(frozen=True)
class StoredHit:
    """A record found by a vector query."""

    id: str
    record: ArticleRecord | AnswerChunk
    similarity: float  # cosine similarity, 1 - distance


@dataclass(frozen=True)
class StoredRecord:
    """A record read back by id or by kind; ``embedding`` only when it was asked for."""

    id: str
    record: ArticleRecord | AnswerChunk
    embedding: list[float] | None = None


class VectorStore(Protocol):
    """What ingest, retrieval, the benchmarks and the tests use of the index: typed records
    (``library.records``) with their vectors, in one named collection. ``ChunkStore`` is the
    implementation (Chroma); opening, dropping and renaming a collection are its own, not part
    of this seam.

    Ids are the records' ``record_id`` (``q:<article>``, ``c:<article>:<hash>:<n>``). "The
    store's order" is the order the backend keeps (for Chroma: the order records were first
    added; replacing one keeps its place), the same on every call while nothing is written.
    ``tests/unit/library/test_store.py`` checks these promises on every implementation.
    """

    @property
    def name(self) -> str:
        """The collection's name (snapshots are saved under it)."""

    @property
    def embedder_name(self) -> str:
        """The embedder the vectors were made with (``Embedder.name``); "" if not recorded."""

    def generation(self) -> str:
        """The token of what is committed now, read afresh on each call (another process may
        have changed it); "" if never set. Ingest changes it with every run that changes the
        index; a reader ties what it saves beside the index to it (``assistant.snapshot``)."""

    def set_generation(self, token: str) -> None:
        """Record ``token`` as the generation, keeping the rest of the collection's metadata."""

    def count(self) -> int:
        """How many records (article records and answer chunks) the store holds."""

    def upsert(self, records: list[ArticleRecord | AnswerChunk], embeddings: list[list[float]]) -> None:
        """Write ``records`` with their vectors (``embeddings[i]`` is ``records[i]``'s), replacing
        records of the same id; in order, in batches the backend accepts."""

    def update_files(self, moved: dict[int, tuple[str, str]], settings_key: str = "") -> None:
        """For articles ``{id: (file, file_sha)}`` whose content did not change: record the new
        file, its sha and ``settings_key`` on their article records; text and vectors untouched.
        Ids with no article record are skipped."""

    def delete_ids(self, ids: list[str]) -> None:
        """Delete the records of these ids; ids not stored are ignored."""

    def get(self, ids: Sequence[str] | None = None, *, kind: str | None = None,
            embeddings: bool = False) -> Iterator[StoredRecord]:
        """The records of ``ids`` (those not stored are skipped), or all records; only those of
        ``kind`` (``ARTICLE_KIND``/``CHUNK_KIND``) if given. In the store's order (not the order
        of ``ids``), read a page at a time as the iterator is consumed: do not write to this
        store while iterating. ``embeddings``: each with its vector."""

    def all_ids(self) -> list[str]:
        """Every record's id, in the store's order."""

    def committed(self) -> dict[int, CommitMarker]:
        """The commit marker of every article whose article record is stored, by article id."""

    def article_records(self, ids: Iterable[int] | None = None) -> list[ArticleRecord]:
        """The article records: all, or those of these article ids (absent ones skipped); in
        the store's order."""

    def stale_chunk_ids(self, committed: dict[int, CommitMarker] | None = None) -> list[str]:
        """Ids of answer chunks of no committed version (``committed``, read if not given)."""

    def summary(self) -> dict:
        """``{"articles", "chunks", "subjects" (count per subject, largest first),
        "embedding_model", "store" (where it is)}``."""

    def query(self, embedding: list[float], n: int, subject: str | None = None,
              chunks_only: bool = False) -> list[StoredHit]:
        """The ``n`` records nearest ``embedding`` by cosine similarity, best first (fewer if the
        store holds fewer; none if ``n <= 0``); ``subject`` keeps one subject's records,
        ``chunks_only`` the answer chunks."""

    def query_many(self, embeddings: list[list[float]], n: int, subject: str | None = None,
                   chunks_only: bool = False) -> list[list[StoredHit]]:
        """``query`` for each vector, in one call to the backend: one list of hits per vector."""
