"""Article-aware chunking: an article becomes its article record and its answer chunks.

The answer is split at paragraph and list boundaries to about ``chunk_chars`` characters (an
over-long block at sentence ends). What the two kinds of record hold, and why the article
record is the commit marker, is in ``library.records``.

Usage example::

    record, chunks = chunk_article(article, chunk_chars=1200)
    record.record_id  # 'q:140091'
"""

from __future__ import annotations

from dataclasses import asdict

from ingest.article import Article
from library.records import AnswerChunk, ArticleRecord
from library.sentences import LIST_ITEM as _LIST_ITEM
from library.sentences import paragraphs, sentences



def split_answer(answer: str, chunk_chars: int) -> list[str]:
    """Split at paragraph and list-item boundaries; over-long blocks at sentence ends."""
    blocks: list[str] = []
    for paragraph in paragraphs(answer, strip=False):
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
        buf = ""
        for sentence in sentences(block):
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


def chunk_article(article: Article, chunk_chars: int, content_hash: str | None = None,
                  settings_key: str = "") -> tuple[ArticleRecord, list[AnswerChunk]]:
    """The article record (the commit marker) and the answer chunks of one article."""
    content_hash = content_hash or article.content_hash
    related_ids = tuple(r.id for r in article.related)
    chunks = [
        AnswerChunk(article_id=article.id, hash=content_hash, index=i, text=text,
                    question=article.question, title=article.title, url=article.url,
                    subject=article.subject, date=article.date, related_ids=related_ids)
        for i, text in enumerate(split_answer(article.answer, chunk_chars))
    ]
    record = ArticleRecord(
        id=article.id, question=article.question, answer=article.answer, title=article.title,
        url=article.url, subject=article.subject, date=article.date, hash=content_hash,
        related=tuple(asdict(r) for r in article.related), author=article.author,
        keywords=", ".join(article.keywords), file=article.file, file_sha=article.file_sha,
        settings_key=settings_key, n_chunks=len(chunks),
    )
    return record, chunks
