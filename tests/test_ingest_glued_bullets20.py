"""A bullet glued to its first word ("•We will ..."), as text taken from a PDF often has it,
still opens a list item: the item's words start the passage, and "•We" is no longer read as
the name of whoever promised.  Found on two council plans in plain text among round 20's
probes; the glyphs kept are round or square bullets, which never start a word, followed by a
capital.  A hyphen or asterisk glued to a word may be a sign or emphasis, and stays text.
All texts are invented."""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes
from kb.ingest.lines import list_marker


@pytest.mark.parametrize("line, expected", [
    ("\u2022We will plant 500 trees.", (True, "We will plant 500 trees.")),
    ("\u25aaRetrofit the depot", (True, "Retrofit the depot")),
    ("\u2022 We will plant trees.", (True, "We will plant trees.")),
    ("-5% on last year", (False, "-5% on last year")),            # a sign
    ("*Draft* plan", (False, "*Draft* plan")),                    # emphasis
    ("\u2022ha of woodland", (False, "\u2022ha of woodland")),     # not before a capital
])
def test_a_glued_round_or_square_bullet_opens_an_item(line, expected):
    assert list_marker(line) == expected


def test_glued_bullets_in_plain_text_are_list_items():
    text = ("What the Council will do this year\n\n"
            "\u2022We will fit solar panels on six schools.\n"
            "\u2022We will switch the refuse fleet to electric lorries.\n").encode()
    doc = parse_bytes(text, "plan.txt")
    assert [p.text for p in doc.passages if p.kind == "list_item"] == [
        "We will fit solar panels on six schools.", "We will switch the refuse fleet to electric lorries."]
    assert "\u2022" not in doc.text
