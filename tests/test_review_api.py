"""Corrections through the JSON API: PATCH a field, its history, roles, bad values, reject, add, status.

The app is the stub-pipeline one of tests/webapp.py (invented Hechi and Albania documents), so these
run in the unit tier; the extractor's own output is what the stub rules read.
"""

from __future__ import annotations

import csv
import io

import pytest

from kb.models import CommitmentFilter
from kb.store_review import Editor
from web.auth import create_token, create_user
from tests.webapp import make_app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, config={"TODAY": "2026-06-01"})
    store = app.extensions["policykb"].store
    create_user(store, "erin", "correct horse")            # an editor
    return app


@pytest.fixture
def editor_token(store):
    return create_token(store, "erin", label="tests")


@pytest.fixture
def reader_token(store):
    return create_token(store, "erin", label="read only", role="reader")


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def record(store, actor: str, words: str):
    return next(sc for sc in store.query_commitments(CommitmentFilter(actor=actor)) if words in sc.commitment.sentence)


def error_of(resp, status: int) -> dict:
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = resp.get_json()
    assert set(body) == {"error"}
    return body["error"]


def test_editor_patches_a_field_and_the_history_shows_before_after_who_when(client, store, editor_token):
    sc = record(store, "Nandan", "railway")
    r = client.patch(f"/api/commitments/{sc.id}", json={"actor": "Nandan County", "note": "the county, not the town"},
                     headers=bearer(editor_token))
    assert r.status_code == 200, r.get_data(as_text=True)
    row = r.get_json()
    assert row["actor"] == "Nandan County" and row["actor_source"] == "person"
    assert row["review"]["state"] == "edited" and row["review"]["set_fields"] == ["actor"] and row["review"]["by"] == "erin"

    # the extractor's output is untouched beside the overlay
    raw = store.conn.execute("SELECT actor FROM commitments WHERE id=?", (sc.id,)).fetchone()[0]
    assert raw == "Nandan"
    # every list reads the corrected value
    assert [x.id for x in store.query_commitments(CommitmentFilter(actor="Nandan County"))] == [sc.id]

    h = client.get(f"/api/commitments/{sc.id}/history").get_json()
    assert h["state"] == "edited" and h["set_fields"] == ["actor"]
    [item] = h["items"]
    assert (item["field"], item["before"], item["after"], item["by"]) == ("actor", "Nandan", "Nandan County", "erin")
    assert item["note"] == "the county, not the town" and item["at"].startswith("20")


def test_deadline_and_quantity_take_plain_words(client, store, editor_token):
    sc = record(store, "Bama", "rural")
    r = client.patch(f"/api/commitments/{sc.id}", json={"deadline": "by 2031", "quantity": "40 villages",
                                                       "strength": "advisory"}, headers=bearer(editor_token))
    row = r.get_json()
    assert row["deadline"] == {"text": "by 2031", "date": "2031-12-31"}
    assert row["quantity"]["value"] == 40 and row["quantity"]["unit"] == "villages" and row["strength"] == "advisory"
    assert sorted(row["review"]["set_fields"]) == ["deadline", "quantity", "strength"]
    assert store.count_commitments(CommitmentFilter(deadline_from=2031, deadline_to=2031)) == 1
    # clearing a deadline is a value too
    row = client.patch(f"/api/commitments/{sc.id}", json={"deadline": None}, headers=bearer(editor_token)).get_json()
    assert row["deadline"] is None


def test_no_token_is_401_a_reader_token_403_a_revoked_token_401(client, store, reader_token):
    sc = record(store, "Nandan", "railway")
    assert error_of(client.patch(f"/api/commitments/{sc.id}", json={"actor": "X"}), 401)["code"] == "unauthorized"
    assert error_of(client.patch(f"/api/commitments/{sc.id}", json={"actor": "X"}, headers=bearer(reader_token)),
                    403)["code"] == "forbidden"
    from web.auth import revoke_token

    token_id = store.list_tokens()[0].id
    revoke_token(store, token_id)
    error_of(client.patch(f"/api/commitments/{sc.id}", json={"actor": "X"}, headers=bearer(reader_token)), 401)
    for path in (f"/api/commitments/{sc.id}/reject", f"/api/commitments/{sc.id}/confirm", "/api/commitments"):
        error_of(client.post(path, json={}), 401)
    assert record(store, "Nandan", "railway").review is None   # nothing changed


