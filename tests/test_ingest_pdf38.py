"""PDF text as published (round 38): what a development bank's business plan and its project sheets taught.

Four layouts, each seen in unlabelled documents of a kind the labelled corpus holds only cut short
(the labelled copies had their appendix tables dropped), each built here with fpdf2 from invented text:

* a plan whose appendix sets pages of tables in smaller type than its two pages of prose: the type size
  most characters are set in was the tables', so every full line of prose, set larger, read as a heading
  and each numbered paragraph broke after its first line;
* an enumeration inside a sentence ("focus on (i) X, (ii) Y, and (iii) Z") wrapped so that "(iii)"
  opens a line: it read as a list item cut out of its sentence;
* a table whose last row's value wraps onto lines of their own: they fell out of the table as a
  paragraph starting mid-sentence;
* a first page that sets "Executive Summary" larger than the document's own title;
* Word's PDF export of Calibri's ligatures as unrelated letters ("informaƟon").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest import parse_bytes
from kb.ingest.pdf_tables import _joined

fpdf = pytest.importorskip("fpdf")

# A numbered paragraph as a justified column sets it: every line but the last runs to the right margin.  The
# wrapped lines open with capitals (names), so nothing but the type size tells them from headings.
PROSE = [
    "1. The regional operations plan of the Harbour Authority updates the plan of last year and",
    "Northern Ports Council, and is the second plan under the coastal strategy of the region. In",
    "Years Two and Three, operations will keep their focus on (i) improving the connections",
    "Between the ports, (ii) boosting trade across the borders of the region and its neighbours, and",
    "(iii) strengthening cooperation on shared energy grids. The results framework remains valid.",
]


def _justified(pdf, x: float, y: float, width: float, lines: list[str], leading: float) -> float:
    """`lines` one under the other, each but the last stretched to `width` (mm) by its letter spacing."""
    for k, line in enumerate(lines):
        natural = pdf.get_string_width(line)
        pdf.set_char_spacing(max(0.0, (width - natural) / max(len(line) - 1, 1)) if k < len(lines) - 1 else 0.0)
        pdf.text(x, y + leading * k, line)
    pdf.set_char_spacing(0.0)
    return y + leading * len(lines)


def _plan_with_appendix(prose: list[str], table_pages: int = 3) -> bytes:
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    y = _justified(pdf, 20, 30, 170, prose, 4.4)
    _justified(pdf, 20, y + 4, 170, ["2. Growth in the region is projected at five percent this year, down from six",
                                     "Percent last year."], 4.4)
    for page in range(table_pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=7)
        for row in range(45):
            cells = [f"{row + 1}. Port Works {page}{row}", "TCT GI GRO, SATC", "2027", f"{250 + row}.0",
                     f"{120 + row}.0", "0.0", f"{130 + row}.0"]
            for x, text in zip((20, 62, 100, 118, 138, 158, 176), cells):
                pdf.text(x, 25 + row * 5.5, text)
    return bytes(pdf.output())


def _passages(data: bytes, name: str = "plan.pdf"):
    return parse_bytes(data, name).passages


def test_a_numbered_paragraph_stays_whole_when_appendix_tables_outnumber_the_prose():
    texts = [p.text for p in _passages(_plan_with_appendix(PROSE))]
    whole = [t for t in texts if t.startswith("1. The regional operations plan")]
    assert len(whole) == 1, texts[:8]
    assert whole[0].endswith("The results framework remains valid."), whole[0]
    assert not any(t.startswith(("Northern Ports Council", "Years Two")) for t in texts), texts[:8]


def test_an_inline_enumeration_wrapped_to_a_line_start_stays_in_its_sentence():
    texts = [p.text for p in _passages(_plan_with_appendix(PROSE, table_pages=0))]
    assert not any(t.startswith("(iii)") for t in texts), texts
    assert any("its neighbours, and (iii) strengthening cooperation on shared energy grids." in t for t in texts), texts


def _list_page(items: list[str]) -> bytes:
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(20, 30, "The county will carry out the following measures in the coming year (see also (a) above):")
    for k, item in enumerate(items):
        pdf.text(20, 36 + 6 * k, item)
    return bytes(pdf.output())


def test_a_real_list_whose_items_end_short_keeps_its_items():
    # each item ends well before the right edge: a list, whatever the line before says
    texts = [p.text for p in _passages(_list_page(["(a) plant trees along the river;",
                                                   "(b) open two new cooling centres; and",
                                                   "(c) publish a heat plan."]), "list.pdf")]
    assert [t for t in texts if t.startswith("(")] == ["(a) plant trees along the river;",
                                                       "(b) open two new cooling centres; and",
                                                       "(c) publish a heat plan."], texts


def _sheet(rows: list[tuple[str, list[str]]], after: str) -> bytes:
    """A label | value table: each row's value lines set one under the other in the value column."""
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    y = 30.0
    for label, lines in rows:
        pdf.text(20, y, label)
        for k, line in enumerate(lines):
            pdf.text(75, y + 3.6 * k, line)
        y += 3.6 * len(lines) + 4.0
    pdf.text(20, y + 6, after)
    return bytes(pdf.output())


