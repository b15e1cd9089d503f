"""Watchlists in the store: saved watches per user, visits, and what changed for a set of commitments
(kb/store_watchlists.py, kb/watchlists.py).  Real SQLite; documents come from the rule-based stand-in
extractor of tests/webapp.py, and their arrival times are set so "since" has something to compare."""

from __future__ import annotations

import pytest

from kb.errors import InvalidQuery, NotFound
from kb.models import CommitmentFilter, StatusEvidence
from kb.store import Store
from kb.store_review import Editor
from kb.watchlists import WatchSpec, check_days, check_name, deadline_entered, due_soon, watch_events
from tests.webapp import seed_document

HARBOUR = """Saltmarsh harbour plan

The harbour board will buy 12 electric ferries by 2026. The harbour board will dredge the north basin by 2031.
"""
ORCHARD = """Saltmarsh orchard plan

The parks office will plant 400 apple trees by 2029.
"""
OLD_ORDER = """Executive Order 15001: Coastal Resilience

The Secretary of Coastal Affairs shall publish a flood atlas by 2027.
"""
NEW_ORDER = """Executive Order 15002: Revoking Coastal Orders

Executive Order 15001 of March 3, 2025 (Coastal Resilience) is hereby revoked.
"""


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "kb.sqlite3")
    assert (s.add_user("ana", "not-a-real-hash"), s.add_user("ben", "not-a-real-hash")) == (1, 2)
    return s


def added(store, doc_id: int, at: str) -> int:
    """Say when the document arrived (the store stamps the current second; tests need distinct times)."""
    store.conn.execute("UPDATE documents SET added_at=? WHERE id=?", (at, doc_id))
    return doc_id


def ids_of(store, doc_id: int) -> list[int]:
    return [sc.id for sc in store.query_commitments(CommitmentFilter(document_id=doc_id))]


def test_a_watchlist_belongs_to_its_user_and_its_feed_token_is_unguessable(store):
    a = store.add_watchlist(1, "Ferries", WatchSpec("search", query="electric ferries", mode="hybrid"), 30)
    b = store.add_watchlist(1, "Orchards", WatchSpec("filter", filters="actor=parks+office"), 60)
    assert [w.name for w in store.list_watchlists(1)] == ["Orchards", "Ferries"]   # newest first
    assert store.count_watchlists(1) == 2 and store.count_watchlists(2) == 0
    assert a.feed_token != b.feed_token and len(a.feed_token) >= 32
    assert store.watchlist_by_feed_token(a.feed_token).id == a.id
    assert store.get_watchlist(b.id, 1).spec == WatchSpec("filter", filters="actor=parks+office")
    with pytest.raises(NotFound):
        store.get_watchlist(a.id, 2)        # someone else's is the same as none
    with pytest.raises(NotFound):
        store.delete_watchlist(a.id, 2)
    store.delete_watchlist(a.id, 1)
    with pytest.raises(NotFound):
        store.watchlist_by_feed_token(a.feed_token)   # the feed address ends with the watchlist


def test_the_last_visit_is_kept_per_user_and_watchlist(store):
    wl = store.add_watchlist(1, "Ferries", WatchSpec("commitment", commitment_id=7), 30)
    assert wl.last_visited_at is None and wl.since == wl.created_at
    store.mark_watchlist_visited(wl.id, 1, "2026-03-01T10:00:00+00:00")
    store.mark_watchlist_visited(wl.id, 1, "2026-03-02T09:30:00+00:00")
    again = store.get_watchlist(wl.id, 1)
    assert again.last_visited_at == "2026-03-02T09:30:00+00:00" == again.since


def test_an_incomplete_watch_is_refused_with_the_missing_field_named():
    with pytest.raises(InvalidQuery, match="kind"):
        WatchSpec("newsletter")
    with pytest.raises(InvalidQuery, match="query"):
        WatchSpec("search", query="   ")
    with pytest.raises(InvalidQuery, match="entity_id"):
        WatchSpec("entity")
    with pytest.raises(InvalidQuery, match="commitment_id"):
        WatchSpec("commitment")
    with pytest.raises(InvalidQuery, match="days"):
        check_days(0)
    with pytest.raises(InvalidQuery, match="days"):
        check_days("soon")
    assert check_days(None) == 30 and check_days(7) == 7
    with pytest.raises(InvalidQuery, match="name"):
        check_name("x" * 201)
    assert check_name("  Ferries   watch ") == "Ferries watch"


