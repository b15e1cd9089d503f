"""Bullet glyphs of some government styles: "›" (a single right guillemet) and "−" (the minus
sign) open list items as "•" does, so the item's own words start the passage the extractor
reads.  Without this, "› Publish the plan" reached the parser with the glyph in front and the
glyph was read as the sentence's subject.  All texts are invented."""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes
from kb.ingest.lines import list_marker
from kb.ingest.pdf_layout import _BULLET


def _items(doc):
    return [p.text for p in doc.passages if p.kind == "list_item"]


def test_guillemet_bullets_in_markdown_are_list_items():
    md = ("# Harbour plan\n\nWhat we will do\n\n"
          "› Publish a harbour dredging plan by June.\n"
          "› Replace the ferry fleet with electric ferries.\n").encode()
    doc = parse_bytes(md, "plan.md")
    assert _items(doc) == ["Publish a harbour dredging plan by June.",
                           "Replace the ferry fleet with electric ferries."]
    assert "›" not in doc.text


def test_minus_sign_bullets_in_plain_text_are_list_items():
    text = ("The agency will follow four principles:\n"
            "\u2212 design services for reuse\n"
            "\u2212 publish open data by default\n").encode()
    doc = parse_bytes(text, "principles.txt")
    assert _items(doc) == ["design services for reuse", "publish open data by default"]


@pytest.mark.parametrize("line,expected", [
    ("› Publish the plan", (True, "Publish the plan")),
    ("\u2212 publish the plan", (True, "publish the plan")),
    ("\u22125% a year", (False, "\u22125% a year")),        # a negative figure, no space: not a bullet
    ("Prices › costs", (False, "Prices › costs")),         # inside a line: not a bullet
])
def test_plain_text_list_markers(line, expected):
    assert list_marker(line) == expected


@pytest.mark.parametrize("line,expected", [
    ("› Publish the plan", True),
    ("\u2212 publish the plan", True),
    ("Publish › the plan", False),
])
def test_pdf_line_bullets(line, expected):
    assert bool(_BULLET.match(line)) is expected
