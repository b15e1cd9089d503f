"""Document structure beyond running text: titles and dates of web pages, tables as rows,
footnotes as numbered notes, numbered paragraph labels, sections, and the OCR flag.

Every document here is invented and built in the test (HTML and Markdown strings,
python-docx, fpdf2), so that each assertion tests one rule.
"""

from __future__ import annotations

import io

import docx
import pytest

from kb.ingest import parse_bytes
from kb.ingest.labels import split_label
from kb.models import PASSAGE_KINDS
from kb.store import Store

fpdf = pytest.importorskip("fpdf")

FILLER = "<p>" + "The harbour authority will dredge the channel and publish its findings each spring. " * 6 + "</p>"


def _check(doc) -> None:
    for i, p in enumerate(doc.passages):
        assert p.index == i and p.kind in PASSAGE_KINDS
        assert doc.text[p.start:p.end] == p.text


def _by_kind(doc, kind):
    return [p for p in doc.passages if p.kind == kind]


# -- HTML titles and dates ------------------------------------------------------------------------


def test_govuk_like_page_takes_its_title_without_the_site_and_its_first_publication_date():
    page = f"""<html><head><title>Inland Waterways Plan - GOV.UK</title>
    <meta property="og:title" content="Inland Waterways Plan">
    <meta name="govuk:first-published-at" content="2031-03-05T09:30:00+00:00">
    <meta name="govuk:updated-at" content="2031-06-01T10:00:00+01:00">
    </head><body><header>GOV.UK</header><main><h1>Inland Waterways Plan</h1>{FILLER}</main></body></html>"""
    doc = parse_bytes(page.encode(), "waterways.html")
    assert (doc.title, doc.published) == ("Inland Waterways Plan", "2031-03-05")


def test_a_published_label_and_its_date_in_a_definition_list_give_the_date():
    page = f"""<html><head><title>Canal Strategy</title></head><body><h1>Canal Strategy</h1>
    <dl><dt>From:</dt><dd>Department for Canals</dd><dt>Published</dt><dd>5 March 2031</dd>
    <dt>Last updated</dt><dd>1 June 2031</dd></dl>{FILLER}</body></html>"""
    assert parse_bytes(page.encode(), "canal.html").published == "2031-03-05"


def test_a_site_banner_h1_is_not_the_title_when_the_title_tag_names_the_page():
    page = f"""<html><head><title>Annual Ferry Plan 2031 | Ministry of Ferries</title></head><body>
    <h1>Ministry of Ferries</h1><article><h2>Annual Ferry Plan 2031</h2>{FILLER}</article></body></html>"""
    assert parse_bytes(page.encode(), "ferries.html").title == "Annual Ferry Plan 2031"


def test_open_graph_title_wins_over_a_generic_title_tag():
    page = f"""<html><head><title>Home</title><meta property="og:title" content="Clean Rivers Action Plan">
    </head><body>{FILLER}</body></html>"""
    assert parse_bytes(page.encode(), "rivers.html").title == "Clean Rivers Action Plan"


def test_dublin_core_issued_date():
    page = f"""<html><head><title>Soil plan</title><meta name="DCTERMS.issued" content="2030-11-04">
    </head><body><h1>Soil plan</h1>{FILLER}</body></html>"""
    assert parse_bytes(page.encode(), "soil.html").published == "2030-11-04"


# -- tables ---------------------------------------------------------------------------------------

TABLE = """<table><thead><tr><th>Milestone</th><th>Date</th><th>Action</th></tr></thead>
<tbody><tr><td>Heat pumps</td><td>2030</td><td><p>The agency must install 600,000 heat pumps a year.</p></td></tr>
<tr><td>Grid</td><td>2035</td><td>The operator will decarbonise the grid.</td></tr></tbody></table>"""
ROWS = ["Milestone | Date | Action", "Heat pumps | 2030 | The agency must install 600,000 heat pumps a year.",
        "Grid | 2035 | The operator will decarbonise the grid."]


