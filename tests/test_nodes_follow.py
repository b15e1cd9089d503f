"""Search nodes kept in step (web/follower.py): two nodes, one store, each with its own index folder.

Each "node" here is what a `policykb serve` process holds: a Store of its own (its own connections,
as on another machine), a SearchService whose index lives in its own folder, and an IndexFollower.
PostgreSQL is real (pgserver, tests/stores.py); the embedder is the model-free HashEmbedder, since
these tests are about when an index catches up, not about ranking.  Waits are bounded ("within
10 s"), never timing assertions; bench/bench_nodes.py measures the lag.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from indexer import HashEmbedder, SearchService
from kb.store import Store
from tests.search_builders import ALBANIA, FLEET, HECHI
from tests.stores import settings_on
from web.follower import IndexFollower

WAIT_S = 10.0


def wait_until(condition, timeout: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class Node:
    """One web node's search side: its own Store, its own index folder, a follower."""

    def __init__(self, target, tmp_path: Path, name: str, poll_s: float | None = None, embedder=None):
        self.settings = settings_on(target, tmp_path / "data", index_path=tmp_path / f"index-{name}")
        self.store = Store(self.settings.database)
        self.search = SearchService(self.settings, self.store, embedder or HashEmbedder())
        self.follower = IndexFollower(self.settings, self.store, self.search, poll_s=poll_s)
        self.name = name

    def start(self) -> "Node":
        self.follower.start(url=f"http://{self.name}.internal:5000/", name=self.name)
        assert wait_until(lambda: self.follower.syncs >= 1 and self.in_step()), "the node never loaded its index"
        return self

    def in_step(self) -> bool:
        return self.search.state.seq >= self.store.search_change_seq()

    def found(self, words: str) -> set[str]:
        return {h.doc_name for h in self.search.search(words, k=5, mode="keyword")}

    def close(self) -> None:
        self.follower.stop()
        self.store.dispose()


@pytest.fixture
def nodes(store_target, tmp_path):
    made: list[Node] = []

    def make(name: str, **kw) -> Node:
        node = Node(store_target, tmp_path, name, **kw)
        made.append(node)
        return node

    yield make
    for node in made:
        node.close()


@pytest.mark.postgres
@pytest.mark.parametrize("store_target", ["postgresql"], indirect=True)
def test_a_document_stored_through_node_a_is_found_on_node_b_once_notified(nodes):
    a = nodes("a")
    a.store.add_document(*ALBANIA, "test")
    b = nodes("b", poll_s=60.0).start()     # only a NOTIFY can wake it within the wait
    assert b.found("business as usual") == {"ndc-alb.txt"}
    woken = b.follower.notifications

    a.store.add_document(*HECHI, "test")     # another connection, as another machine would

    assert wait_until(b.in_step), "node B did not catch up after the NOTIFY"
    assert b.follower.notifications > woken
    assert b.found("5G base stations") == {"hechi.txt"}
    assert b.store.search_node("b").lag_changes == 0


@pytest.mark.postgres
@pytest.mark.parametrize("store_target", ["postgresql"], indirect=True)
def test_a_lost_notification_costs_one_poll_period_since_the_log_is_the_truth(nodes):
    a = nodes("a")
    b = nodes("b", poll_s=0.5).start()
    a.store.conn.execute("DROP TRIGGER search_changes_notified ON search_changes")   # no NOTIFY any more

    a.store.add_document(*FLEET, "test")

    assert wait_until(b.in_step), "the poll did not find the change"
    assert b.follower.notifications == 0
    assert b.found("zero-emission vehicles") == {"eo-fleet.md"}


@pytest.mark.parametrize("store_target", ["sqlite"], indirect=True)
def test_on_sqlite_the_follower_polls_the_log(nodes):
    a = nodes("a")
    if a.store.dialect != "sqlite":
        pytest.skip("about SQLite (POLICYKB_TEST_BACKEND=postgresql opens PostgreSQL instead)")
    b = nodes("b", poll_s=0.2).start()
    assert not b.follower.listening

    a.store.add_document(*HECHI, "test")

    assert wait_until(b.in_step)
    assert b.found("railway stations") == {"hechi.txt"}


def test_a_node_started_late_catches_up_from_its_snapshot_and_the_log(nodes):
    a = nodes("a")
    a.store.add_document(*ALBANIA, "test")
    first = nodes("b").start()                # built its index and saved a snapshot in its own folder
    saved_at = first.search.read_manifest()["base_seq"]
    first.close()

    a.store.add_document(*HECHI, "test")     # written while node B is down
    a.store.add_document(*FLEET, "test")

    embedder = CountingEmbedder()
    late = nodes("b", embedder=embedder)
    assert late.search.index_dir == first.search.index_dir
    late.start()

    assert late.found("railway stations") == {"hechi.txt"}
    assert late.found("business as usual") == {"ndc-alb.txt"}   # from the snapshot, not embedded again
    assert not any("Albania" in t for t in embedder.texts)
    assert any("railway" in t for t in embedder.texts)
    assert late.store.search_node("b").applied_seq == late.store.search_change_seq() > saved_at


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def encode(self, texts, batch_size: int = 64):
        self.texts.extend(texts)
        return super().encode(texts, batch_size)


