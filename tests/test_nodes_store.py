"""The search nodes' register, their lag, and pruning the change log no further than a node needs
(kb/store_nodes.py), plus `policykb status`; each on SQLite and on a real PostgreSQL (tests/stores.py).
"""

from __future__ import annotations

import json

import pytest

from indexer import HashEmbedder, SearchService
from kb.store import Store
from policykb.cli.app import main
from tests.search_builders import ALBANIA, FLEET, HECHI
from tests.stores import settings_on


def test_a_node_registers_beats_and_shows_its_lag_in_changes_and_seconds(backend_store):
    store = backend_store
    store.add_document(*ALBANIA, "test")
    held = store.search_change_seq()
    node = store.register_search_node("web-1:5000", "http://web-1:5000/", "web-1", 4242, "/srv/index",
                                      applied_seq=held, snapshot_seq=held)
    assert (node.alive, node.lag_changes, node.lag_seconds) == (True, 0, 0.0)

    store.add_document(*HECHI, "test")
    store.conn.execute("UPDATE search_changes SET logged_at = logged_at - 30 WHERE seq > ?", (held,))
    behind = store.search_node("web-1:5000")
    assert behind.lag_changes == store.search_change_seq() - held
    assert 30 <= behind.lag_seconds < 60

    assert store.heartbeat_search_node("web-1:5000", store.search_change_seq(), held)
    assert store.search_node("web-1:5000").lag_changes == 0
    assert [n.name for n in store.list_search_nodes()] == ["web-1:5000"]
    assert store.forget_search_node("web-1:5000")
    assert not store.heartbeat_search_node("web-1:5000", 0, 0)   # gone: the follower registers again
    assert store.list_search_nodes() == []


def test_a_node_not_seen_for_a_while_is_listed_as_not_alive(backend_store):
    store = backend_store
    store.register_search_node("web-2:5000", None, "web-2", 7, "/srv/index")
    store.conn.execute("UPDATE search_nodes SET last_seen=? WHERE name=?", ("2020-01-01T00:00:00+00:00", "web-2:5000"))
    assert [(n.name, n.alive) for n in store.list_search_nodes()] == [("web-2:5000", False)]


def test_pruning_keeps_what_a_lagging_node_needs_and_a_node_pruned_past_is_rebuilt(store_target, tmp_path):
    def service(name: str) -> SearchService:
        settings = settings_on(store_target, tmp_path / "data", index_path=tmp_path / f"index-{name}")
        return SearchService(settings, Store(settings.database), HashEmbedder())

    a, b = service("a"), service("b")
    a.store.add_document(*ALBANIA, "test")
    assert b.sync().rebuilt                  # node B saves a snapshot at the log's current end ...
    b_snapshot = b.read_manifest()["base_seq"]
    a.store.register_search_node("b", None, "host-b", 1, str(b.index_dir), b_snapshot, b_snapshot)
    b.store.dispose()                        # ... and goes down

    a.store.add_document(*HECHI, "test")
    assert a.reindex().rebuilt               # node A saves and prunes the log up to its own snapshot
    assert a.store.search_changes_pruned_upto() == b_snapshot
    assert a.store.search_changes_since(b_snapshot)   # what node B will replay is still there

    again = service("b")
    report = again.sync()
    assert not report.rebuilt and report.added > 0
    assert {h.doc_name for h in again.search("railway stations", mode="keyword")} == {"hechi.txt"}
    again.store.dispose()

    # node B retired: nothing holds the log back, and a snapshot older than the pruning is rebuilt
    a.store.forget_search_node("b")
    a.store.add_document(*FLEET, "test")
    a.reindex()
    assert a.store.search_changes_pruned_upto() == a.store.search_change_seq() > b_snapshot
    stale = service("b")
    report = stale.sync()
    assert report.rebuilt and report.reason == "the store's change log was pruned past the saved index"
    assert {h.doc_name for h in stale.search("light-duty vehicles", mode="keyword")} == {"eo-fleet.md"}
    stale.store.dispose()
    a.store.dispose()


def _status(store_target, tmp_path, monkeypatch, *args: str) -> int:
    if isinstance(store_target, str):
        monkeypatch.setenv("POLICYKB_DATABASE_URL", store_target)
    else:
        monkeypatch.delenv("POLICYKB_DATABASE_URL", raising=False)
    return main(["--data", str(tmp_path / "data"), "status", *args])


