"""The index follower: keeps this web node's search index in step with the store's change log.

Why a thread of its own: with several web nodes on one PostgreSQL database, a document stored
through node A (or by a `policykb worker` on another machine) must become searchable on node B
without anyone telling B.  The store logs every change to a searchable unit in `search_changes`
(kb/schema/002_search.sql) in the writer's own transaction; each node holds its own replica of
the index (FAISS + keyword, in its own index folder: `POLICYKB_INDEX_DIR`) and replays that log
(`SearchService.sync`, indexer/sync.py).  The follower decides *when*:

* PostgreSQL: it LISTENs on `policykb_search_changes` (a trigger NOTIFYs at each commit that logs
  changes, kb/schema/postgres/018_search_nodes.sql), so it wakes within milliseconds of a commit on
  any machine.  The log table stays the truth: every `poll_s` (5 s) it also looks at the log's
  end, so a lost notification (a dropped connection) costs at most one poll period.
* SQLite (one machine): nothing to listen to; it looks at the log's end every `poll_s` (1 s), and
  this node's worker wakes it at once after storing a document (`wake()`).

Each wake calls `search.sync(budget_s=...)`: a node that starts late, or was down, loads its
snapshot and replays the log from there, one bounded chunk at a time, so searches keep answering
meanwhile.  The node registers itself in the store (`search_nodes`, kb/store_nodes.py) and beats
every few seconds with the change its index holds, which is what `policykb status` shows as each
node's lag, what `/readyz` uses (web/health.py), and what keeps the log from being pruned past a
node's snapshot.  When this node's worker thread also processes jobs it leaves syncing to the
follower (web/worker.py), and SearchService's own sync lock keeps any two syncs (the worker's
listener, a search's catch-up, the follower) from running at once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from kb.store_nodes import HEARTBEAT_S

log = logging.getLogger(__name__)

POLL_LISTENING_S = 5.0   # PostgreSQL: a look at the log's end this often, in case a notification was lost
POLL_SQLITE_S = 1.0      # SQLite: how often the log's end is read
SLICE_S = 0.25           # waits are cut into slices this long, so a stop or a wake() is seen quickly
READY_LAG_S = 10.0       # /readyz: a starting node is ready once its lag is under this (web/health.py)


def follows(search: Any) -> bool:
    """Whether a search object has an index to keep in step (SearchService does; a plain store scan does not)."""
    return callable(getattr(search, "sync", None)) and hasattr(getattr(search, "state", None), "seq")


class IndexFollower:
    """One daemon thread that syncs `search` whenever the store's change log grows (see the module docstring)."""

    def __init__(self, settings: Any, store: Any, search: Any, poll_s: float | None = None,
                 budget_s: float = 2.0, heartbeat_s: float = HEARTBEAT_S, ready_lag_s: float = READY_LAG_S):
        self.settings = settings
        self.store = store
        self.search = search
        self.budget_s = budget_s            # seconds of indexing per sync (at least one chunk of the log)
        self.heartbeat_s = heartbeat_s
        self.ready_lag_s = ready_lag_s
        self.listening = getattr(store, "dialect", "sqlite") == "postgresql"
        self.poll_s = poll_s if poll_s is not None else (POLL_LISTENING_S if self.listening else POLL_SQLITE_S)
        self.name: str | None = None
        self.url: str | None = None
        self.caught_up = False              # its lag has been under `ready_lag_s` since it started
        self.model_loaded = False           # the embedding model answered once: the first search will not wait on it
        self.notifications = 0              # wakes by NOTIFY (PostgreSQL)
        self.syncs = 0                      # syncs that applied changes
        self.last_error: str | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._beats: threading.Thread | None = None   # heartbeats go on while a long sync (a rebuild) runs

    # -- control ------------------------------------------------------------

    def start(self, url: str | None = None, name: str | None = None) -> None:
        """Register this node and start following.  `url`: where the node serves (shown by `policykb status`);
        `name`: its name in the register (default: POLICYKB_NODE_NAME, else "<host>:<port>" from `url`)."""
        if self.running:
            return
        self.url = url
        self.name = name or self.settings.node_name or default_node_name(url)
        self._register()
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="policykb-index-follower", daemon=True)
        self._thread.start()
        self._beats = threading.Thread(target=self._beat_loop, name="policykb-node-heartbeat", daemon=True)
        self._beats.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in (self._thread, self._beats):
            if thread is not None:
                thread.join(timeout)
        self._thread = self._beats = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wake(self) -> None:
        """Sync soon (this node's worker stored a document; on SQLite nothing else would say so before the poll)."""
        self._wake.set()

    # -- where this node stands ---------------------------------------------------

    @property
    def applied_seq(self) -> int:
        """The last change of the store's log the in-memory index holds."""
        return int(self.search.state.seq)

    def snapshot_seq(self) -> int:
        """The change the saved snapshot starts from: a restart replays the log from here (the pruning bound)."""
        manifest = self.search.read_manifest() if hasattr(self.search, "read_manifest") else None
        if manifest is None:
            return self.applied_seq
        return int(manifest.get("base_seq", manifest.get("change_seq", 0)))

    def lag(self) -> dict:
        """This node's lag behind the store: changes not yet applied and the age of the oldest, in seconds."""
        applied = self.applied_seq
        changes, seconds = self.store.search_lag(applied)
        if self.model_loaded and (changes == 0 or seconds <= self.ready_lag_s):
            self.caught_up = self.caught_up or self.running
        return {"node": self.name, "applied_seq": applied, "lag_changes": changes, "lag_seconds": seconds,
                "following": self.running}

    # -- the loop -------------------------------------------------------------------

    def _register(self) -> None:
        try:
            me = self.store.register_search_node(self.name, self.url, socket.gethostname(), os.getpid(),
                                                 str(self.search.index_dir), self.applied_seq, self.snapshot_seq())
            for other in self.store.list_search_nodes():
                if other.alive and other.name != me.name and (other.host, other.index_dir) == (me.host, me.index_dir):
                    log.warning("index follower: node %s uses the index folder %s too; their snapshots overwrite"
                                " each other's: give each node its own POLICYKB_INDEX_DIR", other.name, me.index_dir)
        except Exception as exc:   # the database is away: the heartbeat registers it later
            log.warning("index follower: cannot register node %s: %s: %s", self.name, type(exc).__name__, exc)
            self.last_error = f"register: {type(exc).__name__}: {exc}"

    def _beat_loop(self) -> None:
        try:
            while not self._stop.wait(self.heartbeat_s):
                self._beat()
        finally:
            self._beat()            # the last position, as it stops
            self._close_connection()

    def _beat(self) -> None:
        try:
            if not self.store.heartbeat_search_node(self.name, self.applied_seq, self.snapshot_seq()):
                self._register()    # forgotten (or never registered): put it back
        except Exception as exc:
            log.warning("index follower: heartbeat failed: %s: %s", type(exc).__name__, exc)
            self.last_error = f"heartbeat: {type(exc).__name__}: {exc}"

    def sync_once(self) -> bool:
        """One sync (bounded by `budget_s`); whether the log has more for this node right away."""
        before = self.applied_seq
        try:
            report = self.search.sync(budget_s=self.budget_s, stop=self._stop.is_set)
        except Exception as exc:   # keep following; the next wake tries again
            log.exception("index follower: search sync failed")
            self.last_error = f"search sync: {type(exc).__name__}: {exc}"
            return False
        advanced = self.applied_seq != before
        if advanced or getattr(report, "rebuilt", False):
            self.syncs += 1
            self._beat()            # status and the other nodes see the new position at once
        self.lag()
        return bool(getattr(report, "pending", False)) and advanced

    def _wait(self, listener: Any) -> bool:
        """Wait for a reason to sync: a notification, a wake(), or (at each poll) a log longer than the index.

        Returns whether to sync (False: stopped, or the poll found nothing new)."""
        poll_at = time.monotonic() + self.poll_s
        while not self._stop.is_set():
            if self._wake.is_set():
                return True
            step = max(0.0, min(SLICE_S, poll_at - time.monotonic()))
            if self.listening:
                if listener.wait(step):
                    self.notifications += 1
                    return True
            else:
                self._wake.wait(step)
            if time.monotonic() >= poll_at:
                try:
                    return self.store.search_change_seq() > self.applied_seq
                except Exception as exc:
                    self.last_error = f"poll: {type(exc).__name__}: {exc}"
                    return False
        return False

    def _loop(self) -> None:
        listener = self.store.search_change_listener() if self.listening else None
        if listener is not None:
            listener.wait(0)            # LISTEN before the first sync: a commit in between still wakes us
        self._load_model()
        behind = True                   # the first pass loads the snapshot and catches up
        changed = False
        try:
            while not self._stop.is_set():
                if behind:
                    self._wake.clear()
                    more = self.sync_once()
                    changed = True
                    if more:
                        continue
                behind = self._wait(listener)
                if not behind and changed and not self._stop.is_set():
                    changed = False
                    self._flush()       # idle: save what the service held back (a node may run no worker)
        finally:
            if listener is not None:
                listener.close()
            self._close_connection()

    def _load_model(self) -> None:
        """Load the embedding model before saying ready: on a node's first start that can take tens of seconds
        (the ONNX file is built from the installed weights), which the first search would otherwise wait on."""
        try:
            embedder = getattr(self.search, "embedder", None)
            if embedder is not None:
                embedder.encode(["ready"])
        except Exception as exc:   # a model that fails to load fails every search: say so, stay not ready
            self.last_error = f"model: {type(exc).__name__}: {exc}"
            log.warning("index follower: the embedding model did not load: %s", self.last_error)
            return
        self.model_loaded = True

    def _close_connection(self) -> None:
        try:
            self.store.close()      # this thread's connection (SQLite)
        except Exception:
            pass

    def _flush(self) -> None:
        flush = getattr(self.search, "flush", None)
        if flush is None:
            return
        try:
            flush()
        except Exception as exc:
            log.exception("index follower: saving the search index failed")
            self.last_error = f"search flush: {type(exc).__name__}: {exc}"


def default_node_name(url: str | None) -> str:
    """'<host>:<port>' of the node's URL (one machine runs one node per port), else '<host>:<pid>'."""
    host = socket.gethostname()
    if url:
        port = urlsplit(url).port
        if port is not None:
            return f"{host}:{port}"
    return f"{host}:{os.getpid()}"
