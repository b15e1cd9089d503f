"""The HTML screens: search, commitments, timeline, actors, documents, commitment detail, errors.

Flask test client over a tmp data dir; the pipeline and search are the small
honest stand-ins of tests.webapp (rule-based extraction, keyword search), since
these tests are about the screens, not the models.
"""

from __future__ import annotations

import re

import pytest

from kb.models import CommitmentFilter
from tests.webapp import make_app, seed_document


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path, config={"TODAY": "2026-06-01"})


def text_of(resp) -> str:
    return resp.get_data(as_text=True)


def cid(store, actor, target_word):
    for sc in store.query_commitments(CommitmentFilter(actor=actor)):
        if target_word in sc.commitment.target:
            return sc.id
    raise AssertionError(f"no commitment of {actor} about {target_word}")


# -- search -------------------------------------------------------------------------

def test_home_empty_state_counts_and_links(client):
    r = client.get("/")
    assert r.status_code == 200
    html = text_of(r)
    assert "8 commitments in 2 documents" in html
    assert 'name="q"' in html and '<label for="q"' in html
    for label in ("Hybrid", "By meaning", "Any of the words", "All words", "Exact phrase"):
        assert label in html


def test_home_empty_knowledge_base_says_how_to_start(tmp_path):
    client = make_app(tmp_path, seed=False).test_client()
    html = text_of(client.get("/"))
    assert "The knowledge base is empty" in html
    assert 'href="/upload"' in html


def test_search_shows_commitment_fields_highlight_and_document(client, store):
    r = client.get("/?q=5G+base+stations")
    assert r.status_code == 200
    html = text_of(r)
    first = html.index('<ol class="hits">')
    hechi = html.index("6,000", first)
    assert "<mark>5G</mark>" in html and "<mark>base</mark>" in html and "<mark>stations</mark>" in html
    # the Hechi commitment is the first hit, with actor, action, target, deadline chip, strength, document
    card = html[first:html.index("</article>", first)]
    assert "Hechi" in card and "build" in card and "6,000 5G base stations" in card
    assert "2025" in card and "Deadline passed (status unknown)" in card and "aspirational" in card
    assert "Hechi green pilot zone" in card
    assert f'href="/commitments/{cid(store, "Hechi", "5G")}"' in card
    assert hechi > first


def test_search_modes_and_empty_result(client):
    for mode in ("hybrid", "meaning", "exact"):
        r = client.get(f"/?q=railway&mode={mode}")
        assert r.status_code == 200
        assert f'value="{mode}" checked' in text_of(r)
    html = text_of(client.get("/?q=zeppelin+moonbase"))
    assert "Nothing found" in html and "0 results" in html


def test_search_bad_mode_and_symbol_only_query_are_400(client):
    assert client.get("/?q=rail&mode=telepathy").status_code == 400
    r = client.get("/?q=%21%21%21")
    assert r.status_code == 400
    assert "could not run" in text_of(r)


def test_facets_have_counts_and_narrow_results(client, store):
    html = text_of(client.get("/?q=build"))
    # each facet counts the results shown (not the whole knowledge base): actor, deadline year, strength, document
    actors = re.findall(r'actor=[^"&]*"><span class="fv">([^<]*)</span> <span class="count">(\d+)</span>', html)
    assert actors == [("Hechi", "1"), ("Nandan", "1")]
    assert 'year=2030' in html and "strength=binding" in html
    doc_id = store.list_documents()[-1][0].id
    assert f"document={doc_id}" in html
    narrowed = text_of(client.get("/?q=build&actor=Nandan"))
    assert "railway" in narrowed and "6,000" not in narrowed
    assert "Actor: Nandan" in narrowed  # removable chip
    assert 'aria-label="Remove filter Actor: Nandan"' in narrowed


