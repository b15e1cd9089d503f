"""Indexing on a budget (issue 18, item 5): the change log is replayed in chunks that can stop.

A huge document's embedding takes minutes; the web worker must keep taking parsing jobs meanwhile and a
search must answer.  So `SearchService.sync(budget_s=..., stop=...)` applies the store's change log a
chunk at a time (indexer/sync.py `REPLAY_CHUNK`), stops between chunks when the budget is spent, and the
next sync resumes at the first change not applied.  These tests make chunks tiny (a few changes) so a
small invented document spans many of them; the embedder is the model-free HashEmbedder (the tests are
about chunking, not about meaning).
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

from indexer import HashEmbedder, SearchService, sync
from indexer.units import IndexState
from tests.search_builders import make_doc, new_store
from web.worker import Worker

DIM = 64


def long_plan(name: str, n: int) -> tuple:
    """An invented plan of `n` paragraphs, each holding one commitment of a made-up town."""
    paras = [f"Town{i} will plant {i + 3} hundred oak trees along the Velmar river by 20{30 + i % 20}."
             for i in range(n)]
    comms = [{"sentence": p, "actor": f"Town{i}", "action": "plant", "target": "oak trees"}
             for i, p in enumerate(paras)]
    return make_doc(name, f"{name} river plan", paras, comms)


def index_content(state: IndexState) -> tuple:
    """What an index holds: its unit ids, their vectors, the keyword units and the passage sentence counts."""
    c = np.sort(state.commitments.ids())
    s = np.sort(state.sentences.ids())
    return (c.tolist(), s.tolist(), state.commitments.vectors(c).round(6).tolist(),
            state.sentences.vectors(s).round(6).tolist(), sorted(state.keywords.ids().tolist()),
            dict(state.passage_sentences))


class CountingEmbed:
    def __init__(self) -> None:
        self.model = HashEmbedder(dim=DIM)
        self.calls = 0

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        return self.model.encode(texts)


def test_a_replay_past_its_deadline_stops_after_one_chunk_and_a_later_one_finishes_the_same_index(tmp_path):
    settings, store, _ = new_store(tmp_path)
    start = sync.build(store, CountingEmbed(), DIM, 1000)
    reference = sync.build(store, CountingEmbed(), DIM, 1000)
    parsed, comms = long_plan("velmar.txt", 30)          # 30 commitments + 31 passages: 61 changes
    store.add_document(parsed, comms, "test")
    end, before = store.search_change_seq(), start.seq

    embed = CountingEmbed()
    sync.replay(store, embed, DIM, start, threading.RLock(), deadline=0.0, chunk=8)   # deadline long past
    assert start.seq == store.search_changes_since(before)[7][0] < end    # exactly the first chunk of 8 changes
    first_calls = embed.calls
    assert first_calls > 0

    sync.replay(store, embed, DIM, start, threading.RLock(), chunk=8)   # no deadline: the rest
    assert start.seq == end
    sync.replay(store, CountingEmbed(), DIM, reference, threading.RLock())   # one unbounded replay
    assert index_content(start) == index_content(reference)


def test_a_stop_signal_ends_a_replay_between_chunks(tmp_path):
    settings, store, _ = new_store(tmp_path)
    state = sync.build(store, CountingEmbed(), DIM, 1000)
    parsed, comms = long_plan("velmar.txt", 30)
    store.add_document(parsed, comms, "test")
    before = state.seq
    asked = []

    def stop() -> bool:
        asked.append(state.seq)
        return len(asked) == 3            # stop when asked the third time, i.e. after three chunks

    sync.replay(store, CountingEmbed(), DIM, state, threading.RLock(), stop=stop, chunk=8)
    assert state.seq == store.search_changes_since(before)[23][0]


@pytest.fixture
def service(tmp_path, monkeypatch):
    monkeypatch.setattr(sync, "REPLAY_CHUNK", 8)
    settings, store, _ = new_store(tmp_path)
    svc = SearchService(settings, store, embedder=HashEmbedder())
    svc.sync()
    return svc


def test_a_budgeted_sync_reports_pending_and_search_answers_before_it_is_done(service):
    store = service.store
    parsed, comms = long_plan("velmar.txt", 30)
    store.add_document(parsed, comms, "test")

    report = service.sync(budget_s=0)
    assert report.pending
    assert 0 < report.added < 61
    assert service.state.seq < store.search_change_seq()

    service.turn_budget_s = 0   # a search's own catch-up then applies one chunk at most
    hits = service.search("oak trees along the Velmar river", k=5)
    assert len(hits) == 5        # the part indexed so far answers

    for _ in range(20):
        report = service.sync(budget_s=0)
        if not report.pending:
            break
    assert not report.pending and service.state.seq == store.search_change_seq()
    fresh = SearchService(service.settings, store, embedder=HashEmbedder())
    fresh.reindex()
    assert index_content(service.state) == index_content(fresh.state)


class BlockingEmbedder(HashEmbedder):
    """Holds the embedding of the Velmar plan's text until released; queries go through."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()

    def encode(self, texts, batch_size: int = 64):  # type: ignore[no-untyped-def]
        if any("Velmar" in t for t in texts) and len(texts) > 1:
            self.entered.set()
            assert self.release.wait(30)
        return super().encode(texts, batch_size)


