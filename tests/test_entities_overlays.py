"""People merge, split and rename actor entities; the changes outlive rebuilds and re-extraction.

Invented federal orders (tests/test_entities_store.py's COASTAL and HEALTH) in a real SQLite store;
the web routes run through Flask's test client with a real editor account and token.
"""

from __future__ import annotations

import pytest

from kb.errors import NotFound
from kb.store_review import InvalidValue
from tests.test_entities_store import COASTAL, HEALTH, add
from tests.webapp import login, make_app, csrf_of
from web.auth import create_token, create_user

TODAY = "2026-06-01"


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False, config={"TODAY": TODAY})
    store = app.extensions["policykb"].store
    add(store, COASTAL, "coastal.md")
    add(store, HEALTH, "health.md")
    create_user(store, "erin", "correct horse")          # an editor
    store.rebuild_entities()
    return app


@pytest.fixture
def store(app):
    return app.extensions["policykb"].store


@pytest.fixture
def client(app):
    return app.test_client()


def by_name(store) -> dict:
    return {e.name: e for e in store.entity_summaries(TODAY)}


def test_a_merge_moves_every_name_and_survives_a_rebuild(store):
    before = by_name(store)
    commerce, agency = before["Department of Commerce"], before["Coastal Restoration Agency"]
    assert store.merge_entities(agency.id, commerce.id, "erin") == commerce.id
    after = by_name(store)
    assert "Coastal Restoration Agency" not in after
    assert after["Department of Commerce"].commitments == commerce.commitments + agency.commitments
    rules = {a.mention: a.rule for a in store.entity_aliases(commerce.id)}
    assert rules["CRA"] == "acronym in text; merged by a person"
    store.rebuild_entities()
    assert by_name(store)["Department of Commerce"].commitments == 6


def test_a_merge_is_kept_when_the_document_is_read_again(store):
    """Re-extraction replaces a document's commitments; the overlay names entities by key, not by row."""
    commerce, agency = by_name(store)["Department of Commerce"], by_name(store)["Coastal Restoration Agency"]
    store.merge_entities(agency.id, commerce.id, "erin")
    doc = next(d for d, _n in store.document_summaries() if d.source_name == "coastal.md")
    store.delete_document(doc.id)
    store.rebuild_entities()
    assert set(by_name(store)) == {"Department of Health and Human Services"}
    add(store, COASTAL, "coastal.md")
    store.rebuild_entities()
    again = by_name(store)
    assert "Coastal Restoration Agency" not in again
    assert again["Department of Commerce"].commitments == 6


def test_a_split_moves_one_name_to_an_entity_of_its_own(store):
    commerce = by_name(store)["Department of Commerce"]
    new_id = store.split_entity(commerce.id, "commerce", "Commerce (short name)", "erin")
    after = by_name(store)
    assert after["Commerce (short name)"].id == new_id
    assert after["Commerce (short name)"].commitments == 1
    assert after["Department of Commerce"].commitments == commerce.commitments - 1
    store.rebuild_entities()
    assert by_name(store)["Commerce (short name)"].commitments == 1


def test_a_split_to_an_existing_name_moves_the_name_there(store):
    commerce = by_name(store)["Department of Commerce"]
    energy = by_name(store)["Department of Energy"]
    joint = "Secretary of Commerce and the Secretary of Energy"
    assert store.split_entity(commerce.id, joint, "department of energy", "erin") == energy.id
    assert by_name(store)["Department of Commerce"].commitments == commerce.commitments - 1
    assert by_name(store)["Department of Energy"].commitments == 1     # the joint link was there already


def test_a_rename_keeps_the_entity_and_its_id(store):
    hhs = by_name(store)["Department of Health and Human Services"]
    assert store.rename_entity(hhs.id, "  Health   Department ", "erin") == hhs.id
    store.rebuild_entities()
    renamed = by_name(store)["Health Department"]
    assert (renamed.id, renamed.commitments) == (hhs.id, hhs.commitments)


def test_entity_ids_stay_the_same_from_one_rebuild_to_the_next(store):
    ids = {e.name: e.id for e in store.entity_summaries(TODAY)}
    store.rebuild_entities()
    assert {e.name: e.id for e in store.entity_summaries(TODAY)} == ids


def test_undo_puts_the_rules_back(store):
    commerce, agency = by_name(store)["Department of Commerce"], by_name(store)["Coastal Restoration Agency"]
    store.merge_entities(agency.id, commerce.id, "erin")
    [overlay] = store.entity_overlays()
    assert (overlay.kind, overlay.entity_key, overlay.target_key, overlay.created_by) == (
        "merge", "coastal restoration agency", "department of commerce", "erin")
    assert store.delete_entity_overlay(overlay.id).kind == "merge"
    assert by_name(store)["Coastal Restoration Agency"].commitments == 2
    assert store.entity_overlays() == []


def test_bad_corrections_are_refused_with_the_field_named(store):
    commerce = by_name(store)["Department of Commerce"]
    with pytest.raises(InvalidValue, match="^into: an entity cannot be merged into itself"):
        store.merge_entities(commerce.id, commerce.id, "erin")
    with pytest.raises(InvalidValue, match="^mention: 'Harbour Board' is not a name of this entity"):
        store.split_entity(commerce.id, "Harbour Board", "Board", "erin")
    with pytest.raises(InvalidValue, match="^name: must not be empty"):
        store.rename_entity(commerce.id, "   ", "erin")
    with pytest.raises(InvalidValue, match="^name: must be at most 200 characters"):
        store.rename_entity(commerce.id, "x" * 201, "erin")
    with pytest.raises(NotFound):
        store.rename_entity(99999, "Nobody", "erin")
    assert store.entity_overlays() == []      # nothing half-stored