def test_search_escapes_user_text(tmp_path):
    app = make_app(tmp_path, seed=False)
    store = app.extensions["policykb"].store
    seed_document(store, "<script>alert(1)</script> plan\n\nOslo will build <img src=x onerror=alert(1)> towers by 2030.\n",
                  name="<b>evil</b>.txt")
    client = app.test_client()
    for url in ("/?q=towers", "/commitments", "/documents", "/documents/1", "/commitments/1", "/timeline?year=2030",
                "/actors/Oslo"):
        html = text_of(client.get(url))
        assert "<script>alert(1)</script>" not in html, url
        assert "<img src=x" not in html, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in html or "&lt;script&gt;" in html, url


# -- commitments table and export -----------------------------------------------------

def test_commitments_table_sorts_filters_and_paginates(tmp_path):
    app = make_app(tmp_path, config={"PAGE_SIZE": 3})
    client = app.test_client()
    html = text_of(client.get("/commitments"))
    assert "Commitments" in html and 'class="count-badge">8<' in html
    assert "Page 1 of 3" in html and 'rel="next"' in html
    page2 = text_of(client.get("/commitments?page=2"))
    assert "Page 2 of 3" in page2 and 'rel="prev"' in page2
    by_actor = text_of(client.get("/commitments?sort=actor&page=1"))
    actors = re.findall(r'<td data-label="Actor"><a href="/actors/[^"]+">([^<]+)</a>', by_actor)
    assert actors == sorted(actors, key=str.lower)
    desc = text_of(client.get("/commitments?sort=-actor"))
    actors_desc = re.findall(r'<td data-label="Actor"><a href="/actors/[^"]+">([^<]+)</a>', desc)
    assert actors_desc == sorted(actors_desc, key=str.lower, reverse=True)
    assert 'aria-sort="descending"' in desc
    filtered = text_of(client.get("/commitments?strength=aspirational"))
    assert 'class="count-badge">3<' in filtered
    assert client.get("/commitments?sort=drop+table").status_code == 400
    assert client.get("/commitments?page=x").status_code == 400
    assert client.get("/commitments?page=99").status_code == 200  # clamped to the last page


def test_commitments_export_links_keep_the_selection(client):
    html = text_of(client.get("/commitments?actor=Albania"))
    assert "/commitments/export.csv?actor=Albania" in html
    assert "/commitments/export.json?actor=Albania" in html


def test_export_csv_and_json_streamed(client):
    import csv
    import io
    import json

    r = client.get("/commitments/export.csv?actor=Hechi")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    assert r.is_streamed
    rows = list(csv.DictReader(io.StringIO(text_of(r))))
    assert len(rows) == 2
    row = next(x for x in rows if "5G" in x["sentence"])
    assert row["sentence"] == "Hechi aims to build 6,000 5G base stations by 2025."
    assert row["document_title"] == "Hechi green pilot zone" and row["doc"] == "hechi.txt"
    assert row["deadline_date"] == "2025-12-31" and row["extractor_version"] == "stub-1"
    assert int(row["sentence_end"]) - int(row["sentence_start"]) == len(row["sentence"])
    assert "page" in row
    j = client.get("/commitments/export.json")
    data = json.loads(text_of(j))
    assert data["count"] == len(data["items"]) == 8
    assert {"sentence", "document_title", "sentence_start", "sentence_end", "page", "extractor_version"} <= set(data["items"][0])
    assert client.get("/commitments/export.xml").status_code == 400


# -- timeline and actors --------------------------------------------------------------------

