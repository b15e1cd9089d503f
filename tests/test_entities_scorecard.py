"""Scorecards: commitments by status bucket and by sector, for an entity, a document and the whole
knowledge base; the sortable, searchable actors list; CSV and JSON exports; the API shapes.

Two invented federal orders go into a real SQLite store; the second revokes the first, and a person
marks one commitment met and one missed, so every bucket has something in it.
"""

from __future__ import annotations

import csv
import io

import pytest

from kb.models import Commitment, Deadline, StatusEvidence
from kb.store_entities import SCORE_BUCKETS
from kb.store_review import Editor
from tests.webapp import make_app, parse_plain

TODAY = "2026-06-01"

PORTS = """Executive Order 19201: Clean Ports

The Secretary of Transportation shall electrify ten ferry berths by 2030.

The Secretary of Transportation shall publish a port emissions map by 2024.

The Department of Transportation shall open a harbour grant window in 2026.

The Secretary of Energy shall fund shore power pilots by 2025.

The Secretary of Energy shall survey tidal sites.
"""

REVOKING = """Executive Order 19202: Revoking Executive Order 19201

Executive Order 19201 of March 3, 2026 (Clean Ports) is hereby revoked.

The Secretary of Energy shall report on the revoked pilots by 2031.
"""

# sentence start -> (actor, sector)
LINES = {
    "The Secretary of Transportation shall electrify": ("Secretary of Transportation", "transport"),
    "The Secretary of Transportation shall publish": ("Secretary of Transportation", "environment"),
    "The Department of Transportation shall open": ("Department of Transportation", "transport"),
    "The Secretary of Energy shall fund": ("Secretary of Energy", "energy"),
    "The Secretary of Energy shall survey": ("Secretary of Energy", None),
    "The Secretary of Energy shall report": ("Secretary of Energy", "energy"),
}


def add(store, text: str, name: str) -> int:
    parsed = parse_plain(text.encode(), name)
    out = []
    for p in parsed.passages[1:]:
        lead = next((k for k in LINES if p.text.startswith(k)), None)
        if lead is None:
            continue
        actor, sector = LINES[lead]
        start = parsed.text.index(p.text)
        year = next((w[:4] for w in p.text.split() if w[:2] == "20" and w[:4].isdigit()), None)
        out.append(Commitment(actor=actor, actor_text=actor, action="do", target=p.text, sentence=p.text,
                              sentence_start=start, sentence_end=start + len(p.text), passage_index=p.index,
                              extractor_version="test-1", sector=sector,
                              deadline=Deadline(f"by {year}", f"{year}-12-31") if year else None))
    return store.add_document(parsed, out, "test-1")


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False, config={"TODAY": TODAY})
    store = app.extensions["policykb"].store
    ports = add(store, PORTS, "ports.md")
    add(store, REVOKING, "revoking.md")
    # a person's word on the revoked order's commitments comes first: one met, one missed
    def starting(words: str) -> int:
        return next(sc.id for sc in store.extracted_commitments(ports) if sc.commitment.sentence.startswith(words))

    store.set_commitment_status(starting("The Secretary of Transportation shall electrify"), "met",
                                StatusEvidence(url="https://example.org/berths"), Editor("erin"))
    store.set_commitment_status(starting("The Secretary of Energy shall fund"), "missed",
                                StatusEvidence(note="no pilots funded"), Editor("erin"))
    store.rebuild_entities()
    return app


@pytest.fixture
def store(app):
    return app.extensions["policykb"].store


@pytest.fixture
def client(app):
    return app.test_client()


def entity(store, name: str):
    return next(e for e in store.entity_summaries(TODAY) if e.name == name)


def test_an_entity_scorecard_counts_by_bucket(store):
    transport = entity(store, "Department of Transportation")
    # met (a person), revoked (2024 and 2026: the order was revoked, before either deadline could count)
    assert transport.scores == {"open": 0, "due": 0, "deadline_passed": 0, "met": 1, "partly_met": 0, "missed": 0,
                                "revoked": 2}
    energy = entity(store, "Department of Energy")
    # missed (a person), revoked (no deadline), open (2031, the revoking order's own)
    assert energy.scores == {"open": 1, "due": 0, "deadline_passed": 0, "met": 0, "partly_met": 0, "missed": 1,
                             "revoked": 1}


def test_an_entity_scorecard_by_sector(store):
    card = store.scorecard(TODAY, entity_id=entity(store, "Department of Transportation").id)
    assert card.scope == "entity" and card.total == 3
    assert [(r.sector, r.total, r.scores["met"], r.scores["revoked"]) for r in card.sectors] == [
        ("transport", 2, 1, 1), ("environment", 1, 0, 1)]


def test_the_knowledge_base_and_a_document_have_the_same_scorecard(store):
    whole = store.scorecard(TODAY)
    assert whole.scope == "knowledge base" and whole.total == 6
    assert whole.scores == {"open": 1, "due": 0, "deadline_passed": 0, "met": 1, "partly_met": 0, "missed": 1,
                            "revoked": 3}
    assert sum(r.total for r in whole.sectors) == 6
    assert whole.sectors[-1].sector is None          # no sector found: last, still counted
    revoking = next(d.id for d, _n in store.document_summaries() if d.source_name == "revoking.md")
    one = store.scorecard(TODAY, document_id=revoking)
    assert (one.scope, one.total, one.scores["open"]) == ("document", 1, 1)