SHEET = [
    ("Project Name", ["River Towns Water Supply"]),
    ("Country", ["Freedonia"]),
    ("Sector", ["Water and urban infrastructure"]),
    ("Project Rationale", ["Only half of the households in the river towns are served by piped water,",
                           "which runs for a few hours a day, and the water supplied often carries",
                           "iron and salt beyond the national standard."]),
]


def test_a_last_row_wrapping_onto_lines_of_its_own_stays_in_the_table():
    texts = [p.text for p in _passages(_sheet(SHEET, "Report generated on 3 May 2027."), "sheet.pdf")]
    rationale = [t for t in texts if t.startswith("Project Rationale")]
    assert rationale == ["Project Rationale | Only half of the households in the river towns are served by piped "
                         "water, which runs for a few hours a day, and the water supplied often carries iron and "
                         "salt beyond the national standard."], texts


def test_prose_below_a_table_at_the_left_edge_is_not_taken_into_it():
    texts = [p.text for p in _passages(_sheet(SHEET[:3], "The authority will publish quarterly reports."),
                                       "sheet.pdf")]
    assert "The authority will publish quarterly reports." in texts, texts


def test_a_soft_hyphen_that_broke_a_word_in_a_cell_leaves_one_word():
    assert _joined("an Environmen\ufffe", "tal Management System") == "an Environmental Management System"
    # the reader marks a real compound's hyphen at a line end the same way: it stays
    assert _joined("zero-interest, short\ufffe", "term loans") == "zero-interest, short-term loans"
    assert _joined("low-", "carbon fleets") == "low-carbon fleets"       # a real hyphen stays, as before
    assert _joined("the county", "offices") == "the county offices"


def test_a_part_name_set_larger_than_the_title_is_not_the_title():
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.text(20, 25, "Networks of the Coming Decade")
    pdf.set_font("Helvetica", "B", size=18)
    pdf.text(20, 40, "Executive Summary")
    pdf.set_font("Helvetica", size=10)
    for k in range(6):
        pdf.text(20, 50 + 5 * k, "The council will review how agencies buy network services and will report.")
    doc = parse_bytes(bytes(pdf.output()), "paper.pdf")
    assert doc.title == "Networks of the Coming Decade"


SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")   # has the letters Word's export puts for ligatures


@pytest.mark.skipif(not SANS.exists(), reason="DejaVu Sans is not installed")
def test_word_exports_ligature_letters_read_as_the_letters_they_stand_for():
    # Word's PDF export with Calibri's ligatures maps "ti" to "Ɵ", "tt" to "Ʃ", "ft" to "Ō", "tf" to "ƞ"
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.add_page()
    pdf.add_font("Sans", "", str(SANS))
    pdf.set_font("Sans", size=11)
    pdf.text(20, 30, "The agency will publish Ɵmely informaƟon on its plaƞorm and beƩer guidance as oŌen as needed.")
    pdf.text(20, 40, "The Ōtautahi office will open next year.")
    text = " ".join(p.text for p in parse_bytes(bytes(pdf.output()), "handbook.pdf").passages)
    assert "The agency will publish timely information on its platform and better guidance as often as needed." in text
    assert "The Ōtautahi office will open next year." in text     # a real letter opening a name stays


def _sheet_lines(rows: list[list[tuple[str, str]]], value_x: float = 75) -> bytes:
    """A label | value table whose rows are lists of (label line, value line) set side by side, line by line."""
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    y = 30.0
    for row in rows:
        for label, value in row:
            if label:
                pdf.text(20, y, label)
            pdf.text(value_x, y, value)
            y += 3.6
        y += 4.0
    return bytes(pdf.output())