@pytest.mark.parametrize("filler", [0, 3], ids=["small page", "long page through trafilatura"])
def test_html_table_becomes_one_passage_per_row_pointing_at_its_header(filler):
    page = (f"<html><head><title>Heat</title></head><body><h1>Heat</h1>{FILLER * filler}"
            f"<p>The plan sets these milestones.</p>{TABLE}<p>After the table.</p></body></html>")
    doc = parse_bytes(page.encode(), "heat.html")
    rows = _by_kind(doc, "table_row")
    assert [p.text for p in rows] == ROWS
    assert [p.parent_index for p in rows] == [None, rows[0].index, rows[0].index]
    assert "After the table." in [p.text for p in _by_kind(doc, "paragraph")]
    _check(doc)


def test_markdown_table_rows():
    text = b"# Targets\n\n| Sector | Target | Year |\n|---|---|---|\n| Power | 50% | 2030 |\n| Transport | 30% | 2032 |\n"
    doc = parse_bytes(text, "targets.md")
    rows = _by_kind(doc, "table_row")
    assert [p.text for p in rows] == ["Sector | Target | Year", "Power | 50% | 2030", "Transport | 30% | 2032"]
    assert rows[1].parent_index == rows[0].index and rows[1].section == "Targets"
    _check(doc)


def test_docx_table_rows():
    document = docx.Document()
    document.add_paragraph("The board agreed these targets.")
    table = document.add_table(rows=2, cols=3)
    for (r, c), text in {(0, 0): "Sector", (0, 1): "Target", (0, 2): "Year",
                         (1, 0): "Power", (1, 1): "50%", (1, 2): "2030"}.items():
        table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    doc = parse_bytes(buffer.getvalue(), "targets.docx")
    assert [(p.kind, p.text, p.parent_index) for p in doc.passages[1:]] == [
        ("table_row", "Sector | Target | Year", None), ("table_row", "Power | 50% | 2030", 1)]


def _pdf(items, size=10):
    """One A4 page; items are (x, y, text) in mm, or (x, y, text, style)."""
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    for item in items:
        x, y, text = item[:3]
        pdf.set_font("Helvetica", style=item[3] if len(item) > 3 else "", size=item[4] if len(item) > 4 else size)
        pdf.text(x, y, text)
    return bytes(pdf.output())


def test_pdf_table_is_read_row_by_row_with_a_wrapped_cell_kept_in_its_row():
    items = [(15, 30, "The plan sets out the milestones below, with the body that must act on each.")]
    table = [("Milestone", "Date", "Action"), ("Heat pumps", "2030", "The agency must install 600,000 heat"),
             ("", "", "pumps a year in new homes."), ("Grid", "2035", "The operator will decarbonise the grid."),
             ("Insulation", "2028", "The council will insulate every school.")]
    for n, (a, b, c) in enumerate(table):
        y = 40 + 6 * n
        items += [(15, y, a), (60, y, b), (85, y, c)]
    items.append((15, 80, "After the table the council will report on progress every year."))
    doc = parse_bytes(_pdf([i for i in items if i[2]]), "milestones.pdf")
    rows = _by_kind(doc, "table_row")
    assert [p.text for p in rows] == [
        "Milestone | Date | Action",
        "Heat pumps | 2030 | The agency must install 600,000 heat pumps a year in new homes.",
        "Grid | 2035 | The operator will decarbonise the grid.",
        "Insulation | 2028 | The council will insulate every school.",
    ]
    assert all(p.page == 1 and p.parent_index == rows[0].index for p in rows[1:])
    assert [p.text for p in _by_kind(doc, "paragraph")] == [
        "The plan sets out the milestones below, with the body that must act on each.",
        "After the table the council will report on progress every year."]
    _check(doc)


def test_pdf_table_whose_cells_wrap_in_every_column_keeps_each_row_whole():
    table = [(["Sector"], ["Priority action"]),
             (["Water and", "sanitation"], ["Extend piped water to every village", "of the northern districts."]),
             (["Roads"], ["Resurface the coastal road."]),
             (["Public health and", "social care"], ["Train 400 nurses in the care of", "older people."])]
    items, y = [], 40.0
    for names, actions in table:
        for k, text in enumerate(names):
            items.append((15, y + 4.5 * k, text))
        for k, text in enumerate(actions):
            items.append((70, y + 4.5 * k, text))
        y += 4.5 * max(len(names), len(actions)) + 5   # rows set further apart than the lines inside a cell
    doc = parse_bytes(_pdf([i for i in items if i[2]]), "actions.pdf")
    assert [p.text for p in _by_kind(doc, "table_row")] == [
        "Sector | Priority action",
        "Water and sanitation | Extend piped water to every village of the northern districts.",
        "Roads | Resurface the coastal road.",
        "Public health and social care | Train 400 nurses in the care of older people.",
    ]


