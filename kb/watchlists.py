"""Watchlists: a user follows a search, a commitments filter, an actor entity or one commitment.

Why: once people can search, they ask to be told when something changes -- a new
document with a matching commitment, a deadline coming up, a status someone
recorded, an order that revoked another.  A watchlist keeps *what* is watched
as the user gave it (kb/schema/013_watchlists.sql) and is matched again on
every read, so it follows uploads, corrections and re-extraction.

Matching a watchlist to commitment ids is the caller's job: a search needs the
search service (indexer), which `kb` may not import, and a filter's query
string is read by the web layer.  Given those ids, `watch_events` reads what
changed from the store alone:

- ``new``: a matching commitment arrived (its document was added, or a person
  added the record) -- at the time it was stored;
- ``status``: a person recorded met, missed, revoked, ... -- at that time;
- ``lineage``: a later document revokes, rescinds, supersedes or amends the
  commitment's document -- at the time that document was added;
- ``deadline``: the deadline falls within the watchlist's N days and nobody
  recorded an outcome yet -- dated the day it entered that window (never
  later than today), so a feed entry keeps one date.

Timestamps are the store's ISO seconds (kb/rows.py); "since" compares with
``>=`` so a change in the very second of a visit is shown again, never missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Sequence

from kb.errors import InvalidQuery
from kb.models import StoredCommitment

WATCH_KINDS = ("search", "filter", "entity", "commitment")
EVENT_KINDS = ("new", "status", "lineage", "deadline")
EVENT_WORDS = {"new": "New commitment", "status": "Status changed", "lineage": "Revoked or amended",
               "deadline": "Deadline coming up"}
DEFAULT_DAYS = 30
MAX_DAYS = 3650
MAX_NAME = 200
MAX_FILTERS = 2000
MAX_WATCHLISTS = 200           # per user: bad input gets a clear error, not an unbounded table
# a person's outcome closes a commitment: its deadline is no longer "coming up"
CLOSED_STATUSES = ("met", "partly_met", "missed", "revoked", "superseded")


@dataclass(frozen=True)
class WatchSpec:
    """What a watchlist follows: one of WATCH_KINDS and its parameters."""

    kind: str
    query: str | None = None          # search: the words
    mode: str | None = None           # search: the UI mode name (web.common.SEARCH_MODES)
    filters: str = ""                 # search and filter: a query string ("actor=Hechi&status=open")
    entity_key: str | None = None     # entity: the merge key (entity ids change when entities are rebuilt)
    entity_name: str | None = None
    commitment_id: int | None = None  # commitment

    def __post_init__(self) -> None:
        if self.kind not in WATCH_KINDS:
            raise InvalidQuery(f"kind must be one of {', '.join(WATCH_KINDS)}")
        if len(self.filters or "") > MAX_FILTERS:
            raise InvalidQuery(f"filters must be at most {MAX_FILTERS} characters")
        if self.kind == "search" and not (self.query or "").strip():
            raise InvalidQuery("query is required for a search watchlist")
        if self.kind == "entity" and not self.entity_key:
            raise InvalidQuery("entity_id is required for an entity watchlist")
        if self.kind == "commitment" and self.commitment_id is None:
            raise InvalidQuery("commitment_id is required for a commitment watchlist")


    def same_target(self, other: "WatchSpec") -> bool:
        """Whether two specs watch the same thing (the entity by its key, whatever its name now): a page
        shows "already watching" instead of offering a second watchlist of it."""
        def target(s: WatchSpec) -> tuple:
            return (s.kind, s.query, s.mode, s.filters or "", s.entity_key, s.commitment_id)

        return target(self) == target(other)


@dataclass(frozen=True)
class Watchlist:
    """A saved watch of one user; `last_visited_at` is that user's last visit to its page (None: never)."""

    id: int
    user_id: int
    name: str
    spec: WatchSpec
    days: int
    feed_token: str
    created_at: str
    last_visited_at: str | None = None

    @property
    def since(self) -> str:
        """From when its page shows changes: the last visit, else the moment it was created."""
        return self.last_visited_at or self.created_at


