"""PDF text as published (round 18): ordinal suffixes, columns in a band, table rows, side headings.

Ordinals: typesetters (and word processors' AutoFormat) set "st", "nd", "rd" and "th"
small and raised after a number.  The reader cut each suffix off at its baseline jump,
and the layout put it on a line of its own above the number: a date line read
"th August 14 , 2024", and a pledge's opening sentence was cut in two by a stray
"th th" line.  The three layouts after them (two columns inside one band of a page, a
table whose rows sit at line pitch, a margin of bold side headings) each say in their
comments what went wrong.  Each PDF here is built with fpdf2 from invented text, every
piece placed where a typesetter puts it.
"""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes

fpdf = pytest.importorskip("fpdf")

LEFT = 20.0      # mm
SIZE = 11        # body type, points
SMALL = 7        # the raised suffix or marker, points
RISE = 1.6       # mm


def _pdf(lines):
    """lines: (y_mm, [(text, raised)]) -- the pieces of each line set one after the other."""
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    for y, pieces in lines:
        x = LEFT
        for text, raised in pieces:
            size = SMALL if raised else SIZE
            pdf.set_font("Helvetica", size=size)
            pdf.text(x, y - RISE if raised else y, text)
            x += pdf.get_string_width(text)
    return bytes(pdf.output())


def _texts(lines) -> list[str]:
    return [p.text for p in parse_bytes(_pdf(lines), "ordinals.pdf").passages]


def test_a_date_with_a_raised_suffix_reads_as_printed():
    texts = _texts([
        (40, [("The council adopted its transport plan on August 14", False), ("th", True), (", 2024.", False)]),
    ])
    assert texts == ["The council adopted its transport plan on August 14th, 2024."], texts


def test_raised_suffixes_inside_a_wrapped_sentence_keep_the_sentence_whole():
    texts = _texts([
        (40, [("This plan answers the decisions taken at the 3", False), ("rd", True), (" and 4", False),
              ("th", True), (" meetings", False)]),
        (45.5, [("of the regional assembly, which asked every town to report.", False)]),
    ])
    assert texts == ["This plan answers the decisions taken at the 3rd and 4th meetings of the regional assembly, "
                     "which asked every town to report."], texts


@pytest.mark.parametrize("suffix", ["st", "nd", "rd", "th"])
def test_each_ordinal_suffix_joins_its_number(suffix):
    texts = _texts([(40, [("The district will open its 2", False), (suffix, True), (" depot in the spring.", False)])])
    assert texts == [f"The district will open its 2{suffix} depot in the spring."], texts


def test_a_raised_footnote_number_after_a_year_is_still_dropped():
    # a raised digit is a footnote marker, not a suffix: it leaves the body as before
    texts = _texts([(40, [("The region will halve its landfill waste by 2030", False), ("4", True),
                          (" and reuse the rest.", False)])])
    assert texts == ["The region will halve its landfill waste by 2030 and reuse the rest."], texts


# --- two columns inside one band of a page (round 18) -------------------------------------------

def _placed(items):
    """items: (x_mm, y_mm, text) in 10-point type on one A4 page."""
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for x, y, text in items:
        pdf.text(x, y, text)
    return bytes(pdf.output())


