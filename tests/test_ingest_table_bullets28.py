"""A list inside a PDF table cell keeps its bullets (round 26; issue 10).

Pledge tables often hold a list in one cell: "The key measures include:" and then one bulleted line
per measure.  When the bullet is a symbol font's glyph that the PDF maps to no character (a
private-use code point such as U+F0B7), the reader dropped it as an icon, and the cell's lines ran
into one sentence ("include: Doubling X by 2025 Installing Y by 2025 ..."), from which the extractor
made nothing.  Now such a bullet, standing just left of a line of the cell, is kept as "•", so each
measure is its own sentence.  The segments are placed by hand, as the PDF reader hands them to the
table finder (its own tests read real PDFs); the texts are invented.
"""

from __future__ import annotations

import pytest

from kb.ingest.pdf_chars import Segment
from kb.ingest.pdf_tables import tables_as_rows
from kb.models import ParsedDocument, Passage

SYMBOL_BULLET = "\uf0b7"     # Symbol font's bullet, mapped to no Unicode character


def _seg(text: str, x0: float, bottom: float) -> Segment:
    return Segment(text=text, x0=x0, x1=x0 + 5.2 * len(text), bottom=bottom, top=bottom + 11, size=11,
                   bold=False, page=1, height=842, width=595)


def _pledge_table(bullet: str) -> list[Segment]:
    segs = [_seg("Time frame", 72, 743), _seg("2026 - 2035", 184, 743),
            _seg("Target level", 72, 716), _seg("A third below the usual path", 184, 716),
            _seg("Measures", 72, 690), _seg("The main planned measures include:", 184, 690)]
    y = 676
    for item in ("Tripling the hydro capacity to 9 MW by 2028", "Building two wind farms by 2030",
                 "Retiring the old diesel plant"):
        segs += [_seg(bullet, 202, y), _seg(item, 220, y)]
        y -= 14
    return segs + [_seg("Sources", 72, y - 12), _seg("The national energy office", 184, y - 12)]


def _rows(segments: list[Segment]) -> list[str]:
    return [s.text for s in tables_as_rows(segments) if s.table]


def test_a_symbol_font_bullet_in_a_cell_is_kept_before_its_item():
    rows = _rows(_pledge_table(SYMBOL_BULLET))
    assert rows[2] == ("Measures | The main planned measures include: • Tripling the hydro capacity to 9 MW by 2028 "
                        "• Building two wind farms by 2030 • Retiring the old diesel plant")
    assert rows[:2] == ["Time frame | 2026 - 2035", "Target level | A third below the usual path"]
    assert rows[3] == "Sources | The national energy office"


def test_an_icon_far_from_the_text_is_still_no_bullet():
    # an icon set at the far left of the row, away from the cell's text, is left out as before
    segs = _pledge_table(SYMBOL_BULLET)
    moved = [Segment(**{**s.__dict__, "x0": 30.0, "x1": 35.0}) if s.text == SYMBOL_BULLET else s for s in segs]
    rows = _rows(moved)
    assert "•" not in rows[2]
    assert rows[2].startswith("Measures | The main planned measures include: Tripling the hydro capacity")


@pytest.mark.integration
def test_the_cell_items_become_records_of_their_own(extractor):
    # the bulleted cell read end to end: each measure a record with its own deadline
    row = _rows(_pledge_table(SYMBOL_BULLET))[2]
    text = "Republic of Testland\n\n" + row
    doc = ParsedDocument(source_name="testland.pdf", sha256="0" * 64, media_type="application/pdf",
                         title="Republic of Testland: Nationally Determined Contribution", published=None, text=text,
                         passages=(Passage(index=0, kind="heading", text=text[:20], start=0, end=20),
                                   Passage(index=1, kind="table_row", text=row, start=22, end=len(text))))
    records = extractor.extract(doc).commitments
    got = {(c.action, c.target, c.deadline.date if c.deadline else None) for c in records}
    # the record's sentence is the item's words, without the bullet before them
    assert "Building two wind farms by 2030" in {c.sentence for c in records}
    assert ("build", "two wind farms", "2030-12-31") in got
    assert ("retire", "the old diesel plant", None) in got
