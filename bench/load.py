"""Several `quicktakes serve` workers on one Chroma server, under load, one of them killed (issue 21).

Starts `chroma run` on the index's folder, then N workers (`quicktakes serve`, store.mode=http,
one shared data folder holding the saved snapshot and the saved conversations), each on its own
port. Then, through the HTTP API (`POST /v1/ask`, questions from the judged and key-fact sets):

1. one client for ``--single-seconds``: the latency one person sees;
2. C clients for ``--seconds``, spread over the workers (each client picks the next worker, as a
   round-robin balancer would), with ``--chatters`` people chatting through the page's own
   endpoint (gradio_client, each its own browser, so each conversation is saved); after
   ``--kill-after`` seconds worker 1 is killed with SIGKILL. A request that finds its worker dead
   is sent to the next one (counted as "moved"); an error is a request no worker answered, or
   answered with a status other than 200.

Afterwards: every chat turn a chatter was answered is in the saved conversations, and the
SQLite file passes its integrity check.

    QUICKTAKES_DATA_DIR=/path/to/whole-corpus-index .venv/bin/python bench/load.py \\
        --corpus ../shared/corpus --work /tmp/load --workers 2 --clients 8 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, dev_messages  # noqa: E402

HOST = "127.0.0.1"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 2) -> int:
    try:
        with OPENER.open(url, timeout=timeout) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return 0


def wait_for(url: str, proc: subprocess.Popen, seconds: float, log: Path) -> float:
    started = time.monotonic()
    while get(url) != 200:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args[:3]} exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
        if time.monotonic() - started > seconds:
            raise SystemExit(f"{url} not ready after {seconds:.0f} s:\n{log.read_text()[-2000:]}")
        time.sleep(0.1)
    return time.monotonic() - started


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * (len(values) - 1)))] if values else float("nan")


class Workers:
    def __init__(self, ports: list[int], procs: list[subprocess.Popen]):
        self.ports, self.procs = ports, procs
        self.dead: set[int] = set()
        self.lock = threading.Lock()
        self.next = 0

    def pick(self) -> int:
        with self.lock:
            for _ in self.ports:
                i = self.next % len(self.ports)
                self.next += 1
                if i not in self.dead:
                    return i
        raise RuntimeError("no worker alive")


def ask(workers: Workers, question: str) -> tuple[bool, float, int]:
    """(answered, seconds, workers tried beyond the first)."""
    started = time.perf_counter()
    body = json.dumps({"question": question}).encode()
    for moved in range(len(workers.ports)):
        i = workers.pick()
        request = urllib.request.Request(f"http://{HOST}:{workers.ports[i]}/v1/ask", data=body,
                                         headers={"Content-Type": "application/json"})
        try:
            with OPENER.open(request, timeout=60) as r:
                json.loads(r.read())
                return r.status == 200, time.perf_counter() - started, moved
        except urllib.error.HTTPError:
            return False, time.perf_counter() - started, moved
        except OSError:  # refused or reset: this worker is gone
            with workers.lock:
                workers.dead.add(i)
    return False, time.perf_counter() - started, len(workers.ports)


def run_clients(workers: Workers, questions: list[str], clients: int, seconds: float,
                kill_after: float | None = None, chatters: int = 0) -> dict:
    stop = time.monotonic() + seconds
    results: list[tuple[bool, float, int]] = []
    confirmed: dict[str, int] = {}
    lock = threading.Lock()
    rng = random.Random(0)

    def client(n: int) -> None:
        pool = questions[n::clients] or questions
        k = 0
        while time.monotonic() < stop:
            result = ask(workers, pool[k % len(pool)])
            k += 1
            with lock:
                results.append(result)

    def chatter(n: int) -> None:
        from gradio_client import Client

        browser = f"loadtest{n:04d}{rng.randrange(10**8):08d}"
        i = n % len(workers.ports)
        turns = 0
        while time.monotonic() < stop:
            try:
                c = Client(f"http://{HOST}:{workers.ports[i]}/", analytics_enabled=False, verbose=False,
                           download_files=False, headers={"Cookie": f"quicktakes_browser={browser}"})
                while time.monotonic() < stop:
                    c.predict(questions[(n * 7 + turns) % len(questions)], [], "All subjects", api_name="/chat")
                    turns += 1
                    with lock:
                        confirmed[f"browser:{browser}"] = turns
            except Exception:  # noqa: BLE001 - its worker died: the person reloads on another
                i = (i + 1) % len(workers.ports)
                time.sleep(0.5)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    threads += [threading.Thread(target=chatter, args=(n,)) for n in range(chatters)]
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    started = time.monotonic()
    for t in threads:
        t.start()
    killed_at = None
    if kill_after is not None and len(workers.procs) > 1:
        time.sleep(kill_after)
        workers.procs[1].kill()
        killed_at = time.monotonic() - started
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    ok = [r for r in results if r[0]]
    latency = [r[1] * 1000 for r in ok]
    return {"requests": len(results), "errors": len(results) - len(ok), "moved": sum(r[2] > 0 for r in results),
            "p50": statistics.median(latency) if latency else float("nan"), "p95": percentile(latency, 0.95),
            "max": max(latency, default=float("nan")), "per_s": len(ok) / elapsed, "killed_at": killed_at,
            "confirmed": confirmed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(parser)
    parser.add_argument("--work", type=Path, required=True, help="a folder for the workers' shared data and logs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--chatters", type=int, default=2, help="people chatting through the page meanwhile")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--single-seconds", type=float, default=20)
    parser.add_argument("--kill-after", type=float, default=30, help="seconds into the load; -1: kill none")
    args = parser.parse_args()

    from config import load_settings

    settings = load_settings()
    index = settings.store_path
    if not index.is_dir():
        raise SystemExit(f"no index at {index}: set QUICKTAKES_DATA_DIR to a folder `quicktakes ingest` built")
    questions = dev_messages(args.corpus)

    shutil.rmtree(args.work, ignore_errors=True)
    data = args.work / "data"
    data.mkdir(parents=True)
    if (settings.data_dir / "snapshots").is_dir():  # the shared folder holds the saved snapshot
        shutil.copytree(settings.data_dir / "snapshots", data / "snapshots")
    bin_dir = Path(sys.executable).parent
    procs: list[subprocess.Popen] = []
    chroma_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUICKTAKES_")}
    env.update({"QUICKTAKES_DATA_DIR": str(data), "QUICKTAKES_STORE__MODE": "http",
                "QUICKTAKES_STORE__HOST": HOST, "QUICKTAKES_STORE__PORT": str(chroma_port),
                "QUICKTAKES_STORE__COLLECTION": settings.store.collection,
                "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"})
    try:
        log = args.work / "chroma.log"
        procs.append(subprocess.Popen([str(bin_dir / "chroma"), "run", "--path", str(index), "--host", HOST,
                                       "--port", str(chroma_port)], stdout=log.open("w"),
                                      stderr=subprocess.STDOUT, start_new_session=True))
        chroma_s = wait_for(f"http://{HOST}:{chroma_port}/api/v2/heartbeat", procs[0], 120, log)
        ports, workers, ready = [], [], []
        for n in range(args.workers):
            port = free_port()
            log = args.work / f"worker{n}.log"
            started = time.monotonic()
            proc = subprocess.Popen([str(bin_dir / "quicktakes"), "serve", "--port", str(port)], env=env,
                                    stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
            procs.append(proc)
            ports.append(port)
            workers.append(proc)
            ready.append(wait_for(f"http://{HOST}:{port}/readyz", proc, 300, log) + 0 * started)
        pool = Workers(ports, workers)
        print(f"chroma run ready in {chroma_s:.1f} s; {args.workers} workers ready in "
              + ", ".join(f"{s:.1f}" for s in ready) + " s (one after the other, to /readyz)", flush=True)
        for q in questions[:3]:
            ask(pool, q)  # warm each path once
        single = run_clients(pool, questions, 1, args.single_seconds)
        loaded = run_clients(pool, questions, args.clients, args.seconds,
                             None if args.kill_after < 0 else args.kill_after, args.chatters)
        for proc in workers:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in workers:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        db = sqlite3.connect(data / "conversations.sqlite3")
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        saved = {}
        if "turns" in tables and "conversations" in tables:
            for owner, n in db.execute("SELECT c.owner, COUNT(t.conversation_id) FROM conversations c "
                                       "JOIN turns t ON t.conversation_id = c.id GROUP BY c.owner"):
                saved[owner] = n
        lost = {o: n - saved.get(o, 0) for o, n in loaded["confirmed"].items() if saved.get(o, 0) < n}
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()

    print(f"\n{len(questions)} questions; {args.workers} workers on one `chroma run`; index {index}\n")
    print("| phase | clients | requests | errors | moved to another worker | p50 ms | p95 ms | max ms | answers/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    kill = f", worker 1 killed at {loaded['killed_at']:.0f} s" if loaded["killed_at"] is not None else ""
    for name, r, c in (("one client", single, 1), (f"{args.clients} clients + {args.chatters} chatting{kill}", loaded, args.clients)):
        print(f"| {name} | {c} | {r['requests']} | {r['errors']} | {r['moved']} | {r['p50']:.0f} | {r['p95']:.0f} "
              f"| {r['max']:.0f} | {r['per_s']:.1f} |")
    turns = sum(loaded["confirmed"].values())
    print(f"\nSaved conversations: {turns} chat turns answered to {len(loaded['confirmed'])} chatters, "
          f"{sum(min(n, saved.get(o, 0)) for o, n in loaded['confirmed'].items())} of them in the store; "
          f"lost: {sum(lost.values())}; SQLite integrity_check: {integrity}")


if __name__ == "__main__":
    main()
