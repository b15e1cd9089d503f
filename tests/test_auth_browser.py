"""The admin page in a real headless Chromium: log in as an admin, create a token, use it, revoke it.

The app runs under waitress on 127.0.0.1 with the stub pipeline and keyword
search of tests/webapp.py (this test is about accounts, not extraction).
"""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.integration]

ROOT = Path(__file__).resolve().parent.parent
from tests.browser_harness import CHROMIUM  # noqa: E402  (one definition for every browser test)
SHOTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser)")
    pytest.importorskip("playwright.sync_api")
    from waitress.server import create_server

    from tests.webapp import make_app
    from web.auth import create_user

    app = make_app(tmp_path_factory.mktemp("kb"))
    store = app.extensions["policykb"].store
    create_user(store, "boss", "admin password", role="admin")
    create_user(store, "writer", "writer password")
    srv = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, name="waitress", daemon=True)
    thread.start()
    yield {"base": f"http://127.0.0.1:{srv.effective_port}", "store": store}
    srv.close()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM,
                                 args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    assert errors == []  # no CSP violations or script errors on the admin pages
    browser.close()
    pw.stop()


def api_get(base: str, path: str, token: str) -> tuple[int, dict]:
    req = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_admin_creates_uses_and_revokes_a_token(server, page):
    base = server["base"]
    page.goto(base + "/admin")
    assert "/login" in page.url  # anonymous: sent to log in first
    page.fill("#name", "boss")
    page.fill("#password", "admin password")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(base + "/admin")
    assert page.locator("#users tr[data-user=writer] td").nth(1).inner_text() == "editor"

    page.select_option("#token-user", "writer")
    page.select_option("#token-role", "reader")
    page.fill("#token-label", "newsroom dashboard")
    page.fill("#token-days", "7")
    page.click("#add-token button[type=submit]")
    token = page.locator("#new-token-value").inner_text().strip()
    assert len(token) >= 40
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "admin-token-created.png"), full_page=True)

    status, body = api_get(base, "/api/documents", token)
    assert status == 200 and len(body["items"]) == 2

    row = page.locator("#tokens tr", has_text="newsroom dashboard")
    assert "reader" in row.inner_text() and "live" in row.inner_text()
    page.goto(base + "/admin")  # the listing now shows its last use
    row = page.locator("#tokens tr", has_text="newsroom dashboard")
    assert "—" not in row.locator("td").nth(6).inner_text()
    row.locator("button[data-revoke]").click()
    page.wait_for_load_state()
    assert "Revoked token" in page.locator(".flash").inner_text()
    assert "revoked" in page.locator("#tokens tr", has_text="newsroom dashboard").inner_text()

    status, body = api_get(base, "/api/documents", token)
    assert status == 401 and body["error"]["code"] == "token_revoked"

    page.goto(base + "/admin/audit")
    text = page.locator("#audit").inner_text()
    assert "token.revoke" in text and "token.create" in text and "login" in text
