"""Raised ordinal suffixes in PDFs stay with their number: "August 14th, 2024", "the 19th and 20th sessions".

Typesetters (and word processors' AutoFormat) set "st", "nd", "rd" and "th" small and
raised after a number.  The reader cut each suffix off at its baseline jump, and the
layout put it on a line of its own above the number: a date line read
"th August 14 , 2024", and a pledge's opening sentence was cut in two by a stray
"th th" line.  Each PDF here is built with fpdf2 from invented text, every piece
placed where a typesetter puts it (the suffix 4.2 points smaller, raised 1.8 mm).
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
