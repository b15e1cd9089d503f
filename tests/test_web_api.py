"""The JSON API under /api: results, filters, exports, the one error shape and the OpenAPI document."""

from __future__ import annotations

import csv
import io
import re

import pytest

from web.auth import create_token
from tests.webapp import make_app


def assert_error(resp, status: int, code: str | None = None):
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


# -- search ------------------------------------------------------------------------

def test_search_returns_hits_with_highlights(client):
    r = client.get("/api/search?q=5G+base+stations&k=3")
    assert r.status_code == 200
    body = r.get_json()
    assert body["query"] == "5G base stations" and body["mode"] == "hybrid" and body["k"] == 3
    # `count` is every match (as in /api/commitments); `items` (and the older `hits`) the page of 3
    assert body["count"] == 4 and body["limit"] == 3 and body["offset"] == 0
    assert len(body["items"]) == 3 and body["hits"] == body["items"]
    top = body["hits"][0]
    assert top["kind"] == "commitment" and "6,000 5G base stations" in top["sentence"]
    s, e = top["highlights"][0]
    assert top["sentence"][s:e].lower() in {"5g", "base", "stations"}
    assert top["url"] == f"/commitments/{top['id']}"


def test_search_filters_and_modes(client):
    body = client.get("/api/search?q=build&actor=Nandan").get_json()
    assert body["hits"] and all(h["kind"] == "commitment" for h in body["hits"])
    assert all("railway" in h["sentence"] for h in body["hits"])
    for mode in ("hybrid", "meaning", "exact", "dense", "keyword"):
        assert client.get(f"/api/search?q=railway&mode={mode}").status_code == 200
    assert client.get("/api/search?q=railway&mode=exact").get_json()["mode"] == "exact"


@pytest.mark.parametrize("query, code", [
    ("", "invalid_query"),
    ("q=%20%20", "invalid_query"),
    ("q=rail&k=0", "invalid_query"),
    ("q=rail&k=1000", "invalid_query"),
    ("q=rail&k=ten", "invalid_query"),
    ("q=rail&mode=psychic", "invalid_query"),
    ("q=rail&year_from=twenty", "invalid_query"),
    ("q=rail&strength=mandatory", "invalid_query"),
    ("q=rail&document=-1", "invalid_query"),
    ("q=rail&has_deadline=maybe", "invalid_query"),
])
def test_search_bad_requests_are_400_with_the_error_shape(client, query, code):
    assert_error(client.get(f"/api/search?{query}"), 400, code)


def test_search_invalid_query_from_the_service_is_400(tmp_path):
    from kb.errors import InvalidQuery

    class Picky:
        def search(self, *a, **k):
            raise InvalidQuery("unbalanced quotes")

    client = make_app(tmp_path, search=Picky()).test_client()
    err = assert_error(client.get('/api/search?q="rail'), 400, "invalid_query")
    assert err["message"] == "unbalanced quotes"


def test_search_internal_failure_is_500_without_details(tmp_path):
    class Broken:
        def search(self, *a, **k):
            raise RuntimeError("secret internals")

    client = make_app(tmp_path, search=Broken()).test_client()
    err = assert_error(client.get("/api/search?q=rail"), 500, "internal_error")
    assert "secret" not in err["message"]


# -- commitments ----------------------------------------------------------------------

def test_commitments_json_stream_and_filters(client):
    body = client.get("/api/commitments").get_json()
    assert body["count"] == len(body["items"]) == 8
    item = body["items"][0]
    for key in ("id", "doc", "document_title", "sentence", "actor", "action", "target", "deadline", "strength",
                "sentence_start", "sentence_end", "page", "extractor_version"):
        assert key in item
    assert client.get("/api/commitments?actor=albania").get_json()["count"] == 2
    assert client.get("/api/commitments?year=2030").get_json()["count"] == 2
    assert client.get("/api/commitments?year_from=2025&year_to=2027").get_json()["count"] == 2
    assert client.get("/api/commitments?has_deadline=no").get_json()["count"] == 3
    assert client.get("/api/commitments?year=none").get_json()["count"] == 3
    assert client.get("/api/commitments?strength=binding").get_json()["count"] == 5
    assert client.get("/api/commitments?document=1").get_json()["count"] == 4
    assert client.get("/api/commitments?document=99").get_json()["count"] == 0


