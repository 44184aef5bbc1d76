"""Written exemplars per emergency category, embedded once, matched by cosine similarity.

``exemplars.yaml`` holds short messages of three kinds: ``urgent`` (someone in danger now),
``info`` (asking about an emergency topic) and ``ordinary`` (not an emergency, but sharing
its words). A message and each of its sentences are compared with all of them; what matters
is how close the nearest urgent exemplar is, and how much closer it is than the nearest
non-urgent one (``Match``). The embedding model is the one the assistant already loads.

The exemplars' vectors are kept per process and in ``cache_dir`` (keyed by the model name
and the file's hash), so a restart does not embed them again.

Usage example::

    index = ExemplarIndex.load(embedder, cache_dir=settings.data_dir)
    for match in index.match(["my son swallowed drain cleaner"]):
        match.urgent_category, match.urgent, match.margin
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

EXEMPLARS_FILE = Path(__file__).with_name("exemplars.yaml")
_CACHE: dict[tuple[str, str], np.ndarray] = {}
_LOCK = threading.Lock()


@dataclass
class Match:
    """How one text stands to the exemplars."""
    urgent: float  # similarity of the nearest urgent exemplar
    urgent_category: str
    urgent_exemplar: str
    info: float  # nearest info exemplar
    info_category: str
    ordinary: float  # nearest ordinary exemplar

    @property
    def margin(self) -> float:
        """How much closer the nearest urgent exemplar is than any non-urgent one."""
        return self.urgent - max(self.info, self.ordinary)

    @property
    def topic(self) -> float:
        """How close the text is to any emergency exemplar, urgent or info."""
        return max(self.urgent, self.info)

    @property
    def topic_category(self) -> str:
        return self.urgent_category if self.urgent >= self.info else self.info_category


class ExemplarIndex:
    def __init__(self, embedder, texts: list[str], levels: list[str], categories: list[str],
                 vectors: np.ndarray):
        self.embedder = embedder
        self.texts = texts
        self.levels = np.array(levels)
        self.categories = categories
        self.vectors = vectors
        self._masks = {lvl: self.levels == lvl for lvl in ("urgent", "info", "ordinary")}

    @classmethod
    def load(cls, embedder, path: Path = EXEMPLARS_FILE, cache_dir: Path | None = None) -> "ExemplarIndex":
        raw = path.read_bytes()
        data = yaml.safe_load(raw) or {}
        texts, levels, categories = [], [], []
        for level in ("urgent", "info"):
            for category, items in (data.get(level) or {}).items():
                for text in items or []:
                    texts.append(str(text)); levels.append(level); categories.append(category)
        for text in data.get("ordinary") or []:
            texts.append(str(text)); levels.append("ordinary"); categories.append("")
        if not texts or "urgent" not in levels:
            raise ValueError(f"{path}: no urgent exemplars")
        key = (getattr(embedder, "name", type(embedder).__name__),
               hashlib.sha256(raw).hexdigest()[:16])
        vectors = cls._vectors(embedder, texts, key, cache_dir)
        return cls(embedder, texts, levels, categories, vectors)

    @staticmethod
    def _vectors(embedder, texts: list[str], key: tuple[str, str], cache_dir: Path | None) -> np.ndarray:
        with _LOCK:
            if key in _CACHE:
                return _CACHE[key]
            cached = None
            file = None
            if cache_dir is not None:
                safe = "".join(c if c.isalnum() else "-" for c in key[0])
                file = Path(cache_dir) / "triage" / f"exemplars-{safe}-{key[1]}.npy"
                if file.is_file():
                    try:
                        cached = np.load(file)
                    except (OSError, ValueError):
                        cached = None  # a damaged cache is rebuilt
                    if cached is not None and cached.shape[0] != len(texts):
                        cached = None
            if cached is None:
                # Short texts: the document length (64 tokens) reads them whole, and they
                # stay out of the query cache.
                cached = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
                if file is not None:
                    try:
                        file.parent.mkdir(parents=True, exist_ok=True)
                        tmp = file.with_suffix(".tmp.npy")
                        np.save(tmp, cached)
                        tmp.replace(file)  # never a half-written cache
                    except OSError:
                        pass  # a read-only data folder: embed again next time
            _CACHE[key] = cached
            return cached

    def match(self, texts: list[str]) -> list[Match]:
        if not texts:
            return []
        q = np.asarray(self.embedder.embed_queries(texts), dtype=np.float32)
        sims = q @ self.vectors.T  # both normalised: cosine similarity
        out = []
        for row in sims:
            best = {}
            for level, mask in self._masks.items():
                if not mask.any():
                    best[level] = (-1.0, -1)
                    continue
                idx = np.flatnonzero(mask)
                j = idx[int(np.argmax(row[idx]))]
                best[level] = (float(row[j]), int(j))
            u, i, o = best["urgent"], best["info"], best["ordinary"]
            out.append(Match(urgent=u[0], urgent_category=self.categories[u[1]],
                             urgent_exemplar=self.texts[u[1]], info=i[0],
                             info_category=self.categories[i[1]] if i[1] >= 0 else "",
                             ordinary=o[0]))
        return out
