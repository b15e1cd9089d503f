"""Watchlists through the API and the pages: /api/watchlists with a token (401 without), one list
shape, another user's watchlist is a 404, bad bodies are 400 naming the field, every answer matches
its OpenAPI schema; the Watch button on the search page, the commitments table, the actor pages and
a commitment's page; the "what changed since your last visit" page."""

from __future__ import annotations

import pytest

from kb.models import CommitmentFilter
from web.auth import create_token, create_user
from tests.webapp import csrf_of, login, make_app

NEW_PLAN = """Albania water plan

Albania will build 30 water treatment plants by 2031. Albania aims to restore 200 km of river banks by 2028.
"""


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, config={"TODAY": "2026-06-01"})
    store = app.extensions["policykb"].store
    create_user(store, "ana", "correct horse")
    create_user(store, "ben", "correct horse")
    return app


@pytest.fixture
def ana(store):
    return {"Authorization": f"Bearer {create_token(store, 'ana')}"}


@pytest.fixture
def ben(store):
    return {"Authorization": f"Bearer {create_token(store, 'ben', role='reader')}"}


def conforms(client, body, name: str) -> None:
    """`body` matches components/schemas/`name` of the served OpenAPI document."""
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    doc = client.get("/api/openapi.json").get_json()
    schema = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
    errors = [e.message for e in jsonschema_rs.Draft202012Validator(schema).iter_errors(body)]
    assert not errors, errors


def backdate(store, when: str = "2020-01-01T00:00:00+00:00") -> None:
    """The seeded documents arrived long ago (the store stamps the current second)."""
    store.conn.execute("UPDATE documents SET added_at=?", (when,))


def test_without_credentials_every_watchlist_route_is_401(client):
    for method, path in (("get", "/api/watchlists"), ("post", "/api/watchlists"), ("get", "/api/watchlists/1"),
                         ("delete", "/api/watchlists/1")):
        r = getattr(client, method)(path, json={"kind": "filter"} if method == "post" else None)
        assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized", (method, path)
    assert client.get("/watchlists").status_code == 302   # the page sends to the login


def test_create_each_kind_list_them_and_delete(client, store, ana):
    hechi = next(sc for sc in store.query_commitments() if "5G base stations" in sc.commitment.sentence)
    store.ensure_entities()
    entity_id = store.entity_summaries("2026-06-01", search="Albania")[0].id
    bodies = [{"kind": "search", "query": "5G base stations", "mode": "exact", "filters": "actor=Hechi&page=2"},
              {"kind": "filter", "filters": "actor=Albania&status=open&sort=actor", "days": 90},
              {"kind": "entity", "entity_id": entity_id, "name": "  Albania,   all of it "},
              {"kind": "commitment", "commitment_id": hechi.id}]
    made = []
    for body in bodies:
        r = client.post("/api/watchlists", json=body, headers=ana)
        assert r.status_code == 201, r.get_json()
        assert r.headers["Location"] == r.get_json()["api_url"]
        conforms(client, r.get_json(), "Watchlist")
        made.append(r.get_json())
    assert made[0]["filters"] == "actor=Hechi" and made[0]["mode"] == "exact"   # page dropped
    assert made[0]["name"] == "Search: “5G base stations” (Actor: Hechi)"
    assert made[1]["filters"] == "actor=Albania&status=open" and made[1]["days"] == 90
    assert made[2]["name"] == "Albania, all of it" and made[2]["entity_name"] == "Albania"
    assert made[3]["commitment_id"] == hechi.id and made[3]["feed_url"].endswith(".atom")

    page = client.get("/api/watchlists?limit=3", headers=ana).get_json()
    conforms(client, page, "WatchlistList")
    assert (page["count"], page["limit"], page["offset"], len(page["items"])) == (4, 3, 0, 3)
    assert [w["kind"] for w in page["items"]] == ["commitment", "entity", "filter"]   # newest first
    rest = client.get(page["next"], headers=ana).get_json()
    assert [w["kind"] for w in rest["items"]] == ["search"] and rest["next"] is None

    r = client.delete(made[1]["api_url"], headers=ana)
    assert r.status_code == 200 and r.get_json() == {"deleted": made[1]["id"]}
    assert client.get(made[1]["api_url"], headers=ana).status_code == 404
    assert client.get("/api/watchlists", headers=ana).get_json()["count"] == 3


