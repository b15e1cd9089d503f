"""Layout-aware PDF text: columns, running heads, hyphens, footnote markers, bullets, title and date.

Every PDF here is built with fpdf2 from invented text, each line placed where a
typesetter would put it, so that each assertion tests one layout rule.
"""

from __future__ import annotations

import io

import pytest

from kb.ingest import parse_bytes

fpdf = pytest.importorskip("fpdf")

from tests.scans import scanned_pdf  # noqa: E402  (after the fpdf skip)

LEFT, RIGHT, WIDTH = 15.0, 110.0, 85.0   # mm: two columns with a 10 mm gutter


def _pdf(pages, title=None):
    """pages: lists of (x, y, text, size, style) in mm; style "" or "B"."""
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    if title:
        pdf.set_title(title)
    for items in pages:
        pdf.add_page()
        for x, y, text, size, style in items:
            pdf.set_font("Helvetica", style=style, size=size)
            pdf.text(x, y, text)
    return bytes(pdf.output())


def _column(x, top, lines, size=10, step=5.0):
    return [(x, top + i * step, line, size, "") for i, line in enumerate(lines)]


def _check_offsets(doc):
    for p in doc.passages:
        assert doc.text[p.start:p.end] == p.text


def test_two_columns_are_read_one_after_the_other_and_a_sentence_crosses_the_gutter():
    left = ["The regional council will retrofit", "every public school with heat pumps", "and rooftop solar panels before the",
            "end of the decade, starting with the", "oldest buildings in the river valley"]
    right = ["and the northern hill districts.", "The transport office will open two", "new tram lines in the eastern suburbs",
             "and extend the night bus network to", "all villages of the district by 2031."]
    doc = parse_bytes(_pdf([_column(LEFT, 40, left) + _column(RIGHT, 40, right)]), "columns.pdf")
    texts = [p.text for p in doc.passages]
    whole = ("The regional council will retrofit every public school with heat pumps and rooftop solar panels before "
             "the end of the decade, starting with the oldest buildings in the river valley and the northern hill districts.")
    assert any(whole in t for t in texts), texts
    assert doc.text.index("river valley") < doc.text.index("night bus")
    assert not any(p.text[:1].islower() for p in doc.passages)
    _check_offsets(doc)


def test_running_header_and_page_numbers_repeated_on_every_page_are_removed():
    pages = []
    for number in range(1, 4):
        body = _column(LEFT, 40, [f"Section {number} of the plan says the ministry will plant more trees",
                                  "along the river banks and in the former quarries of the region."])
        pages.append([(LEFT, 12, "Forest Strategy for the Northern Region 2030", 8, ""), (100, 287, str(number), 8, "")] + body)
    doc = parse_bytes(_pdf(pages), "running.pdf")
    assert "Forest Strategy for the Northern Region" not in doc.text
    assert [p.page for p in doc.passages if "ministry will plant" in p.text] == [1, 2, 3]
    assert not any(p.text.strip().isdigit() for p in doc.passages)
    _check_offsets(doc)


def test_line_end_hyphens_rejoin_broken_words_and_keep_real_compounds():
    lines = ["The agency will imple-", "ment a non-", "binding code for low-", "carbon housing, and every low-carbon",
             "project will report its results each year."]
    doc = parse_bytes(_pdf([_column(LEFT, 40, lines, step=5)]), "hyphens.pdf")
    assert ("The agency will implement a non-binding code for low-carbon housing, and every low-carbon project "
            "will report its results each year.") in doc.text
    _check_offsets(doc)


def test_footnote_marker_is_separated_from_the_word_and_the_footnote_kept_apart():
    items = [
        (LEFT, 40, "The fund will double its public investment.", 10, ""),
        (LEFT + 73.5, 38.6, "2", 6, ""),
        (LEFT + 76, 40, "We will also", 10, ""),
        (LEFT, 45, "publish a yearly report on the results of the programme.", 10, ""),
        (LEFT, 280, "2 Investment figures are in 2024 prices.", 7, ""),
    ]
    doc = parse_bytes(_pdf([items]), "footnote.pdf")
    body = doc.passages[0].text
    assert "investment. We will also publish" in body, body
    assert "investment.2" not in doc.text
    assert doc.passages[-1].text.endswith("Investment figures are in 2024 prices.")
    assert "Investment figures" not in body
    _check_offsets(doc)


def test_bullets_become_list_items_and_a_wrapped_item_stays_whole():
    items = [(LEFT, 40, "The government will:", 10, "")]
    items += [(LEFT, 46, "-", 10, ""), (LEFT + 6, 46, "Create more Enterprise Zones and Business", 10, "")]
    items += [(LEFT + 6, 51, "Rates Retention areas in the north.", 10, "")]
    items += [(LEFT, 57, "-", 10, ""), (LEFT + 6, 57, "Fund two thousand apprenticeships.", 10, "")]
    doc = parse_bytes(_pdf([items]), "bullets.pdf")
    kinds = [(p.kind, p.text) for p in doc.passages]
    assert kinds == [
        ("paragraph", "The government will:"),
        ("list_item", "Create more Enterprise Zones and Business Rates Retention areas in the north."),
        ("list_item", "Fund two thousand apprenticeships."),
    ], kinds
    assert doc.passages[1].parent_index == 0
    _check_offsets(doc)


