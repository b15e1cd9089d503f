"""Actors merged into entities in the store, the /api/actors routes and the actors pages.

Hand-made records of invented federal orders go straight into a real SQLite store (no models);
`ensure_entities` builds the entity tables the first time a page or route reads them.
"""

from __future__ import annotations

import pytest

from kb.models import Commitment, Deadline
from tests.webapp import make_app, parse_plain

COASTAL = """Executive Order 19101: Coastal Resilience

The Secretary of Commerce shall map the eroding shoreline by 2030.

The Department of Commerce shall publish the tide gauge data by 2024.

Commerce shall fund ten harbour pilots.

The Secretary of Commerce and the Secretary of Energy shall site two tidal plants by 2031.

The Coastal Restoration Agency (CRA) will restore the dunes. The CRA shall report yearly by 2029.
"""

HEALTH = """Executive Order 19102: Healthy Harbours

The Secretary of HHS shall study harbour air by 2027.

The Secretary of Health and Human Services shall publish the study by 2028.
"""

ACTORS = {
    "The Secretary of Commerce shall": "Secretary of Commerce",
    "The Department of Commerce shall": "Department of Commerce",
    "Commerce shall": "Commerce",
    "The Secretary of Commerce and": "Secretary of Commerce and the Secretary of Energy",
    "The Coastal Restoration Agency (CRA) will": "Coastal Restoration Agency",
    "The CRA shall": "CRA",
    "The Secretary of HHS shall": "Secretary of HHS",
    "The Secretary of Health and Human Services shall": "Secretary of Health and Human Services",
}


def records(parsed) -> list[Commitment]:
    """One commitment per sentence that starts with a key of ACTORS (its deadline: the year it names)."""
    out = []
    for p in parsed.passages[1:]:
        for sentence in [s.strip() + "." for s in p.text.split(".") if s.strip()]:
            actor = next((a for lead, a in ACTORS.items() if sentence.startswith(lead)), None)
            if actor is None:
                continue
            start = parsed.text.index(sentence)
            year = next((w[:4] for w in sentence.split() if w[:2] == "20" and w[:4].isdigit()), None)
            out.append(Commitment(actor=actor, actor_text=actor, action="do", target=sentence,
                                  sentence=sentence, sentence_start=start, sentence_end=start + len(sentence),
                                  passage_index=p.index, extractor_version="test-1",
                                  deadline=Deadline(f"by {year}", f"{year}-12-31") if year else None))
    return out


def add(store, text: str, name: str) -> int:
    parsed = parse_plain(text.encode(), name)
    return store.add_document(parsed, records(parsed), "test-1")


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False, config={"TODAY": "2026-06-01"})
    store = app.extensions["policykb"].store
    add(store, COASTAL, "coastal.md")
    add(store, HEALTH, "health.md")
    return app


@pytest.fixture
def store(app):
    return app.extensions["policykb"].store


@pytest.fixture
def client(app):
    return app.test_client()


def _by_name(store) -> dict:
    return {e.name: e for e in store.entity_summaries("2026-06-01")}


def test_names_of_one_body_merge_into_one_entity(store):
    r = store.rebuild_entities()
    assert r.actors == 8
    entities = _by_name(store)
    assert set(entities) == {"Department of Commerce", "Department of Energy", "Coastal Restoration Agency",
                             "Department of Health and Human Services"}
    assert r.entities == 4
    assert entities["Department of Commerce"].commitments == 4      # office, department, short name, joint
    assert entities["Department of Energy"].commitments == 1        # only as a member of the joint actor
    assert entities["Coastal Restoration Agency"].commitments == 2  # the name and its acronym
    assert entities["Department of Health and Human Services"].documents == 1


def test_each_alias_keeps_the_rule_that_linked_it(store):
    store.rebuild_entities()
    commerce = _by_name(store)["Department of Commerce"]
    rules = {a.mention: a.rule for a in store.entity_aliases(commerce.id)}
    assert rules == {"Secretary of Commerce": "office of body", "Department of Commerce": "exact",
                     "Commerce": "department name",
                     "Secretary of Commerce and the Secretary of Energy": "joint member; office of body"}


def test_counts_by_status_use_the_deadline_and_today(store):
    store.rebuild_entities()
    commerce = _by_name(store)["Department of Commerce"]
    # 2030 and 2031 upcoming, 2024 passed, one without a deadline
    assert commerce.statuses == {"upcoming": 2, "deadline_passed": 1, "none": 1}


def test_search_and_sort(store):
    store.rebuild_entities()
    assert [e.name for e in store.entity_summaries("2026-06-01", search="HHS")] == [
        "Department of Health and Human Services"]
    assert store.entity_count("CRA") == 1
    names = [e.name for e in store.entity_summaries("2026-06-01", order="name")]
    assert names == sorted(names, key=str.lower)


def test_a_new_document_is_merged_on_the_next_read(store):
    assert store.ensure_entities() is True
    assert store.ensure_entities() is False
    add(store, "Executive Order 19103: Ports\n\nThe Commerce Department shall dredge two ports by 2033.\n", "ports.md")
    assert store.ensure_entities() is True


def test_api_actors_lists_entities_with_counts_by_status(client):
    body = client.get("/api/actors").get_json()
    assert body["count"] == 4
    top = body["items"][0]
    assert (top["name"], top["commitments"], top["statuses"]["upcoming"]) == ("Department of Commerce", 4, 2)
    assert client.get("/api/actors?q=restoration").get_json()["count"] == 1
    assert client.get("/api/actors?sort=nonsense").status_code == 400


def test_api_actor_gives_aliases_and_commitments(client):
    top = client.get("/api/actors").get_json()["items"][0]
    body = client.get(top["api_url"]).get_json()
    assert body["name"] == "Department of Commerce"
    assert body["count"] == 4 and len(body["items"]) == 4
    assert {a["mention"] for a in body["aliases"]} >= {"Commerce", "Secretary of Commerce"}
    assert client.get("/api/actors/99999").get_json()["error"]["code"]


def test_the_actors_page_is_a_searchable_scorecard(client):
    html = client.get("/actors").get_data(as_text=True)
    assert "Department of Commerce" in html and "Coastal Restoration Agency" in html
    html = client.get("/actors?q=tidal").get_data(as_text=True)
    assert "No actor matches" in html
    html = client.get("/actors?q=commerce&sort=name").get_data(as_text=True)
    assert "Department of Commerce" in html and "Coastal Restoration Agency" not in html


def test_the_entity_page_lists_its_names_and_commitments(client, store):
    store.rebuild_entities()
    commerce = _by_name(store)["Department of Commerce"]
    html = client.get(f"/actors/e/{commerce.id}").get_data(as_text=True)
    assert "Also named" in html and "department name" in html
    assert "map the eroding shoreline" in html
    assert client.get("/actors/e/99999").status_code == 404


def test_the_cli_rebuilds_and_lists_entities(tmp_path, capsys):
    from kb.store import Store
    from kb.config import load_settings
    from policykb.cli.app import main

    store = Store(load_settings(tmp_path).db_path)
    add(store, COASTAL, "coastal.md")
    store.close()
    assert main(["--data", str(tmp_path), "entities", "rebuild"]) == 0
    assert "6 actor names merged into 3 entities" in capsys.readouterr().out
    assert main(["--data", str(tmp_path), "entities", "list", "--search", "commerce"]) == 0
    # id, commitments, documents, name; Energy matches too, through the joint actor it is named in
    lines = [line.split("\t")[1:] for line in capsys.readouterr().out.splitlines()]
    assert lines == [["4", "1", "Department of Commerce"], ["1", "1", "Department of Energy"]]