def test_another_users_watchlist_is_not_found(client, ana, ben):
    mine = client.post("/api/watchlists", json={"kind": "filter", "filters": "actor=Bama"}, headers=ana).get_json()
    for method in ("get", "delete"):
        r = getattr(client, method)(mine["api_url"], headers=ben)
        assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
    assert client.get("/api/watchlists", headers=ben).get_json()["count"] == 0   # a reader token may keep its own
    assert client.get(mine["api_url"], headers=ana).status_code == 200


@pytest.mark.parametrize("body, status, words", [
    ({}, 400, "kind"),
    ({"kind": "newsletter"}, 400, "kind"),
    ({"kind": "search", "query": ""}, 400, "query"),
    ({"kind": "search", "query": "ferries", "mode": "telepathy"}, 400, "mode"),
    ({"kind": "filter", "filters": "status=forgotten"}, 400, "status"),
    ({"kind": "filter", "filters": "year=soon"}, 400, "year"),
    ({"kind": "filter", "filters": "actor=A", "days": 0}, 400, "days"),
    ({"kind": "filter", "filters": "actor=A", "name": 5}, 400, "name"),
    ({"kind": "entity"}, 400, "entity_id"),
    ({"kind": "commitment", "commitment_id": "7"}, 400, "commitment_id"),
    ({"kind": "entity", "entity_id": 999999}, 404, "entity"),
    ({"kind": "commitment", "commitment_id": 999999}, 404, "commitment"),
])
def test_bad_bodies_are_refused_naming_the_field_and_nothing_is_saved(client, ana, body, status, words):
    r = client.post("/api/watchlists", json=body, headers=ana)
    assert r.status_code == status and words in r.get_json()["error"]["message"], r.get_json()
    assert client.get("/api/watchlists", headers=ana).get_json()["count"] == 0


def test_a_body_that_is_not_a_json_object_is_400(client, ana):
    r = client.post("/api/watchlists", data="kind=filter", headers=ana)
    assert r.status_code == 400 and "JSON object" in r.get_json()["error"]["message"]


def test_the_detail_lists_what_changed_since_the_last_visit_to_the_page(app, client, store, ana):
    backdate(store)
    made = client.post("/api/watchlists", json={"kind": "filter", "filters": "actor=Albania"}, headers=ana).get_json()
    detail = client.get(made["api_url"], headers=ana).get_json()
    conforms(client, detail, "WatchlistDetail")
    assert detail["events"] == [] and detail["matching"] == 2   # the seeded Albania commitments are old news
    outcome = app.extensions["policykb"].pipeline.ingest_bytes(NEW_PLAN.encode(), "albania-water.txt")
    assert outcome.status == "added"
    detail = client.get(made["api_url"], headers=ana).get_json()
    conforms(client, detail, "WatchlistDetail")
    assert detail["matching"] == 4
    assert sorted(e["sentence"][:30] for e in detail["events"] if e["kind"] == "new") == [
        "Albania aims to restore 200 km", "Albania will build 30 water tr"]
    assert {e["document_title"] for e in detail["events"]} == {"Albania water plan"}
    # the API records no visit: the page does, and after it nothing is new
    assert client.get(made["api_url"], headers=ana).get_json()["last_visited_at"] is None
    login(client, "ana", "correct horse")
    page = client.get(made["url"]).get_data(as_text=True)
    assert "Albania will build 30 water treatment plants" in page and "What changed since you started watching" in page
    store.conn.execute("UPDATE watchlist_visits SET visited_at='2099-01-01T00:00:00+00:00'")
    again = client.get(made["url"]).get_data(as_text=True)
    assert "What changed since your last visit" in again and "Nothing new since then." in again


def test_the_watch_button_is_on_the_four_pages_for_a_signed_in_user(client, store):
    sc = next(sc for sc in store.query_commitments() if "railway" in sc.commitment.sentence)
    store.ensure_entities()
    entity_id = store.entity_summaries("2026-06-01", search="Hechi")[0].id
    pages = ["/?q=railway", "/commitments?actor=Nandan", f"/actors/e/{entity_id}", "/actors/Nandan",
             f"/commitments/{sc.id}"]
    for path in pages:
        assert "Log in to watch" in client.get(path).get_data(as_text=True), path
    login(client, "ana", "correct horse")
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        assert "☆ Watch" in html and 'action="/watchlists"' in html, path
    assert "☆ Watch" not in client.get("/").get_data(as_text=True)   # an empty search box: nothing to watch