def test_find_entity_takes_an_id_or_an_exact_name(store):
    commerce = by_name(store)["Department of Commerce"]
    assert store.find_entity(str(commerce.id)) == store.find_entity(f"#{commerce.id}") == commerce.id
    assert store.find_entity("department of commerce") == commerce.id
    with pytest.raises(NotFound):
        store.find_entity("Ministry of Tides")


# -- the API ------------------------------------------------------------------------------------------

def bearer(store, role: str = "editor") -> dict:
    return {"Authorization": f"Bearer {create_token(store, 'erin', label='tests', role=role)}"}


def test_the_api_merges_splits_and_renames_for_editors_only(client, store):
    commerce, agency = by_name(store)["Department of Commerce"], by_name(store)["Coastal Restoration Agency"]
    assert client.post(f"/api/actors/{agency.id}/merge", json={"into": commerce.id}).status_code == 401
    reader = client.post(f"/api/actors/{agency.id}/merge", json={"into": commerce.id}, headers=bearer(store, "reader"))
    assert reader.status_code == 403

    auth = bearer(store)
    merged = client.post(f"/api/actors/{agency.id}/merge", json={"into": "Department of Commerce"}, headers=auth)
    assert merged.status_code == 200
    assert (merged.get_json()["id"], merged.get_json()["commitments"]) == (commerce.id, 6)
    renamed = client.post(f"/api/actors/{commerce.id}/rename", json={"name": "Commerce Department"}, headers=auth)
    assert renamed.get_json()["name"] == "Commerce Department"
    split = client.post(f"/api/actors/{commerce.id}/split", json={"mention": "CRA", "name": "Restoration"},
                        headers=auth)
    assert (split.get_json()["name"], split.get_json()["commitments"]) == ("Restoration", 1)

    listed = client.get("/api/actors/overlays").get_json()
    assert [o["kind"] for o in listed["items"]] == ["merge", "rename", "split"]
    assert listed["count"] == 3 and listed["next"] is None
    assert [e.action for e in store.audit_entries(action=None)[:3]] == ["entity.split", "entity.rename",
                                                                        "entity.merge"]
    undo = client.delete(f"/api/actors/overlays/{listed['items'][2]['id']}", headers=auth)
    assert undo.get_json() == {"deleted": listed["items"][2]["id"], "kind": "split"}


def test_the_api_answers_bad_corrections_with_the_error_shape(client, store):
    commerce = by_name(store)["Department of Commerce"]
    auth = bearer(store)
    bad = client.post(f"/api/actors/{commerce.id}/rename", json={"name": ""}, headers=auth)
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_query"
    assert client.post(f"/api/actors/{commerce.id}/merge", json={"into": True}, headers=auth).status_code == 400
    assert client.post(f"/api/actors/{commerce.id}/merge", json=["x"], headers=auth).status_code == 400
    missing = client.post("/api/actors/99999/rename", json={"name": "X"}, headers=auth)
    assert missing.status_code == 404 and "error" in missing.get_json()
    assert client.post(f"/api/actors/{commerce.id}/merge", json={"into": 10**30}, headers=auth).status_code == 404
    assert client.delete("/api/actors/overlays/12345", headers=auth).status_code == 404


# -- the pages ------------------------------------------------------------------------------------------

def test_editors_see_the_correction_forms_and_readers_do_not(client, store):
    commerce = by_name(store)["Department of Commerce"]
    html = client.get(f"/actors/e/{commerce.id}").get_data(as_text=True)
    assert "merge-form" not in html and "split-form" not in html
    login(client, "erin")
    html = client.get(f"/actors/e/{commerce.id}").get_data(as_text=True)
    assert "merge-form" in html and "rename-form" in html and "split-form" in html


def test_a_merge_form_goes_to_the_merged_entity_with_a_message(client, store):
    commerce, agency = by_name(store)["Department of Commerce"], by_name(store)["Coastal Restoration Agency"]
    anonymous = client.post(f"/actors/e/{agency.id}/merge", data={"into": "x", "csrf_token": csrf_of(client)})
    assert anonymous.status_code == 401 and store.entity_overlays() == []
    login(client, "erin")
    r = client.post(f"/actors/e/{agency.id}/merge", data={"into": f"#{commerce.id}", "csrf_token": csrf_of(client)},
                    follow_redirects=True)
    html = r.get_data(as_text=True)
    assert r.request.path == f"/actors/e/{commerce.id}"
    assert "Merged “Coastal Restoration Agency” into “Department of Commerce”" in html
    assert "Corrections people made" in html and "merged by a person" in html


def test_the_cli_merges_splits_renames_and_undoes(tmp_path, capsys):
    from kb.config import load_settings
    from kb.store import Store
    from policykb.cli.app import main

    store = Store(load_settings(tmp_path).db_path)
    add(store, COASTAL, "coastal.md")
    store.close()
    data = ["--data", str(tmp_path), "entities"]
    assert main([*data, "merge", "Coastal Restoration Agency", "Department of Commerce"]) == 0
    assert capsys.readouterr().out.split("\t")[1:] == ["6", "1", "Department of Commerce\n"]
    assert main([*data, "rename", "Department of Commerce", "Commerce Department"]) == 0
    assert main([*data, "split", "Commerce Department", "CRA", "--name", "Restoration Agency"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].split("\t")[1:] == ["1", "1", "Restoration Agency"]
    assert main([*data, "overlays"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[1] for line in lines] == ["merge", "rename", "split"]
    assert main([*data, "undo", lines[0].split("\t")[0]]) == 0
    assert main([*data, "merge", "Commerce Department", "Commerce Department"]) == 1
    assert "into: an entity cannot be merged into itself" in capsys.readouterr().err