def test_timeline_svg_bars_status_and_listing(client):
    r = client.get("/timeline")
    assert r.status_code == 200
    html = text_of(r)
    assert "<svg" in html and 'role="img"' in html
    for year in ("2020", "2025", "2027", "2030"):
        assert f'href="/timeline?year={year}#list"' in html
    assert 'href="/timeline?year=none#list"' in html
    # statuses relative to TODAY=2026-06-01: 2020 and 2025 passed (status unknown), 2027 and 2030 upcoming, 4 without deadline
    assert re.search(r'class="stat st-deadline_passed"><span class="n">2</span>', html)
    assert re.search(r'class="stat st-upcoming"><span class="n">3</span>', html)
    assert re.search(r'class="stat st-none"><span class="n">3</span>', html)
    listed = text_of(client.get("/timeline?year=2030"))
    assert "Due in 2030" in listed and "railway" in listed and "renewable" in listed and "6,000" not in listed
    none = text_of(client.get("/timeline?year=none"))
    assert "No deadline" in none and "rural public infrastructure" in none
    assert client.get("/timeline?year=20x5").status_code == 400


def test_due_this_year_status(tmp_path):
    app = make_app(tmp_path, seed=False, config={"TODAY": "2025-03-01"})
    seed_document(app.extensions["policykb"].store, "Plan\n\nOslo will open a port by 2025. Oslo will plant trees by 2024.\n")
    html = text_of(app.test_client().get("/timeline"))
    assert re.search(r'class="stat st-due"><span class="n">1</span>', html)
    assert re.search(r'class="stat st-deadline_passed"><span class="n">1</span>', html)


def test_actors_index_and_actor_page(client):
    html = text_of(client.get("/actors"))
    # the index is a scorecard of entities (kb/entities.py): name, commitments, documents, counts by status
    assert re.search(r'<td><a href="/actors/e/\d+">Albania</a></td>\s*<td class="num">2</td><td class="num">1</td>',
                     html)
    page = client.get("/actors/albania")  # case-insensitive
    assert page.status_code == 200
    body = text_of(page)
    assert "<h1>Albania</h1>" in body and "2 commitments in 1 document" in body
    assert "<svg" in body and "renewable" in body and "5G networks" in body
    assert client.get("/actors/Nobody").status_code == 404


# -- documents and commitments ------------------------------------------------------------------

def test_documents_list_and_document_page_highlights(client, store):
    html = text_of(client.get("/documents"))
    assert "Hechi green pilot zone" in html and "albania.txt" in html
    doc = store.find_document("hechi.txt")
    page = text_of(client.get(f"/documents/{doc.id}"))
    c = cid(store, "Hechi", "5G")
    # a highlight jumps to its entry in the page's list, which jumps back to the sentence (issue 16)
    assert f'<span id="c-{c}" class="anchor"></span><a class="hl" href="#s-{c}"' in page
    assert f'<li id="s-{c}"><a href="#c-{c}" class="jump">' in page
    assert "<mark>Hechi aims to build 6,000 5G base stations by 2025.</mark>" in page
    assert page.count('class="hl"') == 4
    assert "Download original" in page and f"/documents/{doc.id}/original" in page
    assert "Delete document" not in page  # only for logged-in users


def test_original_download_is_an_attachment_with_safe_name(client, store):
    doc = store.find_document("hechi.txt")
    r = client.get(f"/documents/{doc.id}/original")
    assert r.status_code == 200
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert "hechi.txt" in r.headers["Content-Disposition"]
    assert r.data.startswith(b"Hechi green pilot zone")
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_original_download_of_html_is_not_rendered(tmp_path):
    app = make_app(tmp_path, seed=False)
    store = app.extensions["policykb"].store
    pipeline = app.extensions["policykb"].pipeline
    from dataclasses import replace

    from tests.webapp import parse_plain

    data = b"<h1>x</h1>\n\nOslo will <script>alert(1)</script> by 2030.\n"
    sha = pipeline.originals.put(data)
    parsed = replace(parse_plain(data, '../../etc/"pass\r\nwd.html'), media_type="text/html", sha256=sha)
    doc_id = store.add_document(parsed, [], "stub-1")
    r = app.test_client().get(f"/documents/{doc_id}/original")
    assert r.status_code == 200
    assert r.mimetype == "application/octet-stream"
    cd = r.headers["Content-Disposition"]
    assert cd.startswith("attachment") and "/" not in cd.split("filename", 1)[1] and "\n" not in cd


