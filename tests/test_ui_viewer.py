"""The document viewer: previous/next commitment, in-page jumps, a list item with its lead-in.

The invented document has 24 filler paragraphs, then a lead-in "The Harbor Board may not:"
(passage 24, the last of page 1) and two list items under it (passages 25 and 26, page 2):
the items alone would read as promises; their lead-in makes them refusals.
"""

from __future__ import annotations

import re

import pytest

from kb.models import ParsedDocument, Passage
from tests.webapp import make_app, rule_commitments


def build(blocks: list[tuple[str, str, int | None]]) -> ParsedDocument:
    text, passages = "", []
    for i, (kind, block, parent) in enumerate(blocks):
        if text:
            text += "\n\n"
        start = len(text)
        text += block
        passages.append(Passage(i, kind, block, start, len(text), parent_index=parent))
    return ParsedDocument("harbor.txt", "f" * 64, "text/plain", "Harbor rules", None, text, tuple(passages))


BLOCKS = ([("heading", "Harbor rules", None)]
          + [("paragraph", f"Clause {i} describes the harbor.", None) for i in range(1, 23)]
          + [("paragraph", "The Harbor Board will publish tide tables by 2027.", None),
             ("paragraph", "The Harbor Board may not:", None),
             ("list_item", "Harbor Board will sell the lighthouse by 2028.", 24),
             ("list_item", "Harbor Board will fill the old dock by 2029.", 24)])


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False, config={"TODAY": "2026-06-01"})
    store = app.extensions["policykb"].store
    parsed = build(BLOCKS)
    app.config["DOC_ID"] = store.add_document(parsed, rule_commitments(parsed), "stub-1")
    return app


def ids_by_word(store, doc_id):
    from kb.models import CommitmentFilter
    return {sc.commitment.target.split()[-1]: sc.id
            for sc in store.query_commitments(CommitmentFilter(document_id=doc_id), order="document")}


def test_previous_and_next_commitment_on_the_document_page(client, app, store):
    doc_id = app.config["DOC_ID"]
    ids = ids_by_word(store, doc_id)   # tables, lighthouse, dock
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert f'href="/documents/{doc_id}?commitment={ids["tables"]}#c-{ids["tables"]}" rel="next"' in html
    # the lighthouse is on page 2: its link opens page 2, where the previous one (page 1) links back
    page = client.get(f"/documents/{doc_id}?commitment={ids['lighthouse']}").get_data(as_text=True)
    assert "Page 2 of 2" in page and f'id="c-{ids["lighthouse"]}"' in page
    assert f'href="/documents/{doc_id}?commitment={ids["tables"]}#c-{ids["tables"]}" rel="prev"' in page
    assert f'href="/documents/{doc_id}?commitment={ids["dock"]}#c-{ids["dock"]}" rel="next"' in page
    assert f'<li id="s-{ids["lighthouse"]}" class="chosen" aria-current="true">' in page


def test_previous_and_next_on_the_commitment_page(client, app, store):
    ids = ids_by_word(store, app.config["DOC_ID"])
    html = client.get(f"/commitments/{ids['lighthouse']}").get_data(as_text=True)
    assert f'href="/commitments/{ids["tables"]}" rel="prev"' in html
    assert f'href="/commitments/{ids["dock"]}" rel="next"' in html
    last = client.get(f"/commitments/{ids['dock']}").get_data(as_text=True)
    assert 'rel="next"' not in last.split('aria-label="Previous and next commitment')[1].split("</nav>")[0]


def test_sidebar_and_highlights_jump_within_the_page(client, app, store):
    doc_id = app.config["DOC_ID"]
    ids = ids_by_word(store, doc_id)
    page = client.get(f"/documents/{doc_id}?page=2").get_data(as_text=True)
    c = ids["dock"]
    assert f'<a class="hl" href="#s-{c}"' in page
    assert f'<li id="s-{c}"><a href="#c-{c}" class="jump">' in page
    assert f'href="/commitments/{c}" class="details small"' in page


def test_a_list_item_is_shown_with_its_lead_in(client, app, store):
    doc_id = app.config["DOC_ID"]
    ids = ids_by_word(store, doc_id)
    page = client.get(f"/documents/{doc_id}?page=2").get_data(as_text=True)
    lead = re.search(r'<p class="p-leadin" id="lead-24">.*?</p>', page, re.S).group(0)
    assert "The Harbor Board may not:" in lead
    assert page.count('class="p-leadin"') == 1     # once for both items
    detail = client.get(f"/commitments/{ids['lighthouse']}").get_data(as_text=True)
    assert re.search(r'Lead-in of this list item:</span> The Harbor Board may not:</p>', detail)
    tide = client.get(f"/commitments/{ids['tables']}").get_data(as_text=True)
    assert "Lead-in of this list item" not in tide