def test_pressing_watch_saves_what_the_page_shows_and_opens_it(client, store):
    login(client, "ana", "correct horse")
    token = csrf_of(client)
    r = client.post("/watchlists", data={"csrf_token": token, "kind": "search",
                                         "args": "q=railway&mode=exact&actor=Nandan&page=2"})
    assert r.status_code == 302 and r.headers["Location"].startswith("/watchlists/")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Search: “railway” (Actor: Nandan)" in page and "1 matching commitment now" in page
    assert ".atom" in page
    r = client.post("/watchlists", data={"csrf_token": token, "kind": "filter", "args": "status=lost"},
                    headers={"Referer": "http://localhost/commitments?status=lost"})
    assert r.status_code == 302
    assert "Could not watch this: status must be one of" in client.get("/watchlists").get_data(as_text=True)
    listing = client.get("/watchlists").get_data(as_text=True)
    assert listing.count("data-watchlist=") == 1
    wid = int(listing.split('data-watchlist="')[1].split('"')[0])
    r = client.post(f"/watchlists/{wid}/settings", data={"csrf_token": token, "name": "Railways", "days": "400"})
    assert r.status_code == 302
    page = client.get(f"/watchlists/{wid}").get_data(as_text=True)
    assert "Saved: “Railways”, deadlines within 400 days." in page and "Due within 400 days" in page
    client.post(f"/watchlists/{wid}/settings", data={"csrf_token": token, "name": "Railways", "days": "0"})
    assert "Not saved: days must be a whole number from 1 to 3650" in client.get(f"/watchlists/{wid}").get_data(
        as_text=True)
    r = client.post(f"/watchlists/{wid}/delete", data={"csrf_token": token})
    assert r.status_code == 302 and "Nothing watched yet" in client.get("/watchlists").get_data(as_text=True)


def test_an_entity_watch_follows_the_entity_by_its_key_across_a_rebuild(client, store, ana):
    store.ensure_entities()
    entity_id = store.entity_summaries("2026-06-01", search="Albania")[0].id
    made = client.post("/api/watchlists", json={"kind": "entity", "entity_id": entity_id}, headers=ana).get_json()
    store.rebuild_entities()   # entity ids may change; the key stays
    detail = client.get(made["api_url"], headers=ana).get_json()
    assert detail["matching"] == store.count_commitments(CommitmentFilter(actor="Albania")) == 2


def test_a_page_already_watched_says_so_instead_of_offering_a_second_watch(client, store):
    sc = next(sc for sc in store.query_commitments() if "railway" in sc.commitment.sentence)
    store.ensure_entities()
    entity_id = store.entity_summaries("2026-06-01", search="Hechi")[0].id
    login(client, "ana", "correct horse")
    token = csrf_of(client)
    # what each page's Watch button posts, and the page that shows the button
    watched = [({"kind": "search", "args": "q=railway&mode=exact"}, "/?q=railway&mode=exact"),
               ({"kind": "filter", "args": "actor=Nandan"}, "/commitments?actor=Nandan"),
               ({"kind": "entity", "entity_id": str(entity_id)}, f"/actors/e/{entity_id}"),
               ({"kind": "commitment", "commitment_id": str(sc.id)}, f"/commitments/{sc.id}")]
    for fields, page in watched:
        assert "☆ Watch" in client.get(page).get_data(as_text=True), page
        first = client.post("/watchlists", data={"csrf_token": token, **fields}).headers["Location"]
        html = client.get(page).get_data(as_text=True)
        assert "★ Already watching" in html and f'href="{first}"' in html and "☆ Watch" not in html, page
        # pressing Watch again (a stale page) opens the same watchlist instead of saving a second
        again = client.post("/watchlists", data={"csrf_token": token, **fields})
        assert again.headers["Location"] == first
        assert "You already watch this in" in client.get(first).get_data(as_text=True)
    assert store.count_watchlists(store.conn.execute("SELECT id FROM users WHERE name='ana'").fetchone()[0]) == 4
    # the filter page of another actor is not the one watched; nor is the same search in another mode
    assert "☆ Watch" in client.get("/commitments?actor=Hechi").get_data(as_text=True)
    assert "☆ Watch" in client.get("/?q=railway&mode=all_words").get_data(as_text=True)
    # the order of the filters and the page number do not make another watch
    assert "★ Already watching" in client.get("/commitments?actor=Nandan&page=1").get_data(as_text=True)


def test_another_users_watchlist_does_not_count_as_watching(client, store, ana):
    client.post("/api/watchlists", json={"kind": "filter", "filters": "actor=Nandan"}, headers=ana)
    login(client, "ben", "correct horse")
    html = client.get("/commitments?actor=Nandan").get_data(as_text=True)
    assert "☆ Watch" in html and "Already watching" not in html
