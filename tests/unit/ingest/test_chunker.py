"""ingest.chunker and library.records: the article record, answer chunks at natural boundaries,
stable ids, metadata that round-trips."""

from __future__ import annotations

import dataclasses
import re

import pytest

from ingest.article import Article, RelatedArticle
from ingest.chunker import chunk_article as chunk_into
from ingest.chunker import split_answer
from library.records import AnswerChunk, ArticleRecord, chunk_id, from_stored, parse_chunk_id
from ingest.reader import find_article_files, read_article
from ingest_testkit import SEED_HBSAG, SEED_INTERFERON, SITE_URL

CHUNK_CHARS = 1200


def norm(text: str) -> str:
    return " ".join(text.split())


def make_article(answer: str, **kw) -> Article:
    fields = dict(id=4242, question="What is the question?", answer=answer, title="The title",
                  url="https://www.quicktakes.io/learn/x", subject="Medicine", date="2024-12-20",
                  related=(RelatedArticle(11, "Eleven", "https://www.quicktakes.io/11"),
                           RelatedArticle(12, "Twelve", "https://www.quicktakes.io/12")))
    fields.update(kw)
    return Article(**fields)


def long_structured_answer() -> str:
    """~6,000 characters: intro paragraphs, a numbered list, a bulleted list, a closing line."""
    para = ("Hepatitis B is a liver infection caused by the hepatitis B virus. "
            "It spreads through contact with infected body fluids. ") * 3
    intro = [para.replace("Hepatitis B", name) for name in ("Hepatitis B", "Chronic hepatitis B",
                                                             "Acute hepatitis B", "Hepatitis D")]
    items = "\n\n".join(f"{i}. **Point {i}**: " + "Detail sentence about this point. " * 6
                        for i in range(1, 15))
    bullets = "\n".join(f"- Bullet {i}: " + "short bullet text, " * 5 + "end." for i in range(1, 11))
    return "\n\n".join([*intro, items, bullets, "In summary, this closes the answer."])


def blocks_of(answer: str) -> list[str]:
    """Paragraphs and list items: the units a chunk boundary may fall between."""
    out = []
    for paragraph in re.split(r"\n\s*\n", answer):
        current: list[str] = []
        for line in (ln for ln in paragraph.split("\n") if ln.strip()):
            if current and re.match(r"^\s*(?:\d+[.)]|[-*+•])\s+", line):
                out.append("\n".join(current))
                current = []
            current.append(line)
        if current:
            out.append("\n".join(current))
    return out


def chunk_article(article: Article, chunk_chars: int) -> list[ArticleRecord | AnswerChunk]:
    """The article record, then the answer chunks: every record the article is stored as."""
    record, chunks = chunk_into(article, chunk_chars)
    return [record, *chunks]


def answer_chunks(records):
    return [r for r in records if isinstance(r, AnswerChunk)]


# ----- record and chunks --------------------------------------------------------------------

def test_article_record_comes_first(seeds_dir):
    article = read_article(seeds_dir / SEED_HBSAG, site_url=SITE_URL)
    chunks = chunk_article(article, CHUNK_CHARS)

    record = chunks[0]
    assert record.record_id == "q:140093"
    assert isinstance(record, ArticleRecord) and record.metadata()["index"] == -1
    assert record.embed_text == article.question
    assert record.text == f"{article.question}\n\n{article.answer}"
    assert record.metadata()["n_chunks"] == record.n_chunks == len(chunks) - 1
    assert record.metadata()["question"] == article.question
    assert record.metadata()["file"] == article.file
    assert record.metadata()["file_sha"] == article.file_sha
    assert record.metadata()["hash"] == article.content_hash
    assert all(isinstance(c, AnswerChunk) for c in chunks[1:])
    assert len(chunks) > 1


def test_records_read_back_as_they_were_written(seeds_dir):
    """What the store returns (document + metadata) parses to the record that was written."""
    article = read_article(seeds_dir / SEED_INTERFERON, site_url=SITE_URL)
    record, chunks = chunk_into(article, 500, settings_key="k1")
    assert from_stored(record.text, record.metadata()) == record
    assert record.related[0] == {"id": 140099, "title": article.related[0].title,
                                 "url": article.related[0].url, "subject": article.related[0].subject}
    for chunk in chunks:
        back = from_stored(chunk.text, chunk.metadata())
        assert isinstance(back, AnswerChunk)
        assert (back.article_id, back.hash, back.index, back.text, back.related_ids) == \
            (chunk.article_id, chunk.hash, chunk.index, chunk.text, chunk.related_ids)
        assert back.record_id == chunk.record_id


