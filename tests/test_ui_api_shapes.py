"""One API shape for the routes people write through and the admin lists (issue 16).

A write answers with the record as every read gives it (its id, its own URL and API URL, its
document's id and URLs), so a script can follow up without building URLs; every list -- a
commitment's history, the review queue, the audit log, the tokens -- is {items, count, limit,
offset, next}, and `next` is a working URL.  The app is tests/webapp.py's stub one (invented texts).
"""

from __future__ import annotations

import pytest

from kb.models import CommitmentFilter
from web.auth import create_token, create_user
from tests.webapp import make_app

LIST_KEYS = {"items", "count", "limit", "offset", "next"}
LINKS = {"id", "url", "api_url", "document_id", "document_url", "document_api_url"}


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, config={"TODAY": "2026-06-01"})
    store = app.extensions["policykb"].store
    create_user(store, "erin", "correct horse")                       # an editor
    create_user(store, "ada", "correct horse", role="admin")
    return app


@pytest.fixture
def editor(store):
    return {"Authorization": f"Bearer {create_token(store, 'erin', label='tests')}"}


@pytest.fixture
def admin(store):
    return {"Authorization": f"Bearer {create_token(store, 'ada', label='ops')}"}


def test_every_write_answers_with_the_records_id_links_and_document(client, store, editor):
    sc = next(x for x in store.query_commitments(CommitmentFilter(actor="Nandan")))
    same = client.get(f"/api/commitments/{sc.id}").get_json()
    for method, path, body in (("patch", f"/api/commitments/{sc.id}", {"actor": "Nandan County"}),
                               ("post", f"/api/commitments/{sc.id}/confirm", None),
                               ("put", f"/api/commitments/{sc.id}/status",
                                {"status": "met", "url": "https://x.example/r"}),
                               ("post", f"/api/commitments/{sc.id}/reject", {"note": "not one"}),
                               ("post", f"/api/commitments/{sc.id}/restore", None)):
        r = getattr(client, method)(path, json=body, headers=editor)
        assert r.status_code == 200, r.get_data(as_text=True)
        row = r.get_json()
        assert LINKS <= set(row), (path, sorted(row))
        assert {k: row[k] for k in LINKS} == {k: same[k] for k in LINKS}
    doc = store.get_document(sc.document_id)
    start = doc.text.index("Bama will improve")
    r = client.post("/api/commitments", headers=editor, json={
        "document_id": doc.id, "start": start, "end": start + len("Bama will improve rural public infrastructure."),
        "actor": "Bama", "action": "improve"})
    assert r.status_code == 201
    added = r.get_json()
    assert r.headers["Location"] == added["api_url"] == f"/api/commitments/{added['id']}"
    assert client.get(added["api_url"]).get_json()["sentence"] == added["sentence"]
    meta = client.patch(f"/api/documents/{doc.id}", json={"kind": "plan"}, headers=editor).get_json()
    assert (meta["id"], meta["url"], meta["api_url"]) == (doc.id, f"/documents/{doc.id}", f"/api/documents/{doc.id}")


def test_history_and_review_queue_are_pages_of_the_one_shape(client, store, editor):
    sc = next(x for x in store.query_commitments(CommitmentFilter(actor="Nandan")))
    for actor in ("Nandan County", "Nandan Town", "Nandan"):
        client.patch(f"/api/commitments/{sc.id}", json={"actor": actor}, headers=editor)
    page = client.get(f"/api/commitments/{sc.id}/history?limit=2").get_json()
    assert LIST_KEYS <= set(page) and page["count"] == 3 and len(page["items"]) == 2
    assert page["commitment_id"] == sc.id and page["items"][0]["commitment_id"] == sc.id
    rest = client.get(page["next"]).get_json()
    assert [i["after"] for i in page["items"] + rest["items"]] == ["Nandan County", "Nandan Town", "Nandan"]
    assert rest["next"] is None
    queue = client.get("/api/review/queue?limit=1", headers=editor).get_json()
    assert LIST_KEYS | {"conflicts"} <= set(queue) and len(queue["items"]) == 1 and queue["count"] >= 2
    assert LINKS | {"reasons"} <= set(queue["items"][0])
    second = client.get(queue["next"], headers=editor).get_json()
    assert second["offset"] == 1 and second["items"][0]["id"] != queue["items"][0]["id"]


def test_audit_log_and_tokens_are_pages_of_the_one_shape(client, store, admin):
    for i in range(7):
        store.add_audit("cli", "test.event", f"thing {i}")
    page = client.get("/api/audit?action=test.event&limit=5", headers=admin).get_json()
    assert set(page) == LIST_KEYS and page["count"] == 7
    assert [e["subject"] for e in page["items"]] == [f"thing {i}" for i in (6, 5, 4, 3, 2)]
    rest = client.get(page["next"], headers=admin).get_json()
    assert [e["subject"] for e in rest["items"]] == ["thing 1", "thing 0"] and rest["next"] is None
    tokens = client.get("/api/tokens", headers=admin).get_json()
    assert set(tokens) == LIST_KEYS and tokens["count"] == 1
    (token,) = tokens["items"]
    assert token["revoke_url"] == f"/api/tokens/{token['id']}/revoke" and "token" not in token
