"""Links in the source are kept: an HTML <a href>, a Markdown link, a PDF link box and a URL printed in
the text become spans of the clean text (kb/ingest/links.py), stored with the document and shown on
its page as outside links (rel=noopener, a new tab) -- never a javascript: or data: URL.

The documents are invented; parsing is the real reader of each format.
"""

from __future__ import annotations

import pytest

from kb.ingest.links import locate, safe_url
from kb.ingest.parse import parse_bytes
from kb.models import SourceLink
from tests.webapp import make_app, rule_commitments

FR = "https://www.federalregister.gov/d/2031-00042"

HTML = (b"<html><head><title>Ferry plan</title>"
        b'<link rel="canonical" href="https://ports.example.gov/plans/ferry.html"></head><body>'
        b'<nav><a href="/">Home</a></nav><h1>Ferry plan</h1>'
        b'<p>The Ferry Authority will publish the timetable in the <a href="' + FR.encode() + b'">Federal'
        b' Register</a> by 2031. Read <a href="../notes/fares.html">the fare notes</a> and'
        b' <a href="javascript:alert(1)">this</a>, or <a href="#s2">section 2</a>.</p></body></html>')

MARKDOWN = ("# Ferry plan\n\nThe Ferry Authority will publish the timetable in the [Federal Register](" + FR
            + ") by 2031. Comments go to www.regulations.gov until June; [a trap](javascript:alert(1)) is"
            " dropped, [data](data:text/html,hi) too.\n").encode()


def spans(parsed) -> list[tuple[str, str]]:
    return [(parsed.text[link.start:link.end], link.url) for link in parsed.links]


def test_html_links_become_spans_of_the_text():
    parsed = parse_bytes(HTML, "ferry.html")
    # the navigation's "Home" is gone with the navigation; "#s2" is an in-page link; javascript: is never kept
    assert spans(parsed) == [("Federal Register", FR),
                             ("the fare notes", "https://ports.example.gov/notes/fares.html")]


def test_markdown_links_and_printed_urls_are_kept_and_unsafe_ones_dropped():
    parsed = parse_bytes(MARKDOWN, "ferry.md")
    assert spans(parsed) == [("Federal Register", FR), ("www.regulations.gov", "https://www.regulations.gov")]


def test_a_pdf_link_box_keeps_its_url():
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.write(6, "The Ferry Authority will publish the timetable in the ")
    pdf.write(6, "Federal Register", link=FR)
    pdf.write(6, " by 2031. A ")
    pdf.write(6, "bad link", link="javascript:alert(1)")
    pdf.write(6, " is dropped.")
    parsed = parse_bytes(bytes(pdf.output()), "ferry.pdf")
    assert spans(parsed) == [("Federal Register", FR)]


def test_anchors_are_found_in_order_as_whole_words():
    text = "In March see here. Then here again, and https://example.org/a)."
    links = locate(text, [("here", "https://a.example/1"), ("here", "https://a.example/2"),
                          ("Mar", "https://m.example")])
    assert [(text[x.start:x.end], x.url) for x in links] == [
        ("here", "https://a.example/1"), ("here", "https://a.example/2"),
        ("https://example.org/a", "https://example.org/a")]      # "Mar" is not linked inside "March"


@pytest.mark.parametrize("raw, expected", [
    ("https://example.org/x?a=1", "https://example.org/x?a=1"),
    ("mailto:desk@example.org", "mailto:desk@example.org"),
    ("JavaScript:alert(1)", None),
    ("data:text/html,<b>", None),
    ("vbscript:x", None),
    ("//evil.example/x", None),          # no base: a scheme-relative URL is not guessed
    ("https://example.org/a b", None),   # a space inside: not one URL
    ("#top", None),
])
def test_only_http_and_mailto_urls_are_safe(raw, expected):
    assert safe_url(raw) == expected


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False)
    store = app.extensions["policykb"].store
    parsed = parse_bytes(HTML, "ferry.html")
    app.config["DOC_ID"] = store.add_document(parsed, rule_commitments(parsed), "stub-1")
    return app


def test_the_links_are_stored_and_shown_as_safe_outside_links(client, app, store):
    doc_id = app.config["DOC_ID"]
    assert [x.url for x in store.document_links(doc_id)] == [FR, "https://ports.example.gov/notes/fares.html"]
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert (f'<a class="source-link" href="{FR}" rel="noopener noreferrer nofollow" target="_blank"'
            in html)
    assert "javascript:" not in html
    # the link sits inside a highlighted commitment sentence: the mark is cut around it, no link in a link
    (sc,) = [x for x in store.query_commitments() if "timetable" in x.commitment.sentence]
    assert f'data-commitment="{sc.id}"><mark>The Ferry Authority will publish the timetable in the </mark></a>' in html
    assert "<mark>Federal Register</mark></a>" in html


def test_a_new_reading_replaces_the_links_and_delete_removes_them(app, store):
    doc_id = app.config["DOC_ID"]
    parsed = parse_bytes(MARKDOWN, "ferry.md")
    store.replace_document_content(doc_id, parsed, [], "stub-2")
    assert store.document_links(doc_id) == [SourceLink(parsed.links[0].start, parsed.links[0].end, FR),
                                            parsed.links[1]]
    store.delete_document(doc_id)
    assert store.conn.execute("SELECT COUNT(*) FROM document_links").fetchone()[0] == 0


def test_the_api_gives_the_links_as_spans_of_the_text(client, app):
    doc = client.get(f"/api/documents/{app.config['DOC_ID']}").get_json()
    assert [(x["text"], x["url"]) for x in doc["links"]] == [
        ("Federal Register", FR), ("the fare notes", "https://ports.example.gov/notes/fares.html")]
    assert all(doc["text"][x["start"]:x["end"]] == x["text"] for x in doc["links"])
