"""People's corrections survive `policykb reextract`.

The unit tests use a stand-in reader (tests/webapp.py's rule-based parse and extract, with a twist
that plays an improved extractor); the integration test at the end runs the real CLI, the real
extractor and the real search index on an invented document.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kb.config import load_settings
from kb.models import CommitmentFilter
from kb.reextract import reextract_document
from kb.store import Store
from kb.store_review import Editor, parse_corrections
from tests.webapp import HECHI_TEXT, OTHER_TEXT, StubPipeline, parse_plain, rule_commitments

ERIN = Editor("erin", 1)
NEW_PARAGRAPH = b"A new opening paragraph was added to this edition of the plan."


class Reader(StubPipeline):
    """Re-reads a kept original the way a newer version would: a paragraph more at the top (every
    sentence moves), every actor read differently, and some sentences no longer read as commitments."""

    drop: tuple[str, ...] = ()
    action_renames: dict[str, str] = {}

    def read_original(self, sha256, source_name, should_stop=None):
        data = self.originals.get(sha256)
        title, rest = data.split(b"\n\n", 1)
        parsed = parse_plain(title + b"\n\n" + NEW_PARAGRAPH + b"\n\n" + rest, source_name)
        out = []
        for c in rule_commitments(parsed, "stub-2"):
            if any(word in c.sentence for word in self.drop):
                continue
            out.append(replace(c, actor=c.actor.upper(), action=self.action_renames.get(c.action, c.action)))
        return parsed, out, {}


@pytest.fixture
def kb(tmp_path):
    settings = load_settings(tmp_path)
    store = Store(settings.db_path)
    pipeline = Reader(settings, store)
    for text, name in ((HECHI_TEXT, "hechi.txt"), (OTHER_TEXT, "albania.txt")):
        pipeline.ingest_bytes(text.encode(), name)
    return store, pipeline


def find(store, words: str, include_rejected: bool = False):
    rows = store.conn.execute("SELECT id FROM commitments WHERE sentence LIKE ?", (f"%{words}%",)).fetchall()
    out = []
    for (cid,) in rows:
        sc = store.get_commitment_overlaid(cid)
        if include_rejected or sc.review is None or sc.review.state != "rejected":
            out.append(sc)
    assert len(out) == 1, (words, out)
    return out[0]


def test_edited_confirmed_rejected_and_added_records_come_through_a_new_reading(kb):
    store, pipeline = kb
    railway = find(store, "railway")
    store.correct_commitment(railway.id, parse_corrections({"actor": "Nandan County"}), ERIN, "the county")
    base_stations = find(store, "6,000")
    store.confirm_commitment(base_stations.id, ERIN)
    coal = find(store, "coal")
    store.reject_commitment(coal.id, ERIN, "a past event, not a commitment")
    hechi = store.find_document("hechi.txt")
    sentence = "Bama will improve rural public infrastructure."
    store.reject_commitment(find(store, "rural").id, ERIN, "read again by hand below")
    start = hechi.text.index(sentence)
    added = store.add_commitment(hechi.id, start, start + len(sentence),
                                 parse_corrections({"actor": "Bama County", "action": "improve",
                                                    "target": "rural public infrastructure"}), ERIN)
    before = store.count_commitments()

    reports = [reextract_document(pipeline, d) for d, _n in store.list_documents()]

    assert sum(r.carried for r in reports) == 5 and all(r.conflicts == () for r in reports)
    # the edit keeps the person's actor; the new reading of the same record is beside it
    railway2 = find(store, "railway")
    assert railway2.id != railway.id and railway2.commitment.actor == "Nandan County"
    assert store.conn.execute("SELECT actor FROM commitments WHERE id=?", (railway2.id,)).fetchone()[0] == "NANDAN"
    assert [h.field for h in store.commitment_history(railway2.id)] == ["actor"]
    # a confirmed record keeps every field the person vouched for
    assert find(store, "6,000").commitment.actor == "Hechi"
    # an unreviewed record takes the new reading
    assert find(store, "publish an annual").commitment.actor == "THE"
    # rejected stays out of lists and counts
    coal2 = find(store, "coal", include_rejected=True)
    assert coal2.review.state == "rejected" and coal2.id not in store.commitment_ids()
    assert store.count_commitments() == before
    # the person's added record is back where its text now is (every sentence moved by one paragraph)
    new_text = store.get_document(hechi.id).text
    added2 = next(sc for sc in store.query_commitments(CommitmentFilter(actor="Bama County")))
    assert added2.origin == "person" and added2.review.state == "added"
    assert new_text[added2.commitment.sentence_start:added2.commitment.sentence_end] == sentence
    assert added2.commitment.sentence_start == start + len(NEW_PARAGRAPH) + 2
    assert added.id != added2.id


def test_records_that_vanish_or_read_differently_are_reported_and_wait_in_the_queue(kb):
    store, pipeline = kb
    railway = find(store, "railway")
    store.correct_commitment(railway.id, parse_corrections({"deadline": "2032"}), ERIN)
    rural = find(store, "rural")
    store.confirm_commitment(rural.id, ERIN)
    pipeline.drop = ("railway",)
    pipeline.action_renames = {"improve": "upgrade"}

    report = reextract_document(pipeline, store.find_document("hechi.txt"))

    assert report.carried == 0 and len(report.conflicts) == 2
    assert "no longer among the extracted records" in report.conflicts[0] and "railway" in report.conflicts[0]
    assert "another action (was 'improve')" in report.conflicts[1]
    conflicts = store.review_conflicts()
    assert [c.sentence[:20] for c in conflicts] == ["nandan will build a ", "bama will improve ru"]
    assert "conflict" in [h.field for h in store.review_history(conflicts[0].review_id)]
    # the record read with another action is a fresh record, unreviewed: it is in the queue
    assert find(store, "rural").commitment.action == "upgrade"
    assert find(store, "rural").id in [sc.id for sc in store.review_queue()]
    store.dismiss_conflict(conflicts[0].review_id, ERIN)
    assert len(store.review_conflicts()) == 1


def test_a_person_set_publication_date_survives_and_redates(kb):
    store, pipeline = kb
    doc = store.find_document("hechi.txt")
    sc = find(store, "rural")
    store.correct_commitment(sc.id, parse_corrections({"deadline": "within two years"}), ERIN)
    store.set_document_metadata(doc.id, {"published": "2024-03-01", "title": "Hechi pilot zone plan"}, ERIN)
    assert find(store, "rural").commitment.deadline.date == "2026-03-01"
    reextract_document(pipeline, store.get_document(doc.id))
    doc2 = store.get_document(doc.id)
    assert (doc2.title, doc2.published) == ("Hechi pilot zone plan", "2024-03-01")
    assert find(store, "rural").commitment.deadline.date == "2026-03-01"


# -- the real thing: CLI, extractor, search index ------------------------------------------------

PLAN = """Port Marlow coastal resilience plan

