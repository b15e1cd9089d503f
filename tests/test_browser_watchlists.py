"""Watchlists in a real headless Chromium against the real app (issue 15).

The app runs with the real pipeline (spaCy extraction), the real search service and the background
worker, over an invented parks plan.  A signed-in user searches for "electric ferries", presses
☆ Watch, then uploads a harbour plan that promises electric ferries on the upload page; the worker
ingests and indexes it.  The watchlist's Atom feed, fetched with no session at all and read by
feedparser, lists the new commitment, and the watchlist's page shows it under "what changed since
your last visit".
"""

from __future__ import annotations

import time
import urllib.request

import pytest

from tests.browser_harness import chromium, real_kb, require_chromium, served
from tests.test_browser_e2e import PASSWORD, USER, Watched, wait_finished

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PARKS = ("Lindenfeld parks plan\n\n"
         "The Lindenfeld parks office will plant 800 oak trees along the canal by 2029. "
         "It will open two new playgrounds in the northern district by 2027.\n")
HARBOUR = ("Lindenfeld harbour plan\n\n"
           "The Lindenfeld harbour authority will buy 12 electric ferries for the river crossings by 2030. "
           "It will rebuild the eastern quay wall by 2032.\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    feedparser = pytest.importorskip("feedparser")
    from web import create_app
    from web.auth import create_user

    kb = real_kb(tmp_path_factory.mktemp("kb"))
    outcome = kb.pipeline.ingest_bytes(PARKS.encode(), "lindenfeld-parks.txt")
    assert outcome.status == "added" and outcome.commitments >= 2, outcome
    kb.search.sync()
    create_user(kb.store, USER, PASSWORD)
    app = create_app(kb.settings, store=kb.store, search=kb.search, pipeline=kb.pipeline)
    with served(app, threads=6) as base:
        yield {"base": base, "store": kb.store, "feedparser": feedparser}


@pytest.fixture(scope="module")
def browser(server):
    with chromium() as b:
        yield b


@pytest.fixture
def web(browser, server):
    w = Watched(browser, server["base"])
    yield w
    w.close()


def read_feed(server, url: str):
    """The feed as a feed reader gets it: a plain GET with no cookie, parsed by feedparser."""
    with urllib.request.urlopen(url, timeout=30) as resp:
        assert resp.headers.get_content_type() == "application/atom+xml"
        parsed = server["feedparser"].parse(resp.read())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_watch_a_search_upload_a_matching_document_and_see_it_in_the_feed_and_the_page(web, server, tmp_path):
    web.login()
    web.go("/?q=electric+ferries&mode=hybrid")
    web.page.click("button.watch-button")
    web.page.wait_for_selector("h1.watchlist-title")
    assert "electric ferries" in web.page.inner_text("h1.watchlist-title")
    feed_url = web.page.get_attribute("a.feed-link", "href")
    assert feed_url.startswith(server["base"] + "/feeds/watchlists/") and feed_url.endswith(".atom")
    watch_url = web.page.url
    # back on the search page, the button now says it is watched and leads to the watchlist
    web.go("/?q=electric+ferries&mode=hybrid")
    assert web.page.locator("button.watch-button").count() == 0
    web.page.click("a.watching")
    web.page.wait_for_url(watch_url)
    assert "ferries" not in web.page.inner_text("main .watch-due")   # nothing about ferries yet
    assert [e for e in read_feed(server, feed_url).entries if "ferries" in e.title] == []

    # a new document that matches, uploaded in the browser and ingested by the worker
    doc = tmp_path / "lindenfeld-harbour.txt"
    doc.write_text(HARBOUR, encoding="utf-8")
    web.go("/upload")
    web.page.set_input_files("#file", str(doc))
    row = web.page.locator("li.job", has_text="lindenfeld-harbour.txt").first
    wait_finished(row)
    assert row.get_attribute("data-status") == "done", row.inner_text()

    # the feed (no session) lists it once the worker has indexed it
    deadline = time.time() + 60
    while True:
        entries = [e for e in read_feed(server, feed_url).entries if "electric ferries" in e.title]
        if entries or time.time() > deadline:
            break
        time.sleep(0.5)
    assert entries, "the new harbour commitment did not reach the watchlist's feed within 60 s"
    assert entries[0].title.startswith("New commitment:")
    assert "12 electric ferries" in entries[0].content[0].value
    assert entries[0].link.startswith(server["base"] + "/commitments/")

    # the page: what changed since the last visit holds the new commitment, with a link to it
    time.sleep(1.1)   # times are kept to the second: this visit falls after the document's arrival
    web.page.goto(watch_url)
    new = web.page.locator("section.watch-events[data-kind=new]")
    new.wait_for()
    assert "buy 12 electric ferries" in new.inner_text() and "Lindenfeld harbour plan" in new.inner_text()
    web.shoot("watchlist-changes")
    # the list page counts the watchlist; a second visit shows nothing new
    web.page.click("a.watchlists-link")
    web.page.wait_for_selector("table.watchlists")
    assert "electric ferries" in web.page.inner_text("table.watchlists")
    time.sleep(1.1)   # visits are kept to the second: the next one is a later second
    web.page.goto(watch_url)
    web.page.wait_for_selector("h2.since")
    assert "your last visit" in web.page.inner_text("h2.since")
    assert web.page.locator("section.watch-events[data-kind=new]").count() == 0
