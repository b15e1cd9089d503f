"""Exporting a search (issue 16): the search page links "Export CSV" / "JSON" of the same query, mode
and filters; the files hold every result from the first (up to 1000), in the search's order, with the
commitments export's columns (kb.export) and its spreadsheet-formula defusing.

The app runs over tests/fake_search.BasicSearch (plain scans of the store, no model).  The ferry
document is invented: 12 one-sentence paragraphs, each a commitment, so "ferry" matches 24 sentences
(12 commitments and their 12 passages); one sentence starts like a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.webapp import make_app, seed_document

FERRIES = "Fjord ferries plan\n\n" + "\n\n".join(
    f"Fjordline will add ferry berth {n} at pier {n} by {2030 + n % 2}." for n in range(1, 12)) + (
    "\n\n=HYPERLINK(\"http://evil\") will fund a ferry berth by 2031.\n")


@pytest.fixture
def client(tmp_path):
    app = make_app(tmp_path)
    seed_document(app.extensions["policykb"].store, FERRIES, "ferries.txt")
    return app.test_client()


def export_links(client, query: str) -> dict[str, str]:
    page = client.get(f"/?{query}").get_data(as_text=True)
    links = re.findall(r'<a href="(/search/export\.(csv|json)\?[^"]*)"', page)
    return {fmt: unescape(href) for href, fmt in links}


def rows_of(client, url: str) -> list[dict]:
    r = client.get(url)
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.headers["Content-Disposition"].startswith('attachment; filename="policykb-search-')
    return list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))


def test_the_page_links_exports_of_the_same_search(client):
    links = export_links(client, "q=ferry&mode=exact&actor=Fjordline&actor=Tirana&page=2")
    assert set(links) == {"csv", "json"}
    for fmt, href in links.items():
        args = parse_qs(urlsplit(href).query)
        assert args == {"q": ["ferry"], "mode": ["exact"], "actor": ["Fjordline", "Tirana"]}, href   # no page
    assert export_links(client, "") == {}        # no search, nothing to export


def test_csv_holds_every_result_in_the_search_order(client):
    api = client.get("/api/search?q=ferry&mode=exact&limit=100").get_json()
    rows = rows_of(client, "/search/export.csv?q=ferry&mode=exact")
    assert len(rows) == api["count"] == 24
    assert [(r["kind"], r["id"] or r["passage_id"]) for r in rows] == [(h["kind"], str(h["id"])) for h in api["items"]]
    assert [r["rank"] for r in rows] == [str(n) for n in range(1, 25)]
    commitment = next(r for r in rows if r["kind"] == "commitment" and "berth 3 " in r["sentence"])
    assert commitment["actor"] == "Fjordline" and commitment["deadline_date"] == "2031-12-31"
    assert commitment["document_url"].endswith("/documents/3") and "/commitments/" in commitment["link"]
    assert commitment["why"].startswith("found by words")
    passage = next(r for r in rows if r["kind"] == "passage")
    assert passage["passage_id"] and passage["actor"] == "" and passage["document_title"] == "Fjord ferries plan"


def test_filters_and_mode_are_kept(client):
    filtered = rows_of(client, "/search/export.csv?q=ferry&mode=exact&year=2030")
    assert filtered and {r["deadline_date"] for r in filtered if r["kind"] == "commitment"} == {"2030-12-31"}
    api = client.get("/api/search?q=ferry&mode=exact&year=2030&limit=100").get_json()
    assert len(filtered) == api["count"]
    phrase = rows_of(client, "/search/export.csv?q=berth+3+at&mode=phrase")
    assert phrase and all("berth 3 at" in r["sentence"] for r in phrase)


def test_csv_defuses_formulas_and_json_keeps_them(client):
    rows = rows_of(client, "/search/export.csv?q=fund+ferry&mode=all_words")
    evil = [r for r in rows if r["kind"] == "commitment"]
    assert len(evil) == 1
    assert evil[0]["sentence"].startswith("'=HYPERLINK(") and evil[0]["actor"].startswith("'=HYPERLINK(")
    body = client.get("/search/export.json?q=fund+ferry&mode=all_words").get_json()
    item = next(i for i in body["items"] if i["kind"] == "commitment")
    assert item["sentence"].startswith("=HYPERLINK(") and item["citation"]["link"].endswith(f"/commitments/{item['id']}")
    assert body["query"] == "fund ferry" and body["mode"] == "all_words" and body["limit"] == 1000
    assert body["exported"] == len(body["items"]) == body["count"] == len(rows)


def test_an_export_needs_a_query_and_a_known_format(client):
    assert client.get("/search/export.csv").status_code == 400
    assert client.get("/search/export.xml?q=ferry").status_code == 400
    assert client.get("/search/export.json?q=ferry&mode=telepathy").status_code == 400
