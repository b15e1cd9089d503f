"""The commitments table's Datasette-style filters, in the page, the API, the CSV and the CLI.

Two invented plans (rule-based extraction of tests.webapp: a commitment per sentence with
"will", a deadline per "by YYYY"), published in 2019 and 2023, judged on 2026-06-01:

    Lakeside   replace lead pipes    by 2024  -> deadline passed (status unknown)
    Lakeside   plant orchards        by 2031  -> open
    Harbor     dredge the channel    (none)   -> open
    Northfield install solar roofs   by 2028  -> met (a person's word)
    Harbor     electrify ferries     by 2035  -> open
"""

from __future__ import annotations

import argparse
import csv
import io
import re

import pytest

from kb.models import CommitmentFilter, StatusEvidence
from kb.store_review import Editor
from policykb.cli.options import add_filter_options, filters_from_args
from tests.webapp import make_app, seed_document

ERIN = Editor("erin", 1)

LAKESIDE = """Lakeside water plan

Lakeside will replace lead pipes by 2024. Lakeside will plant orchards by 2031. Harbor will dredge the channel.
"""
NORTHFIELD = """Northfield energy plan

Northfield will install solar roofs by 2028. Harbor will electrify ferries by 2035.
"""


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False, config={"TODAY": "2026-06-01"})
    store = app.extensions["policykb"].store
    lake = seed_document(store, LAKESIDE, "lakeside.txt")
    north = seed_document(store, NORTHFIELD, "northfield.txt")
    store.set_document_metadata(lake, {"published": "2019-05-10"}, ERIN)
    store.set_document_metadata(north, {"published": "2023-02-01"}, ERIN)
    solar = _id(store, "solar")
    store.set_commitment_status(solar, "met", StatusEvidence(note="Roofs finished", url="https://example.org/roofs"),
                                ERIN)
    return app


def _id(store, word: str) -> int:
    (sc,) = [sc for sc in store.query_commitments() if word in sc.commitment.target]
    return sc.id


def targets(client, query: str) -> list[str]:
    """The first target word of each row of the commitments table for this query string, sorted."""
    r = client.get("/commitments?" + query)
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    store = client.application.extensions["policykb"].store
    ids = [int(x) for x in re.findall(r'<td data-label="Commitment" data-id="(\d+)"', r.get_data(as_text=True))]
    return sorted(store.get_commitment(i).commitment.target.split()[-1] for i in ids)


def api_targets(client, query: str) -> list[str]:
    r = client.get("/api/commitments?limit=100&" + query)
    assert r.status_code == 200, r.get_json()
    return sorted(item["target"].split()[-1] for item in r.get_json()["items"])


def test_several_values_of_one_facet_mean_any_of_them(client):
    assert targets(client, "actor=Lakeside&actor=Northfield") == ["orchards", "pipes", "roofs"]
    assert api_targets(client, "actor=Lakeside&actor=Northfield") == ["orchards", "pipes", "roofs"]


def test_deadline_year_range(client):
    assert targets(client, "year_from=2025&year_to=2031") == ["orchards", "roofs"]
    assert targets(client, "year_to=2028") == ["pipes", "roofs"]


def test_year_range_and_several_actors_give_the_same_rows_as_the_api(client):
    query = "actor=Lakeside&actor=Harbor&year_from=2025"
    assert targets(client, query) == api_targets(client, query) == ["ferries", "orchards"]


def test_publication_date_range(client):
    assert targets(client, "published_from=2020") == ["ferries", "roofs"]
    assert targets(client, "published_to=2019-06") == ["channel", "orchards", "pipes"]
    assert targets(client, "published_from=2019-05-11&published_to=2023-02-01") == ["ferries", "roofs"]


def test_status_filter_uses_the_persons_word_else_the_deadline(client):
    assert targets(client, "status=deadline_passed") == ["pipes"]
    assert targets(client, "status=met") == ["roofs"]
    assert targets(client, "status=open") == ["channel", "ferries", "orchards"]
    assert targets(client, "status=met&status=deadline_passed") == ["pipes", "roofs"]
    assert api_targets(client, "status=met") == ["roofs"]


def test_text_filter_within_the_table(client):
    assert targets(client, "q=orchards") == ["orchards"]
    assert targets(client, "q=harbor+ferries") == ["ferries"]       # every word, any column
    assert targets(client, "q=Northfield") == ["ferries", "roofs"]   # the document title counts too
    assert targets(client, "q=100%25") == []                          # % is a character, not a wildcard
    assert api_targets(client, "q=orchards") == ["orchards"]


