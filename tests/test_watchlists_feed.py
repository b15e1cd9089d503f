"""A watchlist's Atom feed, read by a real feed parser (feedparser) as a feed reader would: without a
session, at /feeds/watchlists/<feed token>.atom.  New matching commitments, status changes and
revocations become entries with stable ids; a wrong or deleted address is a 404."""

from __future__ import annotations

import pytest

from kb.models import CommitmentFilter, StatusEvidence
from kb.store_review import Editor
from web.auth import create_token, create_user
from tests.webapp import make_app

feedparser = pytest.importorskip("feedparser")

FERRY_PLAN = """Saltmarsh harbour plan

Albania will buy 12 electric ferries by 2026. The harbour board will dredge the north basin by 2031.
"""
OLD_ORDER = """Executive Order 15001: Coastal Resilience

Albania shall publish a flood atlas by 2027.
"""
NEW_ORDER = """Executive Order 15002: Revoking Coastal Orders

Executive Order 15001 of March 3, 2025 (Coastal Resilience) is hereby revoked.
"""


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, config={"TODAY": "2026-12-10"})
    store = app.extensions["policykb"].store
    create_user(store, "ana", "correct horse")
    store.conn.execute("UPDATE documents SET added_at='2020-01-01T00:00:00+00:00'")   # seeded long ago
    return app


@pytest.fixture
def ana(store):
    return {"Authorization": f"Bearer {create_token(store, 'ana')}"}


def read_feed(client, url: str):
    """Fetch with no credentials at all (a fresh client has no cookie) and parse as a feed reader does."""
    r = client.get(url.replace("http://localhost", ""))
    assert r.status_code == 200 and r.mimetype == "application/atom+xml"
    parsed = feedparser.parse(r.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def ingest(app, text: str, name: str, at: str) -> int:
    outcome = app.extensions["policykb"].pipeline.ingest_bytes(text.encode(), name)
    assert outcome.status == "added"
    store = app.extensions["policykb"].store
    store.conn.execute("UPDATE documents SET added_at=? WHERE id=?", (at, outcome.document_id))
    return outcome.document_id


def test_a_new_matching_commitment_appears_in_the_feed_with_a_link_to_its_page(app, client, store, ana):
    wl = client.post("/api/watchlists", json={"kind": "filter", "filters": "actor=Albania"}, headers=ana).get_json()
    anonymous = app.test_client()
    before = read_feed(anonymous, wl["feed_url"])
    assert before.feed.title == f"PolicyKB watchlist: {wl['name']}"
    assert {link.rel for link in before.feed.links} == {"self", "alternate"}
    assert len(before.entries) == 2   # the two seeded Albania commitments, as "new" long ago
    ingest(app, FERRY_PLAN, "harbour.txt", "2026-11-01T09:00:00+00:00")
    after = read_feed(anonymous, wl["feed_url"])
    newest = after.entries[1]   # entries[0]: its deadline coming up (below)
    ferries = next(sc for sc in store.query_commitments(CommitmentFilter(actor="Albania"))
                   if "ferries" in sc.commitment.sentence)
    assert newest.title == "New commitment: Albania buy 12 electric ferries"
    assert newest.link == f"http://localhost/commitments/{ferries.id}"
    assert "Albania will buy 12 electric ferries by 2026." in newest.content[0].value
    assert newest.updated_parsed[:3] == (2026, 11, 1)
    # the deadline (2026-12-31) came within 30 days on 2026-12-01: an entry of its own, newest of all
    kinds = [e.tags[0].term for e in after.entries]
    assert kinds[:1] == ["deadline"] and kinds.count("new") == 3
    # the same change keeps its id, so a reader shows it once
    assert [e.id for e in read_feed(anonymous, wl["feed_url"]).entries] == [e.id for e in after.entries]


def test_a_status_someone_records_is_an_entry(app, client, store, ana):
    sc = next(sc for sc in store.query_commitments() if "renewable energy" in sc.commitment.sentence)
    wl = client.post("/api/watchlists", json={"kind": "commitment", "commitment_id": sc.id}, headers=ana).get_json()
    store.set_commitment_status(sc.id, "missed", StatusEvidence(note="share stalled at 30 percent",
                                                                url="https://example.org/energy"), Editor("erin"))
    entries = read_feed(app.test_client(), wl["feed_url"]).entries
    assert [e.tags[0].term for e in entries] == ["status", "new"]
    assert entries[0].title.startswith("Status changed: Albania raise the share")
    assert "Status: missed (recorded by erin)." in entries[0].content[0].value


def test_a_revocation_by_a_later_order_is_an_entry_with_its_evidence(app, client, store, ana):
    old = ingest(app, OLD_ORDER, "eo-15001.txt", "2026-01-05T00:00:00+00:00")
    atlas = store.query_commitments(CommitmentFilter(document_id=old))[0]
    wl = client.post("/api/watchlists", json={"kind": "commitment", "commitment_id": atlas.id},
                     headers=ana).get_json()
    new = ingest(app, NEW_ORDER, "eo-15002.txt", "2026-02-01T00:00:00+00:00")
    entries = read_feed(app.test_client(), wl["feed_url"]).entries
    lineage = [e for e in entries if e.tags[0].term == "lineage"]
    assert len(lineage) == 1 and lineage[0].title.startswith("Revoked or amended: Albania publish a flood atlas")
    text = lineage[0].content[0].value
    assert "Revoked by Executive Order 15002" in text and "is hereby revoked" in text
    assert f"http://localhost/documents/{new}" in text


def test_a_wrong_or_deleted_feed_address_is_404(app, client, ana):
    wl = client.post("/api/watchlists", json={"kind": "filter", "filters": "actor=Hechi"}, headers=ana).get_json()
    anonymous = app.test_client()
    assert anonymous.get("/feeds/watchlists/not-a-token.atom").status_code == 404
    assert anonymous.get(f"/feeds/watchlists/{wl['id']}.atom").status_code == 404   # the number opens nothing
    assert client.delete(wl["api_url"], headers=ana).status_code == 200
    assert anonymous.get(wl["feed_url"].replace("http://localhost", "")).status_code == 404


def test_a_feed_reader_polling_an_unchanged_feed_gets_304_without_a_body(app, client, store, ana):
    wl = client.post("/api/watchlists", json={"kind": "filter", "filters": "actor=Albania"}, headers=ana).get_json()
    reader = app.test_client()
    url = wl["feed_url"].replace("http://localhost", "")
    first = reader.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status_code == 200 and etag.startswith('"') and modified.endswith("GMT")
    # the Last-Modified is the newest entry's time, as the feed's own <updated> says
    assert feedparser.parse(first.data).feed.updated_parsed[:6] == first.last_modified.utctimetuple()[:6]

    unchanged = reader.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b"" and unchanged.headers["ETag"] == etag
    assert reader.get(url, headers={"If-Modified-Since": modified}).status_code == 304

    ingest(app, FERRY_PLAN, "harbour.txt", "2026-11-01T09:00:00+00:00")
    changed = reader.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert len(feedparser.parse(changed.data).entries) == 4
    assert reader.get(url, headers={"If-Modified-Since": modified}).status_code == 200
    # renaming the watchlist changes the document, so its ETag too
    store.update_watchlist(wl["id"], _user_id(store, "ana"), "Renamed", 30)
    assert reader.get(url, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 200


def _user_id(store, name: str) -> int:
    return store.conn.execute("SELECT id FROM users WHERE name=?", (name,)).fetchone()[0]
