"""An actor the sentence did not name is marked as inferred on every screen that shows it.

Hand-made records straight into the store (no models): one whose sentence names its
actor, one whose actor is the document's main actor, one carried from a list lead-in.
"""

from __future__ import annotations

import re

import pytest

from kb.models import ACTOR_SOURCE_LABELS, Commitment, CommitmentFilter
from tests.webapp import make_app, parse_plain

TEXT = """Lakeview climate plan

The Harbour Board will dredge the north channel by 2027.

New cycle lanes will be built on Main Street by 2028.

Each school shall:

(a) install solar panels by 2029.
"""


def _records(parsed) -> list[Commitment]:
    text = parsed.text
    out = []
    for sent, actor, actor_text, source, action, target, p in (
            ("The Harbour Board will dredge the north channel by 2027.", "Harbour Board", "The Harbour Board",
             "named", "dredge", "the north channel", 1),
            ("New cycle lanes will be built on Main Street by 2028.", "Lakeview", "", "main_actor", "build",
             "New cycle lanes", 2),
            ("(a) install solar panels by 2029.", "each school", "Each school", "lead_in", "install", "solar panels", 4)):
        start = text.index(sent)
        out.append(Commitment(actor=actor, actor_text=actor_text, action=action, target=target, sentence=sent,
                              sentence_start=start, sentence_end=start + len(sent), passage_index=p,
                              actor_source=source, extractor_version="test-1"))
    return out


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False, config={"TODAY": "2026-06-01"})
    store = app.extensions["policykb"].store
    parsed = parse_plain(TEXT.encode(), "lakeview.txt")
    store.add_document(parsed, _records(parsed), "test-1")
    return app


def _id(store, actor: str) -> int:
    return store.query_commitments(CommitmentFilter(actor=actor))[0].id


def _page(client, url: str) -> str:
    resp = client.get(url)
    assert resp.status_code == 200, url
    return resp.get_data(as_text=True)


def _actor_markup(html: str, actor: str) -> list[str]:
    """Each rendering of `actor` as an actor: the element with its class and what follows it."""
    return re.findall(r'<(?:a|span)[^>]*class="actor[^"]*"[^>]*>' + re.escape(actor) + r"</(?:a|span)>[^<]*"
                      r'(?:<span class="actor-src"[^>]*>[^<]*</span>)?', html)


MAIN_LABEL = ACTOR_SOURCE_LABELS["main_actor"]


def test_an_inferred_actor_is_marked_on_the_commitment_page(client, store):
    html = _page(client, f"/commitments/{_id(store, 'Lakeview')}")
    shown = _actor_markup(html, "Lakeview")
    assert len(shown) >= 2                                  # the title and the fields table
    for s in shown:
        assert 'class="actor inferred"' in s and f"(inferred: {MAIN_LABEL})" in s.replace("&#39;", "'")
    assert "Actor from" in html


def test_an_inferred_actor_is_marked_in_the_commitments_table(client, store):
    html = _page(client, "/commitments")
    row = re.search(r"<tr>(?:(?!</tr>).)*New cycle lanes(?:(?!</tr>).)*</tr>", html, re.S).group(0)
    assert 'class="actor inferred"' in row and "(inferred: " in row
    lead = re.search(r"<tr>(?:(?!</tr>).)*solar panels(?:(?!</tr>).)*</tr>", html, re.S).group(0)
    assert f"(inferred: {ACTOR_SOURCE_LABELS['lead_in']})" in lead


def test_a_named_actor_is_not_marked(client, store):
    for url in (f"/commitments/{_id(store, 'Harbour Board')}", "/commitments", "/actors/Harbour Board"):
        html = _page(client, url)
        shown = _actor_markup(html, "Harbour Board")
        assert shown, url
        assert all("inferred" not in s for s in shown), url


def test_an_inferred_actor_is_marked_on_the_actor_search_and_document_pages(client, store):
    actor_page = _page(client, "/actors/Lakeview")
    assert "the sentence does not name Lakeview" in actor_page
    assert all("inferred" in s for s in _actor_markup(actor_page, "Lakeview"))
    results = _page(client, "/?q=cycle+lanes")
    assert any("(inferred: " in s for s in _actor_markup(results, "Lakeview"))
    doc_id = store.query_commitments(CommitmentFilter(actor="Lakeview"))[0].document_id
    doc_page = _page(client, f"/documents/{doc_id}").replace("&#39;", "'")
    assert f"by Lakeview (inferred: {MAIN_LABEL}): see it in the list" in doc_page
    assert "by Harbour Board: see it in the list" in doc_page