@pytest.mark.parametrize("body, field", [
    ({"actor": ""}, "actor"),
    ({"actor": 42}, "actor"),
    ({"deadline": "sometime soon"}, "deadline"),
    ({"deadline": "2030-02-31"}, "deadline"),
    ({"strength": "mandatory"}, "strength"),
    ({"quantity": "many"}, "quantity"),
    ({"colour": "red"}, "colour"),
])
def test_bad_values_are_400_naming_the_field(client, store, editor_token, body, field):
    sc = record(store, "Nandan", "railway")
    err = error_of(client.patch(f"/api/commitments/{sc.id}", json=body, headers=bearer(editor_token)), 400)
    assert err["code"] == "invalid_value" and err["message"].startswith(f"{field}: ")
    assert store.get_commitment(sc.id).commitment == sc.commitment and store.commitment_history(sc.id) == []


def test_a_rejected_record_leaves_lists_search_and_exports_but_keeps_its_history(client, store, editor_token):
    sc = record(store, "Tirana", "coal")
    before = store.count_commitments()
    r = client.post(f"/api/commitments/{sc.id}/reject", json={"note": "a past event"}, headers=bearer(editor_token))
    assert r.status_code == 200 and r.get_json()["review"]["state"] == "rejected"
    assert store.count_commitments() == before - 1
    assert client.get(f"/api/commitments/{sc.id}").status_code == 404
    assert "coal" not in client.get("/api/commitments?format=csv").get_data(as_text=True)
    assert all(h["id"] != sc.id for h in client.get("/api/search?q=coal+plant").get_json()["hits"])
    assert [i["field"] for i in client.get(f"/api/commitments/{sc.id}/history").get_json()["items"]] == ["rejected"]
    # and back
    client.post(f"/api/commitments/{sc.id}/restore", headers=bearer(editor_token))
    assert client.get(f"/api/commitments/{sc.id}").status_code == 200


def test_confirm_pins_every_field_and_says_who(client, store, editor_token):
    sc = record(store, "Albania", "renewable")
    row = client.post(f"/api/commitments/{sc.id}/confirm", headers=bearer(editor_token)).get_json()
    assert row["review"]["state"] == "confirmed" and row["review"]["by"] == "erin"
    assert row["review"]["set_fields"] == ["actor", "action", "target", "deadline", "quantity", "strength"]
    assert row["actor"] == "Albania" and row["target"] == sc.commitment.target


def test_add_a_missed_commitment_from_offsets(client, store, editor_token):
    doc = store.find_document("hechi.txt")
    sentence = "Bama will improve rural public infrastructure."
    start = doc.text.index(sentence)
    # the extractor's reading of the sentence is set aside, so the hand-made one is the only one
    store.reject_commitment(record(store, "Bama", "rural").id, Editor("erin"))
    r = client.post("/api/commitments", json={"document_id": doc.id, "start": start, "end": start + len(sentence),
                                              "actor": "Bama County", "action": "improve",
                                              "target": "rural public infrastructure", "deadline": "2028"},
                    headers=bearer(editor_token))
    assert r.status_code == 201, r.get_data(as_text=True)
    row = r.get_json()
    assert row["origin"] == "person" and row["review"]["state"] == "added"
    assert (row["sentence"], row["sentence_start"], row["sentence_end"]) == (sentence, start, start + len(sentence))
    assert row["deadline"]["date"] == "2028-12-31" and row["citation"]["sentence"] == sentence
    assert any(h["id"] == row["id"] for h in client.get("/api/search?q=rural+infrastructure").get_json()["hits"])
    err = error_of(client.post("/api/commitments", json={"document_id": doc.id, "start": 0, "end": len(doc.text),
                                                         "actor": "A", "action": "b"}, headers=bearer(editor_token)), 400)
    assert err["message"].startswith("start: ")
    err = error_of(client.post("/api/commitments", json={"document_id": doc.id, "start": start, "end": start + 5,
                                                         "actor": "A"}, headers=bearer(editor_token)), 400)
    assert err["message"].startswith("action: ")