def test_chunks_carry_the_question_for_embedding(seeds_dir):
    article = read_article(seeds_dir / SEED_INTERFERON, site_url=SITE_URL)
    body = answer_chunks(chunk_article(article, 400))
    assert len(body) >= 3
    for i, chunk in enumerate(body):
        assert chunk.index == i
        assert chunk.embed_text.startswith(article.question)
        assert chunk.embed_text == f"{article.question}\n{chunk.text}"
        assert article.question not in chunk.text  # stored text is the answer piece only
        assert chunk.record_id == f"c:140091:{article.content_hash[:12]}:{i}"


def test_long_answer_splits_at_paragraph_and_list_boundaries():
    answer = long_structured_answer()
    assert len(answer) > 5000
    blocks = blocks_of(answer)
    assert all(len(b) <= 500 for b in blocks)  # every unit fits, so none may be cut

    texts = [c.text for c in answer_chunks(chunk_article(make_article(answer), 500))]

    assert len(texts) >= len(answer) // 500
    assert all(len(t) <= 500 for t in texts)
    for block in blocks:  # each paragraph or list item sits whole in exactly one chunk
        assert sum(block in t for t in texts) == 1, block[:60]
    for text in texts:  # and every chunk starts and ends at a block edge
        assert any(text.startswith(b) for b in blocks), text[:60]
        assert any(text.endswith(b) for b in blocks), text[-60:]
    assert norm(" ".join(texts)) == norm(answer)


def test_over_long_paragraph_splits_at_sentence_ends():
    sentences = [f"Sentence number {i} says something about the liver and the virus." for i in range(60)]
    answer = " ".join(sentences)
    texts = split_answer(answer, 400)
    assert len(texts) > 5
    assert all(len(t) <= 400 for t in texts)
    assert all(t.endswith(".") for t in texts)
    assert all(t.startswith("Sentence number") for t in texts)
    assert norm(" ".join(texts)) == norm(answer)


def test_unbreakable_piece_is_handled_without_losing_text():
    token = "ACGT" * 800  # 3,200 characters without a space or a sentence end
    answer = f"Intro sentence here.\n\nThe sequence is {token} and then it ends.\n\nLast words."
    texts = split_answer(answer, 1000)
    for t in texts:
        assert len(t) <= 1000 or len(t.split()) == 1, len(t)
    assert "".join("".join(texts).split()) == "".join(answer.split())


def test_short_answer_is_one_chunk():
    texts = split_answer("Just one short line.", CHUNK_CHARS)
    assert texts == ["Just one short line."]


@pytest.mark.parametrize("chunk_chars", [400, CHUNK_CHARS])
def test_corpus_answers_are_split_within_size_and_preserved(corpus_slice, chunk_chars):
    """Every article of the corpus slice, including the long ones."""
    longest = 0
    for path in find_article_files([corpus_slice]):
        article = read_article(path, site_url=SITE_URL)
        longest = max(longest, len(article.answer))
        chunks = chunk_article(article, chunk_chars)
        body = answer_chunks(chunks)
        assert chunks[0].record_id == f"q:{article.id}"
        assert chunks[0].n_chunks == len(body) >= 1
        assert all(len(c.text) <= chunk_chars or len(c.text.split()) == 1 for c in body), path
        assert norm(" ".join(c.text for c in body)) == norm(article.answer), path
        assert len({c.record_id for c in chunks}) == len(chunks)
    assert longest > 5000


# ----- ids ----------------------------------------------------------------------------------

def test_ids_are_stable_across_calls(seeds_dir):
    article = read_article(seeds_dir / SEED_HBSAG, site_url=SITE_URL)
    first = [(c.record_id, c.text, c.embed_text) for c in chunk_article(article, 500)]
    again = [(c.record_id, c.text, c.embed_text) for c in chunk_article(article, 500)]
    reread = read_article(seeds_dir / SEED_HBSAG, site_url=SITE_URL)
    assert first == again == [(c.record_id, c.text, c.embed_text) for c in chunk_article(reread, 500)]


