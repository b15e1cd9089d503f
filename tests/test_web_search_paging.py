"""Search as a reader pages through it (issue 16): `/api/search` with `offset` and one list shape, the
search page's pages, facets over every match, the no-answer notice, "did you mean", the all-words and
phrase modes, the per-result "why", the home page's example query, and `policykb search --offset`.

Most tests run the app over tests/fake_search.BasicSearch (plain scans of the store, no model); the last
web test runs the real SearchService with the hash embedder, so the wiring is checked against the
service's own SearchPage.  The harbour document is invented: 25 one-sentence paragraphs, each a
commitment, so one word ("ferry") matches 50 sentences (25 commitments and their 25 passages).
"""

from __future__ import annotations

import argparse
import io
import json
import re
from html import unescape

import pytest

from tests.webapp import make_app, seed_document

HARBOUR = "Harbour crossings plan\n\n" + "\n\n".join(
    f"Harbourco will run ferry route {n} to island {n} by {2030 + n % 3}." for n in range(1, 26)) + "\n"


@pytest.fixture
def harbour(tmp_path):
    app = make_app(tmp_path)
    seed_document(app.extensions["policykb"].store, HARBOUR, "harbour.txt")
    return app.test_client()


def api(client, query: str) -> dict:
    r = client.get(f"/api/search?{query}")
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def page_html(client, query: str, status: int = 200) -> str:
    r = client.get(f"/?{query}")
    assert r.status_code == status, r.get_data(as_text=True)[:500]
    return r.get_data(as_text=True)


# -- the API --------------------------------------------------------------------------------------

def test_api_pages_with_offset_and_the_list_shape(harbour):
    first = api(harbour, "q=ferry&limit=10")
    assert first["count"] == 50 and first["limit"] == 10 and first["offset"] == 0
    assert len(first["items"]) == 10 and first["hits"] == first["items"]
    second = api(harbour, "q=ferry&limit=10&offset=10")
    assert second["offset"] == 10 and len(second["items"]) == 10
    both = api(harbour, "q=ferry&limit=20")["items"]
    assert [(h["kind"], h["id"]) for h in first["items"] + second["items"]] == [(h["kind"], h["id"]) for h in both]
    # `next` is the following page, filters and mode kept
    assert first["next"] == "/api/search?q=ferry&limit=10&offset=10"
    last = api(harbour, "q=ferry&limit=10&offset=40")
    assert len(last["items"]) == 10 and last["next"] is None


def test_api_offset_is_checked_and_the_error_names_it(harbour):
    for bad in ("offset=-1", "offset=ten", "offset=995&limit=10"):
        r = harbour.get(f"/api/search?q=ferry&{bad}")
        assert r.status_code == 400, bad
        err = r.get_json()["error"]
        assert err["code"] == "invalid_query" and "offset" in err["message"], (bad, err)
    r = harbour.get("/api/search?q=ferry&limit=500")
    assert r.status_code == 400 and "limit" in r.get_json()["error"]["message"]


def test_api_facets_count_every_match_not_the_page(harbour):
    body = api(harbour, "q=ferry&limit=5")
    docs = {f["value"]: f["count"] for f in body["facets"]["document"]}
    actors = {f["value"]: f["count"] for f in body["facets"]["actor"]}
    assert docs == {"Harbour crossings plan": 50} and actors == {"Harbourco": 25}
    years = {f["value"]: f["count"] for f in body["facets"]["deadline_year"]}
    assert years == {2030: 8, 2031: 9, 2032: 8}


def test_api_modes_all_words_and_phrase(harbour):
    assert api(harbour, "q=5G+Albania&mode=keyword")["count"] > api(harbour, "q=5G+Albania&mode=all_words")["count"]
    both = api(harbour, "q=5G+Albania&mode=all_words")
    assert both["mode"] == "all_words" and both["items"]
    assert all("5G" in h["sentence"] and "Albania" in h["sentence"] for h in both["items"])
    phrase = api(harbour, "q=base+stations&mode=phrase")
    assert phrase["mode"] == "phrase" and phrase["count"] >= 1
    assert all("base stations" in h["sentence"] for h in phrase["items"])
    assert api(harbour, "q=stations+base&mode=phrase")["count"] == 0
    assert harbour.get("/api/search?q=ferry&mode=telepathy").status_code == 400


def test_api_low_confidence_and_did_you_mean(harbour):
    near = api(harbour, "q=ferry+unicorns")
    assert near["items"] and near["low_confidence"] is True
    assert api(harbour, "q=ferry+route")["low_confidence"] is False
    assert api(harbour, "q=ferri")["suggestion"] == "ferry"
    assert api(harbour, "q=ferry")["suggestion"] is None