def test_a_label_wrapped_beside_a_value_that_stops_on_a_comma_stays_one_row():
    texts = [p.text for p in _passages(_sheet_lines([
        [("Project Name", "River Towns Water Supply")],
        [("Country", "Freedonia")],
        [("Sector", "Water and urban infrastructure")],
        [("Involuntary", "To meet the national policy on land acquisition and resettlement,"),
         ("Resettlement", "The Agency drew up a resettlement framework for the towns.")],
    ]), "sheet.pdf")]
    assert "Involuntary Resettlement | To meet the national policy on land acquisition and resettlement, " \
           "The Agency drew up a resettlement framework for the towns." in texts, texts
    assert "Country | Freedonia" in texts, texts       # a row whose value ends as a name is left alone


def test_a_table_of_long_labels_beside_paragraphs_is_read_as_a_table():
    # a project sheet: short fields, then long labels wrapped over three lines (none of them a sentence) beside
    # values that are paragraphs -- a table, not two columns of prose side by side
    long_rows = [
        [("Project Rationale and", "The towns draw all their water from wells"),
         ("Linkage to Country and", "that run dry each summer. The project adds"),
         ("Regional Strategy", "a river intake and a treatment plant.")],
        [("Description of the", "Households receive piped water for twenty"),
         ("Expected Outcome of the", "hours a day. Losses in the network fall by"),
         ("Project and its Impact", "half, and the water meets the standard.")],
        [("Summary of the Public", "Town councils and water user groups were"),
         ("Consultation with Local", "heard in six meetings. Their views shaped"),
         ("Communities and Groups", "the pipe routes and the tariff design.")],
        [("Summary of the Gender", "Women will hold half of the seats on the"),
         ("Action Plan and its", "water user committees, and the utility will"),
         ("Monitoring Arrangements", "report on the plan every six months.")],
    ]
    short_rows = [[("Project Name", "River Towns Water Supply")], [("Country", "Freedonia")],
                  [("Sector", "Water supply")]]
    texts = [p.text for p in _passages(_sheet_lines(short_rows + long_rows, value_x=80), "sheet.pdf")]
    assert "Project Rationale and Linkage to Country and Regional Strategy | The towns draw all their water from " \
           "wells that run dry each summer. The project adds a river intake and a treatment plant." in texts, texts


def _guide_with_contents(numbers_apart: bool) -> bytes:
    """A guide: title page, a contents page (numbers far right, or none), a second contents page, then prose."""
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size=20)
    pdf.text(20, 40, "The Records Retention Playbook")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size=14)
    pdf.text(20, 25, "Table of Contents")
    pdf.set_font("Helvetica", size=10)
    first = ["Introduction", "Step 1: Identify Needs and Assess Readiness", "Develop a Questionnaire",
             "Step 2: Inventory the Record Series", "Validate the Responses", "Step 3: Score the Series",
             "Review the Scores with Program Offices"]
    for k, entry in enumerate(first):
        pdf.text(20, 35 + 7 * k, entry)
        if numbers_apart:
            pdf.text(185, 35 + 7 * k, str(3 + 2 * k))
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    second = ["Step 4: Decide What to Keep", "Set Retention Periods", "Step 5: Plan the Transfers",
              "Agree the Schedule", "Conclusion", "Appendix A: Sources", "Appendix B: Sample Questions",
              "Appendix C: Key Terms", "Appendix D: Contacts"]
    for k, entry in enumerate(second):
        pdf.text(20, 25 + 7 * k, entry)
        pdf.text(185, 25 + 7 * k, str(20 + 2 * k))
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(20, 25, "Agencies will review their record series every two years and will publish the results.")
    pdf.text(20, 31, "Develop a questionnaire for each program office before the inventory starts.")
    return bytes(pdf.output())


@pytest.mark.parametrize("numbers_apart", [True, False])
def test_contents_entries_whose_numbers_are_set_apart_are_no_passages(numbers_apart):
    # read as lines of an action plan, "Develop a Questionnaire" became a commitment
    texts = [p.text for p in _passages(_guide_with_contents(numbers_apart), "playbook.pdf")]
    assert not any(t.startswith(("Develop a Questionnaire", "Step 1:", "Step 4:", "Appendix")) for t in texts), texts
    # the guide's own text stays, the line that reads like an entry too
    text = " ".join(texts)
    assert "Agencies will review their record series every two years and will publish the results." in text, texts
    assert "Develop a questionnaire for each program office before the inventory starts." in text, texts
