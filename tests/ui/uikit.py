"""Helpers for the chat UI tests, imported by tests/ui/conftest.py and the test modules:
building an index with the real embedder, serving the real app (``quicktakes serve`` in a
subprocess, stopped with Ctrl-C, which must end it with status 0 and no traceback), and
watching a page's requests."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


from assistant_fixtures import (  # noqa: F401  (re-exported for the UI tests)
    _ENV_PREFIXES, HBSAG_ID, HBSAG_URL, INTERFERON_ID, INTERFERON_URL, SEEDS_DIR, clean_env,
)

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO / "test-artifacts"
INTERFERON_TITLE = "What is the mechanism of action of interferon therapy in Hepatitis B treatment?"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

SERVER_START_TIMEOUT_S = 120
SERVER_STOP_TIMEOUT_S = 30


def child_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a served app: the shell's, minus settings and keys, plus ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_ENV_PREFIXES)}
    env.update({
        "QUICKTAKES_DATA_DIR": str(data_dir),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false",
        "PYTHONUNBUFFERED": "1", "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
        **extra,
    })
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ----- index ---------------------------------------------------------------------------------


def build_index(data_dir: Path, paths: list[Path], embedder) -> dict:
    """Index ``paths`` into ``data_dir`` with the real embedder; every file must go in."""
    from config import load_settings
    from ingest.pipeline import Ingestor

    with clean_env():
        settings = load_settings(data_dir=data_dir)
        report = Ingestor(settings, embedder=embedder).run(paths)
    assert not report.failed, report.failed
    assert report.added == len(list(_article_files(paths))), report.as_dict()
    return report.as_dict()


def _article_files(paths):
    for p in paths:
        p = Path(p)
        yield from (sorted(p.rglob("*.md")) if p.is_dir() else [p])


# ----- the served app ------------------------------------------------------------------------

@contextmanager
def _sigint_reaches_children():
    """A shell starts background jobs with SIGINT ignored, and an ignored signal stays ignored
    across exec: the served app would not stop on Ctrl-C. While the child starts, the parent
    handles SIGINT instead; a handled signal is reset to the default in the child, where
    Python turns it into KeyboardInterrupt. (No preexec_fn: not safe with threads.)"""
    if (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) == signal.SIG_IGN):
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    else:
        yield


@dataclass
class ServedApp:
    port: int
    data_dir: Path
    log: Path
    process: subprocess.Popen
    returncode: int | None = None
    stop_seconds: float | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """Ctrl-C, then wait; killed (and reported) if it does not stop in time."""
        if self.process.poll() is None:
            started = time.monotonic()
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=SERVER_STOP_TIMEOUT_S)
                self.stop_seconds = time.monotonic() - started
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
                self.returncode = self.process.returncode
                raise AssertionError(f"server ignored Ctrl-C for {SERVER_STOP_TIMEOUT_S} s; "
                                     f"killed.\n{self.output()[-3000:]}") from None
        self.returncode = self.process.returncode
        return self.returncode

    def assert_stopped_cleanly(self) -> None:
        rc = self.stop()
        out = self.output()
        assert rc == 0, f"server exited with {rc}:\n{out[-3000:]}"
        assert "Traceback" not in out, out[-5000:]
        print(f"server on port {self.port} stopped on Ctrl-C in {self.stop_seconds or 0:.1f} s")


def start_app(data_dir: Path, log_dir: Path, *, args: tuple[str, ...] = (),
              env: dict[str, str] | None = None) -> ServedApp:
    """``python -m cli.main serve --port N``; returns once GET / answers."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"serve-{port}.log"
    cmd = [sys.executable, "-m", "cli.main", "serve", "--port", str(port), *args]
    with open(log, "wb") as out, _sigint_reaches_children():
        process = subprocess.Popen(cmd, cwd=REPO, env=child_env(data_dir, **(env or {})),
                                   stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    app = ServedApp(port=port, data_dir=data_dir, log=log, process=process)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    try:
        while True:
            if process.poll() is not None:
                raise AssertionError(f"`quicktakes serve` exited with {process.returncode}:\n"
                                     f"{app.output()[-3000:]}")
            try:
                with _no_proxy_opener().open(app.url, timeout=2) as resp:
                    if resp.status == 200:
                        return app
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"app not answering after {SERVER_START_TIMEOUT_S} s:\n"
                                     f"{app.output()[-3000:]}")
            time.sleep(0.5)
    except BaseException:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=15)
        raise


