"""The SQLite store: schema versioning, one-transaction writes, filters, jobs."""

from __future__ import annotations

import sqlite3

import pytest

from kb.errors import NotFound, PolicyKBError
from kb.models import Commitment, CommitmentFilter, Deadline, ParsedDocument, Passage, Quantity
from kb.store import SCHEMA_VERSION, Store


def make_doc(sha: str = "a" * 64, title: str = "Hechi to build green development pilot zone") -> ParsedDocument:
    text = "Hechi will build roads.\n\nIn addition, the city aims to build 6,000 5G base stations by 2025"
    p1 = Passage(0, "paragraph", "Hechi will build roads.", 0, 23)
    p2_text = "In addition, the city aims to build 6,000 5G base stations by 2025"
    p2 = Passage(1, "paragraph", p2_text, 25, 25 + len(p2_text))
    return ParsedDocument("hechi.txt", sha, "text/plain", title, "2022-05-10", text, (p1, p2), size=len(text))


def make_commitments(doc: ParsedDocument) -> list[Commitment]:
    p1, p2 = doc.passages
    return [
        Commitment("Hechi", "Hechi", "build", "roads", p1.text, p1.start, p1.end, 0, sector="transport",
                   flags=("no_deadline", "no_quantity"), extractor_version="t"),
        Commitment("Hechi", "the city", "build", "6,000 5G base stations", p2.text, p2.start, p2.end, 1,
                   deadline=Deadline("by 2025", "2025-12-31"),
                   quantity=Quantity(6000, "5G base stations", "6,000 5G base stations"),
                   strength="aspirational", sector="digital", places=("Hechi",), extractor_version="t"),
    ]


@pytest.fixture
def store(backend_store):
    """Every test here runs on SQLite and on PostgreSQL (tests/stores.py)."""
    return backend_store


def test_store_new_database_is_at_the_latest_schema_version(store):
    assert store.schema_version == SCHEMA_VERSION >= 1


def test_store_sqlite_database_is_in_wal_mode(tmp_path):
    store = Store(tmp_path / "kb.sqlite3")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_reopening_does_not_migrate_twice(store_target):
    Store(store_target).dispose()
    again = Store(store_target)
    assert again.schema_version == SCHEMA_VERSION
    again.dispose()


def test_store_document_round_trip_keeps_passages_and_commitments(store):
    doc = make_doc()
    doc_id = store.add_document(doc, make_commitments(doc), "t")
    rec = store.get_document(doc_id)
    assert (rec.title, rec.published, rec.text) == (doc.title, "2022-05-10", doc.text)
    passages = store.passages(doc_id)
    assert [sp.passage for sp in passages] == list(doc.passages)
    for sp in passages:
        assert rec.text[sp.passage.start:sp.passage.end] == sp.passage.text
    stored = store.query_commitments(order="id")
    assert [s.commitment for s in stored] == make_commitments(doc)
    assert all(s.document_name == "hechi.txt" for s in stored)


@pytest.mark.parametrize("filters, expected_targets", [
    (CommitmentFilter(), {"roads", "6,000 5G base stations"}),
    (CommitmentFilter(has_deadline=True), {"6,000 5G base stations"}),
    (CommitmentFilter(has_deadline=False), {"roads"}),
    (CommitmentFilter(deadline_from=2020, deadline_to=2025), {"6,000 5G base stations"}),
    (CommitmentFilter(deadline_from=2026), set()),
    (CommitmentFilter(deadline_from=2030, deadline_to=2020), set()),
    (CommitmentFilter(actor="hechi"), {"roads", "6,000 5G base stations"}),
    (CommitmentFilter(actor="Guangxi"), set()),
    (CommitmentFilter(sector="digital"), {"6,000 5G base stations"}),
    (CommitmentFilter(strength="aspirational"), {"6,000 5G base stations"}),
    (CommitmentFilter(has_quantity=True), {"6,000 5G base stations"}),
])
def test_store_filters_are_applied_in_sql(store, filters, expected_targets):
    doc = make_doc()
    store.add_document(doc, make_commitments(doc), "t")
    assert {s.commitment.target for s in store.query_commitments(filters)} == expected_targets
    assert store.count_commitments(filters) == len(expected_targets)
    assert len(store.commitment_ids(filters)) == len(expected_targets)


def test_store_same_bytes_twice_is_refused_by_the_unique_sha(store):
    doc = make_doc()
    store.add_document(doc, [], "t")
    with pytest.raises(sqlite3.IntegrityError):
        store.add_document(doc, [], "t")
    assert store.document_count() == 1