def test_title_from_largest_type_and_date_from_the_cover_heading_never_glued_to_a_sentence():
    items = [
        (LEFT, 15, "Department for Ports and Coasts", 9, ""),
        (LEFT, 30, "Clean Harbours Programme", 24, "B"),
        (LEFT, 42, "Delivery plan | March 2025", 10, ""),
        (LEFT, 60, "Summary", 14, "B"),
        (LEFT, 68, "The port authority will electrify all quays by 2030.", 10, ""),
    ]
    doc = parse_bytes(_pdf([items], title="untitled"), "cover.pdf")
    assert doc.title == "Clean Harbours Programme"
    assert doc.published == "2025-03-01"  # the month it was published: its first day
    assert ("heading", "Summary") in [(p.kind, p.text) for p in doc.passages]
    assert "The port authority will electrify all quays by 2030." in [p.text for p in doc.passages]
    _check_offsets(doc)


def test_contents_page_with_dot_leaders_is_dropped():
    items = [(LEFT, 30, "Contents", 14, "B")]
    items += [(LEFT, 40 + 6 * i, f"{name} {'.' * 40} {page}", 10, "") for i, (name, page) in
              enumerate([("Introduction", 3), ("Housing", 5), ("Transport", 9)])]
    body = _column(LEFT, 40, ["The city will build 4,000 homes near the new tram lines by 2029."])
    doc = parse_bytes(_pdf([items, body]), "contents.pdf")
    assert "....." not in doc.text and "Introduction" not in doc.text
    assert "The city will build 4,000 homes near the new tram lines by 2029." in doc.text


def test_scanned_page_is_read_by_ocr_and_marked_as_such():
    import shutil

    if shutil.which("tesseract") is None:
        pytest.skip("tesseract-ocr is not installed (make ocr)")
    from kb.sandbox import Budget, run_limited

    data = scanned_pdf(["The harbour board will plant 500 trees", "along the quay by 2028."])
    doc = run_limited("scan.pdf", Budget(60, 2048), parse_bytes, data, "scan.pdf")  # as the pipeline runs it
    assert "The harbour board will plant 500 trees along the quay by 2028." in doc.text
    assert any(w.startswith("OCR (") and "confidence" in w for w in doc.warnings), doc.warnings
    assert doc.passages and all(p.ocr for p in doc.passages)  # every passage says it was read by OCR
    _check_offsets(doc)


def test_scan_without_ocr_installed_fails_with_a_reason(monkeypatch):
    from kb.errors import IngestError
    from kb.ingest import pdf_ocr

    monkeypatch.setattr(pdf_ocr, "available", lambda: False)
    with pytest.raises(IngestError, match=r"no text found: scanned PDF\? \(OCR is not installed\)"):
        parse_bytes(scanned_pdf(["The harbour board will plant 500 trees."]), "scan.pdf")


def test_federal_register_header_gives_the_date_and_the_bold_subject_before_agency_the_title():
    header = "Federal Register / Vol. 90, No. 12 / Tuesday, January 21, 2025 / Rules and Regulations"
    first = [(LEFT, 20, "DEPARTMENT OF THE INTERIOR", 9, "B"), (LEFT, 30, "Fish and Wildlife Service", 9, ""),
             (LEFT, 40, "Wetland Restoration Grants", 9, "B"), (LEFT, 48, "AGENCY: Fish and Wildlife Service.", 9, ""),
             (LEFT, 56, "SUMMARY: The Service will fund wetland restoration in", 9, ""),
             (LEFT, 61, "twelve states starting in 2026.", 9, "")]
    second = [(LEFT, 12, header + " 4568", 7, ""),
              (LEFT, 30, "The Service will report on the grants each year.", 9, ""),
              (LEFT, 40, "Figure 2: Wetland sites by state", 8, "")]
    doc = parse_bytes(_pdf([first, second]), "fr.pdf")
    assert doc.title == "Wetland Restoration Grants"
    assert doc.published == "2025-01-21"
    assert "Vol. 90" not in doc.text and "Figure 2" not in doc.text
    assert "SUMMARY: The Service will fund wetland restoration in twelve states starting in 2026." in doc.text
    _check_offsets(doc)


def test_the_english_word_list_ships_with_the_package():
    from kb.ingest.pdf_words import english_words

    words = english_words()
    assert len(words) > 40_000
    assert {"implemented", "world", "class"} <= words and "worldclass" not in words and "mented" not in words


@pytest.mark.parametrize("drawn, page_rotate", [(90, 90), (-90, 270)])
def test_a_landscape_page_set_with_rotate_reads_left_to_right(drawn, page_rotate):
    """Tables are often drawn sideways on a portrait page that /Rotate turns upright for the reader."""
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    lines = ["Landscape table of actions", "The county will replace every streetlight with LED fixtures by 2027.",
             "The county will publish an annual energy report for its buildings."]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    with pdf.rotation(drawn, x=105, y=148):
        for n, line in enumerate(lines):
            pdf.text(20, 60 + 12 * n, line)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(bytes(pdf.output()))))
    writer.pages[0].rotate(page_rotate)
    out = io.BytesIO()
    writer.write(out)
    parsed = parse_bytes(out.getvalue(), "sideways.pdf")
    assert [p.text for p in parsed.passages] == lines
