"""Each supported format parses into passages with the right kinds, pages, sections and offsets."""

from __future__ import annotations

import hashlib
import io

import docx
import pytest

from kb.ingest import SUPPORTED_TYPES, parse_bytes, sniff
from kb.models import PASSAGE_KINDS

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

PLAIN = b"""Wind power plan for the coast

The province will build 20 offshore wind farms by 2030. Each farm will
connect to the grid through a new substation.

Main measures:
(i) expand port capacity for turbine assembly;
(ii) train 5,000 technicians.
- fund a coastal research centre
"""

MARKDOWN = b"""# Clean Transport Order

**Date:** December 08, 2021

## Section 1. Policy

The agencies shall buy **zero-emission** vehicles, as set out in [the plan](https://example.org/plan).

---

The Federal Government shall achieve:
    (i) electric buses on every federal shuttle route by 2033;
    (ii) solar roofs on every federal depot by 2041.

- first bullet item
* second bullet item
"""

HTML = b"""<!DOCTYPE html>
<html><head><title>Solar Roofs Programme - City Portal</title>
<script>var tracker = "SECRET-SCRIPT-TEXT";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>Solar Roofs Programme</h1>
<p>The city will install solar panels on 300 public buildings by 2026.</p>
<h2>Funding</h2>
<ul><li>a grant of 10 million yuan</li><li>low-interest loans</li></ul>
</body></html>"""


def _check_offsets(doc) -> None:
    assert doc.passages, "no passages"
    for i, passage in enumerate(doc.passages):
        assert passage.index == i
        assert passage.kind in PASSAGE_KINDS
        assert doc.text[passage.start:passage.end] == passage.text
        assert passage.text == passage.text.strip() and "\n" not in passage.text


def test_plain_text_paragraphs_lists_and_title():
    doc = parse_bytes(PLAIN, "wind.txt")
    assert doc.media_type == "text/plain"
    assert doc.title == "Wind power plan for the coast"
    kinds = [(p.kind, p.text) for p in doc.passages]
    assert kinds[0] == ("heading", "Wind power plan for the coast")
    assert (
        "paragraph",
        "The province will build 20 offshore wind farms by 2030. Each farm will connect to the grid through a new substation.",
    ) in kinds
    items = [p for p in doc.passages if p.kind == "list_item"]
    assert [p.text for p in items] == [
        "(i) expand port capacity for turbine assembly;",
        "(ii) train 5,000 technicians.",
        "fund a coastal research centre",
    ]
    intro = next(p for p in doc.passages if p.text == "Main measures:")
    assert all(p.parent_index == intro.index for p in items)
    _check_offsets(doc)


def test_markdown_headings_sections_and_lists():
    doc = parse_bytes(MARKDOWN, "order.md")
    assert doc.media_type == "text/markdown"
    assert doc.title == "Clean Transport Order"
    assert doc.published == "2021-12-08"
    assert "**" not in doc.text and "](" not in doc.text and "---" not in doc.text
    assert "Date:" not in doc.text
    by_text = {p.text: p for p in doc.passages}
    policy = by_text["The agencies shall buy zero-emission vehicles, as set out in the plan."]
    assert policy.kind == "paragraph" and policy.section == "Section 1. Policy"
    assert by_text["Section 1. Policy"].kind == "heading"
    assert by_text["Section 1. Policy"].section == "Clean Transport Order"
    intro = by_text["The Federal Government shall achieve:"]
    for text in (
        "(i) electric buses on every federal shuttle route by 2033;",
        "(ii) solar roofs on every federal depot by 2041.",
        "first bullet item",
        "second bullet item",
    ):
        assert by_text[text].kind == "list_item"
        assert by_text[text].parent_index == intro.index
        assert by_text[text].section == "Section 1. Policy"
    _check_offsets(doc)


def test_markdown_headings_are_never_run_into_the_next_sentence():
    data = b"""# Order

It is hereby ordered as follows:
### Section 2.
**Funding**
The fund will grow by 2030.
### Sec. 3. Reporting
Agencies shall report yearly.
### Section 4.

**purpose**
 The Secretary may redelegate these functions.
### Section 5.

Fossil Fuel Subsidies The heads of agencies shall identify fossil fuel subsidies.
### Section 6.

Sustainable Infrastructure (a) The Chair shall take steps.
### Section 7.

United States Leadership on Global Health and Security and the Global COVID-19 Response

The Secretary shall lead.
### Section 8.

The Secretary of the Treasury shall act.
"""
    doc = parse_bytes(data, "glued.md")
    assert [(p.kind, p.text) for p in doc.passages] == [
        ("heading", "Order"),
        ("paragraph", "It is hereby ordered as follows:"),
        ("heading", "Section 2. Funding"),
        ("paragraph", "The fund will grow by 2030."),
        ("heading", "Sec. 3. Reporting"),
        ("paragraph", "Agencies shall report yearly."),
        ("heading", "Section 4. purpose"),
        ("paragraph", "The Secretary may redelegate these functions."),
        ("heading", "Section 5. Fossil Fuel Subsidies"),
        ("paragraph", "The heads of agencies shall identify fossil fuel subsidies."),
        ("heading", "Section 6. Sustainable Infrastructure"),
        ("paragraph", "(a) The Chair shall take steps."),
        ("heading", "Section 7. United States Leadership on Global Health and Security and the Global COVID-19 Response"),
        ("paragraph", "The Secretary shall lead."),
        ("heading", "Section 8."),
        ("paragraph", "The Secretary of the Treasury shall act."),
    ]
    _check_offsets(doc)


