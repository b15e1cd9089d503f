"""A later order that revokes an earlier one in the knowledge base: every commitment of the earlier
order links to the revoking sentence (store, /api/commitments/{id}/lineage, the commitment page,
the revoked filter and the revoked status in scorecards).  Invented orders, real SQLite, no models.
"""

from __future__ import annotations

import pytest

from kb.models import CommitmentFilter
from tests.test_entities_store import add
from tests.webapp import make_app

OLD_ORDER = """Executive Order 19201: Kelp Farm Leasing

The Secretary of Commerce shall lease ten kelp farms by 2030.

The Secretary of Commerce shall survey the kelp beds by 2029.
"""

AMENDED_ORDER = """Executive Order 19202: Canal Safety

The Secretary of Commerce shall inspect every canal lock by 2031.
"""

NEW_ORDER = """Executive Order 19203: Ocean Priorities

Executive Order 19201 of March 3, 2031 (Kelp Farm Leasing), is hereby revoked. Section 2 of Executive Order 19202 is hereby amended by adding a new subsection.

The Secretary of Commerce shall publish an ocean plan by 2032.
"""


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False, config={"TODAY": "2026-06-01"})
    store = app.extensions["policykb"].store
    add(store, OLD_ORDER, "eo-19201.md")
    add(store, AMENDED_ORDER, "eo-19202.md")
    add(store, NEW_ORDER, "eo-19203.md")
    return app


@pytest.fixture
def store(app):
    return app.extensions["policykb"].store


@pytest.fixture
def client(app):
    return app.test_client()


def _ids(store, title_word: str) -> list[int]:
    return [sc.id for sc in store.query_commitments(CommitmentFilter()) if title_word in sc.document_title]


def test_every_commitment_of_the_revoked_order_links_to_the_revoking_sentence(store):
    assert store.rebuild_entities().revocations == 2
    for cid in _ids(store, "Kelp"):
        [link] = store.commitment_lineage(cid)
        assert (link.relation, link.partial, link.order_number) == ("revoked", False, "19201")
        assert link.document_title.startswith("Executive Order 19203")
        assert link.sentence.endswith("is hereby revoked.")
    assert [k.relation for k in store.commitment_lineage(_ids(store, "Canal")[0])] == ["amended"]
    assert store.commitment_lineage(_ids(store, "Ocean")[0]) == []
    assert sorted(store.revoked_commitment_ids()) == sorted(_ids(store, "Kelp"))


def test_revoked_commitments_count_as_revoked_in_the_scorecard(store):
    store.rebuild_entities()
    [commerce] = store.entity_summaries("2026-06-01", search="Commerce")
    # the partial amendment does not change the canal lock's status
    assert commerce.statuses == {"revoked": 2, "upcoming": 2}
    assert len(store.entity_commitment_ids(commerce.id, revoked=True)) == 2
    assert len(store.entity_commitment_ids(commerce.id, revoked=False)) == 2


def test_the_lineage_api_says_revoked_by_with_a_link(client, store):
    cid = _ids(store, "Kelp")[0]
    body = client.get(f"/api/commitments/{cid}/lineage").get_json()
    [by] = body["revoked_by"]
    assert by["relation"] == "revoked" and by["document_url"].startswith("/documents/")
    assert client.get(by["document_api_url"]).status_code == 200
    canal = client.get(f"/api/commitments/{_ids(store, 'Canal')[0]}/lineage").get_json()
    assert canal["revoked_by"] == [] and [k["relation"] for k in canal["items"]] == ["amended"]
    assert (canal["count"], canal["offset"], canal["next"]) == (1, 0, None)
    assert client.get("/api/commitments/99999/lineage").status_code == 404


def test_the_commitment_page_shows_revoked_by_with_a_link(client, store):
    cid = _ids(store, "Kelp")[0]
    html = client.get(f"/commitments/{cid}").get_data(as_text=True)
    assert "Revoked by" in html and 'class="revoked-by"' in html
    new_doc = next(d.id for d, _n in store.list_documents() if "19203" in d.title)
    assert f'href="/documents/{new_doc}" class="revoked-by"' in html


def test_the_entity_page_filters_revoked_commitments(client, store):
    store.rebuild_entities()
    [commerce] = store.entity_summaries("2026-06-01", search="Commerce")
    revoked = client.get(f"/actors/e/{commerce.id}?revoked=yes").get_data(as_text=True)
    assert "lease ten kelp farms" in revoked and "publish an ocean plan" not in revoked
    kept = client.get(f"/api/actors/{commerce.id}?revoked=false").get_json()
    assert kept["count"] == 2
    assert client.get(f"/api/actors/{commerce.id}?revoked=perhaps").status_code == 400


def test_the_order_can_arrive_before_the_order_it_revokes(tmp_path):
    app = make_app(tmp_path, seed=False)
    store = app.extensions["policykb"].store
    add(store, NEW_ORDER, "eo-19203.md")
    store.ensure_entities()
    add(store, OLD_ORDER, "eo-19201.md")
    store.ensure_entities()
    assert len(store.revoked_commitment_ids()) == 2
