"""Detection, rules-7b: list items numbered in lower-case roman numerals, a lead-in glued to
its first item, and symbol-font bullets from PDFs.

One table per construction, each with rows that must not match.  Every sentence is
invented for this test; none is copied or edited from the shared dev set or from the
labelled test split.  The end-to-end rows go through the product's PDF ingestion and the
rules alone (`rules_only`: no learned filter), with the real spaCy model.
"""

from __future__ import annotations

import pytest

from kb.extract.heads import opening_word
from kb.ingest import parse_bytes
from kb.ingest.lines import ENUMERATION, split_glued_item
from kb.ingest.pdf_layout import _BULLET
from kb.tables import LIST_MARKER
from tests.textdoc import document_from_text

# --- a lower-case roman numeral with a full stop or a bracket opens a list item ----------------

MARKERS = {
    "vii. Reduce X": True,
    "iv) ensure Y": True,
    "(xii) report Z": True,
    "ix. Relocate settlements": True,
    "xiv. Publish data": True,
    "I. Introduction": False,           # a heading's number, in capitals
    "i.e. the agencies": False,         # an abbreviation
    "mid. year review": False,          # a word made of roman letters
    "civil. servants": False,
    "Vii. Reduce X": False,
}


@pytest.mark.parametrize("text,expected", MARKERS.items(), ids=list(MARKERS))
def test_extraction_reads_roman_list_markers(text, expected):
    assert bool(LIST_MARKER.match(text)) is expected


@pytest.mark.parametrize("text,expected", MARKERS.items(), ids=list(MARKERS))
def test_ingestion_reads_roman_enumerations(text, expected):
    assert bool(ENUMERATION.match(text)) is expected


# --- a lead-in and its first item on one line ---------------------------------------------------

GLUED = {
    "are the following: i.": ("The measures to be taken in this sector by 2030 are the following: i. Restore wetlands.",
                              ("The measures to be taken in this sector by 2030 are the following:",
                               "i. Restore wetlands.")),
    "include: (a)": ("The city plan for the harbour will include: (a) New sea walls along the front.",
                     ("The city plan for the harbour will include:", "(a) New sea walls along the front.")),
    "the following: 1)": ("The board agreed the following steps: 1) Hire two inspectors.",
                          ("The board agreed the following steps:", "1) Hire two inspectors.")),
    "a second item is no first one": ("The measures to be taken are the following: ii. Restore wetlands.", None),
    "a short label": ("Note: i. Restore wetlands.", None),
    "lower case after the number": ("The measures to be taken are the following: i. restore wetlands.", None),
    "an abbreviation": ("The measures to be taken are these: i.e. Restore wetlands.", None),
}


@pytest.mark.parametrize("text,expected", GLUED.values(), ids=list(GLUED))
def test_a_lead_in_glued_to_its_first_item_is_cut(text, expected):
    assert split_glued_item(text) == expected


# --- symbol-font bullets (private use area) open a PDF list line ---------------------------------

BULLETS = {
    "\uf0b7 Plant trees": True,
    "\uf0a7 Plant trees": True,
    "\uf034 Plant trees": True,
    "\uf0fc Plant trees": True,
    "\ue000 Plant trees": False,        # outside the symbol fonts' range
    "Plant \uf0b7 trees": False,        # not at the start of the line
}


@pytest.mark.parametrize("text,expected", BULLETS.items(), ids=[ascii(k) for k in BULLETS])
def test_symbol_font_glyphs_are_bullets(text, expected):
    assert bool(_BULLET.match(text)) is expected


# --- end to end: a PDF pledge whose items are numbered i., ii., iii. -----------------------------

fpdf = pytest.importorskip("fpdf")


def _pdf(lines):
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for i, line in enumerate(lines):
        pdf.text(15, 30 + i * 8, line)
    return bytes(pdf.output())


PLEDGE = [
    "Freedonia submits this contribution to the Agreement.",
    "Actions to be implemented for the coast in the period 2025 - 2035 are the following: i. Restore",
    "ii. Guarantee the safety of levees and pumping stations in coastal towns.",
    "iii. Reduce the number of households living in flood zones by half.",
    "iv. Prevent diseases that spread after floods through an early warning system.",
]


@pytest.fixture(scope="module")
def pledge():
    return parse_bytes(_pdf(PLEDGE), "pledge.pdf")


def test_roman_items_are_list_items_under_their_lead_in(pledge):
    items = [p for p in pledge.passages if p.kind == "list_item"]
    assert [p.text[:4] for p in items] == ["i. R", "ii. ", "iii.", "iv. "]
    lead = pledge.passages[items[1].parent_index]
    assert lead.text.endswith("are the following:")


ITEM_ACTIONS = {
    "ii. Guarantee": "guarantee",
    "iii. Reduce": "reduce",
}


@pytest.mark.integration
@pytest.mark.parametrize("action", ITEM_ACTIONS.values(), ids=list(ITEM_ACTIONS))
def test_roman_numbered_action_lines_are_commitments(extractor, pledge, action):
    actions = [c.action for c in extractor.extract(pledge).commitments]
    assert action in actions


# --- a title in capitals beside an icon is no action line ----------------------------------------

CAPITALS = {
    "CLEAN OUR GRID": ("- CLEAN OUR GRID Equity Public Health", None),
    "USE LESS ENERGY IN OUR BUILDINGS": ("- USE LESS ENERGY IN OUR BUILDINGS", None),
    "a sentence-case action line": ("- Replace lights in city buildings with LEDs", "replace"),
    "an acronym after the verb": ("- Adopt LEED standards for new city buildings", "adopt"),
}


@pytest.mark.integration
@pytest.mark.parametrize("line,action", CAPITALS.values(), ids=list(CAPITALS))
def test_a_title_in_capitals_is_no_action_line(extractor, line, action):
    text = "The city plan sets these goals:\n\n" + line
    actions = [c.action for c in extractor.extract(document_from_text(text, title="Plan")).commitments]
    assert actions == ([] if action is None else [action])


# --- the opening word of a line skips its roman number --------------------------------------------

OPENERS = {
    "vii. Prevent": ("vii. Prevent diseases that spread after floods.", "Prevent"),
    "i. Reach": ("i. Reach a forest cover of 40 percent by 2035.", "Reach"),
    "iv) Publish": ("iv) Publish the flood maps every year.", "Publish"),
    "no number": ("Restore the wetlands along the coast.", "Restore"),
    "a word of roman letters": ("mix the two funds into one.", "mix"),
}


@pytest.mark.integration
@pytest.mark.parametrize("text,word", OPENERS.values(), ids=list(OPENERS))
def test_the_opening_word_skips_a_roman_number(extractor, text, word):

    line = extractor.nlp(text)[:]      # the whole line, however the parser cut it into sentences
    assert opening_word(line).text == word