def test_new_commitments_are_those_stored_since_the_visit(store):
    old = added(store, seed_document(store, ORCHARD, "orchard.txt"), "2026-01-10T08:00:00+00:00")
    new = added(store, seed_document(store, HARBOUR, "harbour.txt"), "2026-02-20T08:00:00+00:00")
    watched = ids_of(store, old) + ids_of(store, new)
    events = watch_events(store, watched, today="2026-03-01", days=30, since="2026-02-01T00:00:00+00:00")
    assert {e.commitment.id for e in events} == set(ids_of(store, new))
    assert {e.kind for e in events} == {"new"} and {e.at for e in events} == {"2026-02-20T08:00:00+00:00"}
    everything = watch_events(store, watched, today="2026-03-01", days=30)
    assert len(everything) == 3 and everything[-1].commitment.document_id == old   # newest first
    # a change in the very second of the visit is shown again rather than missed
    assert len(watch_events(store, watched, today="2026-03-01", days=30, since="2026-02-20T08:00:00+00:00")) == 2


def test_a_recorded_status_is_an_event_and_closes_the_deadline(store):
    doc = added(store, seed_document(store, HARBOUR, "harbour.txt"), "2026-01-10T08:00:00+00:00")
    ferries = next(i for i in ids_of(store, doc) if "ferries" in store.get_commitment(i).commitment.sentence)
    assert [sc.id for sc in due_soon(store, [ferries], today="2026-12-10", days=30)] == [ferries]
    store.set_commitment_status(ferries, "met", StatusEvidence(note="all 12 in service", url="https://example.org/f"),
                                Editor("erin", 1))
    events = watch_events(store, [ferries], today="2026-12-10", days=30, since="2026-02-01T00:00:00+00:00")
    assert [(e.kind, e.commitment.id) for e in events] == [("status", ferries)]
    assert events[0].detail == "status: met (recorded by erin)"
    assert due_soon(store, [ferries], today="2026-12-10", days=30) == []   # met: no longer coming up


def test_a_deadline_entering_the_window_is_dated_the_day_it_entered(store):
    doc = added(store, seed_document(store, HARBOUR, "harbour.txt"), "2026-01-10T08:00:00+00:00")
    ferries = [i for i in ids_of(store, doc) if "ferries" in store.get_commitment(i).commitment.sentence]
    assert deadline_entered("2026-12-31", 30) == "2026-12-01T00:00:00+00:00"
    events = watch_events(store, ids_of(store, doc), today="2026-12-10", days=30,
                          since="2026-11-15T00:00:00+00:00")
    assert [(e.kind, e.commitment.id, e.at) for e in events] == [("deadline", ferries[0], "2026-12-01T00:00:00+00:00")]
    assert events[0].detail == "due 2026-12-31"
    # before the window opens there is nothing to say; the 2031 dredging is far off either way
    assert watch_events(store, ids_of(store, doc), today="2026-11-20", days=30,
                        since="2026-11-15T00:00:00+00:00") == []


def test_an_order_revoked_by_a_later_order_is_a_lineage_event_with_its_evidence(store):
    old = added(store, seed_document(store, OLD_ORDER, "eo-15001.txt"), "2026-01-10T08:00:00+00:00")
    new = added(store, seed_document(store, NEW_ORDER, "eo-15002.txt"), "2026-02-20T08:00:00+00:00")
    store.ensure_entities()   # revocations are derived from the texts
    atlas = ids_of(store, old)
    assert len(atlas) == 1
    events = watch_events(store, atlas, today="2026-03-01", days=30, since="2026-02-01T00:00:00+00:00")
    assert [(e.kind, e.document_id) for e in events] == [("lineage", new)]
    assert events[0].detail.startswith("revoked by Executive Order 15002")
    assert "is hereby revoked" in events[0].sentence and events[0].at == "2026-02-20T08:00:00+00:00"