@dataclass(frozen=True)
class WatchEvent:
    """One change to a watched commitment."""

    kind: str                          # one of EVENT_KINDS
    at: str                            # ISO time it happened (the store's format)
    commitment: StoredCommitment
    detail: str                        # in words: "status: met (by ana)", "revoked by Executive Order 14099"
    document_id: int | None = None     # the document that revoked it (lineage), else None
    sentence: str | None = None        # the evidence sentence (lineage)

    @property
    def key(self) -> str:
        """Stable across reads: a feed entry's identity."""
        return f"{self.kind}:{self.commitment.id}:{self.document_id or ''}:{self.at}"


def check_name(name: str | None) -> str | None:
    name = " ".join((name or "").split())
    if len(name) > MAX_NAME:
        raise InvalidQuery(f"name must be at most {MAX_NAME} characters")
    return name or None


def check_days(days: object) -> int:
    if days is None or days == "":
        return DEFAULT_DAYS
    if isinstance(days, bool):
        raise InvalidQuery(f"days must be a whole number from 1 to {MAX_DAYS}")
    try:
        n = int(days) if not isinstance(days, float) or days.is_integer() else None
    except (TypeError, ValueError):
        n = None
    if n is None or not 1 <= n <= MAX_DAYS:
        raise InvalidQuery(f"days must be a whole number from 1 to {MAX_DAYS}")
    return n


def deadline_entered(deadline: str, days: int) -> str:
    """The day a deadline came within `days`: its date less `days`, as an ISO time at midnight UTC."""
    start = date.fromisoformat(deadline[:10]) - timedelta(days=days)
    return datetime.combine(start, time(0), timezone.utc).isoformat(timespec="seconds")


def watch_events(store, ids: Sequence[int], *, today: str, days: int, since: str | None = None,
                 limit: int | None = None) -> list[WatchEvent]:
    """What happened to the commitments `ids`, newest first (`since`: only from then on; `limit`: at most).

    `today` (ISO date) bounds the deadline window: deadlines from today to today + `days` whose
    commitment has no recorded outcome.
    """
    ids = sorted(set(int(i) for i in ids))
    found: list[tuple[str, str, int, str, int | None, str | None]] = []   # (at, kind, cid, detail, doc, sentence)
    for cid, at in store.watch_added(ids, since):
        found.append((at, "new", cid, "new in the knowledge base", None, None))
    for cid, status, at, by in store.watch_status_changes(ids, since):
        found.append((at, "status", cid, f"status: {status}" + (f" (recorded by {by})" if by else ""), None, None))
    for cid, relation, doc_id, title, sentence, at in store.watch_lineage(ids, since):
        found.append((at, "lineage", cid, f"{relation} by {title}", doc_id, sentence))
    horizon = (date.fromisoformat(today[:10]) + timedelta(days=days)).isoformat()
    now_iso = datetime.combine(date.fromisoformat(today[:10]), time(0), timezone.utc).isoformat(timespec="seconds")
    for cid, deadline, added in store.watch_deadlines(ids, today[:10], horizon, CLOSED_STATUSES):
        at = max(min(deadline_entered(deadline, days), now_iso), added)
        if since is None or at >= since:
            found.append((at, "deadline", cid, f"due {deadline[:10]}", None, None))
    found.sort(key=lambda e: (e[0], e[1], e[2]), reverse=True)
    if limit is not None:
        found = found[:limit]
    records = store.commitments_by_ids(sorted({e[2] for e in found}))
    return [WatchEvent(kind, at, records[cid], detail, doc, sentence)
            for at, kind, cid, detail, doc, sentence in found if cid in records]


def due_soon(store, ids: Sequence[int], *, today: str, days: int) -> list[StoredCommitment]:
    """The watched commitments due from `today` to `today` + `days` with no recorded outcome, soonest first."""
    horizon = (date.fromisoformat(today[:10]) + timedelta(days=days)).isoformat()
    rows = store.watch_deadlines(sorted(set(ids)), today[:10], horizon, CLOSED_STATUSES)
    rows.sort(key=lambda r: (r[1], r[0]))
    records = store.commitments_by_ids([r[0] for r in rows])
    return [records[r[0]] for r in rows if r[0] in records]