def test_commitments_paged(client):
    body = client.get("/api/commitments?limit=3&offset=0&sort=actor").get_json()
    assert body["count"] == 8 and len(body["items"]) == 3 and body["limit"] == 3
    actors = [i["actor"] for i in body["items"]]
    assert actors == sorted(actors, key=str.lower)
    assert_error(client.get("/api/commitments?limit=0"), 400, "invalid_query")
    assert_error(client.get("/api/commitments?sort=id;drop"), 400, "invalid_query")


def test_every_list_has_one_shape_and_items_link_to_their_parents(client):
    """{items, count, limit, offset, next} everywhere; a commitment names its document and its status."""
    for path in ("/api/commitments", "/api/documents", "/api/jobs", "/api/search?q=trees"):
        assert {"items", "count", "limit", "offset", "next"} <= set(client.get(path).get_json()), path
    first = client.get("/api/commitments?limit=5&strength=binding").get_json()
    assert first["count"] == 5 and first["next"] is None
    page = client.get("/api/commitments?limit=2&strength=binding").get_json()
    second = client.get(page["next"]).get_json()  # the filter travels with the link
    assert (second["offset"], second["count"], len(second["items"])) == (2, 5, 2)
    item = page["items"][0]
    assert item["url"] == f"/commitments/{item['id']}" and item["api_url"] == f"/api/commitments/{item['id']}"
    assert item["document_url"] == f"/documents/{item['document_id']}" and item["status"] in ("open", "deadline_passed")
    assert client.get(item["document_api_url"]).get_json()["id"] == item["document_id"]
    assert client.get(item["api_url"]).get_json() == item


def test_commitments_csv(client):
    r = client.get("/api/commitments?format=csv&actor=Hechi")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == 2 and {row["actor"] for row in rows} == {"Hechi"}
    assert_error(client.get("/api/commitments?format=xml"), 400, "invalid_query")


def test_one_commitment(client):
    assert client.get("/api/commitments/1").get_json()["id"] == 1
    assert_error(client.get("/api/commitments/999"), 404, "not_found")


# -- documents and jobs ------------------------------------------------------------------

def test_documents_list_and_detail(client):
    page = client.get("/api/documents").get_json()
    assert (page["count"], page["limit"], page["offset"], page["next"]) == (2, 100, 0, None)
    docs = page["items"]
    assert [d["source_name"] for d in docs] == ["albania.txt", "hechi.txt"]
    assert docs[1]["commitment_count"] == 4 and docs[1]["url"] == f"/documents/{docs[1]['id']}"
    one = client.get(f"/api/documents/{docs[1]['id']}").get_json()
    assert one["title"] == "Hechi green pilot zone" and one["text"].startswith("Hechi green pilot zone")
    # the detail uses the list's names: commitment_count, and `commitments` as a page of items
    assert one["commitment_count"] == 4 and one["commitments"]["count"] == 4 and len(one["commitments"]["items"]) == 4
    item = one["commitments"]["items"][0]
    assert item["document_id"] == docs[1]["id"] and item["document_url"] == docs[1]["url"]
    assert item["url"] == f"/commitments/{item['id']}" and item["status"] == "open"
    # limit/offset page the list: one document per page, a link to the next
    first = client.get("/api/documents?limit=1").get_json()
    assert [d["id"] for d in first["items"]] == [docs[0]["id"]] and first["count"] == 2
    assert [d["id"] for d in client.get(first["next"]).get_json()["items"]] == [docs[1]["id"]]
    assert one["original_url"].endswith("/original")
    assert_error(client.get("/api/documents/999"), 404, "not_found")