def test_bad_filter_values_are_a_clear_400(client):
    r = client.get("/commitments?status=finished")
    assert r.status_code == 400
    assert "status must be one of open, deadline_passed" in r.get_data(as_text=True)
    r = client.get("/api/commitments?published_from=May+2020")
    assert r.status_code == 400
    assert "published_from must be a date" in r.get_json()["error"]["message"]


def test_facet_counts_cover_the_whole_selection_less_their_own_choice(client):
    html = client.get("/commitments?actor=Lakeside").get_data(as_text=True)
    actor = html.split('data-facet="actor"')[1].split("</section>")[0]
    # the actor facet still offers the other actors (to add one), with counts over everything else
    assert re.search(r"Harbor</span> <span class=\"count\">2<", actor)
    assert re.search(r"Northfield</span> <span class=\"count\">1<", actor)
    assert 'href="/commitments?actor=Lakeside&amp;actor=Northfield"' in actor
    # the status facet counts only Lakeside's two commitments
    status = html.split('data-facet="status"')[1].split("</section>")[0]
    assert re.search(r"Deadline passed \(status unknown\)</span> <span class=\"count\">1<", status)
    assert re.search(r"Open</span> <span class=\"count\">1<", status)
    assert "Met<" not in status


def test_chosen_value_links_remove_it_and_other_links_keep_repeated_values(client):
    html = client.get("/commitments?actor=Lakeside&actor=Harbor&sort=actor").get_data(as_text=True)
    actor = html.split('data-facet="actor"')[1].split("</section>")[0]
    assert '<a href="/commitments?actor=Harbor&amp;sort=actor" aria-current="true"' in actor
    # sort links and exports keep both actors
    assert "/commitments?actor=Lakeside&amp;actor=Harbor&amp;sort=-actor" in html
    assert "/commitments/export.csv?actor=Lakeside&amp;actor=Harbor&amp;sort=actor" in html


def test_table_shows_full_dates_and_the_document_date(client):
    html = client.get("/commitments?q=orchards").get_data(as_text=True)
    assert '<time datetime="2031-12-31">2031-12-31</time>' in html
    assert '<time class="muted" datetime="2019-05-10">2019-05-10</time>' in html
    assert "by 2031" in html
    assert 'href="#filters"' in html  # a way to the filters on a phone


def test_csv_has_status_dates_document_id_and_links(client, app):
    store = app.extensions["policykb"].store
    r = client.get("/commitments/export.csv?actor=Northfield")
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    (row,) = rows
    north = store.get_commitment(_id(store, "solar"))
    assert row["status"] == "met"
    assert row["deadline_date"] == "2028-12-31"
    assert row["published"] == "2023-02-01"
    assert row["document_id"] == str(north.document_id)
    assert row["document_url"] == f"http://localhost/documents/{north.document_id}"
    assert row["link"] == f"http://localhost/commitments/{north.id}"


def test_store_filter_takes_tuples_and_counts_status(app):
    store = app.extensions["policykb"].store
    f = CommitmentFilter(actor=("lakeside", "NORTHFIELD"), deadline_from=2025, today="2026-06-01")
    assert sorted(sc.commitment.target.split()[-1] for sc in store.query_commitments(f)) == ["orchards", "roofs"]
    counts = dict(store.facet_counts("status", CommitmentFilter(today="2026-06-01")))
    assert counts == {"open": 3, "deadline_passed": 1, "met": 1}
    assert CommitmentFilter(today="2026-06-01").is_empty()


def test_cli_options_build_the_same_filter():
    p = argparse.ArgumentParser()
    add_filter_options(p)
    f = filters_from_args(p.parse_args(["--actor", "Lakeside", "--actor", "Harbor", "--status", "open",
                                        "--published-from", "2019", "--text", "pipes", "--deadline-to", "2030"]))
    assert f.actor == ("Lakeside", "Harbor")
    assert f.status == "open" and f.today is not None
    assert (f.published_from, f.text, f.deadline_to) == ("2019", "pipes", 2030)
    one = filters_from_args(p.parse_args(["--actor", "Lakeside"]))
    assert one.actor == "Lakeside"
    with pytest.raises(SystemExit):
        p.parse_args(["--published-from", "last May"])


def test_json_export_has_document_id_and_link(client, app):
    store = app.extensions["policykb"].store
    (item,) = client.get("/commitments/export.json?q=orchards").get_json()["items"]
    lake = store.get_commitment(item["id"])
    assert item["document_id"] == lake.document_id
    assert item["document_url"] == f"http://localhost/documents/{lake.document_id}"
    assert item["citation"]["published"] == "2019-05-10" and item["deadline"]["date"] == "2031-12-31"
