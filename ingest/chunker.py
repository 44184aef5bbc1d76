"""Article-aware chunking.

Each article becomes:

* one **article record** (``q:<id>``): its question is what gets embedded, so a user's question
  can match a stored question; its stored text is the whole article (question and answer),
  which lexical search and the answerers read. This record is also the article's commit
  marker: it is written last, so a reader trusts only chunks whose hash matches it.
* **answer chunks** (``c:<id>:<hash>:<n>``): the answer split at paragraph and list boundaries
  to about ``chunk_chars`` characters; each is embedded with the article's question in front,
  so a chunk carries its context.

Usage example::

    chunks = chunk_article(article, chunk_chars=1200)
    chunks[0].id  # 'q:140091'
"""

from __future__ import annotations

import json
import re

from ingest.article import Article, Chunk

_LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*+•])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'*])")


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


def split_answer(answer: str, chunk_chars: int) -> list[str]:
    """Split at paragraph and list-item boundaries; over-long blocks at sentence ends."""
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", answer):
        lines = [ln for ln in paragraph.split("\n") if ln.strip()]
        current: list[str] = []
        for line in lines:  # a list item starts a new block
            if current and _LIST_ITEM.match(line):
                blocks.append("\n".join(current))
                current = []
            current.append(line)
        if current:
            blocks.append("\n".join(current))

    pieces: list[str] = []
    for block in blocks:
        if len(block) <= chunk_chars:
            pieces.append(block)
            continue
        sentences = _SENTENCE_END.split(block)
        buf = ""
        for sentence in sentences:
            while len(sentence) > chunk_chars:  # a "sentence" without ends: cut at a space
                cut = sentence.rfind(" ", 0, chunk_chars)
                cut = cut if cut > chunk_chars // 2 else chunk_chars
                if buf:
                    pieces.append(buf)
                    buf = ""
                pieces.append(sentence[:cut].strip())
                sentence = sentence[cut:].strip()
            if buf and len(buf) + 1 + len(sentence) > chunk_chars:
                pieces.append(buf)
                buf = sentence
            else:
                buf = f"{buf} {sentence}".strip()
        if buf:
            pieces.append(buf)

    chunks: list[str] = []
    buf = ""
    for piece in pieces:  # pack small neighbours together up to the target size
        if buf and len(buf) + 2 + len(piece) > chunk_chars:
            chunks.append(buf)
            buf = piece
        else:
            buf = f"{buf}\n\n{piece}" if buf else piece
    if buf:
        chunks.append(buf)
    return chunks


def base_metadata(article: Article, content_hash: str) -> dict:
    meta = {
        "article_id": article.id,
        "hash": content_hash,
        "title": article.title,
        "url": article.url,
        "subject": article.subject,
        "date": article.date,
    }
    if article.related:  # Chroma rejects empty lists
        meta["related_ids"] = [r.id for r in article.related]
    return meta


def chunk_article(article: Article, chunk_chars: int, content_hash: str | None = None) -> list[Chunk]:
    """The article record first, then the answer chunks."""
    content_hash = content_hash or article.content_hash
    meta = base_metadata(article, content_hash)
    answer_chunks = split_answer(article.answer, chunk_chars)
    record = Chunk(
        id=article_record_id(article.id),
        article_id=article.id,
        kind="question",
        index=-1,
        text=f"{article.question}\n\n{article.answer}",
        embed_text=article.question,
        metadata={
            **meta,
            "kind": "question",
            "index": -1,
            "question": article.question,
            "file": article.file,
            "file_sha": article.file_sha,
            "author": article.author,
            "keywords": ", ".join(article.keywords),
            "related": json.dumps([r.__dict__ for r in article.related], ensure_ascii=False),
            "n_chunks": len(answer_chunks),
        },
    )
    chunks = [
        Chunk(
            id=chunk_id(article.id, content_hash, i),
            article_id=article.id,
            kind="chunk",
            index=i,
            text=text,
            embed_text=f"{article.question}\n{text}",
            metadata={**meta, "kind": "chunk", "index": i},
        )
        for i, text in enumerate(answer_chunks)
    ]
    return [record, *chunks]