def test_markdown_indented_enumerations_nested_lists_quotes_and_code():
    data = b"""# Order

The Secretary shall:

    (i) report by 2025 on:
(A) the grid; and
(B) storage;
    (ii) publish the plan.

1. first step
2. second step
   - nested *bullet* one

> The agency shall report. <!-- a note -->
> It will do so yearly.

```
fenced line one
fenced line two
```

Costs &amp; benefits &mdash; all of them \\*counted\\*.
"""
    doc = parse_bytes(data, "structure.md")
    kinds = [(p.kind, p.text) for p in doc.passages]
    assert kinds[1:] == [
        ("paragraph", "The Secretary shall:"),
        ("list_item", "(i) report by 2025 on: (A) the grid; and (B) storage;"),
        ("list_item", "(ii) publish the plan."),
        ("list_item", "1. first step"),
        ("list_item", "2. second step"),
        ("list_item", "nested bullet one"),
        ("paragraph", "The agency shall report. It will do so yearly."),
        ("paragraph", "fenced line one"),
        ("paragraph", "fenced line two"),
        ("paragraph", "Costs & benefits \u2014 all of them *counted*."),
    ]
    assert doc.passages[2].parent_index == 1
    _check_offsets(doc)


def test_markdown_lines_commonmark_keeps_in_a_paragraph_are_still_list_items():
    data = "# Plan\n\nThe ministry will:\n2. expand the grid\n\u2022 fund research\n    - train staff\n".encode()
    doc = parse_bytes(data, "items.md")
    assert [(p.kind, p.text) for p in doc.passages][2:] == [
        ("list_item", "2. expand the grid"),
        ("list_item", "fund research"),
        ("list_item", "train staff"),
    ]
    _check_offsets(doc)


def test_markdown_nested_deeper_than_the_parser_follows_keeps_its_text():
    data = b"# Deep\n\n" + b"> " * 40 + b"The agency **shall** act by 2030.\n\n" + b"- " * 40 + b"Item text.\n"
    doc = parse_bytes(data, "deep.md")
    assert doc.title == "Deep"
    assert "The agency shall act by 2030." in doc.text and "Item text." in doc.text
    _check_offsets(doc)


def test_html_main_text_title_and_no_scripts():
    doc = parse_bytes(HTML, "solar.html")
    assert doc.media_type == "text/html"
    assert doc.title == "Solar Roofs Programme"
    assert "SECRET-SCRIPT-TEXT" not in doc.text and "color: red" not in doc.text
    assert "The city will install solar panels on 300 public buildings by 2026." in [p.text for p in doc.passages]
    items = [p for p in doc.passages if p.kind == "list_item"]
    assert [p.text for p in items] == ["a grant of 10 million yuan", "low-interest loans"]
    assert all(p.section == "Funding" for p in items)
    assert any("script" in w for w in doc.warnings)
    _check_offsets(doc)


def test_long_html_page_goes_through_trafilatura_and_drops_scripts():
    paragraph = "<p>" + "The region will double its wind capacity and build new grid lines by 2030. " * 6 + "</p>"
    scripts = "".join(f"<script>window.x{i} = 'SCRIPT-{i}';</script>" for i in range(12))
    page = (
        f"<html><head><title>Wind - Portal</title>{scripts}</head><body>"
        "<nav>Home | News | Search</nav><article><h1>Wind build-out</h1>"
        f"{paragraph * 4}</article><footer>Copyright 2023 Portal. All rights reserved.</footer></body></html>"
    ).encode()
    doc = parse_bytes(page, "wind.html")
    assert "SCRIPT-" not in doc.text and "Copyright" not in doc.text
    assert "The region will double its wind capacity" in doc.text
    assert "HTML had 12 script blocks removed" in doc.warnings
    _check_offsets(doc)


@pytest.mark.parametrize(
    ("head", "body_top", "published"),
    [
        ("", "<div class='info'>Xinhua | Updated: 2023-11-21</div>", "2023-11-21"),
        ('<meta property="article:published_time" content="2022-05-10T08:00:00+08:00">', "", "2022-05-10"),
        ('<meta name="PubDate" content="2021-12-08 09:30">', "", "2021-12-08"),
        ("", "<p>The plan runs to 2030-12-31.</p>", None),
    ],
)
def test_html_publication_date(head, body_top, published):
    page = f"<html><head>{head}<title>T</title></head><body>{body_top}<p>The city will act.</p></body></html>"
    doc = parse_bytes(page.encode(), "dated.html")
    assert doc.published == published
    assert "Updated:" not in doc.text


