"""The upload page's script sends the optional document details with each file (real Chromium).

The page uploads through /api/documents from JavaScript, so the details typed
in the form must travel in that request too, not only in the no-script form post.
The app runs the rule stub of tests.test_web_upload_details (no models).
"""

from __future__ import annotations

import os
import threading
import time

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.integration]

from tests.browser_harness import CHROMIUM  # noqa: E402  (one definition for every browser test)


@pytest.fixture
def server(tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser)")
    pytest.importorskip("playwright.sync_api")
    from waitress.server import create_server

    from kb.config import load_settings
    from kb.store import Store
    from tests.fake_search import BasicSearch
    from tests.test_web_upload_details import PhrasePipeline
    from web import create_app
    from web.auth import create_user

    settings = load_settings(tmp_path / "kb")
    store = Store(settings.db_path)
    app = create_app(settings, store=store, search=BasicSearch(store), pipeline=PhrasePipeline(settings, store))
    create_user(store, "editor", "correct horse")
    srv = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=srv.run, name="waitress", daemon=True).start()
    yield f"http://127.0.0.1:{srv.effective_port}", store
    srv.close()
    app.extensions["policykb"].worker.stop()


def test_details_typed_before_choosing_a_file_reach_the_document(server, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.test_web_upload_details import PLAN

    base, store = server
    plan = tmp_path / "flood.txt"
    plan.write_bytes(PLAN)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(base + "/login")
        page.fill("#name", "editor")
        page.fill("#password", "correct horse")
        page.click("main form button[type=submit]")
        page.wait_for_selector(".account .who")
        page.goto(base + "/upload")
        page.click("details.upload-details summary")
        page.fill("#up-published", "2020-01-15")
        page.fill("#up-kind", "plan")
        page.set_input_files("#file", str(plan))
        page.locator("li.job[data-status=done]", has_text="flood.txt").wait_for(timeout=15_000)
        browser.close()
    deadline = time.monotonic() + 10
    while not store.document_summaries() and time.monotonic() < deadline:
        time.sleep(0.1)
    doc = store.document_summaries()[0][0]
    assert (doc.published, doc.kind) == ("2020-01-15", "plan")
