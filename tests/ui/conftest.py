"""Fixtures for the chat UI tests, started once per session and shared by the modules:
the real MiniLM embedder, the seed index, the app served on it (``seed_app``: used by
test_browser.py and test_concurrency.py) and Debian's Chromium. Helpers live in uikit.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from uikit import CHROMIUM, CHROMIUM_ARGS, SEEDS_DIR, ServedApp, build_index, clean_env, start_app


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, real_embedder) -> Path:
    """The two sample articles, indexed with the real embedder."""
    data_dir = tmp_path_factory.mktemp("ui_seed_data")
    build_index(data_dir, [SEEDS_DIR], real_embedder)
    return data_dir


@pytest.fixture(scope="session")
def seed_app(seed_index, tmp_path_factory) -> Iterator[ServedApp]:
    """`quicktakes serve --port N` on the seed index (no --host: the default address)."""
    app = start_app(seed_index, tmp_path_factory.mktemp("ui_seed_logs"))
    try:
        yield app
    finally:
        app.assert_stopped_cleanly()


@pytest.fixture(scope="session")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(autouse=True)
def no_gradio_telemetry(monkeypatch):
    """gradio_client sends telemetry unless this variable says False (see uikit.gradio_client)."""
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
