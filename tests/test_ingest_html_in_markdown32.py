"""HTML inside Markdown read as HTML where line-by-line reading loses its structure (round 30;
issue 10, documents as published).

Pages kept as Markdown on GitHub (an agency's corporate plan in a Jekyll site) write their
tables and some lists in raw HTML.  Read line by line with the tags stripped, a table's cells ran
together into paragraphs ("Success measures", "Targets for 2018–19", ... one passage each), and a
lead-in written as "<p>Key activities are:</p>" with its "<ul><li>" on the next line swallowed the
first item.  A block that holds a table, or block elements opened back to back, now goes through
the HTML reader (`kb.ingest.html.fragment_blocks`): a table row per <tr> with its cells apart, a
paragraph per <p>, an item per <li>; the items of a list inside a table cell keep a bullet, as a
PDF table cell's do.  A block of single "<li>" lines is read as before.

All texts are invented."""

from __future__ import annotations

from kb.ingest import parse_bytes

PLAN = """# Harbour Board corporate plan

<table><thead><tr><th>Success measures</th><th>Targets for 2027–28</th></tr></thead>
<tbody><tr><td>1. Keep the channels open.</td><td>Dredge the east channel to twelve metres.</td></tr>
<tr><td>2. Cleaner berths.</td><td><ul><li>Install shore power at two berths.</li><li>Publish berth air data.</li></ul></td></tr>
</tbody></table>

<p>Key activities for this year are:</p>
<ul><li>Berth data: Continue to publish the berth register.</li><li>Pilotage: Review pilotage fees.</li></ul>
"""


def _passages(text: str) -> list[tuple[str, str]]:
    doc = parse_bytes(text.encode(), "plan.md")
    return [(p.kind, p.text) for p in doc.passages]


def test_an_html_table_in_markdown_reads_as_rows_with_their_cells_apart():
    rows = [text for kind, text in _passages(PLAN) if kind == "table_row"]
    assert rows == ["Success measures | Targets for 2027–28",
                    "1. Keep the channels open. | Dredge the east channel to twelve metres.",
                    "2. Cleaner berths. | • Install shore power at two berths. • Publish berth air data."]


def test_a_lead_in_paragraph_keeps_its_items_apart():
    passages = _passages(PLAN)
    lead = passages.index(("paragraph", "Key activities for this year are:"))
    assert passages[lead + 1:lead + 3] == [("list_item", "Berth data: Continue to publish the berth register."),
                                           ("list_item", "Pilotage: Review pilotage fees.")]


def test_html_lines_that_each_open_an_item_read_as_before():
    text = "# Plan\n\n<ul>\n<li>Dredge the east channel.</li>\n<li>Publish the berth register.</li>\n</ul>\n"
    assert [p for p in _passages(text) if p[0] == "list_item"] == [
        ("list_item", "Dredge the east channel."), ("list_item", "Publish the berth register.")]


def test_a_list_inside_a_table_cell_of_an_html_page_keeps_its_items_apart():
    page = ("<html><head><title>Harbour Board plan</title></head><body><h1>Harbour Board plan</h1>"
            "<table><tr><th>Goal</th><th>Actions</th></tr>"
            "<tr><td>Cleaner berths</td><td><ul><li>Install shore power at two berths.</li>"
            "<li>Publish berth air data.</li></ul></td></tr></table></body></html>")
    doc = parse_bytes(page.encode(), "plan.html")
    rows = [p.text for p in doc.passages if p.kind == "table_row"]
    assert "Cleaner berths | • Install shore power at two berths. • Publish berth air data." in rows