def test_two_columns_between_a_wide_paragraph_and_wrapped_list_items_are_read_column_by_column():
    # A pledge's page: a paragraph across the page, then two columns whose baselines do not line up,
    # then bullets across the page, each wrapped onto a short second line.  The bullets cross the
    # gutter again and again, which alone looks like a ragged right edge; the columns above them are
    # two columns all the same.
    items = [(20, 40, "The island state sets out its contribution to the global effort in the pages below,"),
             (20, 45, "together with the support it will need from its partners to reach it.")]
    left = ["The island aims to build a low carbon", "economy that can withstand storms.", "It will carry on with its current plan",
            "and the plans that follow it after the", "year 2030 to meet this stated target."]
    right = ["The island therefore seeks to lower", "its greenhouse gas emissions by a third", "by 2035 against the business as usual",
             "path of its national energy strategy,", "subject to finance from its partners."]
    items += [(20, 52 + 5 * i, line) for i, line in enumerate(left)]
    items += [(110, 53.5 + 5 * i, line) for i, line in enumerate(right)]
    bullets = [("Expansion of solar and wind power and of other renewable sources of energy in every", "district."),
               ("Better energy efficiency in public buildings, street lighting and the water supply of the", "towns."),
               ("Tree planting on at least a tenth of the land area of the island and of its smaller", "islets.")]
    y = 80
    for first, second in bullets:
        items += [(20, y, "-"), (26, y, first), (26, y + 5, second)]
        y += 11
    doc = parse_bytes(_placed(items), "pledge.pdf")
    texts = [p.text for p in doc.passages]
    assert any("The island therefore seeks to lower its greenhouse gas emissions by a third by 2035 against the business "
               "as usual path of its national energy strategy, subject to finance from its partners." in t for t in texts), texts
    assert any("It will carry on with its current plan and the plans that follow it after the year 2030 to meet this "
               "stated target." in t for t in texts), texts
    assert any(t.startswith("Tree planting on at least a tenth") and t.endswith("smaller islets.") for t in texts), texts


# --- a table without rules whose rows sit as close as the lines inside a cell (round 18) -----------

def test_a_capitalised_line_in_every_column_opens_a_new_table_row_even_at_line_pitch():
    # A pledge's summary table: names on the left, wrapped over two lines; the first two rows are set
    # a little apart, the third as close as a wrapped line.  Only its words say that "Sectors covered
    # by | Energy, ..." opens a row, while "the plan | oxide are counted." goes on in one.
    rows = [(40, "Timeframe for", "The plan runs until the end of the year 2035."),
            (45, "delivery", ""),
            (52, "Gases covered by", "Carbon dioxide, methane and nitrous"),
            (57, "the plan", "oxide are counted."),
            (62, "Sectors covered by", "Energy, transport, farming, waste"),
            (67, "this plan", "and public buildings.")]
    items = [(20, 30, "Information for clarity and understanding")]
    for y, name, value in rows:
        items.append((20, y, name))
        if value:
            items.append((75, y, value))
    doc = parse_bytes(_placed(items), "table.pdf")
    got = [p.text for p in doc.passages if p.kind == "table_row"]
    assert got == ["Timeframe for delivery | The plan runs until the end of the year 2035.",
                   "Gases covered by the plan | Carbon dioxide, methane and nitrous oxide are counted.",
                   "Sectors covered by this plan | Energy, transport, farming, waste and public buildings."], \
        [(p.kind, p.text) for p in doc.passages]


# --- bold side headings in a margin beside the prose (round 18) ------------------------------------

def test_bold_side_headings_in_a_margin_stay_out_of_the_sentences_beside_them():
    # A pledge's summary page: bold names in a narrow left margin ("Scope and / coverage"), the text
    # beside them in plain type on baselines of their own, so the lines of the two interleave; a plain
    # paragraph across the page above.
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    plain = [(20, 30, "The island state sets out below the details of its contribution to the shared"),
             (20, 35, "effort, as the decisions of the parties ask of every country that takes part."),
             (55, 45, "Every sector of the economy is covered, from energy and transport to"),
             (55, 50, "farming, forests and waste, and all the main greenhouse gases are counted."),
             (55, 55, "The figures follow the most recent national inventory of emissions."),
             (55, 63, "A committee of ministers steers the work of every department on the"),
             (55, 68, "plan, and the public were asked for their views on each of its measures.")]
    bold = [(20, 47.5, "Scope and"), (20, 52.5, "coverage"), (20, 65.5, "Planning"), (20, 70.5, "process")]
    pdf.set_font("Helvetica", size=10)
    for x, y, text in plain:
        pdf.text(x, y, text)
    pdf.set_font("Helvetica", style="B", size=10)
    for x, y, text in bold:
        pdf.text(x, y, text)
    texts = [p.text for p in parse_bytes(bytes(pdf.output()), "margin.pdf").passages]
    assert any("Every sector of the economy is covered, from energy and transport to farming, forests and waste, "
               "and all the main greenhouse gases are counted." in t for t in texts), texts
    assert any("A committee of ministers steers the work of every department on the plan, and the public were asked "
               "for their views on each of its measures." in t for t in texts), texts
