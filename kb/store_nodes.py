"""Search nodes in the store (mixed into `kb.store.Store`): who holds a replica of the search index,
how far behind the store's change log each one is, and how far the log may be pruned.

Why in the store: with several web nodes (`policykb serve` on several machines, one PostgreSQL
database) each node keeps its own FAISS + keyword replica and follows the change log
`search_changes` (kb/schema/002_search.sql) by itself (web/follower.py).  Three things need one
place that every node and `policykb status` can read:

* the register `search_nodes` (kb/schema/018_search_nodes.sql): a node's name, address, index
  folder, the change its in-memory index holds (`applied_seq`) and the one its saved snapshot
  starts from (`snapshot_seq`), with a heartbeat;
* the lag of a node: the changes logged after its `applied_seq`, and the age of the first of them
  (`search_changes.logged_at`), 0 when it holds everything;
* the pruning bound: a node restarted after a while loads its snapshot and replays the log from
  `snapshot_seq`, so the log is pruned (`Store.prune_search_changes`) no further than the smallest
  `snapshot_seq` of the nodes seen within `NODE_RETAIN_S`.  How far it was pruned is kept
  (`search_log_state.pruned_upto`), so a snapshot older than that (a node down for longer) is
  rebuilt rather than silently missing changes (indexer/service.py).

On PostgreSQL a statement that logs changes also sends a NOTIFY on `NOTIFY_CHANNEL`, delivered at
commit; `search_change_listener()` gives a node a connection of its own that LISTENs, so it wakes
within milliseconds of a commit on any machine.  SQLite has no such thing (one machine, and the
node's own worker writes): the listener there says "poll".

Replaying by sequence number is exact because changes commit in sequence order: every write to
passages, commitments and document titles goes through `Store.transaction()`, which on PostgreSQL
holds the one write lock (kb/db.py), so no change with a lower number commits after a higher one
that a node has already applied.  A write outside it would break that.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from kb.errors import NotFound
from kb.models import SearchNode
from kb.rows import utc_now

NOTIFY_CHANNEL = "policykb_search_changes"
HEARTBEAT_S = 5.0          # a node beats this often (web/follower.py) ...
NODE_ALIVE_S = 30.0        # ... and counts as alive while seen within this many seconds
NODE_RETAIN_S = 86_400.0   # the log keeps what a node seen within a day needs to catch up from its snapshot


def _seconds_ago(stamp: str, now: datetime) -> float:
    return (now - datetime.fromisoformat(stamp)).total_seconds()


class ChangeListener:
    """Waits for changes to the search log: LISTEN on PostgreSQL, nothing to wait on for SQLite (`can_listen`).

    One connection of its own, outside the store's pool (a LISTEN holds its connection).  A lost
    connection (the database restarted) is reopened on the next wait, and that wait reports a change,
    since notifications sent meanwhile are gone: the caller then reads the log, which is the truth.
    """

    def __init__(self, url: str | None):
        self.url = url
        self._conn: Any = None
        self.reconnects = 0

    @property
    def can_listen(self) -> bool:
        return self.url is not None

    def _connect(self) -> None:
        import psycopg

        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        self._conn = conn

    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` seconds for a notification; whether one came (or one may have been missed)."""
        if self.url is None:
            time.sleep(max(0.0, timeout))
            return False
        import psycopg

        if self._conn is None:
            try:
                self._connect()
            except psycopg.Error:
                time.sleep(max(0.0, timeout))
                return False
            self.reconnects += 1
            return self.reconnects > 1   # after a reconnect, notifications may have been lost
        try:
            got = False
            for _ in self._conn.notifies(timeout=max(0.0, timeout), stop_after=1):
                got = True
            return got
        except psycopg.Error:
            self.close()
            return True

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
            self._conn = None


