"""OCR'd text is marked wherever people read it (issue 11/14: passages carry `Passage.ocr`).

A passage tesseract read from a scanned page may hold misread words, so the
document page badges it "read by OCR", the commitment page warns that its
sentence came from OCR, and the API gives `ocr: true/false` on commitments and
documents.  Also: the commitment page's link to its document opens the document
page (now paged) that holds the sentence, at its anchor.  The document is hand-made here (one scanned passage, one typed one):
these tests are about the screens, not about OCR itself.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from kb.models import CommitmentFilter
from tests.webapp import make_app, parse_plain, rule_commitments

SCANNED_TEXT = """Harbour renewal plan

The port authority will dredge the northern channel by 2029.

The harbour board will repaint the lighthouse by 2027.
"""


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path, seed=False)


@pytest.fixture
def doc_id(store):
    """The second paragraph (the lighthouse) was read by OCR; the rest has a text layer."""
    parsed = parse_plain(SCANNED_TEXT.encode(), "harbour.pdf")
    passages = tuple(replace(p, ocr=p.text.startswith("The harbour board")) for p in parsed.passages)
    parsed = replace(parsed, passages=passages)
    return store.add_document(parsed, rule_commitments(parsed), "stub-1")


def _cid(store, word: str) -> int:
    return next(sc.id for sc in store.query_commitments(CommitmentFilter()) if word in sc.commitment.sentence)


def test_document_page_badges_only_the_ocr_passage(client, doc_id):
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    marked = re.findall(r'<p id="p-(\d+)" class="p-ocr" data-ocr="true">', html)
    assert marked == ["2"]
    assert html.count(">read by OCR</span>") == 1
    lighthouse = html.index("repaint the lighthouse")
    assert html.rindex(">read by OCR</span>", 0, lighthouse) > html.index('id="p-2"')


def test_commitment_page_says_when_its_sentence_was_read_by_ocr(client, store, doc_id):
    scanned = client.get(f"/commitments/{_cid(store, 'lighthouse')}").get_data(as_text=True)
    typed = client.get(f"/commitments/{_cid(store, 'channel')}").get_data(as_text=True)
    assert "Sentence read by OCR from a scanned page" in scanned
    assert "Sentence read by OCR from a scanned page" not in typed


def test_commitment_page_links_to_the_documents_page_holding_the_sentence(client, store, doc_id):
    cid = _cid(store, "lighthouse")
    html = client.get(f"/commitments/{cid}").get_data(as_text=True)
    assert f'href="/documents/{doc_id}?commitment={cid}#c-{cid}"' in html
    # that link opens the page whose text holds the sentence's anchor
    assert f'id="c-{cid}"' in client.get(f"/documents/{doc_id}?commitment={cid}").get_data(as_text=True)


def test_api_commitments_carry_ocr(client, store, doc_id):
    scanned, typed = _cid(store, "lighthouse"), _cid(store, "channel")
    assert client.get(f"/api/commitments/{scanned}").get_json()["ocr"] is True
    assert client.get(f"/api/commitments/{typed}").get_json()["ocr"] is False
    page = client.get("/api/commitments?limit=10").get_json()
    assert {item["id"]: item["ocr"] for item in page["items"]} == {scanned: True, typed: False}


def test_api_document_detail_carries_ocr(client, store, doc_id):
    d = client.get(f"/api/documents/{doc_id}").get_json()
    assert d["ocr"] is True and d["ocr_passages"] == 1
    assert sorted(item["ocr"] for item in d["commitments"]["items"]) == [False, True]


def test_api_document_without_ocr_says_false(client, store):
    parsed = parse_plain(SCANNED_TEXT.encode(), "typed.txt")
    typed_id = store.add_document(parsed, rule_commitments(parsed), "stub-1")
    d = client.get(f"/api/documents/{typed_id}").get_json()
    assert d["ocr"] is False and d["ocr_passages"] == 0
    assert [item["ocr"] for item in d["commitments"]["items"]] == [False, False]


def test_openapi_describes_ocr(client):
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    # Commitment and Document extend CommitmentRecord and DocumentSummary with what only they carry
    assert schemas["Commitment"]["allOf"][1]["properties"]["ocr"]["type"] == "boolean"
    assert schemas["Document"]["allOf"][1]["properties"]["ocr"]["type"] == "boolean"


def test_the_link_opens_the_later_page_of_a_long_document(client, store):
    from web.views.documents import PASSAGES_PER_PAGE

    filler = "\n\n".join(f"Background note {i} on the tides." for i in range(PASSAGES_PER_PAGE + 3))
    text = f"Long harbour plan\n\n{filler}\n\nThe harbour board will rebuild the pier by 2032.\n"
    parsed = parse_plain(text.encode(), "long.txt")
    long_id = store.add_document(parsed, rule_commitments(parsed), "stub-1")
    cid = _cid(store, "pier")
    href = re.search(r'From <a href="([^"]+)"', client.get(f"/commitments/{cid}").get_data(as_text=True)).group(1)
    path, anchor = href.split("#")
    page = client.get(path).get_data(as_text=True)
    assert anchor == f"c-{cid}" and f'id="{anchor}"' in page and "Page 2 of 2" in page
    assert f'id="c-{cid}"' not in client.get(f"/documents/{long_id}").get_data(as_text=True)
