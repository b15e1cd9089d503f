"""People confirm or reject a lineage link (kb/store_lineage.py): editors only, audited, shown on the
commitment page and in the API, left out of the lineage filter when rejected, and kept when the
document is re-extracted (commitment ids change; the link's key does not).  Invented plans, real SQLite."""

from __future__ import annotations

import pytest

from kb.models import CommitmentFilter
from tests.test_lineage_versions import PLAN, REVISED, RulePipeline
from tests.webapp import csrf_of, login, parse_plain, rule_commitments
from web.auth import create_token, create_user

STATIONS = "The water board shall open two new pumping stations by 2027."


@pytest.fixture
def app(tmp_path):
    from kb.config import load_settings
    from kb.store import Store
    from tests.fake_search import BasicSearch
    from web import create_app

    settings = load_settings(tmp_path)
    store = Store(settings.db_path)
    pipeline = RulePipeline(settings, store)
    app = create_app(settings, store=store, search=BasicSearch(store), pipeline=pipeline, start_worker=False,
                     config={"TESTING": True, "TODAY": "2026-06-01"})
    pipeline.ingest_bytes(PLAN.encode(), "lakeside-2024.txt")
    pipeline.ingest_bytes(REVISED.encode(), "lakeside-2025.txt")
    create_user(store, "erin", "correct horse")          # an editor
    return app


@pytest.fixture
def store(app):
    return app.extensions["policykb"].store


@pytest.fixture
def client(app):
    return app.test_client()


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def stations_id(store) -> int:
    return next(sc.id for sc in store.query_commitments(CommitmentFilter(document_id=1))
                if sc.commitment.sentence == STATIONS)


def the_link(client, cid: int) -> dict:
    [link] = client.get(f"/api/commitments/{cid}/lineage").get_json()["items"]
    return link


def test_an_editor_rejects_a_link_and_it_leaves_the_lineage_filter(client, store):
    link = the_link(client, stations_id(store))
    assert (link["relation"], link["verdict"]) == ("deadline_moved", None)
    assert client.get("/api/commitments?lineage=deadline_moved").get_json()["count"] == 2
    token = create_token(store, "erin", label="tests")
    r = client.post("/api/lineage/judgements", json={"key": link["key"], "verdict": "rejected", "note": "a typo"},
                    headers=bearer(token))
    assert r.status_code == 200 and r.get_json() == {"key": link["key"], "verdict": "rejected"}
    after = the_link(client, stations_id(store))
    assert (after["verdict"], after["judged_by"]) == ("rejected", "erin")
    assert client.get("/api/commitments?lineage=deadline_moved").get_json()["count"] == 0
    [entry] = [e for e in store.audit_entries() if e.action == "lineage.judge"]
    assert entry.actor.startswith("erin") and entry.subject == link["key"] and "rejected" in entry.detail
    # null forgets the verdict
    client.post("/api/lineage/judgements", json={"key": link["key"], "verdict": None}, headers=bearer(token))
    assert the_link(client, stations_id(store))["verdict"] is None


def test_readers_cannot_judge_and_bad_bodies_are_400_unknown_keys_404(client, store):
    key = the_link(client, stations_id(store))["key"]
    assert client.post("/api/lineage/judgements", json={"key": key, "verdict": "rejected"}).status_code == 401
    reader = create_token(store, "erin", label="read only", role="reader")
    assert client.post("/api/lineage/judgements", json={"key": key, "verdict": "rejected"},
                       headers=bearer(reader)).status_code == 403
    editor = bearer(create_token(store, "erin", label="tests"))
    assert client.post("/api/lineage/judgements", json={"key": key, "verdict": "maybe"}, headers=editor).status_code == 400
    assert client.post("/api/lineage/judgements", json=["not", "an", "object"], headers=editor).status_code == 400
    missing = client.post("/api/lineage/judgements", json={"key": "restated|nowhere", "verdict": "confirmed"},
                          headers=editor)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_a_verdict_survives_re_extraction(client, store):
    key = the_link(client, stations_id(store))["key"]
    store.judge_lineage(key, "confirmed", "erin")
    before = stations_id(store)
    for doc_id in (1, 2):   # read both documents again: every commitment gets a new id
        doc = store.get_document(doc_id)
        parsed = parse_plain(doc.text.encode(), doc.source_name)
        store.replace_document_content(doc_id, parsed, rule_commitments(parsed), "stub-2")
    assert stations_id(store) != before
    link = the_link(client, stations_id(store))
    assert (link["key"], link["verdict"], link["confidence"]) == (key, "confirmed", 1.0)


def test_a_confirmed_link_the_rules_no_longer_find_is_put_back(client, store, monkeypatch):
    key = the_link(client, stations_id(store))["key"]
    store.judge_lineage(key, "confirmed", "erin")
    monkeypatch.setattr("kb.store_lineage.find_links", lambda *a, **k: [])   # rules that find nothing
    store.rebuild_lineage()
    assert [r[0] for r in store.conn.execute("SELECT key FROM lineage_links WHERE source='person'")] == [key]
    assert the_link(client, stations_id(store))["verdict"] == "confirmed"


def test_the_commitment_page_lets_an_editor_reject_a_link_and_shows_who_did(client, store):
    cid = stations_id(store)
    page = client.get(f"/commitments/{cid}").get_data(as_text=True)
    assert "Deadline moved in" in page and "Reject link" not in page      # anonymous: no buttons
    login(client, "erin")
    page = client.get(f"/commitments/{cid}").get_data(as_text=True)
    assert 'data-relation="deadline_moved"' in page and "Reject link" in page
    key = the_link(client, cid)["key"]
    r = client.post(f"/commitments/{cid}/lineage", data={"key": key, "verdict": "rejected", "csrf_token": csrf_of(client)})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/commitments/{cid}#lineage")
    page = client.get(f"/commitments/{cid}").get_data(as_text=True)
    assert 'data-verdict="rejected"' in page and "Rejected by erin" in page