def test_search_answers_while_a_chunk_is_being_embedded(tmp_path, monkeypatch):
    monkeypatch.setattr(sync, "REPLAY_CHUNK", 8)
    settings, store, _ = new_store(tmp_path)
    embedder = BlockingEmbedder()
    service = SearchService(settings, store, embedder=embedder)
    service.sync()
    parsed, comms = long_plan("velmar.txt", 30)
    store.add_document(parsed, comms, "test")

    syncing = threading.Thread(target=service.sync, kwargs={"budget_s": 60})
    syncing.start()
    try:
        assert embedder.entered.wait(10)
        answered: list = []
        asking = threading.Thread(target=lambda: answered.append(service.search("climate pledge", k=3)))
        asking.start()
        asking.join(10)
        assert answered and len(answered[0]) == 3     # answered while the sync's embedding waits
    finally:
        embedder.release.set()
        syncing.join(30)
    assert service.state.seq == store.search_change_seq()


class OneDocumentPerPass:
    """A stand-in for the pipeline (the test is about the worker's indexing, not parsing): each pass
    stores the next queued document, as `Pipeline.process_queued` would after parsing it."""

    def __init__(self, store) -> None:  # type: ignore[no-untyped-def]
        self.store = store
        self.queue: list[tuple] = []
        self.stored: list[int] = []

    def process_queued(self) -> list[int]:
        if not self.queue:
            return []
        parsed, comms = self.queue.pop(0)
        self.stored.append(self.store.add_document(parsed, comms, "test"))
        return [self.stored[-1]]

    def remove_unneeded_originals(self) -> None:
        return None


def test_the_worker_takes_the_next_job_while_the_first_documents_indexing_is_unfinished(service):
    store = service.store
    pipeline = OneDocumentPerPass(store)
    worker = Worker(pipeline, store, service, index_budget_s=0)
    pipeline.queue.append(long_plan("velmar.txt", 30))
    assert worker.run_once() == 1
    assert worker.needs_sync                              # the first document is not fully indexed
    behind = service.state.seq
    assert behind < store.search_change_seq()

    pipeline.queue.append(make_doc("small.txt", "Ostrava note", ["Ostrava will open 2 libraries by 2031."],
                                   [{"sentence": "Ostrava will open 2 libraries by 2031.", "actor": "Ostrava"}]))
    assert worker.run_once() == 1                         # the second job is processed at once
    assert len(pipeline.stored) == 2
    assert service.state.seq < store.search_change_seq()  # while indexing is still under way

    passes = 0
    while worker.needs_sync and passes < 30:              # later passes (or idle ones) finish the indexing
        worker.run_once()
        passes += 1
    assert not worker.needs_sync and worker.last_error is None
    assert service.state.seq == store.search_change_seq()
    hits = service.search("Ostrava libraries", k=3, mode="keyword")
    assert hits and hits[0].doc_name == "small.txt"
