"""A revoked commitment in a real headless Chromium: its page says "Revoked by" with a link to the
revoking order, and following the link opens that order; a revised plan's page names its earlier version and
opens the diff of commitments and the document's scorecard (issue 15).  The store is filled with invented
orders by hand (the page, not the extractor, is under test: tests/test_lineage_store.py)."""

from __future__ import annotations

import pytest

from kb.models import CommitmentFilter
from tests.browser_harness import chromium, require_chromium, served
from tests.test_entities_store import add
from tests.test_lineage_store import NEW_ORDER, OLD_ORDER
from tests.test_lineage_versions import PLAN, REVISED
from tests.webapp import make_app

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_chromium()
    app = make_app(tmp_path_factory.mktemp("kb"), seed=False, config={"TODAY": "2026-06-01"})
    store = app.extensions["policykb"].store
    add(store, OLD_ORDER, "eo-19201.md")
    revoking = add(store, NEW_ORDER, "eo-19203.md")
    kelp = next(sc.id for sc in store.query_commitments(CommitmentFilter()) if "kelp farms" in sc.commitment.sentence)
    pipeline = app.extensions["policykb"].pipeline
    plan = pipeline.ingest_bytes(PLAN.encode(), "lakeside-2024.txt").document_id
    revised = pipeline.ingest_bytes(REVISED.encode(), "lakeside-2025.txt").document_id
    with served(app) as base, chromium() as browser:
        yield {"base": base, "browser": browser, "kelp": kelp, "revoking": revoking, "plan": plan, "revised": revised}


def test_a_revoked_commitment_says_revoked_by_and_links_to_the_revoking_order(site):
    page = site["browser"].new_page()
    try:
        page.goto(f"{site['base']}/commitments/{site['kelp']}")
        notice = page.locator("p.lineage-revoked")
        assert "Revoked by Executive Order 19203" in notice.inner_text()
        assert "is hereby revoked" in notice.inner_text()
        step = page.locator("li.lineage-step[data-relation='revoked']")
        assert step.count() == 1 and "Revoked by" in step.inner_text()
        notice.locator("a.revoked-by").click()
        page.wait_for_url(f"{site['base']}/documents/{site['revoking']}")
        assert "Executive Order 19203" in page.locator("h1").first.inner_text()
    finally:
        page.close()


def test_a_revised_plan_shows_its_earlier_version_the_diff_and_its_scorecard(site):
    base, plan, revised = site["base"], site["plan"], site["revised"]
    page = site["browser"].new_page()
    try:
        page.goto(f"{base}/documents/{revised}")
        earlier = page.locator("#versions li.earlier-version")
        assert "A newer version of" in earlier.inner_text() and "1 removed, 1 changed" in earlier.inner_text()
        earlier.locator("a.version-diff").click()
        page.wait_for_url(f"{base}/documents/{revised}/versions")
        row = page.locator("table#changed tbody tr")
        assert row.count() == 1 and "by 2027" in row.inner_text() and "by 2028" in row.inner_text()
        assert "train forty apprentices" in page.locator("ul#removed").inner_text()
        page.locator("#previous-version").click()
        page.wait_for_url(f"{base}/documents/{plan}")
        later = page.locator("#versions li.later-version")
        assert "A later version" in later.inner_text()
        page.locator("a.document-scorecard").click()
        page.wait_for_url(f"{base}/actors?document={plan}")
        assert page.locator("#card").count() == 1
    finally:
        page.close()
