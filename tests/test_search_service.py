"""SearchService with a fake (hashing) embedder: index, search, filters, sync, persistence, bad input."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from indexer import HashEmbedder, SearchService, hit_to_dict
from indexer.units import SENTENCES_PER_PASSAGE, covered, sentence_key, sentence_spans
from kb.errors import IndexMismatch, InvalidQuery, NotFound
from kb.models import CommitmentFilter
from tests.search_builders import make_doc, new_store


def sentence_keys_of(store) -> set[int]:
    """The sentence units the index should hold: every passage sentence that no commitment stands for."""
    taken: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for sc in store.iter_commitments():
        c = sc.commitment
        taken.setdefault((sc.document_id, c.passage_index), []).append((c.sentence_start, c.sentence_end))
    keys = set()
    for sp in store.iter_passages():
        spans = taken.get((sp.document_id, sp.passage.index), [])
        for i, (s, e) in enumerate(sentence_spans(sp)):
            if not covered(sp.passage.start + s, sp.passage.start + e, spans):
                keys.add(sentence_key(sp.id, i))
    return keys


@pytest.fixture
def kb(tmp_path):
    settings, store, ids = new_store(tmp_path)
    service = SearchService(settings, store, embedder=HashEmbedder())
    service.sync()
    return settings, store, ids, service


def test_search_indexes_every_commitment_and_passage_sentence(kb):
    settings, store, ids, service = kb
    n_commitments, n_passages = store.search_unit_counts()
    stats = service.stats()
    assert stats["commitments"] == n_commitments == 7
    assert stats["passages"] == n_passages
    # each sentence is embedded once: a sentence that holds a commitment is the commitment's unit
    expected = sentence_keys_of(store)
    assert stats["sentences"] == len(expected) < n_passages + 1
    assert set(np.asarray(service.sentences.ids()).tolist()) == expected


def test_search_finds_commitment_with_context_and_explains_match(kb):
    _, _, ids, service = kb
    hits = service.search("Albania 2030 emissions target", k=3)
    top = hits[0]
    assert top.kind == "commitment" and top.doc_name == "ndc-alb.txt"
    assert "keyword" in top.matched_by and "dense" in top.matched_by
    # the sentence says "the country": Albania is found through the resolved actor, and the hit says so
    assert set(top.matched_terms) == {"emissions", "2030"}
    # the name boost is off (kb/config.py), so the hit does not claim it; the year boost is on
    assert top.boosts == ("year:2030",) and "holds the year 2030" in top.why
    for s, e in top.highlights:
        assert top.sentence[s:e].lower() in {"albania", "2030", "emissions", "target"}
    d = hit_to_dict(top)
    assert d["doc"] == "ndc-alb.txt" and d["actor"] == "Albania"
    assert d["deadline"] == {"text": "by 2030", "date": "2030-12-31"}
    json.dumps(d)


def test_search_resolved_actor_is_part_of_the_indexed_text(kb):
    _, _, _, service = kb
    # the sentence says "the city", the commitment's actor is Hechi
    hits = service.search("Hechi base stations", k=5, mode="keyword")
    assert any("5G base stations" in h.sentence and h.kind == "commitment" for h in hits)


def test_search_prefers_commitment_over_its_passage_sentence(kb):
    _, _, _, service = kb
    hits = service.search("6,000 5G base stations", k=10)
    same = [h for h in hits if "6,000 5G base stations" in h.sentence]
    assert len(same) == 1 and same[0].kind == "commitment"


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_search_modes_return_sorted_scores(kb, mode):
    _, _, _, service = kb
    hits = service.search("zero-emission vehicles", k=5, mode=mode)
    assert hits
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({(h.kind, h.id) for h in hits}) == len(hits)


@pytest.mark.parametrize("filters, expect", [
    (CommitmentFilter(actor="hechi"), {"hechi.txt"}),
    (CommitmentFilter(deadline_from=2026, deadline_to=2030), {"ndc-alb.txt", "eo-fleet.md"}),
    (CommitmentFilter(has_deadline=False), {"hechi.txt", "eo-fleet.md"}),
    (CommitmentFilter(sector="waste"), {"eo-fleet.md"}),
    (CommitmentFilter(strength="aspirational"), {"hechi.txt"}),
    (CommitmentFilter(has_quantity=True), {"ndc-alb.txt", "hechi.txt", "eo-fleet.md"}),
])
@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_search_filters_apply_inside_search_and_return_only_commitments(kb, filters, expect, mode):
    _, store, _, service = kb
    allowed = set(store.commitment_ids(filters))
    hits = service.search("construction energy vehicles stations emissions waste support", k=50, mode=mode,
                          filters=filters)
    assert hits, "a filtered search still finds matching commitments"
    assert all(h.kind == "commitment" and h.id in allowed for h in hits)
    assert {h.doc_name for h in hits} <= expect


def test_search_filter_by_document_finds_commitments_beyond_the_global_top_k(kb):
    _, _, ids, service = kb
    # a query that prefers other documents: the filter must still return the document's commitments
    hits = service.search("Albania emissions", k=1, filters=CommitmentFilter(document_id=ids[2]))
    assert len(hits) == 1 and hits[0].document_id == ids[2]


def test_search_filter_matching_nothing_is_empty(kb):
    _, _, _, service = kb
    assert service.search("energy", filters=CommitmentFilter(actor="Nobody")) == []


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "🙂🌍🔥", "!!! ??? ***"])
def test_search_rejects_queries_without_words(kb, query):
    with pytest.raises(InvalidQuery):
        kb[3].search(query)


def test_search_rejects_very_long_query(kb):
    with pytest.raises(InvalidQuery, match="limit"):
        kb[3].search("emissions " * 1000)


@pytest.mark.parametrize("k", [0, -1, 10**9, 2.5, True])
def test_search_rejects_bad_k(kb, k):
    with pytest.raises(InvalidQuery, match="k must"):
        kb[3].search("energy", k=k)


def test_search_rejects_bad_mode_and_impossible_ranges(kb):
    service = kb[3]
    with pytest.raises(InvalidQuery, match="mode"):
        service.search("energy", mode="fuzzy")
    with pytest.raises(InvalidQuery, match="empty"):
        service.search("energy", filters=CommitmentFilter(deadline_from=2030, deadline_to=2020))
    with pytest.raises(InvalidQuery):
        service.search("energy", filters=CommitmentFilter(deadline_from=30))


@pytest.mark.parametrize("query", ["中国碳达峰", "Ünïcödé énergie", "2030", "a", "the of and", "x" * 999])
@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_search_odd_queries_never_crash(kb, query, mode):
    hits = kb[3].search(query, mode=mode)
    assert isinstance(hits, list)


def test_search_large_k_returns_what_there_is(kb):
    hits = kb[3].search("energy", k=1000)
    assert 0 < len(hits) <= 20


def test_sync_is_cheap_when_nothing_changed(kb):
    _, _, _, service = kb
    calls = service.embedder.calls
    report = service.sync()
    assert (report.added, report.removed, report.rebuilt) == (0, 0, False)
    assert service.embedder.calls == calls


def test_sync_adds_new_document_without_rebuild(kb, tmp_path):
    settings, store, _, service = kb
    before = service.stats()
    parsed, comms = make_doc("new.txt", "Ruritania climate plan",
                             ["Ruritania will plant 5 million trees by 2028."],
                             [{"sentence": "Ruritania will plant 5 million trees by 2028.", "actor": "Ruritania",
                               "action": "plant", "target": "5 million trees", "year": 2028}])
    doc_id = store.add_document(parsed, comms, "test")
    service.on_document_stored(doc_id)
    after = service.stats()
    assert after["commitments"] == before["commitments"] + 1
    hits = service.search("plant trees Ruritania", k=3)
    assert hits[0].document_id == doc_id


def test_sync_removes_deleted_document(kb):
    settings, store, ids, service = kb
    store.delete_document(ids[0])
    report = service.sync()
    assert report.removed > 0 and not report.rebuilt
    assert all(h.document_id != ids[0] for h in service.search("Albania emissions 2030", k=20))
    assert ids[0] not in {int(i) for i in service.commitments.ids()} | set()


def test_search_catches_up_with_store_changes_by_itself(kb):
    settings, store, ids, service = kb
    store.delete_document(ids[1])
    hits = service.search("Hechi 5G base stations", k=20, mode="keyword")
    assert all(h.document_id != ids[1] for h in hits)


def test_sync_handles_replaced_commitments_and_reused_ids(kb):
    settings, store, ids, service = kb
    # delete the last document: SQLite may hand its ids to the next insert
    store.delete_document(ids[2])
    parsed, comms = make_doc("other.txt", "Other plan", ["Freedonia will build 12 wind farms by 2031."],
                             [{"sentence": "Freedonia will build 12 wind farms by 2031.", "actor": "Freedonia",
                               "action": "build", "target": "12 wind farms", "year": 2031}])
    new_id = store.add_document(parsed, comms, "test")
    service.sync()
    hits = service.search("wind farms", k=3, mode="keyword")
    assert hits[0].document_id == new_id and "wind farms" in hits[0].sentence
    # re-extraction swaps a document's commitments
    store.replace_commitments(ids[1], comms[:0], "v2")
    service.sync()
    assert not any(h.document_id == ids[1] and h.kind == "commitment"
                   for h in service.search("Hechi base stations", k=20))


def test_index_persists_and_reloads_without_reembedding(kb):
    settings, store, _, service = kb
    expected = [(h.kind, h.id) for h in service.search("zero-emission vehicles", k=5)]
    fake = HashEmbedder()
    again = SearchService(settings, store, embedder=fake)
    report = again.sync()
    assert not report.rebuilt and report.added == 0
    assert [(h.kind, h.id) for h in again.search("zero-emission vehicles", k=5)] == expected
    assert fake.calls == 1  # the query embedding only: no unit re-embedded


def test_index_save_is_atomic_manifest_points_to_complete_snapshot(kb):
    settings, store, _, service = kb
    index_dir = settings.index_dir
    manifest = json.loads((index_dir / "manifest.json").read_text())
    snap = index_dir / manifest["snapshot"]
    assert {p.name for p in snap.iterdir()} == {"commitments.faiss", "sentences.faiss", "keyword.pkl", "meta.pkl"}
    assert manifest["model"] == "hash-embedder" and manifest["dim"] == 64
    assert manifest["counts"]["commitments"] == 7
    # one snapshot only; no temp files left behind
    assert [p.name for p in index_dir.iterdir() if p.is_dir()] == [manifest["snapshot"]]
    assert not [p for p in index_dir.iterdir() if p.name.endswith(".tmp")]


def test_index_crash_during_save_keeps_previous_snapshot(kb, monkeypatch):
    settings, store, ids, service = kb
    manifest_before = (settings.index_dir / "manifest.json").read_text()
    store.delete_document(ids[0])

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr("indexer.snapshot.atomic_write", boom)
    with pytest.raises(OSError):
        service.sync()
        service.flush()  # the save may have been held back (see the next test)
    monkeypatch.undo()
    assert (settings.index_dir / "manifest.json").read_text() == manifest_before
    fresh = SearchService(settings, store, embedder=HashEmbedder())
    fresh.sync()  # the old snapshot loads; the store's change log still holds the delete
    assert fresh.stats()["commitments"] == 6


def test_index_saves_are_held_back_but_the_change_log_covers_the_gap(kb):
    settings, store, ids, service = kb
    manifest_before = (settings.index_dir / "manifest.json").read_text()
    store.delete_document(ids[0])
    service.sync()  # applied in memory at once; the snapshot was saved moments ago
    assert service.stats()["commitments"] == 6
    assert (settings.index_dir / "manifest.json").read_text() == manifest_before
    other = SearchService(settings, store, embedder=HashEmbedder())  # e.g. after a crash now
    other.sync()
    assert other.stats()["commitments"] == 6
    assert service.flush() is True and service.flush() is False
    assert (settings.index_dir / "manifest.json").read_text() != manifest_before


def test_index_corrupt_snapshot_is_rebuilt(kb):
    settings, store, _, service = kb
    manifest = json.loads((settings.index_dir / "manifest.json").read_text())
    (settings.index_dir / manifest["snapshot"] / "commitments.faiss").write_bytes(b"garbage")
    fresh = SearchService(settings, store, embedder=HashEmbedder())
    report = fresh.sync()
    assert report.rebuilt and fresh.stats()["commitments"] == 7


def test_index_disagreeing_with_store_is_rebuilt(kb):
    settings, store, _, service = kb
    # rows changed behind the log's back (e.g. a restored backup): counts disagree
    store.prune_search_changes(10**9)
    with store.transaction() as conn:
        conn.execute("DROP TRIGGER search_commitment_removed")
        conn.execute("DELETE FROM commitments WHERE id = (SELECT MIN(id) FROM commitments)")
    fresh = SearchService(settings, store, embedder=HashEmbedder())
    report = fresh.sync()
    assert report.rebuilt and "disagreed" in report.reason
    assert fresh.stats()["commitments"] == 6


def test_check_raises_index_mismatch_for_other_model_or_dimension(kb):
    settings, store, _, service = kb
    service.check()
    other = SearchService(settings, store, embedder=HashEmbedder(dim=32))
    with pytest.raises(IndexMismatch, match="policykb reindex"):
        other.check()
    with pytest.raises(IndexMismatch, match="policykb reindex"):
        other.search("energy")
    renamed = SearchService(settings, store, embedder=HashEmbedder(name="another-model"))
    with pytest.raises(IndexMismatch):
        renamed.sync()
    # reindex builds for the new model; then it is consistent
    renamed.reindex()
    renamed.check()
    assert renamed.search("energy")


def test_similar_commitments_come_from_other_documents(kb):
    _, store, ids, service = kb
    cid = store.commitment_ids(CommitmentFilter(document_id=ids[1]))[0]
    hits = service.similar_commitments(cid, k=3)
    assert hits and all(h.kind == "commitment" and h.document_id != ids[1] for h in hits)
    with pytest.raises(NotFound):
        service.similar_commitments(999_999)
    with pytest.raises(InvalidQuery):
        service.similar_commitments(cid, k=0)


def test_search_is_thread_safe_while_documents_are_added(kb):
    settings, store, _, service = kb
    errors: list[BaseException] = []
    stop = threading.Event()

    def searcher():
        try:
            while not stop.is_set():
                for h in service.search("construction energy", k=5):
                    assert h.sentence
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=searcher) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for i in range(8):
            parsed, comms = make_doc(f"n{i}.txt", f"Plan {i}", [f"Town{i} will build {i} energy stations by 2030."],
                                     [{"sentence": f"Town{i} will build {i} energy stations by 2030.",
                                       "actor": f"Town{i}", "action": "build", "year": 2030}])
            service.on_document_stored(store.add_document(parsed, comms, "test"))
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors
    assert service.stats()["commitments"] == 15


def test_query_names_and_years_boost(kb):
    _, _, _, service = kb
    hits = service.search("What has Hechi promised for 2025?", k=3)
    assert hits[0].doc_name == "hechi.txt"
    assert any(b.startswith("year:2025") for b in hits[0].boosts) or "2025" in hits[0].sentence


def test_question_answer_type_raises_units_that_state_it(tmp_path):
    doc = make_doc("town.txt", "Town energy plan",
                   ["The town will expand solar power across its rooftops.",
                    "The town will expand solar power to 40 percent of supply by 2030."])
    settings, store, _ = new_store(tmp_path, docs=(doc,))
    service = SearchService(settings, store, embedder=HashEmbedder())
    service.sync()
    for query, label in (("When will the town expand solar power?", "answer:date"),
                         ("How much will the town expand solar power?", "answer:amount")):
        hits = service.search(query, k=2)
        assert "40 percent" in hits[0].sentence and label in hits[0].boosts
        assert not any(b.startswith("answer:") for b in hits[1].boosts)
    assert not any(b.startswith("answer:") for h in service.search("town solar power rooftops", k=2) for b in h.boosts)


def test_list_item_carries_its_introduction(tmp_path):
    doc = make_doc("ndc-xyz.txt", "A climate pledge",
                   ["Our nationally determined actions to 2030 are as follows:",
                    "To cut carbon dioxide emissions per unit of GDP by 40% to 45% from the 2010 level;"],
                   list_parent={2: 1})
    settings, store, _ = new_store(tmp_path, docs=(doc,))
    service = SearchService(settings, store, embedder=HashEmbedder())
    # "nationally determined" is only in the list's introduction
    hits = service.search("nationally determined carbon dioxide GDP", k=5, mode="keyword")
    assert "per unit of GDP" in hits[0].sentence


def test_sentence_unit_ids_follow_the_documented_scheme(kb):
    _, store, _, service = kb
    keys = service.sentences.ids()
    pids = set(int(k) // SENTENCES_PER_PASSAGE for k in keys)
    assert pids <= {sp.id for sp in store.iter_passages()}
    assert set(np.asarray(keys).tolist()) == sentence_keys_of(store)
    assert set(np.asarray(service.commitments.ids()).tolist()) == set(store.commitment_ids())


def test_two_processes_share_the_index_dir(kb):
    """The web app keeps an index in memory while `policykb add` in another process syncs and prunes the log."""
    settings, store, ids, web = kb
    cli = SearchService(settings, store, embedder=HashEmbedder())
    cli.sync()
    parsed, comms = make_doc("late.txt", "Late plan", ["Lateland will retire 3 coal plants by 2029."],
                             [{"sentence": "Lateland will retire 3 coal plants by 2029.", "actor": "Lateland",
                               "action": "retire", "target": "3 coal plants", "year": 2029}])
    doc_id = store.add_document(parsed, comms, "test")
    cli.on_document_stored(doc_id)          # saves a new snapshot and prunes the log
    hits = web.search("Lateland coal plants", k=3, mode="keyword")
    assert hits and hits[0].document_id == doc_id
    assert web.stats()["commitments"] == cli.stats()["commitments"] == 8


def test_keyword_and_vector_indexes_hold_exactly_the_stores_units(kb):
    """The keyword engine is not SQLite's: after adds, deletes, re-extraction and a reload it holds the same units."""
    settings, store, ids, service = kb

    def check(svc):
        c = np.sort(svc.commitments.ids())
        s = np.sort(svc.sentences.ids())
        kw = np.sort(svc.keywords.ids())
        assert c.tolist() == sorted(store.commitment_ids())
        assert kw.tolist() == sorted((2 * c).tolist() + (2 * s + 1).tolist())
        assert set(s.tolist()) == sentence_keys_of(store)

    check(service)
    store.delete_document(ids[1])
    parsed, comms = make_doc("x.txt", "X plan", ["X will do 1 thing by 2030. X will do 2 things."],
                             [{"sentence": "X will do 2 things.", "actor": "X"}])
    new_id = store.add_document(parsed, comms, "test")
    store.replace_commitments(ids[2], [], "v2")
    service.sync()
    check(service)
    fresh = SearchService(settings, store, embedder=HashEmbedder())
    fresh.sync()
    check(fresh)
    assert fresh.search("X things", k=1, mode="keyword")[0].document_id == new_id