def test_missing_original_and_document_are_404(client, store):
    assert client.get("/documents/999").status_code == 404
    assert client.get("/documents/999/original").status_code == 404
    assert client.get("/documents/abc").status_code == 404


def test_commitment_page_fields_paragraph_same_actor_and_similar(client, store):
    c = cid(store, "Albania", "renewable")
    r = client.get(f"/commitments/{c}")
    assert r.status_code == 200
    html = text_of(r)
    for text in ("Albania", "raise", "the share of renewable energy to 42 percent", "by 2030", "2030-12-31",
                 "binding", "stub-1", "Albania energy strategy"):
        assert text in html, text
    # the sentence inside its paragraph
    assert "<mark>Albania will raise the share of renewable energy to 42 percent by 2030.</mark> Albania aims" in html
    # other commitments of the same actor
    assert "Other commitments by Albania" in html and "5G networks in every city" in html
    # similar commitments come from other documents only
    similar = html[html.index("Most similar in other documents"):html.index("Other commitments by")]
    assert "Albania energy strategy" not in similar
    assert client.get("/commitments/9999").status_code == 404


def test_commitment_page_survives_a_broken_search_service(tmp_path):
    class Broken:
        def search(self, *a, **k):
            raise RuntimeError("index gone")

        def similar_commitments(self, *a, **k):
            raise RuntimeError("index gone")

    app = make_app(tmp_path, search=Broken())
    client = app.test_client()
    r = client.get("/commitments/1")
    assert r.status_code == 200 and "Similar commitments are unavailable" in text_of(r)
    r = client.get("/?q=rail")
    assert r.status_code == 500 and "Something went wrong" in text_of(r)
    assert "index gone" not in text_of(r)  # internals are logged, not shown


# -- errors, headers, layout -----------------------------------------------------------------------

def test_html_error_pages(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404
    html = text_of(r)
    assert "<h1>Not found</h1>" in html and "Back to search" in html
    assert client.post("/timeline").status_code in (400, 405)  # no CSRF token / method not allowed


def test_security_headers_and_local_assets(client):
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    html = text_of(r)
    assert "http://" not in html.replace("http://localhost", "") and "https://" not in html
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert 'class="skip" href="#main"' in html


def test_every_input_has_a_label(client):
    from tests.webapp import login

    from web.auth import create_user

    create_user(client.application.extensions["policykb"].store, "editor", "correct horse")
    login(client)
    for url in ("/", "/login", "/upload"):
        html = text_of(client.get(url))
        for m in re.finditer(r"<input([^>]*)>", html):
            attrs = m.group(1)
            if 'type="hidden"' in attrs or 'type="radio"' in attrs:
                continue
            ident = re.search(r'id="([^"]+)"', attrs)
            assert ident and f'for="{ident.group(1)}"' in html, (url, attrs)


# -- markup helpers -----------------------------------------------------------------------------------

def test_highlight_escapes_pieces_and_merges_spans(app):
    from web.common import highlight

    text = "<b>5G</b> & base <script>x</script> stations"
    out = str(highlight(text, [(3, 5), (4, 9), (17, 35), (100, 120), (-5, 0), ("a", "b")]))
    assert out == ("&lt;b&gt;<mark>5G&lt;/b&gt;</mark> &amp; base "
                   "<mark>&lt;script&gt;x&lt;/script&gt;</mark> stations")
    assert str(highlight("plain", [])) == "plain"


def test_marked_passage_keeps_anchors_of_overlapping_sentences(app):
    from web.views.documents import marked_passage

    with app.test_request_context():
        html = str(marked_passage("Aa <b>. Bb.", 10, [(10, 18, [1, 2]), (14, 21, [3])]))
    assert html.count("<mark>") == 1
    assert 'id="c-1"' in html and 'id="c-2"' in html and 'id="c-3"' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
