"""`quicktakes ingest` killed with SIGKILL part-way leaves an index that works and heals.

The run uses the real embedder (slow enough to be caught mid-way) and commits every 8
articles. The test watches the store's SQLite file read-only and kills the process once some,
but not all, articles are committed. The index is inspected in a separate process each time:
Chroma's on-disk store is meant for one process at a time.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.reader import find_article_files
from ingest_testkit import clean_environ, expected_ids

pytestmark = pytest.mark.integration

BATCH = 8
KILL_AFTER = 2 * BATCH  # committed articles seen before the kill
DEADLINE_S = 300

INSPECT = r"""
import dataclasses, json, sys
from config import load_settings
from ingest.embedder import make_embedder
from library.chroma_store import ChunkStore

settings = load_settings()
embedder = make_embedder(settings)
store = ChunkStore.open(settings, embedder.name, create=False)
records = [dataclasses.asdict(r) for r in store.article_records()]
out = {"ids": store.all_ids(), "records": records, "stale": store.stale_chunk_ids()}
if sys.argv[1:] == ["--query"] and records:  # ask the question of a committed article
    questions = [m["question"] for m in records]
    unique = [m for m in records if questions.count(m["question"]) == 1]
    probe = unique[len(unique) // 2]
    hits = store.query(embedder.embed_query(probe["question"]), 5)
    out["probe"] = probe["id"]
    out["hits"] = [[h.id, h.similarity] for h in hits]
print(json.dumps(out))
"""


def quicktakes_command() -> list[str]:
    script = Path(sys.executable).parent / "quicktakes"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "cli.main"]


def committed_in_sqlite(db: Path) -> int:
    """Article records (commit markers) in the store, read without opening Chroma."""
    if not db.is_file():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5) as conn:
            (n,) = conn.execute("SELECT COUNT(*) FROM embedding_metadata "
                                "WHERE key = 'kind' AND string_value = 'question'").fetchone()
            return n
    except sqlite3.Error:  # not created yet, or busy: look again
        return 0


def inspect(env: dict, query: bool = False) -> dict:
    argv = [sys.executable, "-c", INSPECT] + (["--query"] if query else [])
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_killed_ingest_leaves_a_working_index_and_the_next_run_completes(corpus_copy, tmp_path):
    folder = corpus_copy
    total = len(find_article_files([folder]))
    data = tmp_path / "data"
    env = clean_environ(QUICKTAKES_DATA_DIR=str(data), QUICKTAKES_INGEST__BATCH_ARTICLES=str(BATCH))
    db = data / "chroma" / "chroma.sqlite3"

    # 1. start an ingest and kill it once some articles are committed
    log = (tmp_path / "first.out").open("w"), (tmp_path / "first.err").open("w")
    proc = subprocess.Popen([*quicktakes_command(), "ingest", str(folder), "--json"], env=env,
                            stdout=log[0], stderr=log[1], start_new_session=True)
    seen = 0
    try:
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            seen = committed_in_sqlite(db)
            if seen >= KILL_AFTER or proc.poll() is not None:
                break
            time.sleep(0.1)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        for f in log:
            f.close()
    assert proc.returncode == -signal.SIGKILL, (
        f"ingest ended on its own (rc {proc.returncode}) with {seen} articles committed: "
        + (tmp_path / "first.err").read_text()[-2000:])
    assert KILL_AFTER <= seen < total

    # 2. the index opens and answers; every committed article is complete
    after_kill = inspect(env, query=True)
    records = after_kill["records"]
    assert KILL_AFTER <= len(records) < total
    ids = set(after_kill["ids"])
    trusted = expected_ids(records)
    missing = trusted - ids
    assert not missing, f"committed articles with missing chunks: {sorted(missing)[:10]}"
    # whatever is not trusted is exactly what the sweep will remove
    assert set(after_kill["stale"]) == ids - trusted

    assert after_kill["hits"], "the index answered no query"
    assert after_kill["hits"][0][0] == f"q:{after_kill['probe']}"

    # 3. the next run completes the job and sweeps the leftovers
    rerun = subprocess.run([*quicktakes_command(), "ingest", str(folder), "--json"], env=env,
                           capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    report = json.loads(rerun.stdout.strip().splitlines()[-1])
    assert report["failed"] == []
    assert report["unchanged"] == len(records)
    assert report["added"] == total - len(records)

    final = inspect(env)
    assert len(final["records"]) == total
    assert {r["id"] for r in final["records"]} >= {r["id"] for r in records}
    assert final["stale"] == []
    assert set(final["ids"]) == expected_ids(final["records"])
