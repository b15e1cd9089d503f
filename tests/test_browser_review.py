"""Corrections in a real headless Chromium against the real app (issue 14).

The app runs as in tests/test_browser_e2e.py (waitress in a thread, real extractor, real search
service, background worker) over an invented harbour plan.  An editor fixes an actor in the review
queue with the keyboard and finds the fix in search results and the CSV; adds a missed commitment by
selecting its text; records a status of "met" with evidence and sees it on the timeline, the actor
page and the CSV's status column.  A reader sees no edit controls.
"""

from __future__ import annotations

import csv
import time

import pytest

from tests.browser_harness import chromium, real_kb, require_chromium, served
from tests.test_browser_e2e import PASSWORD, USER, Watched

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PLAN = ("Brightwater harbour renewal plan\n\n"
        "The Brightwater Port Authority will dredge the eastern channel by 2024. "
        "It will build a new ferry terminal by 2029.\n\n"
        "The city council will plant 500 street trees along the promenade. "
        "Repairs to the old lighthouse are hoped for after the storm season.\n")
MISSED = "Repairs to the old lighthouse are hoped for after the storm season."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    from web import create_app
    from web.auth import create_user

    kb = real_kb(tmp_path_factory.mktemp("kb"))
    settings, store, pipeline, search = kb.settings, kb.store, kb.pipeline, kb.search
    outcome = pipeline.ingest_bytes(PLAN.encode(), "brightwater-harbour-plan.txt")
    assert outcome.status == "added" and outcome.commitments >= 3, outcome
    search.sync()
    create_user(store, USER, PASSWORD)
    app = create_app(settings, store=store, search=search, pipeline=pipeline, config={"TODAY": "2026-06-01"})
    with served(app, threads=6) as base:
        yield {"base": base, "store": store, "document_id": outcome.document_id}


@pytest.fixture(scope="module")
def browser(server):
    with chromium() as b:
        yield b


@pytest.fixture
def web(browser, server):
    w = Watched(browser, server["base"])
    yield w
    w.close()


def record(store, words: str):
    return next(sc for sc in store.query_commitments() if words in sc.commitment.sentence)