def test_two_columns_of_prose_are_not_a_table():
    left = ["The regional council will retrofit", "every public school with heat pumps", "and rooftop solar panels before the",
            "end of the decade, starting with the", "oldest buildings in the river valley"]
    right = ["and the northern hill districts.", "The transport office will open two", "new tram lines in the eastern suburbs",
             "and extend the night bus network to", "all villages of the district by 2031."]
    items = [(15, 40 + 5 * i, line) for i, line in enumerate(left)] + [(110, 40 + 5 * i, line) for i, line in enumerate(right)]
    doc = parse_bytes(_pdf(items), "prose.pdf")
    assert _by_kind(doc, "table_row") == []
    assert [p.text[:30] for p in _by_kind(doc, "paragraph")] == ["The regional council will retr", "The transport office will open"]


def test_bullets_beside_their_items_are_a_list_not_a_table():
    items = [(15, 40, "The city will:")] + [(15, 46 + 6 * i, "-") for i in range(3)]
    items += [(22, 46 + 6 * i, text) for i, text in enumerate(["plant trees", "open parks", "clean the rivers"])]
    doc = parse_bytes(_pdf(items), "list.pdf")
    assert _by_kind(doc, "table_row") == []
    assert [p.text for p in _by_kind(doc, "list_item")] == ["plant trees", "open parks", "clean the rivers"]


# -- footnotes ------------------------------------------------------------------------------------


def test_pdf_footnotes_become_numbered_notes_and_their_markers_leave_the_sentence():
    items = [
        (15, 40, "The fund will double its public investment."), (88.5, 38.6, "1", "", 6), (91, 40, "We will also"),
        (15, 45, "publish a yearly report on the results of the programme."), (117, 43.6, "2", "", 6),
        (15, 55, "The harbour authority will dredge the channel every spring and publish"),
        (15, 60, "the depth of the water at each berth on its website within a month."),
        (15, 272, "1 Investment figures are in 2031 prices and cover the", "", 7),
        (15, 276, "whole of the programme period.", "", 7),
        (15, 282, "2 The first report is due in the spring.", "", 7),
    ]
    doc = parse_bytes(_pdf(items), "notes.pdf")
    body = _by_kind(doc, "paragraph")
    assert [p.text for p in body][0] == (
        "The fund will double its public investment. We will also publish a yearly report on the results of the programme.")
    assert not any("Investment figures" in p.text or "first report" in p.text for p in body)
    notes = _by_kind(doc, "footnote")
    assert [(p.label, p.text, p.page) for p in notes] == [
        ("1", "Investment figures are in 2031 prices and cover the whole of the programme period.", 1),
        ("2", "The first report is due in the spring.", 1)]
    _check(doc)


def test_markdown_footnote_definitions_are_numbered_notes():
    text = b"# Plan\n\nThe agency will halve emissions.[^1] It will also plant trees.\n\n[^1]: Against the 2005 baseline.\n"
    doc = parse_bytes(text, "plan.md")
    assert "The agency will halve emissions. It will also plant trees." in [p.text for p in doc.passages]
    assert [(p.kind, p.label, p.text) for p in _by_kind(doc, "footnote")] == [("footnote", "1", "Against the 2005 baseline.")]