def test_the_worker_leaves_syncing_to_a_running_follower_and_wakes_it(tmp_path):
    """One node whose worker also processes jobs: the worker wakes the follower instead of syncing itself."""
    from tests.webapp import StubPipeline
    from web import create_app

    node = Node(tmp_path / "kb.sqlite3", tmp_path, "solo", poll_s=60.0)   # no poll within the wait
    app = create_app(node.settings, store=node.store, search=node.search,
                     pipeline=StubPipeline(node.settings, node.store), start_worker=False)
    ctx = app.extensions["policykb"]
    ctx.follower.poll_s = 60.0
    ctx.follower.start(name="solo")
    try:
        assert wait_until(lambda: ctx.follower.syncs >= 1)
        calls: list[str] = []
        real_sync = node.search.sync

        def sync(*args, **kwargs):
            calls.append(threading.current_thread().name)
            return real_sync(*args, **kwargs)

        node.search.sync = sync
        node.store.add_document(*FLEET, "test")    # stored by another process: nothing tells the follower
        ctx.worker.wake(sync=True)                 # what an upload or a deletion does
        ctx.worker.run_once()

        assert wait_until(node.in_step), "the woken follower did not sync"
        assert calls and set(calls) == {"policykb-index-follower"}
    finally:
        ctx.follower.stop()
        node.store.dispose()


def test_readyz_reports_the_index_lag_and_is_not_ready_while_a_starting_node_catches_up(tmp_path):
    from tests.webapp import StubPipeline
    from web import create_app

    embedder = GatedEmbedder()
    node = Node(tmp_path / "kb.sqlite3", tmp_path, "gated", embedder=embedder)
    node.store.add_document(*HECHI, "test")
    node.store.conn.execute("UPDATE search_changes SET logged_at = logged_at - 3600")   # written an hour ago
    app = create_app(node.settings, store=node.store, search=node.search,
                     pipeline=StubPipeline(node.settings, node.store), start_worker=False)
    client = app.test_client()
    ctx = app.extensions["policykb"]
    try:
        ctx.follower.heartbeat_s = 0.2
        ctx.follower.start(name="gated")
        assert wait_until(embedder.waiting.is_set)          # the follower is embedding, held at the gate
        r = client.get("/readyz")
        assert r.status_code == 503
        message = r.get_json()["error"]["message"]
        assert message.startswith("the search index is catching up: ") and "change(s) of the store not applied" in message
        # its heartbeat goes on meanwhile: `policykb status` shows it alive while it catches up
        first_seen = node.store.search_node("gated").last_seen
        assert wait_until(lambda: node.store.search_node("gated").last_seen > first_seen)
        assert node.store.search_node("gated").alive

        embedder.gate.set()
        assert wait_until(node.in_step)
        r = client.get("/readyz")
        assert r.status_code == 200
        assert r.get_json()["index"] == {"node": "gated", "applied_seq": node.store.search_change_seq(),
                                         "lag_changes": 0, "lag_seconds": 0.0, "following": True}
    finally:
        embedder.gate.set()
        ctx.follower.stop()
        node.store.dispose()


def test_readyz_is_not_ready_while_the_embedding_model_loads(tmp_path):
    from tests.webapp import StubPipeline
    from web import create_app

    embedder = GatedEmbedder(free=0)     # the model's first answer is held: still loading
    node = Node(tmp_path / "kb.sqlite3", tmp_path, "loading", embedder=embedder)
    app = create_app(node.settings, store=node.store, search=node.search,
                     pipeline=StubPipeline(node.settings, node.store), start_worker=False)
    client = app.test_client()
    ctx = app.extensions["policykb"]
    try:
        ctx.follower.start(name="loading")
        assert wait_until(embedder.waiting.is_set)
        r = client.get("/readyz")
        assert r.status_code == 503
        assert r.get_json()["error"]["message"].startswith("the embedding model is loading")
        embedder.gate.set()
        assert wait_until(lambda: client.get("/readyz").status_code == 200)
    finally:
        embedder.gate.set()
        ctx.follower.stop()
        node.store.dispose()


class GatedEmbedder(HashEmbedder):
    """Holds every encode after the first `free` ones until the test opens the gate (a node that takes a
    while to load its model, free=0, or to catch up, free=1: the follower's warm-up passes)."""

    def __init__(self, free: int = 1) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.waiting = threading.Event()
        self.free = free

    def encode(self, texts, batch_size: int = 64):
        if self.free > 0:
            self.free -= 1
            return super().encode(texts, batch_size)
        self.waiting.set()
        assert self.gate.wait(WAIT_S * 2)
        return super().encode(texts, batch_size)
