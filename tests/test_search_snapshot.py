"""indexer/snapshot.py on its own: save and load an index in a tmp dir, and every reason a snapshot is refused.

No store (a two-attribute stand-in) and no model (vectors are made up).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from indexer import snapshot
from indexer.keyword import KeywordIndex
from indexer.text import terms
from indexer.units import IndexState
from indexer.vectors import VectorIndex
from kb.errors import IndexMismatch

DIM = 8


class FakeStore:
    """What snapshot.load asks of the store."""

    def __init__(self, schema: int = 2, seq: int = 5):
        self.schema_version = schema
        self.seq = seq

    def search_change_seq(self) -> int:
        return self.seq


def vectors(n: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def make_state(seq: int = 5) -> IndexState:
    state = IndexState(VectorIndex(DIM, 1000), VectorIndex(DIM, 1000), KeywordIndex(), {}, seq)
    state.commitments.add(np.array([3, 7, 9], dtype=np.int64), vectors(3, 1))
    state.sentences.add(np.array([1024, 1025, 2048], dtype=np.int64), vectors(3, 2))
    state.commitments.remove(np.array([9], dtype=np.int64))
    for key, text in ((6, "reduce emissions by 2030"), (14, "build wind farms"), (2049, "plant trees"),
                      (2051, "plant wind breaks"), (4097, "a heading")):
        state.keywords.add(key, terms(text))
    state.passage_sentences.update({1: 2, 2: 1})
    return state


def save(tmp_path, state, model="m", dim=DIM, schema=2) -> str:  # type: ignore[no-untyped-def]
    return snapshot.save(tmp_path, state, model, dim, schema)


def test_round_trip_keeps_units_vectors_keywords_and_position_in_the_log(tmp_path):
    state = make_state()
    save(tmp_path, state)
    got = snapshot.load(tmp_path, FakeStore(), "m", DIM, 1000)
    assert sorted(got.commitments.ids().tolist()) == [3, 7]
    assert sorted(got.sentences.ids().tolist()) == [1024, 1025, 2048]
    ids = np.array([3, 7], dtype=np.int64)
    assert np.allclose(got.commitments.vectors(ids), state.commitments.vectors(ids))
    assert got.keywords.search(terms("wind"), 10)[1].tolist() == state.keywords.search(terms("wind"), 10)[1].tolist()
    assert got.passage_sentences == {1: 2, 2: 1} and got.seq == 5
    assert len(got.keywords) == 5


def test_manifest_describes_the_snapshot_and_only_the_newest_folder_stays(tmp_path):
    first = save(tmp_path, make_state())
    second = save(tmp_path, make_state(seq=6))
    manifest = snapshot.read_manifest(tmp_path)
    assert manifest["snapshot"] == second != first
    assert manifest["model"] == "m" and manifest["dim"] == DIM and manifest["change_seq"] == 6
    assert manifest["counts"] == {"commitments": 2, "sentences": 3, "passages": 2, "keyword": 5}
    assert manifest["format"] == snapshot.INDEX_FORMAT and manifest["store_schema"] == 2
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [second]
    assert {p.name for p in (tmp_path / second).iterdir()} == {
        "commitments.faiss", "sentences.faiss", "keyword.pkl", "meta.pkl"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_crash_before_the_manifest_switch_leaves_the_previous_snapshot_in_use(tmp_path, monkeypatch):
    save(tmp_path, make_state())
    before = (tmp_path / snapshot.MANIFEST).read_text()

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(snapshot, "atomic_write", boom)
    changed = make_state(seq=9)
    changed.commitments.remove(np.array([3], dtype=np.int64))
    with pytest.raises(OSError):
        save(tmp_path, changed)
    monkeypatch.undo()
    assert (tmp_path / snapshot.MANIFEST).read_text() == before
    got = snapshot.load(tmp_path, FakeStore(seq=9), "m", DIM, 1000)
    assert got.seq == 5 and len(got.commitments) == 2


def test_save_holds_the_lock_while_it_reads_the_indexes(tmp_path):
    entered = []

    class Lock:
        def __enter__(self):  # type: ignore[no-untyped-def]
            entered.append(True)

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            return None

    snapshot.save(tmp_path, make_state(), "m", DIM, 2, Lock())
    assert entered == [True]


def test_atomic_write_replaces_the_whole_file(tmp_path):
    path = tmp_path / "f.json"
    path.write_text("old")
    snapshot.atomic_write(path, b"new")
    assert path.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_missing_or_garbled_manifest_means_no_saved_index(tmp_path):
    with pytest.raises(snapshot.SnapshotUnusable, match="no saved index"):
        snapshot.load(tmp_path, FakeStore(), "m", DIM, 1000)
    (tmp_path / snapshot.MANIFEST).write_text("{not json")
    assert snapshot.read_manifest(tmp_path) is None
    with pytest.raises(snapshot.SnapshotUnusable, match="no saved index"):
        snapshot.load(tmp_path, FakeStore(), "m", DIM, 1000)


def edit_manifest(tmp_path, **changes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / snapshot.MANIFEST
    m = json.loads(path.read_text())
    m.update(changes)
    path.write_text(json.dumps(m))


@pytest.mark.parametrize("changes, store, reason", [
    ({"format": 99}, FakeStore(), "format changed"),
    ({}, FakeStore(schema=3), "schema changed"),
    ({}, FakeStore(seq=4), "ahead of the store"),
    ({"counts": {"commitments": 3, "sentences": 3, "keyword": 5}}, FakeStore(), "disagree"),
    ({"commitment_ids_crc": 1}, FakeStore(), "disagree"),
])
def test_stale_snapshots_are_refused_with_a_reason(tmp_path, changes, store, reason):
    save(tmp_path, make_state())
    edit_manifest(tmp_path, **changes)
    with pytest.raises(snapshot.SnapshotUnusable, match=reason):
        snapshot.load(tmp_path, store, "m", DIM, 1000)


def test_a_store_whose_log_was_emptied_does_not_count_as_behind(tmp_path):
    save(tmp_path, make_state(seq=5))
    assert snapshot.load(tmp_path, FakeStore(seq=0), "m", DIM, 1000).seq == 5


@pytest.mark.parametrize("victim", ["commitments.faiss", "keyword.pkl", "meta.pkl"])
def test_unreadable_files_are_refused(tmp_path, victim):
    name = save(tmp_path, make_state())
    (tmp_path / name / victim).write_bytes(b"garbage")
    with pytest.raises(snapshot.SnapshotUnusable, match="unreadable"):
        snapshot.load(tmp_path, FakeStore(), "m", DIM, 1000)


def test_another_model_or_dimension_is_an_error_to_act_on(tmp_path):
    save(tmp_path, make_state())
    manifest = snapshot.read_manifest(tmp_path)
    snapshot.check_model(manifest, "m", DIM, tmp_path)
    snapshot.check_model(None, "other", 3, tmp_path)        # nothing saved: nothing to disagree with
    for model, dim in (("other", DIM), ("m", 16)):
        with pytest.raises(IndexMismatch, match="policykb reindex"):
            snapshot.check_model(manifest, model, dim, tmp_path)
        with pytest.raises(IndexMismatch):
            snapshot.load(tmp_path, FakeStore(), model, dim, 1000)


def test_ids_checksum_ignores_order_but_not_content():
    a = np.array([3, 1, 2], dtype=np.int64)
    assert snapshot.ids_checksum(a) == snapshot.ids_checksum(np.array([1, 2, 3]))
    assert snapshot.ids_checksum(a) != snapshot.ids_checksum(np.array([1, 2, 4]))
