"""Watchlists in the store (mixed into `kb.store.Store`): saved watches, visits, and the reads that
say what changed for a set of commitments (kb/watchlists.py turns those into events).

Why the reads take commitment ids: what a watchlist matches is decided above the store (a search
needs the search service), so the store answers for any set of ids, in chunks of 900 (SQLite's
limit on parameters).  They read what exists: `commitments_view` (people's corrections laid over
the extractor's output, rejected records left out), the review overlay's status and its time,
and the `revocations` a later document states (kb/schema/010_entities.sql; derived, so the
caller runs `ensure_entities` first), dated by when the revoking document was added.
"""

from __future__ import annotations

import secrets
import sqlite3
from typing import Any, Iterator, Sequence

from kb.errors import InvalidQuery, NotFound
from kb.rows import utc_now
from kb.watchlists import MAX_WATCHLISTS, Watchlist, WatchSpec

_SELECT = ("SELECT w.*, v.visited_at FROM watchlists w"
           " LEFT JOIN watchlist_visits v ON v.watchlist_id=w.id AND v.user_id=w.user_id")


class WatchlistStore:
    """Saved watches of users, their visits, and what changed for a set of commitments."""

    conn: sqlite3.Connection   # `conn` and `transaction` come from kb.store.Store
    transaction: Any

    # -- watchlists -------------------------------------------------------------

    def add_watchlist(self, user_id: int, name: str, spec: WatchSpec, days: int) -> Watchlist:
        """Save a watch for `user_id` with a fresh unguessable feed token (InvalidQuery past MAX_WATCHLISTS)."""
        with self.transaction() as conn:
            n = conn.execute("SELECT COUNT(*) FROM watchlists WHERE user_id=?", (user_id,)).fetchone()[0]
            if n >= MAX_WATCHLISTS:
                raise InvalidQuery(f"you have {n} watchlists, the most one account may keep; delete some first")
            wid = conn.execute(
                "INSERT INTO watchlists (user_id, name, kind, query, mode, filters, entity_key, entity_name,"
                " commitment_id, days, feed_token, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (user_id, name, spec.kind, spec.query, spec.mode, spec.filters or "", spec.entity_key,
                 spec.entity_name, spec.commitment_id, days, secrets.token_urlsafe(24), utc_now()),
            ).lastrowid
        assert wid is not None
        return self.get_watchlist(wid, user_id)

    def get_watchlist(self, watchlist_id: int, user_id: int) -> Watchlist:
        """A user's watchlist; NotFound when there is none or it is someone else's (never say which)."""
        row = self.conn.execute(_SELECT + " WHERE w.id=? AND w.user_id=?", (watchlist_id, user_id)).fetchone()
        if row is None:
            raise NotFound(f"no watchlist with id {watchlist_id}")
        return _watchlist(row)

    def watchlist_by_feed_token(self, token: str) -> Watchlist:
        row = self.conn.execute(_SELECT + " WHERE w.feed_token=?", (token,)).fetchone()
        if row is None:
            raise NotFound("no watchlist has this feed address (it was deleted, or the address is wrong)")
        return _watchlist(row)

    def list_watchlists(self, user_id: int, limit: int = -1, offset: int = 0) -> list[Watchlist]:
        """A user's watchlists, newest first."""
        rows = self.conn.execute(_SELECT + " WHERE w.user_id=? ORDER BY w.id DESC LIMIT ? OFFSET ?",
                                 (user_id, limit, offset))
        return [_watchlist(r) for r in rows]

    def find_watchlist(self, user_id: int, spec: WatchSpec) -> Watchlist | None:
        """The user's oldest watchlist of the same thing as `spec` (WatchSpec.same_target), or None."""
        rows = self.conn.execute(_SELECT + " WHERE w.user_id=? AND w.kind=? ORDER BY w.id", (user_id, spec.kind))
        return next((wl for wl in map(_watchlist, rows) if wl.spec.same_target(spec)), None)

    def count_watchlists(self, user_id: int) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM watchlists WHERE user_id=?", (user_id,)).fetchone()[0]

    def delete_watchlist(self, watchlist_id: int, user_id: int) -> None:
        with self.transaction() as conn:
            if conn.execute("DELETE FROM watchlists WHERE id=? AND user_id=?", (watchlist_id, user_id)).rowcount == 0:
                raise NotFound(f"no watchlist with id {watchlist_id}")

    def update_watchlist(self, watchlist_id: int, user_id: int, name: str, days: int) -> Watchlist:
        """Rename a user's watchlist and set its "deadlines within N days"."""
        with self.transaction() as conn:
            if conn.execute("UPDATE watchlists SET name=?, days=? WHERE id=? AND user_id=?",
                            (name, days, watchlist_id, user_id)).rowcount == 0:
                raise NotFound(f"no watchlist with id {watchlist_id}")
        return self.get_watchlist(watchlist_id, user_id)

    def mark_watchlist_visited(self, watchlist_id: int, user_id: int, at: str | None = None) -> str:
        """Record the user's visit to the watchlist's page now (or `at`); returns the time stored."""
        at = at or utc_now()
        with self.transaction() as conn:
            conn.execute("INSERT INTO watchlist_visits (watchlist_id, user_id, visited_at) VALUES (?,?,?)"
                         " ON CONFLICT (watchlist_id, user_id) DO UPDATE SET visited_at=excluded.visited_at",
                         (watchlist_id, user_id, at))
        return at

    def entity_by_key(self, key: str) -> tuple[int, str] | None:
        """(id, name) of the entity merged on `key` now, or None (entity ids change when they are rebuilt)."""
        row = self.conn.execute("SELECT id, name FROM entities WHERE key=?", (key,)).fetchone()
        return (row[0], row[1]) if row else None

    def entity_key_of(self, entity_id: int) -> tuple[str, str]:
        """(key, name) of an entity, to save a watch on it; NotFound when there is none."""
        row = self.conn.execute("SELECT key, name FROM entities WHERE id=?", (entity_id,)).fetchone()
        if row is None:
            raise NotFound(f"no actor entity with id {entity_id}")
        return row[0], row[1]

    def live_commitment_ids(self, ids: Sequence[int]) -> list[int]:
        """Those of `ids` that are live commitments (not deleted, not rejected)."""
        out: list[int] = []
        for chunk, marks in _chunks(ids):
            out += [r[0] for r in self.conn.execute(f"SELECT id FROM commitments_view WHERE id IN ({marks})", chunk)]
        return sorted(out)

    # -- what changed (kb.watchlists.watch_events) -------------------------------------

    def watch_added(self, ids: Sequence[int], since: str | None) -> list[tuple[int, str]]:
        """(commitment id, when it was stored) of `ids`: its document's arrival, or a person's adding it."""
        out = []
        for chunk, marks in _chunks(ids):
            out += [(r[0], r[1]) for r in self.conn.execute(
                "SELECT id, at FROM (SELECT c.id, CASE WHEN c.origin='person' AND c.review_at IS NOT NULL"
                " THEN c.review_at ELSE d.added_at END AS at FROM commitments_view c"
                f" JOIN documents d ON d.id=c.document_id WHERE c.id IN ({marks}))"
                " WHERE ? IS NULL OR at >= ?", [*chunk, since, since])]
        return out

    def watch_status_changes(self, ids: Sequence[int], since: str | None) -> list[tuple[int, str, str, str | None]]:
        """(commitment id, status, when, by whom) of the outcomes people recorded for `ids`."""
        out = []
        for chunk, marks in _chunks(ids):
            out += [(r[0], r[1], r[2], r[3]) for r in self.conn.execute(
                "SELECT id, review_status, review_status_at, review_status_by FROM commitments_view"
                f" WHERE id IN ({marks}) AND review_status IS NOT NULL AND review_status_at IS NOT NULL"
                " AND (? IS NULL OR review_status_at >= ?)", [*chunk, since, since])]
        return out

    def watch_lineage(self, ids: Sequence[int], since: str | None
                      ) -> list[tuple[int, str, int, str, str, str]]:
        """(commitment id, relation, revoking document id, its title, evidence sentence, when it was added)
        for `ids` whose document a later document revokes, rescinds, supersedes or amends."""
        out = []
        links = self.conn.execute("SELECT 1 FROM sqlite_master WHERE name='lineage_links'").fetchone() is not None
        for chunk, marks in _chunks(ids):
            out += [tuple(r) for r in self.conn.execute(
                "SELECT c.id, r.relation || CASE WHEN r.partial != 0 THEN ' in part' ELSE '' END, d.id, d.title,"
                " r.sentence, d.added_at FROM commitments_view c"
                " JOIN revocations r ON r.revoked_document_id=c.document_id"
                " JOIN documents d ON d.id=r.revoking_document_id"
                f" WHERE c.id IN ({marks}) AND (? IS NULL OR d.added_at >= ?)", [*chunk, since, since])]
            if links:   # commitment to commitment links (kb/schema/012_lineage.sql), less those people rejected
                out += [tuple(r) for r in self.conn.execute(
                    "SELECT l.older_id, replace(l.relation, '_', ' ')"
                    " || CASE WHEN l.detail != '' THEN ' (' || l.detail || ')' ELSE '' END, d.id, d.title,"
                    " l.sentence, d.added_at FROM lineage_links l JOIN documents d ON d.id=l.document_id"
                    f" WHERE l.older_id IN ({marks}) AND l.document_id != (SELECT document_id FROM commitments"
                    " WHERE id=l.older_id) AND NOT EXISTS (SELECT 1 FROM lineage_judgements j WHERE j.key=l.key"
                    " AND j.verdict='rejected') AND (? IS NULL OR d.added_at >= ?)", [*chunk, since, since])]
        return out  # type: ignore[return-value]

    def watch_deadlines(self, ids: Sequence[int], first: str, last: str, closed: Sequence[str]
                        ) -> list[tuple[int, str, str]]:
        """(commitment id, deadline date, when it was stored) of `ids` due from `first` to `last` (ISO dates,
        inclusive) whose recorded status is not one of `closed`."""
        out = []
        shut = ",".join("?" * len(closed))
        for chunk, marks in _chunks(ids):
            out += [(r[0], r[1], r[2]) for r in self.conn.execute(
                "SELECT c.id, c.deadline_date, d.added_at FROM commitments_view c"
                " JOIN documents d ON d.id=c.document_id"
                f" WHERE c.id IN ({marks}) AND c.deadline_date IS NOT NULL"
                " AND substr(c.deadline_date, 1, 10) BETWEEN ? AND ?"
                f" AND (c.review_status IS NULL OR c.review_status NOT IN ({shut}))",
                [*chunk, first, last, *closed])]
        return out


def _chunks(ids: Sequence[int], size: int = 900) -> Iterator[tuple[list[int], str]]:
    ids = [int(i) for i in ids]
    for i in range(0, len(ids), size):
        chunk = ids[i:i + size]
        yield chunk, ",".join("?" * len(chunk))


def _watchlist(r: sqlite3.Row) -> Watchlist:
    spec = WatchSpec(kind=r["kind"], query=r["query"], mode=r["mode"], filters=r["filters"] or "",
                     entity_key=r["entity_key"], entity_name=r["entity_name"], commitment_id=r["commitment_id"])
    return Watchlist(id=r["id"], user_id=r["user_id"], name=r["name"], spec=spec, days=r["days"],
                     feed_token=r["feed_token"], created_at=r["created_at"], last_visited_at=r["visited_at"])
