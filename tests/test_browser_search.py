"""The search page in a real headless Chromium (issue 16): page 2, the no-answer notice, phrase mode.

The app runs as in tests/test_browser_e2e.py (waitress in a thread, the real
pipeline with spaCy, the real SearchService with the embedding model and
FAISS) over the Hechi document of corpus/ and an invented harbour plan of 30
one-sentence commitments, so that "ferry route" has more than one page of
results.  Screenshots go to test-artifacts/screenshots/search-*.png.
"""

from __future__ import annotations


import pytest

from tests.browser_harness import chromium, real_kb, require_chromium, served
from tests.test_browser_e2e import HECHI, Watched, search_for

pytestmark = [pytest.mark.browser, pytest.mark.integration]

HARBOUR = "Harbour crossings plan\n\n" + "\n\n".join(
    f"The port authority will open ferry route {n} to island number {n} by {2030 + n % 4}." for n in range(1, 31)
) + "\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    from web import create_app

    kb = real_kb(tmp_path_factory.mktemp("kb"))
    settings, store, pipeline, search = kb.settings, kb.store, kb.pipeline, kb.search
    assert pipeline.ingest_path(HECHI).status == "added"
    outcome = pipeline.ingest_bytes(HARBOUR.encode(), "harbour-crossings.txt")
    assert outcome.status == "added" and outcome.commitments >= 20, outcome
    search.sync()
    app = create_app(settings, store=store, search=search, pipeline=pipeline)
    with served(app) as base:
        yield {"base": base, "store": store}


@pytest.fixture(scope="module")
def browser(server):
    with chromium() as b:
        yield b


@pytest.fixture
def web(browser, server):
    w = Watched(browser, server["base"])
    yield w
    w.close()


def sentences(web) -> list[str]:
    return web.page.locator("ol.hits > li blockquote").all_inner_texts()


def test_search_page_two(web, server):
    from kb.models import CommitmentFilter

    web.go("/")
    # the example in the box is this knowledge base's most frequent actor, not a hard-coded one
    actor = server["store"].facet_counts("actor", CommitmentFilter(), limit=1)[0][0]
    assert web.page.get_attribute("#q", "placeholder") == f"e.g. what {actor} will do, or what is due by 2030"
    search_for(web, "ferry route to an island")
    first = sentences(web)
    assert len(first) == 20
    assert "showing 1–20" in web.page.inner_text("p.summary")
    web.page.click("nav.pager a[rel=next]")
    web.page.wait_for_url("**page=2**")
    second = sentences(web)
    assert second and not set(first) & set(second)
    assert "showing 21–" in web.page.inner_text("p.summary")
    assert web.page.get_attribute("ol.hits", "start") == "21"
    web.shoot("search-page-2")
    # the URL alone brings the same page back (shareable)
    url = web.page.url
    web.page.goto(url)
    assert sentences(web) == second
    web.page.click("nav.pager a[rel=prev]")
    web.page.wait_for_url("**page=1**")
    assert sentences(web) == first


def test_a_question_with_no_answer_shows_the_notice(web):
    web.go("/")
    search_for(web, "how many unicorns live on the islands")
    notice = web.page.locator(".low-confidence")
    assert notice.is_visible()
    assert "No result matches well; these are the nearest" in notice.inner_text()
    assert web.page.locator("ol.hits > li").count() >= 1     # the nearest are still shown, under the notice
    web.shoot("search-no-answer")
    # nothing near at all: no list of confident-looking results, just "Nothing found"
    web.go("/")
    search_for(web, "unicorns on mars")
    assert web.page.locator("ol.hits > li").count() == 0
    assert "Nothing found" in web.page.inner_text(".results")
    # a question the knowledge base answers has no notice
    web.go("/")
    search_for(web, "ferry route to island number 7")
    assert web.page.locator(".low-confidence").count() == 0


def test_phrase_mode_keeps_the_words_in_order(web):
    web.go("/")
    search_for(web, "base stations")
    web.page.check("input[name=mode][value=phrase]")
    web.page.wait_for_url("**mode=phrase**")
    hits = sentences(web)
    assert hits and all("base stations" in s for s in hits)
    why = web.page.locator("ol.hits > li .why").first.inner_text()
    assert "Found as the phrase (base, stations)" in why
    web.shoot("search-phrase")
    web.go("/?q=stations+base&mode=phrase")
    assert web.page.locator("ol.hits > li").count() == 0
    assert "Nothing found" in web.page.inner_text(".results")