def _deployment(store_target, tmp_path) -> Store:
    """A knowledge base with two search nodes (one 12 s behind), a worker and queued jobs."""
    store = Store(settings_on(store_target, tmp_path / "data").database)
    store.add_document(*ALBANIA, "test")
    held = store.search_change_seq()
    store.register_search_node("web-a:5000", "http://web-a:5000/", "web-a", 11, "/srv/a", held, held)
    store.register_search_node("web-b:5001", "http://web-b:5001/", "web-b", 12, "/srv/b", held, held)
    store.add_document(*HECHI, "test")
    store.heartbeat_search_node("web-a:5000", store.search_change_seq(), held)
    store.conn.execute("UPDATE search_changes SET logged_at = logged_at - 12 WHERE seq > ?", (held,))
    store.register_worker("worker-1", "box-1", 99)
    store.create_job("queued.txt", "ab" * 32)
    return store


def test_status_lists_the_queue_workers_and_each_nodes_lag(store_target, tmp_path, monkeypatch, capsys):
    store = _deployment(store_target, tmp_path)
    last = store.search_change_seq()
    behind = last - store.search_node("web-b:5001").applied_seq
    store.dispose()

    assert _status(store_target, tmp_path, monkeypatch) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "queue: 1 queued, 0 processing, 0 done, 0 failed, 0 dead, 0 cancelled"
    assert out[2] == "workers: 1 alive of 1 registered"
    assert out[3].split()[:3] == ["name", "host", "pid"] and out[4].split()[:4] == ["worker-1", "box-1", "99", "yes"]
    assert out[6] == "search nodes: 2 alive of 2 registered"
    row_a, row_b = out[8].split(), out[9].split()
    assert row_a[:6] == ["web-a:5000", "http://web-a:5000/", "yes", str(last), "0", "0.0"]
    assert row_b[:5] == ["web-b:5001", "http://web-b:5001/", "yes", row_b[3], str(behind)]
    assert 12.0 <= float(row_b[5]) < 60


def test_status_json_is_one_object_for_machines(store_target, tmp_path, monkeypatch, capsys):
    store = _deployment(store_target, tmp_path)
    dialect = store.dialect
    store.dispose()

    assert _status(store_target, tmp_path, monkeypatch, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["queue"]["queued"] == 1
    assert [(w["name"], w["alive"]) for w in data["workers"]] == [("worker-1", True)]
    by_name = {n["name"]: n for n in data["nodes"]}
    assert by_name["web-a:5000"]["lag_changes"] == 0 and by_name["web-a:5000"]["lag_seconds"] == 0.0
    assert by_name["web-b:5001"]["lag_changes"] > 0 and by_name["web-b:5001"]["lag_seconds"] >= 12.0
    assert data["search_log"]["last_seq"] == by_name["web-a:5000"]["applied_seq"]
    assert data["database"]["dialect"] == dialect
    assert data["warnings"] == []


def test_status_warns_when_two_nodes_of_one_machine_share_an_index_folder(backend_store, capsys):
    from policykb.cli.status import shared_index_warnings

    backend_store.register_search_node("box:5000", None, "box", 1, "/data/index")
    backend_store.register_search_node("box:5001", None, "box", 2, "/data/index")
    backend_store.register_search_node("other:5000", None, "other", 3, "/data/index")
    assert shared_index_warnings(backend_store.list_search_nodes()) == [
        "nodes box:5000 and box:5001 share the index folder /data/index on box: give each its own POLICYKB_INDEX_DIR"]


@pytest.mark.parametrize("store_target", ["sqlite"], indirect=True)
def test_the_index_folder_setting_gives_each_node_its_own_replica(store_target, tmp_path, monkeypatch):
    from kb.config import load_settings

    monkeypatch.delenv("POLICYKB_INDEX_DIR", raising=False)
    assert load_settings(tmp_path).index_dir == tmp_path / "index"
    monkeypatch.setenv("POLICYKB_INDEX_DIR", str(tmp_path / "node-b-index"))
    monkeypatch.setenv("POLICYKB_NODE_NAME", "node-b")
    settings = load_settings(tmp_path)
    assert (settings.index_dir, settings.node_name) == (tmp_path / "node-b-index", "node-b")
