"""Letters beyond U+FFFF in a PDF (round 19): a formula set in mathematical italics.

PDFium counts a page's characters in UTF-16 code units, so a letter such as
U+1D436 (mathematical italic capital C, in a formula's "CO2 tons") came out as two
halves of a surrogate pair, each with an index of its own.  The halves reached the
sentence splitter unjoined and spaCy could not encode them: the extractor raised an
encoding error on one city's climate plan.  Now the halves are joined,
a half without its partner becomes U+FFFD, and styled mathematical letters read as
the plain letters they show.  Every text here is invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest import parse_bytes
from kb.ingest.normalize import normalize_text

MATH_CO2_TONS = "\U0001d436\U0001d4422 \U0001d461\U0001d45c\U0001d45b\U0001d460"   # "CO2 tons" in math italics
HIGH, LOW = "\ud835", "\udc36"                                                      # U+1D436 as UTF-16 halves


@pytest.mark.parametrize("raw, clean", [
    (HIGH + LOW + "O2 output", "CO2 output"),            # the two halves of one letter, joined
    ("CO" + HIGH + " output", "CO\ufffd output"),         # a half alone: a replacement mark, never an error
    ("output " + LOW, "output \ufffd"),
    (MATH_CO2_TONS + " a year", "CO2 tons a year"),       # styled letters read as plain ones
    ("\u00e9l\u00e8ve \u2264 2 \u00b0C", "\u00e9l\u00e8ve \u2264 2 \u00b0C"),   # everything else as it was
])
def test_normalized_text_can_always_be_encoded(raw, clean):
    out = normalize_text(raw)
    assert out == clean
    out.encode("utf-8")


ITALIC = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf")   # has the mathematical italics


@pytest.mark.skipif(not ITALIC.exists(), reason="DejaVu Serif Italic is not installed")
def test_a_pdf_formula_in_mathematical_italics_reads_as_plain_letters():
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("Serif", "", str(ITALIC))
    pdf.set_font("Serif", size=12)
    pdf.multi_cell(0, 8, "The council will halve fleet emissions by 2031. Fleet emissions were 410 "
                         + MATH_CO2_TONS + " in 2024.")
    parsed = parse_bytes(bytes(pdf.output()), "fleet.pdf")
    text = " ".join(p.text for p in parsed.passages)
    assert "Fleet emissions were 410 CO2 tons in 2024." in text
    text.encode("utf-8")