def test_store_failed_write_leaves_nothing_half_written(store):
    doc = make_doc()
    bad = make_commitments(doc)[:1] + [None]  # the second row breaks mid-transaction
    with pytest.raises(AttributeError):
        store.add_document(doc, bad, "t")  # type: ignore[list-item]
    assert store.document_count() == 0
    assert store.conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0] == 0
    assert store.count_commitments() == 0


def test_store_document_and_job_are_done_in_the_same_transaction(store):
    job = store.create_job("hechi.txt", "a" * 64)
    claimed = store.claim_next_job()
    assert claimed is not None and claimed.id == job.id and claimed.status == "processing"
    doc = make_doc()
    doc_id = store.add_document(doc, make_commitments(doc), "t", job_id=job.id)
    done = store.get_job(job.id)
    assert (done.status, done.document_id, done.commitments) == ("done", doc_id, 2)


def test_store_interrupted_jobs_go_back_to_the_queue(store):
    job = store.create_job("a.txt", "b" * 64)
    store.claim_next_job()
    assert store.requeue_interrupted() == 1
    assert store.get_job(job.id).status == "queued"


def test_store_failed_job_keeps_reason_and_can_be_retried(store):
    job = store.create_job("a.pdf", "c" * 64)
    store.fail_job(job.id, "broken PDF: no trailer")
    assert store.get_job(job.id).reason == "broken PDF: no trailer"
    assert store.retry_job(job.id).status == "queued"


def test_store_missing_records_raise_not_found(store):
    with pytest.raises(NotFound):
        store.get_document(99)
    with pytest.raises(NotFound):
        store.get_commitment(99)
    with pytest.raises(NotFound):
        store.find_document("nothing.txt")


def test_store_find_document_by_id_name_or_sha_prefix(store):
    doc_id = store.add_document(make_doc(), [], "t")
    assert store.find_document(str(doc_id)).id == doc_id
    assert store.find_document("hechi.txt").id == doc_id
    assert store.find_document("a" * 10).id == doc_id
    with pytest.raises(NotFound):
        store.find_document("%%%%%%%%")  # not a wildcard


def test_store_facets_count_matching_commitments(store):
    doc = make_doc()
    store.add_document(doc, make_commitments(doc), "t")
    assert dict(store.facet_counts("sector")) == {"digital": 1, "transport": 1}
    assert dict(store.facet_counts("deadline_year")) == {2025: 1, None: 1}


def test_store_deleting_a_document_removes_its_passages_and_commitments(store):
    doc = make_doc()
    doc_id = store.add_document(doc, make_commitments(doc), "t")
    store.delete_document(doc_id)
    assert store.count_commitments() == 0
    assert store.conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0] == 0


def test_store_online_backup_is_a_complete_copy(store, tmp_path):
    if store.dialect == "postgresql":
        with pytest.raises(PolicyKBError, match="pg_dump"):
            store.backup_to(tmp_path / "copy.sqlite3")
        return
    doc = make_doc()
    store.add_document(doc, make_commitments(doc), "t")
    store.backup_to(tmp_path / "copy.sqlite3")
    copy = Store(tmp_path / "copy.sqlite3")
    assert copy.document_count() == 1 and copy.count_commitments() == 2


def test_store_keeps_the_parsers_sentences_of_each_passage(store):
    doc = make_doc()
    doc_id = store.add_document(doc, make_commitments(doc), "t", sentences={1: ((0, 11), (13, 66))})
    first, second = store.passages(doc_id)
    assert first.sentences is None            # not parsed: the index falls back to its own splitter
    assert second.sentences == ((0, 11), (13, 66))
    store.replace_document_content(doc_id, doc, [], "t2", sentences={0: ((0, 23),)})
    first, second = store.passages(doc_id)
    assert (first.sentences, second.sentences) == (((0, 23),), None)


def test_commitments_keep_their_actor_source_and_confidence(store):
    from dataclasses import replace

    doc = make_doc()
    named, resolved = make_commitments(doc)
    doc_id = store.add_document(doc, [replace(named, confidence=0.42),
                                      replace(resolved, actor_source="pronoun_resolved")], "t")
    got = {s.commitment.target: s.commitment for s in store.iter_commitments(CommitmentFilter(document_id=doc_id))}
    assert got["roads"].actor_source == "named" and got["roads"].confidence == 0.42
    assert got["6,000 5G base stations"].actor_inferred and got["6,000 5G base stations"].confidence is None