def test_chunk_ids_change_with_the_content_hash():
    article = make_article("One paragraph.\n\nAnother paragraph.")
    edited = dataclasses.replace(article, answer="One paragraph.\n\nAnother paragraph, edited.")
    retitled = dataclasses.replace(article, title="A different title")
    assert len({article.content_hash, edited.content_hash, retitled.content_hash}) == 3

    ids = [c.record_id for c in chunk_article(article, CHUNK_CHARS)]
    for changed in (edited, retitled):
        new_ids = [c.record_id for c in chunk_article(changed, CHUNK_CHARS)]
        assert new_ids[0] == ids[0] == "q:4242"  # the article record keeps its id
        assert not set(new_ids[1:]) & set(ids[1:])
        assert all(f":{changed.content_hash[:12]}:" in i for i in new_ids[1:])


def test_file_path_does_not_change_ids():
    article = make_article("Some answer.")
    moved = dataclasses.replace(article, file="/elsewhere/x.md", file_sha="0" * 64)
    assert [c.record_id for c in chunk_article(article, CHUNK_CHARS)] == \
        [c.record_id for c in chunk_article(moved, CHUNK_CHARS)]


def test_chunk_id_round_trip():
    cid = chunk_id(140093, "abcdef0123456789" * 4, 3)
    assert cid == "c:140093:abcdef012345:3"
    assert parse_chunk_id(cid) == (140093, "abcdef012345")
    assert parse_chunk_id("q:140093") is None
    assert parse_chunk_id("c:x:abc:1") is None


# ----- metadata -----------------------------------------------------------------------------

def _assert_chroma_safe(meta: dict) -> None:
    for key, value in meta.items():
        if isinstance(value, list):
            assert value, f"{key} is an empty list (Chroma rejects it)"
            assert len({type(v) for v in value}) == 1, key
        else:
            assert value is None or isinstance(value, (str, int, float, bool)), (key, type(value))


def test_metadata_fields(seeds_dir):
    article = read_article(seeds_dir / SEED_INTERFERON, site_url=SITE_URL)
    for chunk in chunk_article(article, 500):
        meta = chunk.metadata()
        assert meta["article_id"] == 140091
        assert meta["title"] == article.title
        assert meta["url"] == article.url and meta["url"].startswith(SITE_URL)
        assert meta["subject"] == "Medicine"
        assert meta["date"] == "2024-12-20"
        assert meta["related_ids"] == [140099, 140090, 140094, 140079]
        assert meta["hash"] == article.content_hash
        assert meta["kind"] == ("question" if isinstance(chunk, ArticleRecord) else "chunk")
        assert meta["index"] == (-1 if isinstance(chunk, ArticleRecord) else chunk.index)
        _assert_chroma_safe(meta)


def test_metadata_has_no_empty_lists_without_related_or_keywords():
    article = make_article("An answer.", related=(), keywords=(), date="", url="")
    chunks = chunk_article(article, CHUNK_CHARS)
    for chunk in chunks:
        assert "related_ids" not in chunk.metadata()
        _assert_chroma_safe(chunk.metadata())
    assert chunks[0].metadata()["date"] == "" and chunks[0].metadata()["keywords"] == ""


def test_metadata_accepted_by_chroma(seeds_dir, settings):
    """The metadata of a real article and of a bare one go into a real Chroma collection (the
    store, in tmp_path) and come back as they were written."""
    from library.chroma_store import ChunkStore

    store = ChunkStore.open(settings(), "test:3")
    chunks = chunk_article(read_article(seeds_dir / SEED_HBSAG, site_url=SITE_URL), 500)
    chunks += chunk_article(make_article("Bare.", id=1, related=(), keywords=()), 500)
    store.upsert(chunks, [[0.1, 0.2, 0.3]] * len(chunks))
    assert store.count() == len(chunks)
    stored = {s.id: s.record for s in store.get()}
    assert {i: r.metadata() for i, r in stored.items()} == {c.record_id: c.metadata() for c in chunks}
    first_chunk = stored[next(i for i in stored if i.startswith("c:140093:"))]
    assert list(first_chunk.related_ids) == [140087, 140085, 140090, 140101, 140096]