def test_status_met_with_evidence_shows_in_the_csv_status_column(client, store, editor_token):
    passed = record(store, "Tirana", "coal")          # deadline 2020: passed on 2026-06-01, status unknown
    other = record(store, "Albania", "renewable")
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(client.get("/api/commitments?format=csv").get_data(as_text=True)))}
    assert rows[passed.id]["status"] == "deadline_passed" and rows[other.id]["status"] == "open"
    hechi = store.find_document("hechi.txt")
    r = client.put(f"/api/commitments/{passed.id}/status", headers=bearer(editor_token),
                   json={"status": "met", "document_id": hechi.id, "sentence": "Hechi aims to build 6,000 5G base stations by 2025.",
                         "note": "stands in for the closure report"})
    assert r.status_code == 200, r.get_data(as_text=True)
    ev = r.get_json()["status_evidence"]
    assert r.get_json()["status"] == "met" and ev["document_id"] == hechi.id and ev["start"] is not None
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(client.get("/api/commitments?format=csv").get_data(as_text=True)))}
    assert rows[passed.id]["status"] == "met" and "closure report" in rows[passed.id]["status_evidence"]
    assert rows[passed.id]["citation"].startswith("Albania energy strategy") and "/commitments/" in rows[passed.id]["citation"]
    err = error_of(client.put(f"/api/commitments/{passed.id}/status", json={"status": "met"},
                              headers=bearer(editor_token)), 400)
    assert err["message"].startswith("evidence: ")
    err = error_of(client.put(f"/api/commitments/{passed.id}/status", json={"status": "done", "url": "https://x.org"},
                              headers=bearer(editor_token)), 400)
    assert err["message"].startswith("status: ")


def test_document_metadata_redates_relative_deadlines(client, store, editor_token):
    doc_id = store.find_document("hechi.txt").id
    sc = record(store, "Bama", "rural")
    client.patch(f"/api/commitments/{sc.id}", json={"deadline": "within 90 days of this plan"}, headers=bearer(editor_token))
    assert store.get_commitment(sc.id).commitment.deadline.date is None      # no publication date yet
    r = client.patch(f"/api/documents/{doc_id}", json={"published": "2024-03-01", "issuing_body": "Hechi People's Government",
                                                       "kind": "plan"}, headers=bearer(editor_token))
    assert r.status_code == 200 and r.get_json()["set_by_person"] == ["published", "issuing_body", "kind"]
    assert store.get_commitment(sc.id).commitment.deadline.date == "2024-05-30"
    assert store.get_commitment(sc.id).document_issuer == "Hechi People's Government"
    err = error_of(client.patch(f"/api/documents/{doc_id}", json={"published": "March 2024"}, headers=bearer(editor_token)), 400)
    assert err["message"].startswith("published: ")


def test_corrections_export_is_gold_jsonl(client, store, editor_token):
    import json

    sc = record(store, "Nandan", "railway")
    client.patch(f"/api/commitments/{sc.id}", json={"actor": "Nandan County"}, headers=bearer(editor_token))
    client.post(f"/api/commitments/{record(store, 'Tirana', 'coal').id}/reject", headers=bearer(editor_token))
    lines = [json.loads(x) for x in client.get("/api/corrections.jsonl").get_data(as_text=True).splitlines()]
    assert len(lines) == 1
    assert lines[0]["doc"] == "hechi" and lines[0]["actor"] == ["Nandan County"] and lines[0]["action"] == ["build"]
    assert lines[0]["deadline"] == "2030-12-31" and lines[0]["partial"] is True