def test_jobs(client, store):
    page = client.get("/api/jobs").get_json()
    assert (page["count"], page["limit"], page["offset"]) == (2, 100, 0)
    jobs = page["items"]
    assert [j["id"] for j in client.get("/api/jobs?limit=1&offset=1").get_json()["items"]] == [jobs[1]["id"]]
    assert len(jobs) == 2 and all(j["status"] == "done" for j in jobs)
    job = client.get(f"/api/jobs/{jobs[0]['id']}").get_json()
    assert job["document_url"] and job["commitments"] == 4
    assert_error(client.get("/api/jobs/12345"), 404, "not_found")


def test_unknown_endpoint_and_method_use_the_error_shape(client):
    assert_error(client.get("/api/nothing/here"), 404, "not_found")
    assert_error(client.put("/api/documents"), 405, "method_not_allowed")


def test_writes_need_auth_401(client, store):
    assert_error(client.post("/api/documents", data={"file": (io.BytesIO(b"x"), "a.txt")}), 401, "unauthorized")
    r = client.delete("/api/documents/1")
    assert_error(r, 401, "unauthorized")
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert_error(client.post("/api/jobs/1/retry"), 401, "unauthorized")
    bad = {"Authorization": "Bearer not-a-token"}
    assert_error(client.delete("/api/documents/1", headers=bad), 401)
    assert store.document_count() == 2


def test_delete_with_token(client, store):
    from web.auth import create_user

    create_user(store, "admin", "correct horse", role="admin")  # no token without a user; deleting is for admins
    token = create_token(store, "admin")
    h = {"Authorization": f"Bearer {token}"}
    assert client.delete("/api/documents/1", headers=h).get_json() == {"deleted": 1}
    assert store.document_count() == 1
    assert_error(client.delete("/api/documents/1", headers=h), 404, "not_found")
    assert client.get("/api/commitments?document=1").get_json()["count"] == 0


def test_openapi_document(client):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    for path in ("/api/search", "/api/commitments", "/api/documents", "/api/documents/{id}", "/api/jobs/{id}",
                 "/api/jobs/{id}/retry"):
        assert path in doc["paths"], path
    assert set(doc["paths"]["/api/documents"]) == {"get", "post"}
    assert "delete" in doc["paths"]["/api/documents/{id}"]
    assert doc["components"]["schemas"]["Error"]["required"] == ["error"]
    # every route the app serves under /api is described
    rules = {re.sub(r"<int:\w+>", "{id}", r.rule)
             for r in client.application.url_map.iter_rules() if r.rule.startswith("/api/") and "<path:" not in r.rule}
    assert rules - {"/api/"} <= set(doc["paths"])
    # a schema for every body, and has_deadline declared as the API reads it (yes/no words, not JSON booleans)
    assert {"Commitment", "CommitmentList", "Document", "DocumentList", "Job", "JobList", "Error",
            "SearchPage", "UploadResult"} <= set(doc["components"]["schemas"])
    has_deadline = next(p for p in doc["paths"]["/api/commitments"]["get"]["parameters"] if p["name"] == "has_deadline")
    assert has_deadline["schema"]["type"] == "string"
    for word in has_deadline["schema"]["enum"]:
        assert client.get(f"/api/commitments?has_deadline={word}").status_code == 200, word
    assert_error(client.get("/api/commitments?has_deadline=maybe"), 400, "invalid_query")


def test_csv_export_defuses_spreadsheet_formulas(tmp_path):
    import json

    from tests.webapp import seed_document

    app = make_app(tmp_path, seed=False)
    seed_document(app.extensions["policykb"].store,
                  'Plan\n\n=HYPERLINK(A1) will pay 5 dollars by 2030.\n')
    client = app.test_client()
    rows = list(csv.DictReader(io.StringIO(client.get("/api/commitments?format=csv").get_data(as_text=True))))
    assert rows[0]["sentence"].startswith("'=HYPERLINK(")
    assert rows[0]["actor"].startswith("'=")
    # JSON stays verbatim
    item = json.loads(client.get("/api/commitments").get_data(as_text=True))["items"][0]
    assert item["sentence"].startswith("=HYPERLINK(")
