"""Actor entities in a real headless Chromium: the scorecard list, an entity page, a merge.

The page is what is tested, so the knowledge base is a small stand-in (tests/webapp.py: hand-made
records of two invented federal orders, real SQLite, real Flask app served by waitress): a reader
sorts and searches the actors scorecard and opens an entity's page with its scorecard and chart;
an editor merges an entity into another with the form on its page and finds its names there.
"""

from __future__ import annotations

import pytest

from tests.browser_harness import chromium, require_chromium, served
from tests.test_browser_e2e import PASSWORD, USER, Watched
from tests.test_entities_store import COASTAL, HEALTH, add

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    from tests.webapp import make_app
    from web.auth import create_user

    app = make_app(tmp_path_factory.mktemp("kb"), seed=False, config={"TODAY": "2026-06-01"})
    store = app.extensions["policykb"].store
    add(store, COASTAL, "coastal.md")
    add(store, HEALTH, "health.md")
    create_user(store, USER, PASSWORD)
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


def names(page) -> list[str]:
    return page.locator("#actors tbody tr td:first-child a").all_inner_texts()


def test_the_actors_scorecard_sorts_and_searches(web):
    p = web.page
    web.go("/actors")
    # the knowledge base's scorecard: 8 commitments, one deadline passed (2024), the others still open
    assert p.locator("#card [data-bucket=deadline_passed] .n").inner_text() == "1"
    assert p.locator("#card [data-bucket=open] .n").inner_text() == "7"
    assert names(p)[0] == "Department of Commerce"            # most commitments first
    p.click("#actors thead a[data-sort=name]")
    p.wait_for_url("**sort=name**")
    assert names(p) == sorted(names(p), key=str.lower)
    p.click("#actors thead a[data-sort=name]")                  # again: Z to A
    p.wait_for_url("**sort=-name**")
    assert names(p) == sorted(names(p), key=str.lower, reverse=True)
    p.fill("#actor-q", "HHS")                                   # an alias, not the name
    p.press("#actor-q", "Enter")
    p.wait_for_url("**q=HHS**")
    assert names(p) == ["Department of Health and Human Services"]
    web.shoot("actors-scorecard")


def test_an_entity_page_shows_its_scorecard_names_and_commitments(web):
    p = web.page
    web.go("/actors")
    p.click("#actors tbody a:text-is('Department of Commerce')")
    p.wait_for_selector("h1:text-is('Department of Commerce')")
    assert p.locator("#card [data-bucket=open] .n").inner_text() == "3"
    assert p.locator("#card [data-bucket=deadline_passed] .n").inner_text() == "1"
    assert p.locator("figure.chart svg").count() == 1
    aliases = p.locator(".aliases .alias").all_inner_texts()
    assert set(aliases) == {"Secretary of Commerce", "Department of Commerce", "Commerce",
                            "Secretary of Commerce and the Secretary of Energy"}
    assert p.locator("text=map the eroding shoreline").count() == 1
    assert p.locator(".merge-form").count() == 0                # a reader has no correction forms
    web.shoot("actor-entity")


def test_an_editor_merges_an_entity_in_the_browser(web, server):
    p = web.page
    web.login()
    web.go("/actors?q=restoration")
    p.click("#actors tbody a:text-is('Coastal Restoration Agency')")
    p.wait_for_selector("h1:text-is('Coastal Restoration Agency')")
    p.click("#edit-entity summary")
    p.fill("#merge-into", "Department of Commerce")
    p.click(".merge-form button[type=submit]")
    p.wait_for_selector("h1:text-is('Department of Commerce')")
    assert "Merged “Coastal Restoration Agency” into “Department of Commerce”" in p.locator(".flash").inner_text()
    assert {"CRA", "Coastal Restoration Agency"} <= set(p.locator(".aliases .alias").all_inner_texts())
    assert p.locator(".overlays li").count() == 1
    web.go("/actors")
    assert "Coastal Restoration Agency" not in names(p)
    assert [o.kind for o in server["store"].entity_overlays()] == ["merge"]
