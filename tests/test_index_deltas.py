"""Index saves that do not grow with the index: deltas between full snapshots, compaction when idle.

A real Store in a tmp dir and HashEmbedder (counting its calls): what a
restart re-embeds is what the test looks at.
"""

from __future__ import annotations

import io
import json

from indexer import SearchService
from indexer.embedder import HashEmbedder
from indexer.units import covered
from policykb.cli.documents import Progress
from tests.search_builders import make_doc, new_store


def add_plan(store, i: int) -> int:  # type: ignore[no-untyped-def]
    sentence = f"Town{i} will plant {i + 5} thousand trees by 2030."
    parsed, comms = make_doc(f"plan{i}.txt", f"Town{i} plan", [sentence, f"Town{i} has many parks. It is green."],
                             [{"sentence": sentence, "actor": f"Town{i}"}])
    return store.add_document(parsed, comms, "test")


def manifest(settings) -> dict:  # type: ignore[no-untyped-def]
    return json.loads((settings.index_dir / "manifest.json").read_text())


def test_a_save_after_new_documents_writes_a_delta_and_a_restart_embeds_nothing_again(tmp_path):
    settings, store, _ = new_store(tmp_path, index_save_interval_s=0.0)
    service = SearchService(settings, store, HashEmbedder())
    assert service.sync().rebuilt
    base = manifest(settings)
    assert base["deltas"] == [] and base["base_seq"] == base["change_seq"]
    for i in range(3):
        add_plan(store, i)
        service.sync()
    m = manifest(settings)
    assert m["snapshot"] == base["snapshot"] and len(m["deltas"]) == 3
    assert m["change_seq"] == store.search_change_seq() and m["base_seq"] == base["base_seq"]
    snap = settings.index_dir / m["snapshot"]
    assert {p.name for p in snap.iterdir() if p.name.startswith("delta-")} == {d["file"] for d in m["deltas"]}

    again = HashEmbedder()
    restarted = SearchService(settings, store, again)
    report = restarted.sync()
    assert not report.rebuilt and (report.added, report.removed) == (0, 0)
    assert again.calls == 0, "the deltas' vectors are used, nothing is embedded again"
    assert sorted(restarted.commitments.ids().tolist()) == sorted(service.commitments.ids().tolist())
    assert sorted(restarted.sentences.ids().tolist()) == sorted(service.sentences.ids().tolist())
    hits = restarted.search("Town2 trees", k=3, mode="keyword")
    assert hits and "Town2" in hits[0].sentence


def test_flush_when_idle_compacts_the_deltas_into_a_full_snapshot(tmp_path):
    settings, store, _ = new_store(tmp_path, index_save_interval_s=0.0)
    service = SearchService(settings, store, HashEmbedder())
    service.sync()
    first = manifest(settings)["snapshot"]
    for i in range(4):
        add_plan(store, i)
        service.sync()
    assert manifest(settings)["deltas"]
    assert service.flush()
    m = manifest(settings)
    assert m["snapshot"] != first and m["deltas"] == [] and m["base_seq"] == store.search_change_seq()
    assert not (settings.index_dir / first).exists()
    assert store.search_changes_since(0) == [], "the log is pruned up to the new base"
    restarted = SearchService(settings, store, HashEmbedder())
    assert (restarted.sync().added, len(restarted.commitments)) == (0, len(service.commitments))


def test_a_lost_delta_costs_only_re_embedding_its_units(tmp_path):
    settings, store, _ = new_store(tmp_path, index_save_interval_s=0.0)
    service = SearchService(settings, store, HashEmbedder())
    service.sync()
    add_plan(store, 7)
    service.sync()
    m = manifest(settings)
    (settings.index_dir / m["snapshot"] / m["deltas"][0]["file"]).unlink()   # as if the disk lost it
    again = HashEmbedder()
    restarted = SearchService(settings, store, again)
    report = restarted.sync()
    assert not report.rebuilt and again.calls >= 1
    assert sorted(restarted.commitments.ids().tolist()) == sorted(service.commitments.ids().tolist())


def test_a_commitments_sentence_is_one_unit_by_the_results_same_sentence_rule():
    assert covered(10, 50, [(10, 50)])
    assert covered(10, 50, [(0, 40)])            # 30 of 40 shared
    assert not covered(10, 50, [(45, 90)])       # 5 of 40
    assert not covered(10, 50, [])


def test_progress_off_a_terminal_is_one_plain_line_every_few_seconds():
    out = io.StringIO()
    now = [0.0]
    bar = Progress(10, "files", "file", stream=out, every_s=5.0, clock=lambda: now[0])
    for i in range(1, 11):
        now[0] += 1.0
        bar.update(i)
    bar.close()
    lines = out.getvalue().splitlines()
    assert lines == ["files: 5/10 files (1.00 files/s, ETA 5 s)", "files: 10/10 files (1.00 files/s)"]
    assert "\r" not in out.getvalue()
