"""Ingest into a real Chroma server (`chroma run`) with store.mode=http."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from cli.main import main
from ingest_testkit import clean_environ

pytestmark = pytest.mark.integration

HOST = "127.0.0.1"
START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def chroma_command() -> list[str]:
    script = Path(sys.executable).parent / "chroma"
    assert script.is_file(), f"the chroma console script is not installed beside {sys.executable}"
    return [str(script)]


def heartbeat(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/api/v2/heartbeat", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("chroma_server")
    port = free_port()
    log = (path / "server.log").open("w")
    proc = subprocess.Popen(
        [*chroma_command(), "run", "--path", str(path / "db"), "--host", HOST, "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=clean_environ(), start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not heartbeat(port):
            assert proc.poll() is None, (
                f"chroma run exited with {proc.returncode}: {(path / 'server.log').read_text()[-2000:]}")
            assert time.monotonic() < deadline, "chroma run did not answer its heartbeat in time"
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


@pytest.fixture
def server(monkeypatch, chroma_server, request) -> tuple[int, str]:
    """Settings pointing at the server; ``(port, collection)``, one collection per test."""
    collection = f"qt_{request.node.name[:40]}"
    monkeypatch.setenv("QUICKTAKES_STORE__MODE", "http")
    monkeypatch.setenv("QUICKTAKES_STORE__HOST", HOST)
    monkeypatch.setenv("QUICKTAKES_STORE__PORT", str(chroma_server))
    monkeypatch.setenv("QUICKTAKES_STORE__COLLECTION", collection)
    monkeypatch.setenv("QUICKTAKES_EMBEDDING__PROVIDER", "fake")
    return chroma_server, collection


def cli_json(capsys, *argv) -> tuple[int, dict]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else {"stderr": err})


def http_client(port: int):
    return chromadb.HttpClient(host=HOST, port=port,
                               settings=ChromaSettings(anonymized_telemetry=False))


def test_ingest_into_server_then_reingest_embeds_nothing(server, capsys, seeds_dir, tmp_path):
    port, collection_name = server
    code, first = cli_json(capsys, "ingest", seeds_dir, "--json")
    assert code == 0, first
    assert first["added"] == 2 and first["failed"] == []
    assert not (tmp_path / "chroma").exists()  # nothing went to the local data folder

    collection = http_client(port).get_collection(collection_name, embedding_function=None)
    assert collection.count() == first["chunks_embedded"]
    assert collection.metadata["embedder"] == "fake:256"

    code, stats = cli_json(capsys, "stats", "--json")
    assert code == 0
    assert stats["articles"] == 2
    assert stats["articles"] + stats["chunks"] == first["chunks_embedded"]
    assert stats["store"].startswith(f"http://{HOST}:{port}")

    code, again = cli_json(capsys, "ingest", seeds_dir, "--json")
    assert code == 0
    assert again["chunks_embedded"] == 0
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert collection.count() == first["chunks_embedded"]


def test_rebuild_through_the_server(server, capsys, seeds_dir):
    port, collection_name = server
    code, first = cli_json(capsys, "ingest", seeds_dir, "--json")
    assert code == 0
    code, rebuilt = cli_json(capsys, "ingest", seeds_dir, "--json", "--rebuild")
    assert code == 0, rebuilt
    assert rebuilt["added"] == 2 and rebuilt["chunks_embedded"] == first["chunks_embedded"]

    names = {c.name for c in http_client(port).list_collections()}
    assert collection_name in names
    assert not {n for n in names if n.startswith(collection_name) and n != collection_name}
    collection = http_client(port).get_collection(collection_name, embedding_function=None)
    assert collection.count() == first["chunks_embedded"]
    code, again = cli_json(capsys, "ingest", seeds_dir, "--json")
    assert code == 0 and again["chunks_embedded"] == 0