def download_csv(web, path: str) -> list[dict]:
    web.go(path)
    with web.page.expect_download() as info:
        web.page.click("text=Export CSV")
    with open(info.value.path(), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_a_reader_sees_no_edit_controls(web, server):
    sc = record(server["store"], "ferry terminal")
    web.go(f"/commitments/{sc.id}")
    assert web.page.locator("text=History").count() >= 1
    assert web.page.locator("#correct, form.correct-form, form.status-form").count() == 0
    assert web.page.locator("button:has-text('Not a commitment')").count() == 0
    web.go(f"/documents/{server['document_id']}")
    assert web.page.locator("#add-commitment").count() == 0
    web.go("/review")
    assert "/login" in web.page.url


def test_editor_fixes_an_actor_in_the_queue_with_the_keyboard(web, server):
    store = server["store"]
    sc = record(store, "ferry terminal")
    web.login()
    web.go(f"/review?document={server['document_id']}")
    web.shoot("review-queue")
    for _ in range(10):   # j moves to the next record until the ferry terminal one is current
        if web.page.get_attribute(".review-item.current", "data-id") == str(sc.id):
            break
        web.page.keyboard.press("j")
    assert web.page.get_attribute(".review-item.current", "data-id") == str(sc.id)
    assert "ferry terminal" in web.page.inner_text(".review-item.current blockquote")
    web.page.keyboard.press("f")
    assert web.page.evaluate("document.activeElement.name") == "actor"
    web.page.keyboard.type("Brightwater Ferry Company")   # the actor's text is selected: typing replaces it
    web.page.keyboard.press("Enter")
    item = web.page.locator(f".review-item[data-id='{sc.id}']")
    item.locator(".outcome:has-text('Fixed: actor')").wait_for()
    assert "Brightwater Ferry Company" in item.locator(".field-actor").inner_text()
    assert store.get_commitment(sc.id).commitment.actor == "Brightwater Ferry Company"

    # the search index follows (the worker replays the store's change log)
    deadline = time.time() + 60
    while True:
        web.go("/?q=new+ferry+terminal")
        first = web.page.locator("ol.hits > li").first.inner_text()
        if "Brightwater Ferry Company" in first or time.time() > deadline:
            break
        time.sleep(1)
    assert "Brightwater Ferry Company" in first and "ferry terminal" in first
    rows = download_csv(web, "/commitments?actor=Brightwater+Ferry+Company")
    assert [(r["actor"], r["set_by_person"]) for r in rows] == [("Brightwater Ferry Company", "actor")]


def test_editor_adds_a_missed_commitment_by_selecting_its_text(web, server):
    store = server["store"]
    assert not [sc for sc in store.query_commitments() if "lighthouse" in sc.commitment.sentence]
    web.login()
    web.go(f"/documents/{server['document_id']}")
    # select the sentence as a mouse drag would: a DOM Range over its characters, then mouseup
    web.page.evaluate("""(words) => {
        const span = [...document.querySelectorAll('.ptext')].find(s => s.textContent.includes(words));
        const walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
        let node; while ((node = walker.nextNode())) { if (node.textContent.includes(words)) break; }
        const at = node.textContent.indexOf(words);
        const range = document.createRange();
        range.setStart(node, at); range.setEnd(node, at + words.length);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""", MISSED)
    form = web.page.locator("#add-commitment")
    form.wait_for(state="visible")
    assert form.locator(".selected-text").inner_text() == MISSED
    form.locator("input[name=actor]").fill("Brightwater Port Authority")
    form.locator("input[name=action]").fill("repair")
    form.locator("input[name=target]").fill("the old lighthouse")
    web.shoot("add-commitment")
    form.locator("button[type=submit]").click()
    web.page.wait_for_url("**/commitments/*")
    assert "Added from the document text by editor" in web.page.inner_text("main")
    added = [sc for sc in store.query_commitments() if sc.origin == "person"]
    assert len(added) == 1
    doc = store.get_document(server["document_id"])
    c = added[0].commitment
    assert (c.sentence, c.sentence_start) == (MISSED, doc.text.index(MISSED))
    assert doc.text[c.target_start:c.target_end] == "the old lighthouse"


def test_status_met_with_evidence_shows_on_timeline_actor_page_and_csv(web, server):
    store = server["store"]
    sc = record(store, "eastern channel")          # due 2024: on 2026-06-01 the deadline has passed
    actor = sc.commitment.actor
    web.login()
    web.go(f"/commitments/{sc.id}")
    assert "Deadline passed (status unknown)" in web.page.inner_text(".review-line")
    form = web.page.locator("form.status-form")
    form.locator("select[name=status]").select_option("met")
    form.locator("input[name=url]").fill("https://example.org/brightwater/dredging-complete")
    form.locator("input[name=note]").fill("completion notice of the dredging contract")
    form.locator("button[type=submit]").click()
    web.page.wait_for_selector(".review-line [data-status=met]")
    assert "dredging-complete" in web.page.inner_text(".review-line")

    web.go("/timeline")
    assert web.page.inner_text(".stat.st-met .n") == "1"
    web.go("/timeline?year=2024")
    assert "Met" in web.page.inner_text("#list")
    web.go(f"/actors/{actor}")
    assert web.page.inner_text(".stat.st-met .n") == "1"
    web.shoot("actor-with-met-status")
    rows = download_csv(web, f"/commitments?actor={actor}")
    by_sentence = {r["sentence"][:40]: r for r in rows}
    row = next(r for s, r in by_sentence.items() if "eastern channel" in r["sentence"])
    assert row["status"] == "met" and "dredging-complete" in row["status_evidence"]
    assert all(r["status"] in ("open", "met") for r in rows)
