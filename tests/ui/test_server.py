"""Who can reach the chat: `quicktakes serve` listens on 127.0.0.1 unless told otherwise, and
with QUICKTAKES_UI_USER and QUICKTAKES_UI_PASSWORD set nothing is served without a login.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request

import pytest

from uikit import (
    INTERFERON_URL,
    gradio_client,
    http_get,
    listening_addresses,
    non_loopback_address,
    start_app,
)

USER = "alice"
PASSWORD = "s3cret-Pässword"
TIMEOUT_MS = 60_000


def test_default_ui_host_is_loopback():
    from cli.main import build_parser
    from config import load_settings

    assert load_settings().ui.host == "127.0.0.1"
    args = build_parser().parse_args(["serve"])
    assert args.host is None  # so launch() takes settings.ui.host


@pytest.mark.integration
def test_serve_without_host_listens_on_loopback_only(seed_app):
    """seed_app was started as `quicktakes serve --port N`, without --host."""
    addresses = listening_addresses(seed_app.port)
    assert addresses, f"nothing listens on port {seed_app.port}"
    assert set(addresses) == {"127.0.0.1"}, addresses
    out = seed_app.output()
    assert f"The chat is at http://127.0.0.1:{seed_app.port} (open it in a browser)." in out
    assert "share=True" not in out and "public link" not in out

    other = non_loopback_address()
    if other is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    with socket.socket() as s:
        s.settimeout(3)
        with pytest.raises(OSError):  # ConnectionRefusedError, normally
            s.connect((other, seed_app.port))


# ----- login ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def login_app(seed_index, tmp_path_factory):
    app = start_app(seed_index, tmp_path_factory.mktemp("ui_login_logs"),
                    env={"QUICKTAKES_UI_USER": USER, "QUICKTAKES_UI_PASSWORD": PASSWORD})
    try:
        yield app
    finally:
        app.assert_stopped_cleanly()


def _login(url: str, user: str, password: str) -> tuple[int, urllib.request.OpenerDirector]:
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         urllib.request.HTTPCookieProcessor(jar))
    data = urllib.parse.urlencode({"username": user, "password": password}).encode()
    try:
        with opener.open(url + "login", data=data, timeout=10) as resp:
            return resp.status, opener
    except urllib.error.HTTPError as exc:
        return exc.code, opener


@pytest.mark.integration
def test_api_needs_a_login_when_user_and_password_are_set(login_app):
    url = login_app.url
    # without a login: no config, no API, no queue
    for path in ("config", "gradio_api/info"):
        status, _ = http_get(url + path)
        assert status == 401, (path, status)
    request = urllib.request.Request(
        url + "gradio_api/call/chat", method="POST",
        data=json.dumps({"data": ["How does interferon work against hepatitis B?", [],
                                  "All subjects"]}).encode(),
        headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as info:
        opener.open(request, timeout=10)
    assert info.value.code in (401, 403)

    # a wrong password is refused and opens nothing
    status, opener = _login(url, USER, "wrong")
    assert status >= 400
    with pytest.raises(urllib.error.HTTPError) as info:
        opener.open(url + "config", timeout=10)
    assert info.value.code == 401

    # the right one opens the config
    status, opener = _login(url, USER, PASSWORD)
    assert status == 200
    with opener.open(url + "config", timeout=10) as resp:
        assert resp.status == 200

    # the Python client: refused without credentials, answers with them
    with pytest.raises(Exception) as info:
        gradio_client(url)
    assert "login" in str(info.value).lower() or "credentials" in str(info.value).lower()
    client = gradio_client(url, auth=(USER, PASSWORD))
    try:
        _, chat, _, _ = client.predict("How does interferon work against hepatitis B?", [],
                                       "All subjects", api_name="/chat")
    finally:
        client.close()
    assert INTERFERON_URL in json.dumps(chat[-1])


@pytest.mark.integration
@pytest.mark.browser
def test_page_shows_a_login_form_first(login_app, chromium):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(login_app.url, wait_until="domcontentloaded")
        page.wait_for_selector("input[type=password]", timeout=TIMEOUT_MS)
        assert page.locator("#qt-input").count() == 0
        assert page.locator("#qt-chat").count() == 0

        page.locator("input[type=text]").first.fill(USER)
        page.locator("input[type=password]").fill("wrong")
        page.get_by_role("button", name="Login").click()
        page.wait_for_timeout(1500)
        assert page.locator("#qt-input").count() == 0  # still locked

        page.locator("input[type=text]").first.fill(USER)
        page.locator("input[type=password]").fill(PASSWORD)
        page.get_by_role("button", name="Login").click()
        page.wait_for_selector("#qt-input textarea", timeout=TIMEOUT_MS)
        assert page.locator("#qt-disclaimer").is_visible()
    finally:
        context.close()