def test_due_this_year_and_deadline_passed(tmp_path):
    app = make_app(tmp_path, seed=False, config={"TODAY": "2024-03-01"})
    store = app.extensions["policykb"].store
    add(store, PORTS, "ports.md")                    # no revoking order, no person's word
    store.rebuild_entities()
    assert store.scorecard("2025-06-01").scores == {"open": 3, "due": 1, "deadline_passed": 1, "met": 0,
                                                    "partly_met": 0, "missed": 0, "revoked": 0}


def test_the_list_sorts_by_any_scorecard_column_and_searches_aliases(store):
    assert [e.name for e in store.entity_summaries(TODAY, order="met")][0] == "Department of Transportation"
    assert [e.name for e in store.entity_summaries(TODAY, order="open")][0] == "Department of Energy"
    assert [e.name for e in store.entity_summaries(TODAY, search="Secretary of Energy")] == ["Department of Energy"]
    revoking = next(d.id for d, _n in store.document_summaries() if d.source_name == "revoking.md")
    [only] = store.entity_summaries(TODAY, document_id=revoking)
    assert (only.name, only.commitments) == ("Department of Energy", 1)
    assert store.entity_count(document_id=revoking) == 1


def test_the_actors_page_is_the_knowledge_base_scorecard(client):
    html = client.get("/actors").get_data(as_text=True)
    assert 'data-bucket="revoked"><span class="n">3</span>' in html
    assert 'id="sectors"' in html and "transport" in html
    assert 'data-sort="missed"' in html
    html = client.get("/actors?sort=met").get_data(as_text=True)
    assert html.index("Department of Transportation") < html.index("Department of Energy")
    assert client.get("/actors?sort=sideways").status_code == 400


def test_a_document_scorecard_page(client, store):
    revoking = next(d.id for d, _n in store.document_summaries() if d.source_name == "revoking.md")
    html = client.get(f"/actors?document={revoking}").get_data(as_text=True)
    assert "Scorecard of this document" in html and "Department of Energy" in html
    assert "Department of Transportation" not in html
    assert client.get("/actors?document=999").status_code == 404


def test_the_entity_page_shows_its_scorecard_by_sector(client, store):
    html = client.get(f"/actors/e/{entity(store, 'Department of Transportation').id}").get_data(as_text=True)
    assert 'data-bucket="met"><span class="n">1</span>' in html
    assert '<tr data-sector="environment">' in html


def test_a_name_page_leads_to_its_entity_and_the_entity_scorecard_export(client, store):
    import lxml.html

    transport = entity(store, "Department of Transportation").id
    page = lxml.html.fromstring(client.get("/actors/Secretary of Transportation").data)
    [link] = page.xpath('//p[@class="name-entities"]//a[not(contains(@class, "scorecard"))]')
    assert (link.get("href"), link.text_content()) == (f"/actors/e/{transport}", "Department of Transportation")
    [csv_link] = page.xpath('//p[@class="name-entities"]//a[@class="scorecard-csv"]/@href')
    card = list(csv.reader(io.StringIO(client.get(csv_link).get_data(as_text=True))))
    assert card[-1][:2] == ["(all sectors)", "3"]
    # the entity page links the same export
    entity_page = lxml.html.fromstring(client.get(f"/actors/e/{transport}").data)
    assert csv_link in entity_page.xpath('//p[@class="export-links"]/a/@href')


def test_exports_as_csv_and_json(client, store):
    rows = list(csv.reader(io.StringIO(client.get("/actors.csv?sort=name").get_data(as_text=True))))
    assert rows[0] == ["id", "name", "commitments", "documents", *SCORE_BUCKETS, "url"]
    assert [r[1] for r in rows[1:]] == ["Department of Energy", "Department of Transportation"]
    body = client.get("/actors.json?q=transport").get_json()
    assert body["count"] == 1 and body["items"][0]["scores"]["met"] == 1
    transport = entity(store, "Department of Transportation").id
    card = list(csv.reader(io.StringIO(client.get(f"/scorecard.csv?entity={transport}").get_data(as_text=True))))
    assert card[0] == ["sector", "commitments", *SCORE_BUCKETS]
    assert card[-1] == ["(all sectors)", "3", "0", "0", "0", "1", "0", "0", "2"]
    assert client.get("/scorecard.json").get_json()["scores"]["revoked"] == 3


def test_api_lists_entities_with_scores_in_the_one_list_shape(client):
    body = client.get("/api/actors?sort=revoked&limit=1").get_json()
    assert set(body) == {"items", "count", "limit", "offset", "next"}
    assert (body["count"], body["items"][0]["name"]) == (2, "Department of Transportation")
    assert body["items"][0]["scores"]["revoked"] == 2
    assert body["next"] == "/api/actors?sort=revoked&limit=1&offset=1"


def test_api_entity_and_scorecard(client, store):
    transport = entity(store, "Department of Transportation").id
    body = client.get(f"/api/actors/{transport}").get_json()
    assert body["scores"]["met"] == 1 and body["sectors"][0]["sector"] == "transport"
    assert body["count"] == 3 and body["overlays"] == []
    card = client.get("/api/scorecard").get_json()
    assert card["scope"] == "knowledge base" and card["total"] == 6
    assert client.get("/api/scorecard?entity=99999").status_code == 404
    assert client.get("/api/scorecard?document=zero").status_code == 400
