"""`policykb ingest` hands the embedder every core once parsing is done (issue 13).

While files parse, the index embeds on one core; when the last file is
parsed (`BackgroundIndexer.stop`), the backlog may use all of them.
"""

from __future__ import annotations

import os

from indexer.sync import SyncReport
from policykb.cli.documents import BackgroundIndexer


class RecordingEmbedder:
    def __init__(self) -> None:
        self.workers: list[int] = []

    def set_workers(self, n: int) -> None:
        self.workers.append(n)


class FakeService:
    """Only what the indexer thread touches: the embedder and `sync` (the index itself is another test's subject)."""

    def __init__(self) -> None:
        self.embedder = RecordingEmbedder()
        self.syncs = 0

    def sync(self) -> SyncReport:
        self.syncs += 1
        return SyncReport(added=3)


def test_the_backlog_gets_every_core_once_parsing_is_done() -> None:
    service = FakeService()
    indexer = BackgroundIndexer(service)  # type: ignore[arg-type]
    indexer.start()
    indexer.notify(1)
    assert service.embedder.workers == [], "one core for the embedder while files parse"
    indexer.stop(progress=False)
    assert service.embedder.workers == [os.cpu_count() or 1]
    assert indexer.indexed == 1
    assert service.syncs >= 1


def test_an_embedder_without_workers_is_left_alone() -> None:
    service = FakeService()
    service.embedder = object()  # type: ignore[assignment]  # e.g. the torch embedder
    indexer = BackgroundIndexer(service)  # type: ignore[arg-type]
    indexer.start()
    indexer.notify(1)
    indexer.stop(progress=False)
    assert indexer.indexed == 1
