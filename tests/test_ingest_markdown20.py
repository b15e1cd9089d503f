"""Markdown as older sites publish it (round 20's probes: two UK departmental digital
strategies kept as Markdown in a public repository).

- HTML blocks inside Markdown ("<div class=...>", "<h4 id=...>") made the sniffer call the
  file HTML, and the HTML reader showed "##01 Executive summary" and "[text](url)" as written.
  A fragment's tags in a text with Markdown's headings or links are Markdown's; a whole HTML
  page (doctype, <html>, <head>, <body>) is still HTML.
- "####Heading" with no space after the hashes is a heading in the original Markdown and in
  kramdown; CommonMark ran it into the sentence after it, which then read as the actor.
- A line that is only a link to a place in the same page ("1. [Our services](#our-services)")
  is a table of contents; its entries read as action lines ("Transforming our services").

All texts are invented."""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes
from kb.ingest.sniff import HTML, MARKDOWN, sniff

MD_WITH_HTML_BLOCKS = """##02 Our plan

<div class="summary">

Read the [summary](https://example.org/summary) first.

</div>

Our plan has three themes:

1. [Better harbours](#theme-01-better-harbours)
2. [Cleaner ferries](#theme-02-cleaner-ferries)

<h4 id="theme-01-better-harbours">Better harbours</h4>

####Dredge the main channel
The Port Board will dredge the main channel by 2027.
"""


def test_markdown_with_html_blocks_is_markdown():
    assert sniff(MD_WITH_HTML_BLOCKS.encode()) == MARKDOWN


@pytest.mark.parametrize("page", [
    "<!DOCTYPE html><html><body><h1>Plan</h1><p>See [x](y) and ## not a heading</p></body></html>",
    "<div class=\"page\"><p>The Port Board will dredge the channel.</p></div>",
])
def test_an_html_page_or_a_fragment_without_markdown_is_html(page):
    assert sniff(page.encode()) == HTML


def test_a_tight_heading_and_a_table_of_contents_are_read_as_such():
    doc = parse_bytes(MD_WITH_HTML_BLOCKS.encode(), "plan.md")
    texts = [(p.kind, p.text) for p in doc.passages]
    assert ("heading", "02 Our plan") in texts
    assert ("heading", "Dredge the main channel") in texts
    assert ("paragraph", "The Port Board will dredge the main channel by 2027.") in texts
    assert not any("Cleaner ferries" in t for _, t in texts)          # a contents entry, gone
    assert not any("[" in t or "##" in t for _, t in texts)            # no markup shown


def test_a_long_line_opening_with_hashes_stays_text():
    line = "#" + " ".join(["word"] * 30)
    doc = parse_bytes(f"# Plan\n\nIntro [link](https://example.org).\n\n{line}\n".encode(), "plan.md")
    assert not any(p.kind == "heading" and p.text.startswith("word") for p in doc.passages)
