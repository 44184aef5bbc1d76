"""Incremental ingest: files in, an up-to-date index out.

The order of writes is what makes a crash harmless. For each batch of articles:

1. the answer chunks of the new version are written (their ids carry the content hash, so
   they never overwrite the version readers use);
2. the article records are written: this is the commit; readers trust only chunks whose hash
   matches the article record;
3. at the end of the run, chunks of no committed version are deleted.

A run killed anywhere leaves every article in its old or its new version; the next run
redoes what was not committed and sweeps the leftovers.

Usage example::

    report = Ingestor(settings).run(["samples/articles"])
    print(report.as_dict())
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from config import Settings
from ingest.article import Article, ArticleError
from ingest.chunker import chunk_article
from ingest.embedder import Embedder, make_embedder
from ingest.reader import file_sha, find_article_files, read_article
from library.records import article_record_id
from library.chroma_store import ChunkStore, open_client
from library.store import PENDING_PREFIX, REBUILD_SUFFIX, VectorStore


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[dict] = field(default_factory=list)
    chunks_embedded: int = 0  # every text embedded: answer chunks and article records
    answer_chunks_embedded: int = 0  # the answer chunks among them (what `stats` calls chunks)
    seconds: float = 0.0
    generation: str = ""  # the index's new generation token; "" if this run changed nothing

    def as_dict(self) -> dict:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "removed": self.removed, "failed": self.failed,
            "chunks_embedded": self.chunks_embedded,
            "answer_chunks_embedded": self.answer_chunks_embedded, "seconds": round(self.seconds, 3),
        }


class Progress:
    """What the pipeline reports while it works; the CLI draws a bar from it."""

    def start(self, total_files: int) -> None: ...
    def advance(self, files: int, chunks: int) -> None: ...
    def close(self) -> None: ...


class Ingestor:
    def __init__(self, settings: Settings, embedder: Embedder | None = None, client=None):
        self.settings = settings
        self.embedder = embedder or make_embedder(settings, ingest=True)
        self._client = client

    @property
    def client(self):
        if self._client is None:
            self._client = open_client(self.settings)
        return self._client

    def run(self, paths: list[str | Path], *, rebuild: bool = False,
            progress: Progress | None = None) -> IngestReport:
        started = time.monotonic()
        progress = progress or Progress()
        report = IngestReport()
        files = find_article_files(paths)
        name = self.settings.store.collection
        if rebuild:
            # Build beside the live collection and swap at the end: a failed rebuild
            # leaves the old index answering.
            ChunkStore.drop(self.client, name + REBUILD_SUFFIX)
            store = ChunkStore.open(self.settings, self.embedder.name, client=self.client,
                                    name=name + REBUILD_SUFFIX)
        else:
            store = ChunkStore.open(self.settings, self.embedder.name, client=self.client)
        committed = store.committed()
        by_file = {s.file: s for s in committed.values()}
        key = self._settings_key()
        # Readers tie what they save beside the index to its generation. Before the first write
        # the generation becomes "pending": no reader saves a snapshot of a half-written index,
        # and a run killed part-way leaves it pending, so the next run gives a new one even if
        # it finds nothing left to do.
        before = store.generation()
        writing = [False]

        def mark_pending() -> None:
            if not writing[0]:
                store.set_generation(PENDING_PREFIX + uuid.uuid4().hex[:16])
                writing[0] = True

        progress.start(len(files))
        to_write: list[Article] = []
        seen_ids: dict[int, str] = {}
        moved: dict[int, tuple[str, str]] = {}
        claimed_files: dict[str, int] = {}  # file -> id it holds now (read without error)
        for path in files:
            name_ = str(path)
            try:
                data = path.read_bytes()
            except OSError as exc:
                report.failed.append(ArticleError(name_, "file", f"cannot be read: {exc}").as_dict())
                progress.advance(1, 0)
                continue
            sha = file_sha(data)
            known = by_file.get(name_)
            if (known is not None and known.file_sha == sha and known.settings_key == key
                    and known.article_id not in seen_ids):
                # Same bytes as the committed version: nothing to parse or embed.
                seen_ids[known.article_id] = name_
                claimed_files[name_] = known.article_id
                report.unchanged += 1
                progress.advance(1, 0)
                continue
            try:
                article = read_article(path, site_url=self.settings.site_url,
                                       max_bytes=self.settings.ingest.max_file_bytes, data=data)
            except ArticleError as exc:
                report.failed.append(exc.as_dict())
                progress.advance(1, 0)
                continue
            if article.id in seen_ids:
                report.failed.append(ArticleError(
                    name_, "id", f"{article.id} is already used by {seen_ids[article.id]} "
                                 "(that file was kept)").as_dict())
                progress.advance(1, 0)
                continue
            seen_ids[article.id] = name_
            claimed_files[name_] = article.id
            current = committed.get(article.id)
            if current is not None and current.hash == self._hash(article):
                report.unchanged += 1
                if current.file != name_ or current.file_sha != sha or current.settings_key != key:
                    moved[article.id] = (name_, sha)
                progress.advance(1, 0)
                continue
            if current is None:
                report.added += 1
            else:
                report.updated += 1
            to_write.append(article)
            if len(to_write) >= self.settings.ingest.batch_articles:
                mark_pending()
                self._write(store, to_write, progress, report)
                to_write = []
        if to_write:
            mark_pending()
            self._write(store, to_write, progress, report)
        if moved:
            mark_pending()
            store.update_files(moved, key)

        gone = self._gone(committed, claimed_files)
        if gone:
            mark_pending()
            store.delete_ids([article_record_id(a) for a in gone])  # uncommit first
            report.removed = len(gone)
        stale = store.stale_chunk_ids()
        if stale:
            mark_pending()
            store.delete_ids(stale)
        if rebuild or writing[0] or not before or before.startswith(PENDING_PREFIX):
            # a new version of the index: what readers saved beside the old one no longer holds
            report.generation = uuid.uuid4().hex[:16]
            store.set_generation(report.generation)
        if rebuild:
            ChunkStore.drop(self.client, name)
            store.rename(name)
        progress.close()
        report.seconds = time.monotonic() - started
        return report

    # ----- steps -----------------------------------------------------------------------
    def _write(self, store: VectorStore, articles: list[Article], progress: Progress,
               report: IngestReport) -> None:
        """Embed and store a batch; answer chunks first, article records (the commit) last."""
        key = self._settings_key()
        split = [chunk_article(a, self.settings.ingest.chunk_chars, self._hash(a), key) for a in articles]
        records = [record for record, _ in split]
        chunks = [c for _, article_chunks in split for c in article_chunks]
        vectors = self.embedder.embed_documents([c.embed_text for c in chunks]
                                                + [r.embed_text for r in records])
        if chunks:
            store.upsert(chunks, vectors[:len(chunks)])
        store.upsert(records, vectors[len(chunks):])
        progress.advance(len(articles), len(chunks) + len(records))
        report.chunks_embedded += len(chunks) + len(records)
        report.answer_chunks_embedded += len(chunks)

    def _settings_key(self) -> str:
        """The settings that shape what is stored from a file: a change re-reads every file."""
        blob = f"{self.settings.ingest.chunk_chars}|{self.settings.site_url}".encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def _hash(self, article: Article) -> str:
        """Content and chunking settings: a new chunk size re-chunks every article."""
        blob = f"{article.content_hash}:{self.settings.ingest.chunk_chars}".encode()
        return hashlib.sha256(blob).hexdigest()

    def _gone(self, committed: dict, claimed_files: dict[str, int]) -> list[int]:
        """Committed articles whose file is gone or now holds another article."""
        if self.settings.ingest.keep_missing:
            return []
        gone = []
        claimed_ids = set(claimed_files.values())
        for aid, stored in committed.items():
            if aid in claimed_ids:
                continue  # read in this run, from its old file or a new one
            holder = claimed_files.get(stored.file)
            if holder is not None or not Path(stored.file).exists():
                gone.append(aid)
        return gone