def test_pdf_pages_and_metadata_title(make_pdf):
    data = make_pdf(
        [["Grid Upgrade Plan", "The utility will replace 400 km of lines by 2027."],
         ["On the second page the utility will add storage."]],
        title="Grid Upgrade Plan 2024",
    )
    doc = parse_bytes(data, "grid.pdf")
    assert doc.media_type == "application/pdf"
    assert doc.title == "Grid Upgrade Plan 2024"
    pages = {p.text: p.page for p in doc.passages}
    assert pages["The utility will replace 400 km of lines by 2027."] == 1
    assert pages["On the second page the utility will add storage."] == 2
    assert pages["Grid Upgrade Plan"] == 1
    _check_offsets(doc)


def test_docx_headings_lists_and_sections(make_docx):
    data = make_docx(
        [
            ("Heading 1", "Forest Protection Plan"),
            ("", "The ministry will plant trees on these sites:"),
            ("List Bullet", "river banks in the north"),
            ("List Bullet", "former mining land"),
            ("Heading 2", "Funding"),
            ("", "The budget will rise by 10 percent."),
        ]
    )
    doc = parse_bytes(data, "forest.docx")
    assert doc.media_type == DOCX_TYPE
    assert doc.title == "Forest Protection Plan"
    kinds = [(p.kind, p.text) for p in doc.passages]
    assert kinds == [
        ("heading", "Forest Protection Plan"),
        ("paragraph", "The ministry will plant trees on these sites:"),
        ("list_item", "river banks in the north"),
        ("list_item", "former mining land"),
        ("heading", "Funding"),
        ("paragraph", "The budget will rise by 10 percent."),
    ]
    assert doc.passages[2].parent_index == 1 and doc.passages[3].parent_index == 1
    assert doc.passages[5].section == "Funding"
    assert doc.passages[4].section == "Forest Protection Plan"
    _check_offsets(doc)


def test_docx_title_style_tables_and_dateline():
    document = docx.Document()
    document.add_heading("Styled Title", level=0)
    document.add_paragraph("Published: March 3, 2022")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "Sector", (0, 1): "Target", (1, 0): "Power", (1, 1): "50%"}.items():
        table.cell(row, col).text = text
    document.add_paragraph("After the table.")
    buffer = io.BytesIO()
    document.save(buffer)
    doc = parse_bytes(buffer.getvalue(), "styled.docx")
    assert (doc.title, doc.published) == ("Styled Title", "2022-03-03")
    assert [p.text for p in doc.passages] == ["Styled Title", "Sector | Target", "Power | 50%", "After the table."]


def test_pdf_paragraphs_split_on_vertical_gaps(make_pdf):
    first = "The utility will replace 400 km of power lines across the northern districts by 2027. " * 2
    first += "It aims to build 6,000 5G base stations by 2025"
    doc = parse_bytes(make_pdf([["Plan", first, "The city will accelerate the integration of districts."]]), "gap.pdf")
    texts = [p.text for p in doc.passages]
    assert texts[1].endswith("6,000 5G base stations by 2025")
    assert texts[2] == "The city will accelerate the integration of districts."


def test_pdf_running_headers_are_dropped(make_pdf):
    actions = ["build ports", "train staff", "fund research", "plant forests"]
    pages = [["Coastal Plan 2024 - Ministry of Energy", f"The ministry will {action}.", f"- {n} -"] for n, action in enumerate(actions, 1)]
    doc = parse_bytes(make_pdf(pages), "running.pdf")
    assert [(p.page, p.text) for p in doc.passages] == [
        (n, f"The ministry will {action}.") for n, action in enumerate(actions, 1)
    ]


def test_pdf_paragraph_cut_by_a_page_break_is_mended(make_pdf):
    doc = parse_bytes(make_pdf([["Plan", "The city will build"], ["new roads by 2025."]]), "cut.pdf")
    mended = doc.passages[-1]
    assert (mended.text, mended.page) == ("The city will build new roads by 2025.", 1)


def test_docx_core_title_wins(make_docx):
    doc = parse_bytes(make_docx([("", "Some text here.")], title="Stated Title"), "t.docx")
    assert doc.title == "Stated Title"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PLAIN, "text/plain"),
        (MARKDOWN, "text/markdown"),
        (HTML, "text/html"),
        (b"<p>just a fragment</p>", "text/html"),
        (b"%PDF-1.7\n...", "application/pdf"),
        (b"PK\x03\x04garbage", "application/zip"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    ],
)
def test_sniff_reads_the_bytes(data, expected):
    assert sniff(data) == expected


def test_sniff_ignores_the_name():
    doc = parse_bytes(MARKDOWN, "misnamed.pdf")
    assert doc.media_type == "text/markdown"


def test_supported_types():
    assert set(SUPPORTED_TYPES) == {"text/plain", "text/markdown", "text/x-rst", "text/html", "application/pdf", DOCX_TYPE}


def test_document_fields():
    doc = parse_bytes(PLAIN, "wind.txt")
    assert doc.sha256 == hashlib.sha256(PLAIN).hexdigest()
    assert doc.size == len(PLAIN)
    assert doc.source_name == "wind.txt"