Published 12 May 2025

The harbour board will raise the sea wall along Quay Street by 2028. The board will plant 3,000 mangroves on the northern flats by 2027.

The council approved the previous plan in 2019.
"""


def policykb(*args: str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policykb", "--data", str(data), *args], capture_output=True,
                          text=True, timeout=600, check=True)


@pytest.mark.integration
def test_cli_reextract_keeps_corrections_out_of_lists_search_and_exports(tmp_path: Path) -> None:
    doc = tmp_path / "port-marlow-plan.txt"
    doc.write_text(PLAN, encoding="utf-8")
    data = tmp_path / "kb"
    policykb("ingest", "-q", str(doc), data=data)
    store = Store(data / "policykb.sqlite3")
    wall = find(store, "sea wall")
    mangroves = find(store, "mangroves")
    store.correct_commitment(wall.id, parse_corrections({"actor": "Port Marlow Harbour Board"}), ERIN)
    store.reject_commitment(mangroves.id, ERIN, "pretend it is not one")
    store.close()

    out = policykb("reextract", data=data).stdout
    assert "corrections: 2 carried over, 0 not" in out

    table = policykb("commitments", "--format", "csv", data=data).stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [r["actor"] for r in rows] == ["Port Marlow Harbour Board"]
    assert rows[0]["set_by_person"] == "actor" and rows[0]["status"] == "open"
    hits = policykb("search", "mangroves on the northern flats", "--json", data=data).stdout
    assert "mangroves" not in " ".join(h["sentence"] for h in json.loads(hits)["results"] if h["kind"] == "commitment")
    hits = policykb("search", "sea wall Quay Street", "--json", data=data).stdout
    top = json.loads(hits)["results"][0]
    assert "sea wall" in top["sentence"] and top["kind"] == "commitment" and top["actor"] == "Port Marlow Harbour Board"


@pytest.mark.integration
def test_cli_reextract_reports_a_correction_it_could_not_carry(tmp_path: Path) -> None:
    doc = tmp_path / "port-marlow-plan.txt"
    doc.write_text(PLAN, encoding="utf-8")
    data = tmp_path / "kb"
    policykb("ingest", "-q", str(doc), data=data)
    db = data / "policykb.sqlite3"
    store = Store(db)
    store.confirm_commitment(find(store, "sea wall").id, ERIN)
    store.close()
    with sqlite3.connect(db) as conn:   # as if the extractor had read the sentence once with another verb
        conn.execute("UPDATE reviews SET anchor_action='fortify'")
    out = policykb("reextract", data=data).stdout
    assert "0 carried over, 1 not (in the review queue)" in out
    assert "! confirmed: 'the harbour board will raise the sea wall" in out


def test_a_rejected_record_the_new_reading_drops_is_no_conflict_and_comes_back_rejected(kb):
    store, pipeline = kb
    store.reject_commitment(find(store, "coal").id, ERIN)
    albania = store.find_document("albania.txt")
    pipeline.drop = ("coal",)
    report = reextract_document(pipeline, albania)
    assert report.conflicts == () and store.review_conflicts() == []
    pipeline.drop = ()
    report = reextract_document(pipeline, store.get_document(albania.id))
    assert report.conflicts == ()
    assert find(store, "coal", include_rejected=True).review.state == "rejected"
    assert all("coal" not in sc.commitment.sentence for sc in store.query_commitments())
