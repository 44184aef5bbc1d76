"""What the index stores, defined once: the article record and the answer chunk.

Every stored record is one of two kinds, and this module is the only place that writes or
reads their ids and metadata (``library.store`` is the only one that talks to Chroma):

* the **article record** (id ``q:<article id>``): the whole article. Its question is what gets
  embedded, so a person's question can match a stored question; its document is the question
  and the answer, which lexical search and the answerers read. It is also the article's
  **commit marker**: ingest writes it after the article's chunks, and a reader trusts only
  chunks whose hash matches it.
* the **answer chunk** (id ``c:<article id>:<hash[:12]>:<n>``): a piece of the answer, embedded
  with the article's question in front so the chunk carries its context. Its id carries the
  content hash, so a new version never overwrites the one readers use.

Usage example::

    record, chunks = chunk_article(article, chunk_chars, content_hash, settings_key)  # ingest.chunker
    store.upsert(chunks, chunk_vectors); store.upsert([record], [record_vector])  # the record commits
    stored = from_stored(document, metadata)  # -> ArticleRecord or AnswerChunk, by its "kind"
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

# The ``kind`` metadata value of article records. "question" is historical (the record was
# once only the question); indexes already built hold it, so it stays.
ARTICLE_KIND = "question"
CHUNK_KIND = "chunk"


def article_record_id(article_id: int) -> str:
    return f"q:{article_id}"


def chunk_id(article_id: int, content_hash: str, index: int) -> str:
    return f"c:{article_id}:{content_hash[:12]}:{index}"


def parse_chunk_id(record_id: str) -> tuple[int, str] | None:
    """``(article_id, short_hash)`` of an answer-chunk id, None for other ids."""
    parts = record_id.split(":")
    if len(parts) == 4 and parts[0] == "c" and parts[1].lstrip("-").isdigit():
        return int(parts[1]), parts[2]
    return None


@dataclass(frozen=True)
class CommitMarker:
    """What ingest needs to know of a committed article to skip or update it."""

    article_id: int
    hash: str
    file: str = ""
    file_sha: str = ""
    settings_key: str = ""

    @classmethod
    def from_metadata(cls, meta: dict) -> CommitMarker:
        return cls(int(meta["article_id"]), meta.get("hash", ""), meta.get("file", ""),
                   meta.get("file_sha", ""), meta.get("settings_key", ""))


@dataclass(frozen=True)
class ArticleRecord:
    """One committed article: everything the assistant reads of it, and its commit marker."""

    id: int
    question: str
    answer: str
    title: str
    url: str
    subject: str = ""
    date: str = ""
    hash: str = ""  # content and chunking settings; the chunks of this version carry it
    related: tuple[dict, ...] = field(default_factory=tuple)  # {"id", "title", "url", "subject"}
    author: str = ""
    keywords: str = ""
    file: str = ""
    file_sha: str = ""
    settings_key: str = ""
    n_chunks: int = 0

    @property
    def text(self) -> str:
        """The stored document: question, blank line, answer."""
        return f"{self.question}\n\n{self.answer}"

    @property
    def record_id(self) -> str:
        return article_record_id(self.id)

    @property
    def embed_text(self) -> str:
        return self.question

    @property
    def marker(self) -> CommitMarker:
        return CommitMarker(self.id, self.hash, self.file, self.file_sha, self.settings_key)

    def metadata(self) -> dict:
        meta = {
            **_shared_metadata(self.id, self.hash, self.title, self.url, self.subject, self.date,
                               [int(r["id"]) for r in self.related]),
            "kind": ARTICLE_KIND, "index": -1, "question": self.question, "file": self.file,
            "file_sha": self.file_sha, "author": self.author, "keywords": self.keywords,
            "related": json.dumps(list(self.related), ensure_ascii=False),
            "n_chunks": self.n_chunks,
        }
        if self.settings_key:
            meta["settings_key"] = self.settings_key
        return meta

    @classmethod
    def from_stored(cls, document: str, meta: dict) -> ArticleRecord:
        question = meta.get("question") or document.split("\n\n", 1)[0]
        answer = document[len(question):].lstrip("\n") if document.startswith(question) else document
        try:
            related = tuple(json.loads(meta.get("related") or "[]"))
        except json.JSONDecodeError:
            related = ()
        return cls(
            id=int(meta["article_id"]), question=question, answer=answer,
            title=meta.get("title") or question, url=meta.get("url") or "",
            subject=meta.get("subject") or "", date=meta.get("date") or "",
            hash=meta.get("hash") or "", related=related, author=meta.get("author") or "",
            keywords=meta.get("keywords") or "", file=meta.get("file") or "",
            file_sha=meta.get("file_sha") or "", settings_key=meta.get("settings_key") or "",
            n_chunks=int(meta.get("n_chunks") or 0),
        )


@dataclass(frozen=True)
class AnswerChunk:
    """A piece of an article's answer, embedded with the article's question in front."""

    article_id: int
    hash: str
    index: int
    text: str
    question: str
    title: str = ""
    url: str = ""
    subject: str = ""
    date: str = ""
    related_ids: tuple[int, ...] = ()

    @property
    def record_id(self) -> str:
        return chunk_id(self.article_id, self.hash, self.index)

    @property
    def embed_text(self) -> str:
        return f"{self.question}\n{self.text}"

    def metadata(self) -> dict:
        return {**_shared_metadata(self.article_id, self.hash, self.title, self.url, self.subject,
                                   self.date, list(self.related_ids)),
                "kind": CHUNK_KIND, "index": self.index}

    @classmethod
    def from_stored(cls, document: str, meta: dict) -> AnswerChunk:
        return cls(article_id=int(meta["article_id"]), hash=meta.get("hash") or "",
                   index=int(meta.get("index", 0)), text=document, question="",
                   title=meta.get("title") or "", url=meta.get("url") or "",
                   subject=meta.get("subject") or "", date=meta.get("date") or "",
                   related_ids=tuple(int(i) for i in meta.get("related_ids") or ()))


def _shared_metadata(article_id: int, content_hash: str, title: str, url: str, subject: str,
                     date: str, related_ids: list[int]) -> dict:
    """The fields both kinds carry (subject filters and hash checks work on either)."""
    meta = {"article_id": article_id, "hash": content_hash, "title": title, "url": url,
            "subject": subject, "date": date}
    if related_ids:  # Chroma rejects empty lists
        meta["related_ids"] = related_ids
    return meta


def from_stored(document: str, meta: dict) -> ArticleRecord | AnswerChunk:
    """The typed record of a stored document and its metadata."""
    if (meta or {}).get("kind") == ARTICLE_KIND:
        return ArticleRecord.from_stored(document, meta)
    return AnswerChunk.from_stored(document, meta or {})
