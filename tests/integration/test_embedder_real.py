"""The bundled MiniLM: stored texts and queries are read to their own lengths, in one space."""

from __future__ import annotations

import math

import pytest

pytestmark = pytest.mark.integration

OPENING = ("Hepatitis B is a liver infection caused by the hepatitis B virus. It spreads through "
           "blood and body fluids, and many people who carry it have no symptoms for years. ")
PADDING = "Doctors check the liver with blood tests and imaging and follow people over time. " * 3


def _cos(u, v):
    return sum(a * b for a, b in zip(u, v)) / math.sqrt(sum(a * a for a in u) * sum(b * b for b in v))


def test_lengths_come_from_the_settings(real_embedder):
    assert (real_embedder.max_seq_length, real_embedder.query_max_seq_length) == (64, 128)
    assert real_embedder.name == "local:all-MiniLM-L6-v2@64"  # the index records the stored length


def test_stored_texts_are_read_to_the_document_length_and_queries_further(real_embedder):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(real_embedder.model_path / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    tokens = len(tokenizer.encode(OPENING + PADDING).ids)
    assert 64 < tokens < 128
    # Two texts that differ only after the 64th token.
    a = OPENING + PADDING + "Vaccination prevents it."
    b = OPENING + PADDING + "Coffee tastes bitter to many people."
    doc_a, doc_b = real_embedder.embed_documents([a, b])
    query_a, query_b = real_embedder.embed_queries([a, b])
    assert _cos(doc_a, doc_b) == pytest.approx(1.0, abs=1e-5)
    assert _cos(query_a, query_b) < 0.999
    # Same vector space: a query reads the same opening as its stored text.
    assert _cos(real_embedder.embed_query(OPENING), real_embedder.embed_documents([OPENING])[0]) == \
        pytest.approx(1.0, abs=1e-5)


def test_the_read_length_is_per_call_under_concurrency(real_embedder):
    from concurrent.futures import ThreadPoolExecutor

    text = OPENING + PADDING + "Vaccination prevents it."
    expected_doc = real_embedder.embed_documents([text])[0]
    expected_query = real_embedder.embed_queries([text])[0]
    with ThreadPoolExecutor(4) as pool:
        docs = [pool.submit(real_embedder.embed_documents, [text]) for _ in range(8)]
        queries = [pool.submit(real_embedder.embed_queries, [text]) for _ in range(8)]
        for f in docs:
            assert _cos(f.result()[0], expected_doc) == pytest.approx(1.0, abs=1e-5)
        for f in queries:
            assert _cos(f.result()[0], expected_query) == pytest.approx(1.0, abs=1e-5)


def test_a_query_embedded_twice_is_encoded_once(real_embedder, monkeypatch):
    """The triage and retrieval embed the same message one after the other."""
    calls = []
    encode = real_embedder._encode
    monkeypatch.setattr(real_embedder, "_encode", lambda texts, n: calls.append(list(texts)) or encode(texts, n))
    first = real_embedder.embed_queries(["my chest hurts a lot, unique text 1", "and my arm, unique text 2"])
    second = real_embedder.embed_queries(["and my arm, unique text 2", "new text 3", "new text 3"])
    assert calls == [["my chest hurts a lot, unique text 1", "and my arm, unique text 2"], ["new text 3"]]
    assert second[0] == first[1] and second[1] == second[2]
    second[0][0] = 99.0  # callers get copies: the cache cannot be changed from outside
    assert real_embedder.embed_queries(["and my arm, unique text 2"])[0] == first[1]


def test_onnx_runtime_gives_the_torch_vectors_and_int8_stays_close(tmp_path):
    """embedding.runtime=onnx is the same function as sentence-transformers; onnx-int8 an
    approximation of it. Both files are made from the bundled model into a fresh folder."""
    import numpy as np

    from ingest.embedder import LocalEmbedder

    texts = ["What is gout?", "Can my grandkids catch shingles from my dad?",
             "Eating too many foods rich in purines, such as liver and anchovies, can cause gout. " * 6]
    torch_vectors = np.array(LocalEmbedder(runtime="torch").embed_documents(texts))
    onnx = LocalEmbedder(runtime="onnx", onnx_dir=tmp_path)
    int8 = LocalEmbedder(runtime="onnx-int8", onnx_dir=tmp_path)
    assert onnx.name == int8.name == LocalEmbedder(runtime="torch").name  # one vector space
    same = (np.array(onnx.embed_documents(texts)) * torch_vectors).sum(axis=1)
    close = (np.array(int8.embed_documents(texts)) * torch_vectors).sum(axis=1)
    assert same.min() > 0.9999, same
    assert close.min() > 0.97 and close.max() < 0.9999, close  # quantized: near, not equal
    assert sorted(p.name for p in tmp_path.glob("*.onnx")) == ["all-MiniLM-L6-v2.int8.onnx",
                                                                "all-MiniLM-L6-v2.onnx"]
    # queries read to their own length, batched in any order: the same vectors one by one
    one_by_one = [onnx.embed_queries([t])[0] for t in texts]
    assert np.allclose(one_by_one, onnx.embed_queries(texts), atol=1e-5)