class NodeStore:
    """The search nodes' register, their lag, and the pruning bound of the change log.

    Needs `conn`, `transaction`, `search_change_seq` and `_pg` from `Store`."""

    conn: sqlite3.Connection
    transaction: Any
    _pg: Any

    # -- the register -------------------------------------------------------------

    def register_search_node(self, name: str, url: str | None, host: str, pid: int, index_dir: str,
                             applied_seq: int = 0, snapshot_seq: int = 0) -> SearchNode:
        """Add this node to the register, or take over its row (a restarted node keeps its name).

        Rows of nodes not seen for `NODE_RETAIN_S` are removed on the way: they count for nothing any more.
        """
        now = utc_now()
        cutoff = (datetime.now(timezone.utc) - timedelta(seconds=NODE_RETAIN_S)).isoformat(timespec="seconds")
        with self.transaction() as conn:
            conn.execute("DELETE FROM search_nodes WHERE last_seen<? AND name<>?", (cutoff, name))
            conn.execute("DELETE FROM search_nodes WHERE name=?", (name,))
            conn.execute(
                "INSERT INTO search_nodes (name, url, host, pid, index_dir, applied_seq, snapshot_seq, started_at,"
                " last_seen) VALUES (?,?,?,?,?,?,?,?,?)",
                (name, url, host, int(pid), index_dir, int(applied_seq), int(snapshot_seq), now, now))
        return self.search_node(name)

    def heartbeat_search_node(self, name: str, applied_seq: int, snapshot_seq: int) -> bool:
        """Record that the node is alive and how far its index is; False when its row is gone (re-register)."""
        return self.conn.execute(
            "UPDATE search_nodes SET applied_seq=?, snapshot_seq=?, last_seen=? WHERE name=?",
            (int(applied_seq), int(snapshot_seq), utc_now(), name)).rowcount > 0

    def forget_search_node(self, name: str) -> bool:
        """Remove a node from the register (a node retired for good): its needs no longer hold the log back."""
        return self.conn.execute("DELETE FROM search_nodes WHERE name=?", (name,)).rowcount > 0

    def search_node(self, name: str) -> SearchNode:
        row = self.conn.execute("SELECT * FROM search_nodes WHERE name=?", (name,)).fetchone()
        if row is None:
            raise NotFound(f"no search node named {name!r}")
        return self._node(row, datetime.now(timezone.utc))

    def list_search_nodes(self) -> list[SearchNode]:
        """Every registered node, alive ones first, each with its lag behind the change log."""
        now = datetime.now(timezone.utc)
        nodes = [self._node(r, now) for r in self.conn.execute("SELECT * FROM search_nodes ORDER BY name")]
        return sorted(nodes, key=lambda n: (not n.alive, n.name))

    def _node(self, r: Any, now: datetime) -> SearchNode:
        changes, seconds = self.search_lag(r["applied_seq"])
        return SearchNode(
            name=r["name"], url=r["url"], host=r["host"], pid=int(r["pid"]), index_dir=r["index_dir"],
            applied_seq=int(r["applied_seq"]), snapshot_seq=int(r["snapshot_seq"]), started_at=r["started_at"],
            last_seen=r["last_seen"], alive=_seconds_ago(r["last_seen"], now) <= NODE_ALIVE_S,
            lag_changes=changes, lag_seconds=seconds)

    # -- lag ------------------------------------------------------------------------

    def search_lag(self, applied_seq: int) -> tuple[int, float]:
        """(changes logged after `applied_seq`, seconds since the first of them was logged; 0 when none).

        Counted from the log itself, so a sequence number taken by a rolled-back transaction (PostgreSQL's
        sequences do not roll back) is no lag."""
        row = self.conn.execute(
            "SELECT COUNT(*), MIN(logged_at) FROM search_changes WHERE seq>?", (int(applied_seq),)).fetchone()
        count, first = int(row[0]), row[1]
        if not count or first is None:
            return count, 0.0
        return count, max(0.0, round(time.time() - float(first), 3))

    # -- pruning the log ----------------------------------------------------------------

    def search_prune_bound(self, upto: int) -> int:
        """How far the change log may be pruned when one index has saved up to `upto`: no further than the
        snapshot of any node seen within NODE_RETAIN_S starts from (it replays the log from there), nor past
        the log's end (what is recorded as pruned is what was there to prune)."""
        cutoff = (datetime.now(timezone.utc) - timedelta(seconds=NODE_RETAIN_S)).isoformat(timespec="seconds")
        needed = self.conn.execute(
            "SELECT MIN(snapshot_seq) FROM search_nodes WHERE last_seen>=?", (cutoff,)).fetchone()[0]
        bound = min(int(upto), int(self.search_change_seq()))  # type: ignore[attr-defined]
        return bound if needed is None else min(bound, int(needed))

    def search_changes_pruned_upto(self) -> int:
        """The last change removed from the log by pruning (0: none): a snapshot older than this cannot catch up."""
        row = self.conn.execute("SELECT pruned_upto FROM search_log_state WHERE id=1").fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _note_pruned(conn: Any, upto: int) -> None:
        conn.execute("UPDATE search_log_state SET pruned_upto=? WHERE id=1 AND pruned_upto<?", (int(upto), int(upto)))

    # -- waking up ------------------------------------------------------------------------

    def search_change_listener(self) -> ChangeListener:
        """A listener for new changes to the log: LISTEN/NOTIFY on PostgreSQL; on SQLite one that cannot
        listen (`can_listen` False: poll `search_change_seq` instead)."""
        return ChangeListener(self._pg.url if self._pg is not None else None)
