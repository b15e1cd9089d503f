"""Where a document's title, date and issuing body came from, and how sure OCR was (issue 11).

A reader judges "published 2025-03-01" differently when it was read off a cover
line than when a meta tag said it, so ingestion records the source of each
(`ParsedDocument.title_source`, `published_source`, `issuing_body_source`) and
the store keeps them.  OCR'd passages carry tesseract's mean word confidence.
All documents here are invented.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from kb.ingest import parse_bytes
from kb.ingest.metadata import find_issuer
from kb.store import Store

fpdf = pytest.importorskip("fpdf")

from tests.scans import scanned_pdf  # noqa: E402  (after the fpdf skip)


def _pdf(items, title=None):
    """One page: (x, y, text, size, style) in mm."""
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    if title:
        pdf.set_title(title)
    pdf.add_page()
    for x, y, text, size, style in items:
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.text(x, y, text)
    return bytes(pdf.output())


def test_pdf_cover_title_date_and_letterhead_say_where_they_came_from():
    doc = parse_bytes(_pdf([
        (15, 15, "Department for Ports and Coasts", 9, ""),
        (15, 30, "Clean Harbours Programme", 24, "B"),
        (15, 42, "Delivery plan | March 2025", 10, ""),
        (15, 60, "The port authority will electrify all quays by 2030.", 10, ""),
    ], title="untitled"), "cover.pdf")
    assert (doc.title, doc.title_source) == ("Clean Harbours Programme", "first-page heading (largest type)")
    assert (doc.published, doc.published_source) == ("2025-03-01", "cover line: 'Delivery plan | March 2025'")
    assert doc.issuing_body == "Department for Ports and Coasts"
    assert doc.issuing_body_source == "letterhead: 'Department for Ports and Coasts'"


def test_pdf_metadata_title_and_a_published_by_line():
    doc = parse_bytes(_pdf([
        (15, 20, "Coastal erosion response plan", 10, ""),
        (15, 30, "Published by the Shoreline Agency on 3 March 2025.", 10, ""),
        (15, 40, "The agency will rebuild the dunes at Westport by 2031.", 10, ""),
    ], title="Coastal Erosion Response Plan"), "plan.pdf")
    assert (doc.title, doc.title_source) == ("Coastal Erosion Response Plan", "pdf-metadata")
    assert doc.published == "2025-03-03"
    assert doc.published_source == "dateline: 'Published by the Shoreline Agency on 3 March 2025.'"
    assert (doc.issuing_body, doc.issuing_body_source) == (
        "Shoreline Agency", "text: 'Published by the Shoreline Agency'")


def test_html_og_title_meta_date_and_meta_publisher():
    page = b"""<html><head><title>Flood Plan - Riverside</title>
    <meta property="og:title" content="Riverside Flood Defence Plan">
    <meta name="dc.publisher" content="Riverside Borough Council">
    <meta property="article:published_time" content="2024-06-02T10:00:00Z"></head>
    <body><h1>Riverside Flood Defence Plan</h1><p>The council will raise the river wall by 2027.</p></body></html>"""
    doc = parse_bytes(page, "flood.html")
    assert (doc.title, doc.title_source) == ("Riverside Flood Defence Plan", "html og:title")
    assert (doc.published, doc.published_source) == ("2024-06-02", "html meta article:published_time")
    assert (doc.issuing_body, doc.issuing_body_source) == ("Riverside Borough Council", "html meta dc.publisher")


def test_markdown_heading_and_issued_by_dateline():
    doc = parse_bytes(b"# Lake Water Plan\n\nIssued by the Lakeside Water Board on 4 May 2024.\n\n"
                      b"The board will fix all leaking mains by 2028.\n", "lake.md")
    assert (doc.title, doc.title_source) == ("Lake Water Plan", "first heading")
    assert doc.published == "2024-05-04"
    assert doc.published_source == "dateline: 'Issued by the Lakeside Water Board on 4 May 2024.'"
    assert doc.issuing_body == "Lakeside Water Board"


def test_a_body_named_in_the_running_text_is_an_actor_not_the_issuer():
    doc = parse_bytes(b"Road safety plan\n\nThe Department of Roads will publish speed data every month.\n", "r.txt")
    assert doc.issuing_body is None and doc.issuing_body_source is None
    assert doc.published is None and doc.published_source is None
    assert find_issuer(["Harbour plan", "This plan was prepared by consultants."]) is None


def test_store_keeps_the_sources_and_a_reparse_keeps_the_issuer_a_person_set(tmp_path):
    from kb.store_review import Editor

    store = Store(tmp_path / "kb.sqlite")
    parsed = parse_bytes(b"# Lake Water Plan\n\nIssued by the Lakeside Water Board on 4 May 2024.\n\n"
                         b"The board will fix all leaking mains by 2028.\n", "lake.md")
    doc_id = store.add_document(parsed, [], "test-1")
    doc = store.get_document(doc_id)
    assert (doc.issuing_body, doc.title_source) == ("Lakeside Water Board", "first heading")
    assert doc.published_source == parsed.published_source
    assert doc.issuing_body_source == "text: 'Issued by the Lakeside Water Board'"

    store.replace_document_content(doc_id, replace(parsed, issuing_body="Old Board"), [], "test-2")
    assert store.get_document(doc_id).issuing_body == "Old Board"  # nobody set it: the new reading wins
    store.set_document_metadata(doc_id, {"issuing_body": "Lakeside Utilities"}, Editor("ana"))
    store.replace_document_content(doc_id, parsed, [], "test-3")
    assert store.get_document(doc_id).issuing_body == "Lakeside Utilities"  # a person's value stays


def test_ocr_passages_carry_tesseracts_word_confidence_and_the_store_keeps_it(tmp_path):
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract-ocr is not installed (make ocr)")
    doc = parse_bytes(scanned_pdf(["The ferry company will replace two boats", "with electric ones by 2029."]),
                      "scan.pdf")
    assert doc.passages and all(p.ocr for p in doc.passages)
    confidences = {p.ocr_confidence for p in doc.passages}
    assert all(c is not None and 50 < c <= 100 for c in confidences), confidences  # clean type reads well
    store = Store(tmp_path / "kb.sqlite")
    doc_id = store.add_document(doc, [], "test-1")
    assert {sp.passage.ocr_confidence for sp in store.passages_page(doc_id, 0, 50)} == confidences
    assert store.ocr_confidence(doc_id) == round(sum(p.ocr_confidence for p in doc.passages) / len(doc.passages), 1)


def test_typed_text_has_no_ocr_confidence(tmp_path):
    doc = parse_bytes(b"The ferry company will replace two boats by 2029.\n", "typed.txt")
    assert [p.ocr_confidence for p in doc.passages] == [None]
    store = Store(tmp_path / "kb.sqlite")
    assert store.ocr_confidence(store.add_document(doc, [], "test-1")) is None
