"""The upload page in real Chromium (issue 16): a PNG chosen anyway is refused in the browser with the
list of supported types and never sent; a long file shows how long it has been processing, updated by
the page's polling, then its result.

The app runs tests/webapp.py's StubPipeline (no models), held back by an event so a job stays
"processing" as long as the test needs.
"""

from __future__ import annotations

import os
import re
import threading

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.integration]

from tests.browser_harness import CHROMIUM  # noqa: E402  (one definition for every browser test)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PLAN = b"Porto river plan\n\nPorto will open two river bus lines by 2028.\n"


@pytest.fixture
def server(tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser)")
    pytest.importorskip("playwright.sync_api")
    from waitress.server import create_server

    from kb.config import load_settings
    from kb.store import Store
    from tests.fake_search import BasicSearch
    from tests.webapp import StubPipeline
    from web import create_app
    from web.auth import create_user

    release = threading.Event()

    class SlowPipeline(StubPipeline):
        def _parse_extract_store(self, job):
            self.store.set_job_stage(job.id, "reading")     # as kb/pipeline.py marks it, then a slow read
            release.wait(30)
            return super()._parse_extract_store(job)

    settings = load_settings(tmp_path / "kb")
    store = Store(settings.db_path)
    app = create_app(settings, store=store, search=BasicSearch(store), pipeline=SlowPipeline(settings, store))
    create_user(store, "editor", "correct horse")
    srv = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=srv.run, name="waitress", daemon=True).start()
    yield f"http://127.0.0.1:{srv.effective_port}", store, release
    release.set()
    srv.close()
    app.extensions["policykb"].worker.stop()


@pytest.fixture
def page(server):
    from playwright.sync_api import sync_playwright

    base = server[0]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_default_timeout(20_000)
        page.goto(base + "/login")
        page.fill("#name", "editor")
        page.fill("#password", "correct horse")
        page.click("main form button[type=submit]")
        page.wait_for_selector(".account .who")
        page.goto(base + "/upload")
        yield page
        browser.close()


def test_a_png_is_refused_in_the_browser_with_the_supported_types(server, page, tmp_path):
    store = server[1]
    assert "Supported types: TXT (.txt)" in page.locator("#supported-types").inner_text()
    assert ".pdf" in page.get_attribute("#file", "accept") and ".png" not in page.get_attribute("#file", "accept")
    chart = tmp_path / "chart.png"
    chart.write_bytes(PNG)
    page.set_input_files("#file", str(chart))       # as if chosen with "All files" in the picker
    row = page.locator("li.job[data-status=failed]", has_text="chart.png")
    row.wait_for()
    text = row.inner_text()
    assert "not a supported type" in text and "PDF (.pdf)" in text and "DOCX (.docx)" in text
    assert row.locator("button[data-retry]").count() == 0
    assert store.list_jobs(10) == []                 # never sent


def test_a_long_file_shows_its_stage_and_processing_time(server, page, tmp_path):
    release = server[2]
    plan = tmp_path / "porto.txt"
    plan.write_bytes(PLAN)
    page.set_input_files("#file", str(plan))
    row = page.locator("li.job[data-status=processing]", has_text="porto.txt")
    row.wait_for()
    # each poll repaints the row, so the span is looked up afresh every time
    seconds = "parseInt((document.querySelector('li.job[data-status=processing] .job-elapsed') || {}).textContent, 10)"
    page.wait_for_function(f"() => {seconds} >= 1")
    assert re.fullmatch(r"Processing… reading the file and finding its commitments \d+ s",
                        row.locator(".job-status").inner_text().strip())
    first = int(re.match(r"(\d+)", row.locator(".job-elapsed").inner_text()).group(1))
    page.wait_for_function(f"() => {seconds} > {first}")
    release.set()
    page.locator("li.job[data-status=done]", has_text="porto.txt").wait_for()
    assert "Done: 1 commitment" in page.locator("li.job", has_text="porto.txt").inner_text()
