"""What a long-running server does per query and over time: the word-coverage signal read from
the index's postings (the same figures as scoring every word), bounded caches, and a vector
query on an empty collection without a count first."""

from __future__ import annotations

import itertools

import pytest

from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.library import Library
from library.bounded import Bounded
from library.records import ArticleRecord

TEXTS = {
    1: ("What is gout?", "Gout is a kind of arthritis. Purines in liver and anchovies raise uric acid."),
    2: ("What causes shingles?", "Shingles is caused by the varicella zoster virus, the chickenpox virus."),
    3: ("How is hepatitis B treated?", "Interferon and entecavir treat chronic hepatitis B infection."),
    4: ("What is lupus?", "Lupus is an autoimmune disease; the immune system attacks the kidneys."),
}


def coverage_by_scoring(index: LexicalIndex, text: str, ids: list[int]) -> float:
    """The former computation: the whole library scored once per distinctive word."""
    terms = [t for t in index.query_terms(text) if index.doc_freq[index.vocab[t]] <= index.max_docs]
    if not terms or not ids:
        return 1.0 if not terms else 0.0
    rows = [index._row[a] for a in ids if a in index._row]
    return sum(any(index.retriever.get_scores([t])[r] > 0 for r in rows) for t in terms) / len(terms)


@pytest.mark.parametrize("text", ["gout from anchovies and liver", "entecavir for hepatitis",
                                  "shingles virus in the kidneys", "zoster lupus interferon purines"])
def test_coverage_from_postings_equals_scoring_every_word(text):
    library = Library([ArticleRecord(id=i, question=q, answer=a, title=q, url=f"https://x/{i}", hash="h")
                       for i, (q, a) in TEXTS.items()])
    index = LexicalIndex(library, max_df=1.0)
    index.max_docs = 3  # every word of this little library counts as distinctive
    for ids in itertools.chain(itertools.combinations(TEXTS, 1), itertools.combinations(TEXTS, 2), [()]):
        assert index.coverage(text, list(ids)) == coverage_by_scoring(index, text, list(ids)), (text, ids)
    assert 0 < index.coverage(text, list(TEXTS)) <= 1


def test_bounded_cache_forgets_the_oldest():
    cache = Bounded(3)
    for i in range(10):
        cache[i] = i * i
    assert list(cache) == [7, 8, 9] and cache[9] == 81


def test_query_of_an_empty_collection_returns_no_hits(settings, fake_embedder):
    from library.chroma_store import ChunkStore

    store = ChunkStore.open(settings(embedding={"provider": "fake"}), fake_embedder.name)
    calls = []
    store.count = lambda: calls.append(1) or 0  # per query, no count round trip any more
    assert store.query_many([fake_embedder.embed_query("gout")] * 2, 5) == [[], []]
    assert calls == []


def test_ingest_embeds_with_its_own_runtime_and_readers_with_theirs(settings):
    from ingest.embedder import make_embedder
    from ingest.pipeline import Ingestor

    default = settings()
    assert make_embedder(default).runtime == "onnx"  # queries, the triage, the answer's units
    assert make_embedder(default, ingest=True).runtime == "onnx-int8"  # stored texts
    assert Ingestor(default).embedder.runtime == "onnx-int8"
    same = settings(embedding={"ingest_runtime": ""})
    assert make_embedder(same, ingest=True).runtime == "onnx"
    assert make_embedder(default).name == make_embedder(default, ingest=True).name  # one index


def test_bm25s_is_imported_without_numba_and_numba_stays_importable():
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; from library.words import import_bm25s; b = import_bm25s(); "
            "print('numba' in sys.modules, b.NUMBA_AVAILABLE); "
            "import importlib.util; print(importlib.util.find_spec('numba') is not None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[3]).stdout.split()
    assert out[:2] == ["False", "False"]  # a reader does not carry numba and llvmlite
    if out[2] == "True":  # installed (the evaluation's ranx): still importable afterwards
        subprocess.run([sys.executable, "-c", "from library.words import import_bm25s; import_bm25s(); import numba"],
                       check=True, cwd=Path(__file__).resolve().parents[3])


def test_memory_is_trimmed_every_few_answers():
    from assistant.memory import MemoryTrim

    calls = []
    trim = MemoryTrim(every=3)
    trim.libc = type("Libc", (), {"malloc_trim": staticmethod(lambda pad: calls.append(pad) or 1)})()
    assert [trim.answered() for _ in range(7)] == [False, False, True, False, False, True, False]
    assert calls == [0, 0]
    assert MemoryTrim(every=0).answered() is False