@pytest.mark.parametrize("filler", [0, 3], ids=["small page", "long page through trafilatura"])
def test_html_footnote_markers_and_list_of_notes(filler):
    page = f"""<html><head><title>Notes</title></head><body><h1>Notes</h1>{FILLER * filler}
    <p>We will raise investment.<sup class="footnote" id="fnref:1"><a href="#fn:1">[footnote 1]</a></sup> We will also
    cut waste.</p><div class="footnotes"><ol><li id="fn:1"><p>Investment as defined in the 2030 framework.
    <a href="#fnref:1">↩</a></p></li></ol></div></body></html>"""
    doc = parse_bytes(page.encode(), "notes.html")
    assert "We will raise investment. We will also cut waste." in [p.text for p in doc.passages]
    assert [(p.label, p.text) for p in _by_kind(doc, "footnote")] == [("1", "Investment as defined in the 2030 framework.")]
    assert "footnote 1" not in doc.text and "↩" not in doc.text


# -- numbered paragraph labels and sections --------------------------------------------------------


@pytest.mark.parametrize(("text", "label", "rest"), [
    ("2.7 The Government will publish a heat strategy.", "2.7", "The Government will publish a heat strategy."),
    ("3.46. Ministers should set a date.", "3.46.", "Ministers should set a date."),
    ("Sec. 3. The Secretary shall report yearly.", "Sec. 3.", "The Secretary shall report yearly."),
    ("2.5 GW of storage will be built by 2030.", None, "2.5 GW of storage will be built by 2030."),
    ("1.5 million homes will be insulated.", None, "1.5 million homes will be insulated."),
    ("(a) the Secretary shall report;", None, "(a) the Secretary shall report;"),
])
def test_paragraph_labels(text, label, rest):
    assert split_label(text) == (label, rest)


def test_html_numbered_paragraphs_keep_their_label_apart_and_their_heading_as_section():
    page = """<html><head><title>Heat</title></head><body><h1>Heat</h1><h2>2. Buildings</h2>
    <p>2.1 The Government will phase out gas boilers in new homes by 2030.</p>
    <p>2.2 Councils must publish local heat plans.</p></body></html>"""
    doc = parse_bytes(page.encode(), "heat.html")
    paragraphs = _by_kind(doc, "paragraph")
    assert [(p.label, p.text, p.section) for p in paragraphs] == [
        ("2.1", "The Government will phase out gas boilers in new homes by 2030.", "2. Buildings"),
        ("2.2", "Councils must publish local heat plans.", "2. Buildings")]
    _check(doc)


def test_markdown_heading_is_the_section_of_the_following_passages_never_part_of_them():
    text = b"# Order\n\n## Sec. 2. Guidance\n\n2.1 The Director shall issue guidance within 90 days.\n"
    doc = parse_bytes(text, "order.md")
    last = doc.passages[-1]
    assert (last.kind, last.label, last.text, last.section) == (
        "paragraph", "2.1", "The Director shall issue guidance within 90 days.", "Sec. 2. Guidance")


# -- PDF titles -------------------------------------------------------------------------------------


def test_pdf_title_goes_on_with_a_title_case_line_but_not_a_sentence_case_tagline():
    def cover(subtitle):
        return _pdf([(15, 40, "Coastal Works", "B", 40), (15, 58, subtitle, "B", 26),
                     (15, 90, "The harbour authority will dredge the channel every spring.")])

    assert parse_bytes(cover("Regional Field Guide"), "a.pdf").title == "Coastal Works Regional Field Guide"
    assert parse_bytes(cover("Making ports safer for all"), "b.pdf").title == "Coastal Works"


# -- stored as read -----------------------------------------------------------------------------------


def test_kinds_labels_and_the_ocr_flag_are_stored_and_read_back(tmp_path):
    page = f"""<html><head><title>Heat</title></head><body><h1>Heat</h1>
    <p>2.1 The Government will phase out gas boilers by 2030.</p>{TABLE}
    <p>It will act.<sup><a href="#fn1">1</a></sup></p><ol><li id="fn1">A note.</li></ol></body></html>"""
    parsed = parse_bytes(page.encode(), "heat.html")
    store = Store(tmp_path / "kb.sqlite")
    doc_id = store.add_document(parsed, [], "test")
    stored = [s.passage for s in store.passages(doc_id)]
    assert stored == list(parsed.passages)
    assert {p.kind for p in stored} >= {"table_row", "footnote"} and any(p.label == "2.1" for p in stored)
    assert all(p.ocr is False for p in stored)
