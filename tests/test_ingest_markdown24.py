"""Bold run-in names as pages converted from HTML write them (round 24: the White House
briefing-room archive's joint statements, the Australian DTA's site; issue 10).

- "**2. Protect Our Harbours:  **The two governments will ..." and "are **not **included": the
  converter put the space (often a no-break space) inside the closing "**", which CommonMark does
  not read as closing, so the asterisks stayed in the text.  In a paragraph with an even number
  of "**", every second one closes: its spaces move after it.
- A bold name wrapped over two source lines ("**2. Strengthen Resilience of Harbour Supply" /
  "Chains:** The two governments ...") is one line of the page, not a passage cut after "Supply".

All texts are invented."""

from __future__ import annotations

from kb.ingest import parse_bytes

SPACE_INSIDE_BOLD = ("# Joint statement\n\n"
                     "**2. Protect Our Harbours:\u00a0 **The two governments will dredge the harbours.\n\n"
                     "Pleasure craft are **not **covered by this statement.\n")


def test_a_space_inside_the_closing_bold_leaves_no_asterisks():
    doc = parse_bytes(SPACE_INSIDE_BOLD.encode(), "statement.md")
    assert "**" not in doc.text
    assert "Pleasure craft are not covered by this statement." in doc.text
    assert "Protect Our Harbours: The two governments will dredge the harbours." in doc.text


def test_an_odd_asterisk_pair_is_left_as_written():
    text = "# Notes\n\nThe tide model uses 2**3 **cells per berth.\n\nA lone ** mark stays.\n"
    doc = parse_bytes(text.encode(), "notes.md")
    assert "A lone ** mark stays." in doc.text


WRAPPED_BOLD = ("# Joint statement\n\n"
                "**2. Strengthen Resilience of Harbour Supply\n"
                "Chains:** The two governments will work together to build a harbour fund.\n")


def test_a_bold_name_wrapped_over_two_lines_stays_one_line():
    doc = parse_bytes(WRAPPED_BOLD.encode(), "statement.md")
    texts = [p.text for p in doc.passages]
    assert not any(t.endswith("Harbour Supply") for t in texts)
    assert any(t.startswith("2. Strengthen Resilience of Harbour Supply Chains: The two governments") for t in texts)
