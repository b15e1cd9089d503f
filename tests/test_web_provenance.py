"""The document page and API say where a title, date and issuer came from, and how sure OCR was (issue 11).

The documents are hand-made (invented text, sources and confidences set on the
record): these tests are about the screens; tests/test_ingest_provenance.py
tests what ingestion records.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.store_review import Editor
from tests.webapp import make_app, parse_plain, rule_commitments

TEXT = """Ferry renewal plan

The ferry company will replace two boats with electric ones by 2029.

The harbour board will repaint the lighthouse by 2027.
"""


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path, seed=False)


@pytest.fixture
def doc_id(store):
    """The lighthouse paragraph was read by OCR at 87.4% confidence; the title, date and issuer have sources."""
    parsed = parse_plain(TEXT.encode(), "ferry.pdf")
    passages = tuple(replace(p, ocr=True, ocr_confidence=87.4) if "lighthouse" in p.text else p
                     for p in parsed.passages)
    parsed = replace(parsed, passages=passages, published="2025-03-03", title_source="pdf-metadata",
                     published_source="text: 'Published 3 March 2025'", issuing_body="Island Ferry Board",
                     issuing_body_source="letterhead: 'Island Ferry Board'")
    return store.add_document(parsed, rule_commitments(parsed), "stub-1")


def test_document_page_shows_where_title_date_and_issuer_came_from(client, doc_id):
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert '<dt>Title from</dt><dd class="title-source">pdf-metadata</dd>' in html
    assert "<dt>Date from</dt><dd class=\"published-source\">text: &#39;Published 3 March 2025&#39;</dd>" in html
    assert "Island Ferry Board <span class=\"muted small issuer-source\">(from letterhead: &#39;Island Ferry Board&#39;)" in html


def test_document_page_gives_the_ocr_confidence_beside_the_badge(client, doc_id):
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert html.count(">read by OCR · 87% confidence</span>") == 1
    assert html.index("read by OCR · 87% confidence") < html.index("repaint the lighthouse")


def test_api_detail_gives_sources_and_ocr_confidence(client, doc_id):
    d = client.get(f"/api/documents/{doc_id}").get_json()
    assert d["ocr_confidence"] == 87.4
    assert (d["title_source"], d["published_source"]) == ("pdf-metadata", "text: 'Published 3 March 2025'")
    assert (d["issuing_body"], d["issuing_body_source"]) == ("Island Ferry Board", "letterhead: 'Island Ferry Board'")


def test_a_value_a_person_set_says_so_instead_of_the_ingest_source(client, store, doc_id):
    store.set_document_metadata(doc_id, {"title": "Ferry Plan 2025", "issuing_body": "Ferry Trust"}, Editor("ana"))
    d = client.get(f"/api/documents/{doc_id}").get_json()
    assert (d["title_source"], d["issuing_body_source"]) == ("set by a person", "set by a person")
    assert d["published_source"] == "text: 'Published 3 March 2025'"
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "Title from" not in html and "issuer-source" not in html and "Date from" in html


def test_a_document_without_ocr_or_sources(client, store):
    parsed = parse_plain(TEXT.encode(), "typed.txt")
    typed_id = store.add_document(parsed, rule_commitments(parsed), "stub-1")
    d = client.get(f"/api/documents/{typed_id}").get_json()
    assert d["ocr_confidence"] is None and d["title_source"] is None and d["issuing_body_source"] is None
    html = client.get(f"/documents/{typed_id}").get_data(as_text=True)
    assert "Title from" not in html and "% confidence" not in html


def test_openapi_describes_the_new_fields(client):
    detail = client.get("/api/openapi.json").get_json()["components"]["schemas"]["Document"]["allOf"][1]["properties"]
    assert detail["ocr_confidence"]["type"] == ["number", "null"]
    assert {"title_source", "published_source", "issuing_body_source"} <= set(detail)
