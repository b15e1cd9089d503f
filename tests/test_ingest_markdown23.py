"""Markdown as a government strategy's source publishes it (round 23: the Government Digital
Strategy's actions chapter, a train document; EO 14110 in the shared corpus).

- A list item wrapped so that its last source line is only a year ("... from summer" / "2013")
  lost the year: the line was read as a page number and blanked.  A bare number that finishes the
  sentence the line before broke off is that sentence's last word.
- "####Action 2: <a heading of 23 words>" kept its hashes in the text: a heading with no space
  after its hashes was only read when short.  Two or more hashes are a heading however long; a
  single "#" before a long line may be a hashtag opening a sentence, and stays text.

All texts are invented."""

from __future__ import annotations

from kb.ingest import parse_bytes

WRAPPED_YEAR = """# Harbour skills plan

The Port Board will act on skills.

-   Pilots will be offered a programme of
    training and support, run by the Harbour Academy from spring
    2031
-   Tug masters will be offered refresher courses from autumn 2031
"""


def test_a_year_that_ends_a_wrapped_list_item_is_kept():
    doc = parse_bytes(WRAPPED_YEAR.encode(), "plan.md")
    items = [p.text for p in doc.passages if "Pilots" in p.text]
    assert items == ["Pilots will be offered a programme of training and support, run by the Harbour Academy "
                     "from spring 2031"]


def test_a_page_number_on_its_own_line_is_still_dropped():
    text = "# Harbour skills plan\n\nThe Port Board will train pilots.\n\n12\n\nThe Board will hire tug masters.\n"
    doc = parse_bytes(text.encode(), "plan.md")
    assert [p.text for p in doc.passages if p.kind == "paragraph"] == [
        "The Port Board will train pilots.", "The Board will hire tug masters."]


LONG = ("Action 2: Ferry services carrying over 50,000 passengers each year will be redesigned, run and "
        "improved by a skilled, experienced and empowered harbour service manager")


def test_a_long_heading_with_no_space_after_its_hashes_is_a_heading():
    doc = parse_bytes(f"# Harbour plan\n\nIntro [link](https://example.org).\n\n####{LONG}\n\nText follows.\n".encode(),
                      "plan.md")
    assert ("heading", LONG) in [(p.kind, p.text) for p in doc.passages]
    assert not any("#" in p.text for p in doc.passages)