def _no_proxy_opener():
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_get(url: str, timeout: float = 10) -> tuple[int, str]:
    """(status, body) of a GET, without following a proxy; HTTP errors are returned, not raised."""
    try:
        with _no_proxy_opener().open(url, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


# ----- the browser ---------------------------------------------------------------------------


def local_request_recorder(page) -> list[str]:
    """Every URL the page requests, collected from page.on("request")."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


_LOCAL = re.compile(r"^(?:https?|wss?)://(?:127\.0\.0\.1|localhost)(?::\d+)?(?:/|$)")


def foreign_requests(urls: list[str]) -> list[str]:
    """The requests that went anywhere but this machine (data:/blob: URLs stay in the page)."""
    return [u for u in urls if not _LOCAL.match(u) and not u.startswith(("data:", "blob:"))]


# ----- clients and sockets -------------------------------------------------------------------

def gradio_client(url: str, **kwargs):
    """A gradio_client.Client that sends no telemetry: the Client takes
    ``analytics_enabled or GRADIO_ANALYTICS_ENABLED == "True"``, so the argument alone is not
    enough (tests/ui/conftest.py sets the variable for every UI test)."""
    from gradio_client import Client

    assert os.environ.get("GRADIO_ANALYTICS_ENABLED") == "False"
    client = Client(url, analytics_enabled=False, verbose=False, download_files=False, **kwargs)
    assert client.analytics_enabled is False
    return client


def listening_addresses(port: int) -> list[str]:
    """Addresses with a TCP socket in LISTEN state on ``port`` (from /proc/net/tcp and tcp6)."""
    out = []
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            addr_hex, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:
                continue
            # the kernel prints each 32-bit word in host (little-endian) order
            raw = b"".join(bytes.fromhex(addr_hex[i:i + 8])[::-1] for i in range(0, len(addr_hex), 8))
            out.append(socket.inet_ntop(family, raw))
    return out


def non_loopback_address() -> str | None:
    """An IPv4 address of this machine that is not 127.x, if it has one (no packet is sent)."""
    candidates = set()
    try:
        candidates |= {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None,
                                                                 socket.AF_INET)}
    except OSError:
        pass
    for probe in ("10.255.255.255", "192.0.2.1"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 9))  # UDP connect: picks a route, sends nothing
                candidates.add(s.getsockname()[0])
        except OSError:
            pass
    candidates = sorted(a for a in candidates if not a.startswith("127.") and a != "0.0.0.0")
    return candidates[0] if candidates else None


# ----- the chat page ---------------------------------------------------------------------------

PAGE_TIMEOUT_MS = 60_000
BOTS = '#qt-chat [data-testid="bot"]'


def open_chat(chromium, url: str, *, size: tuple[int, int] = (1280, 800),
              login: tuple[str, str] | None = None):
    """A new browser context (cookies of its own) on the chat, ready for a question; with
    ``login``, (user, password) posted to the login form first. Returns (context, page)."""
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    if login:
        response = context.request.post(url + "login", form={"username": login[0], "password": login[1]})
        assert response.ok, response.status
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#qt-input textarea", timeout=PAGE_TIMEOUT_MS)
    return context, page


def wait_for_answer(page, n: int) -> None:
    """The n-th answer is final: it ends with the disclaimer and the sources panel (emptied
    when a question is sent) has its heading back."""
    page.wait_for_function(
        """(n) => { const b = document.querySelectorAll('#qt-chat [data-testid="bot"]');
                    return b.length === n && b[n - 1].innerText.includes('is not medical advice')
                           && document.querySelector('#qt-sources h4') !== null; }""",
        arg=n, timeout=PAGE_TIMEOUT_MS)


def ask(page, message: str, n: int) -> None:
    """Send ``message`` as the n-th question and wait for its answer."""
    page.fill("#qt-input textarea", message)
    page.click("#qt-ask")
    wait_for_answer(page, n)
