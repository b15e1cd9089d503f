"""Markdown pages of sites built by a static site generator (Jekyll on GitHub Pages is how
several governments publish): YAML front matter, Liquid templating and raw HTML lists.

Such a page opens with front matter, so it is Markdown even when its body starts with an
HTML wrapper (`<div markdown="1">`, a `<nav>` menu); before, the wrapper made the file
sniff as HTML and the front matter, the Liquid tags and the emphasis markers were read as
text.  A Liquid tag alone on its line shows its quoted text (a heading when it gives a
level) and otherwise nothing; a list written in HTML keeps one passage per item.

Every page here is invented.
"""

from __future__ import annotations

from kb.ingest import parse_bytes, sniff

PAGE = """---
layout: page
title: "Harbour plan 2026-29"
permalink: /plans/harbour/
---

<div class="plan-container" markdown="1">

<nav class="page-links">
  <h2>On this page</h2>
  <ul>
    <li><a href="#our-priorities">Our priorities</a></li>
  </ul>
</nav>

{% include heading.html lvl=2 text="Our priorities" back-to-top=1 %}

Over the next three years we will work *with* port operators to cut waiting times.

{% include heading.html lvl=3 text="We will build" %}

<ul class="three-columns">
  <li><span>Build a second container berth at the north quay.</span></li>
  <li><span>Dredge the approach channel to fourteen metres.</span></li>
</ul>

{% asset harbour-map alt="Map of the harbour" %}

See the [full map]({{ site.baseurl }}/plans/harbour/map/).

</div>
"""


def _doc():
    return parse_bytes(PAGE.encode(), "harbour-plan.md")


def test_a_page_with_front_matter_is_markdown_even_when_its_body_opens_with_html():
    assert sniff(PAGE.encode()) == "text/markdown"
    doc = _doc()
    assert doc.title == "Harbour plan 2026-29"
    assert "layout: page" not in doc.text


def test_liquid_tags_show_their_text_or_nothing():
    doc = _doc()
    headings = [p.text for p in doc.passages if p.kind == "heading"]
    assert "Our priorities" in headings
    assert "We will build" in headings
    assert "{%" not in doc.text
    assert "{{" not in doc.text
    assert "include heading.html" not in doc.text


def test_emphasis_inside_a_sentence_is_markup_not_text():
    doc = _doc()
    assert "Over the next three years we will work with port operators to cut waiting times." in [
        p.text for p in doc.passages
    ]


def test_an_html_list_inside_markdown_keeps_one_passage_per_item():
    page = (
        "# Harbour plan\n\nThe port authority will:\n\n"
        "<ul>\n  <li>Build a second container berth at the north quay.</li>\n"
        "  <li>Dredge the approach channel to fourteen metres.</li>\n</ul>\n"
    )
    items = [p.text for p in parse_bytes(page.encode(), "plan.md").passages if p.kind == "list_item"]
    assert items == ["Build a second container berth at the north quay.",
                     "Dredge the approach channel to fourteen metres."]