def test_openapi_declares_offset_modes_and_the_page_schema(client):
    doc = client.get("/api/openapi.json").get_json()
    op = doc["paths"]["/api/search"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    assert {"q", "limit", "offset", "mode"} <= set(params)
    assert {"all_words", "phrase"} <= set(params["mode"]["schema"]["enum"])
    schema = doc["components"]["schemas"]["SearchPage"]
    assert {"items", "count", "limit", "offset", "facets", "low_confidence", "suggestion"} <= set(schema["required"])


# -- the search page --------------------------------------------------------------------------------

def test_page_two_has_a_shareable_url_and_continues_the_numbering(harbour):
    html = page_html(harbour, "q=ferry")
    assert "50 results for “ferry”, showing 1–20" in html and "Page 1 of 3" in html
    nxt = re.search(r'<a href="([^"]+)" rel="next">', html).group(1)
    assert unescape(nxt) == "/?q=ferry&page=2"
    html2 = page_html(harbour, "q=ferry&page=2")
    assert "showing 21–40" in html2 and 'start="21"' in html2 and "Page 2 of 3" in html2
    assert 'rel="prev"' in html2 and len(re.findall(r"<li>\s*<article", html2)) == 20
    assert len(re.findall(r"<li>\s*<article", page_html(harbour, "q=ferry&page=3"))) == 10


def test_page_number_is_checked(harbour):
    assert "page must be" in page_html(harbour, "q=ferry&page=zero", 400)
    assert "page must be" in page_html(harbour, "q=ferry&page=51", 400)
    assert "No more results" in page_html(harbour, "q=ferry&page=4")


def test_page_facets_count_all_matches(harbour):
    html = page_html(harbour, "q=ferry")
    facet = re.search(r'<span class="fv">Harbourco</span> <span class="count">(\d+)</span>', html)
    assert facet and facet.group(1) == "25"


def test_no_answer_notice_and_did_you_mean(harbour):
    html = page_html(harbour, "q=ferry+unicorns")
    assert "No result matches well; these are the nearest" in html
    assert "No result matches well" not in page_html(harbour, "q=ferry+route")
    html = page_html(harbour, "q=ferri")
    link = re.search(r'Did you mean <a href="([^"]+)"[^>]*>ferry</a>\?', html)
    assert link and unescape(link.group(1)) == "/?q=ferry"


def test_modes_and_the_why_of_each_result(harbour):
    html = page_html(harbour, "q=base+stations&mode=phrase")
    assert 'value="phrase" checked' in html and "Exact phrase" in html and "All words" in html
    assert "Found as the phrase (base, stations)." in html
    assert "Nothing found" in page_html(harbour, "q=stations+base&mode=phrase")
    assert "Found by words (ferry)." in page_html(harbour, "q=ferry")


def test_home_placeholder_comes_from_the_knowledge_base(harbour):
    html = page_html(harbour, "")
    placeholder = re.search(r'id="q"[^>]*placeholder="([^"]*)"', html).group(1)
    assert placeholder == "e.g. what Harbourco will do, or what is due by 2030"
    empty = make_app(harbour.application.extensions["policykb"].settings.data_dir / "empty", seed=False)
    html = empty.test_client().get("/").get_data(as_text=True)
    assert 'placeholder="e.g. what is due by 2030"' in html


def test_the_real_search_service_through_the_api_and_page(tmp_path):
    """SearchService (hash embedder: no model) behind the app: offset pages, why, folded duplicates."""
    from indexer import HashEmbedder, SearchService
    from kb.config import load_settings
    from kb.store import Store

    settings = load_settings(tmp_path)
    service = SearchService(settings, Store(settings.db_path), HashEmbedder())
    app = make_app(tmp_path, search=service)
    seed_document(app.extensions["policykb"].store, HARBOUR, "harbour.txt")
    client = app.test_client()
    first = api(client, "q=ferry+route&mode=keyword&limit=5")
    second = api(client, "q=ferry+route&mode=keyword&limit=5&offset=5")
    assert first["count"] >= 10 and len(first["items"]) == 5 and len(second["items"]) == 5
    assert not {h["id"] for h in first["items"]} & {h["id"] for h in second["items"]}
    assert all(h["why"].startswith("found by words") for h in first["items"])
    # a commitment and its own passage sentence are one result, not two
    assert len({h["sentence"] for h in first["items"] + second["items"]}) == 10
    phrase = api(client, "q=route+7+to+island&mode=phrase")
    assert [h["sentence"] for h in phrase["items"]] == ["Harbourco will run ferry route 7 to island 7 by 2031."]
    html = page_html(client, "q=ferry+route&mode=all_words")
    assert "Found with all the words" in html and 'value="all_words" checked' in html


# -- the command line ---------------------------------------------------------------------------------

@pytest.fixture
def cli(tmp_path, monkeypatch):
    import indexer
    from indexer import HashEmbedder
    from policykb.cli.search import register
    from tests.search_builders import new_store

    settings, store, _ = new_store(tmp_path)
    real_init = indexer.SearchService.__init__
    monkeypatch.setattr(indexer.SearchService, "__init__",
                        lambda self, settings, store, embedder=None: real_init(self, settings, store,
                                                                               embedder or HashEmbedder()))
    parser = argparse.ArgumentParser(prog="policykb")
    register(parser.add_subparsers(dest="command"))

    def run(*argv):
        args = parser.parse_args(list(argv))
        out = io.StringIO()
        assert args.handler(args, settings, store, out) == 0
        return out.getvalue()
    return run


def test_cli_offset_and_the_new_modes(cli):
    two = json.loads(cli("search", "construction", "-k", "2", "--mode", "keyword", "--json"))["results"]
    second = json.loads(cli("search", "construction", "-k", "1", "--offset", "1", "--mode", "keyword", "--json"))
    assert len(two) == 2 and second["offset"] == 1 and second["results"] == two[1:]
    phrase = json.loads(cli("search", "railway stations", "--mode", "phrase", "--json"))["results"]
    assert phrase and all("railway stations" in h["sentence"] for h in phrase)
    text = cli("search", "railway stations", "--mode", "all_words")
    assert "why: found with all the words" in text
