"""Kill the server with SIGKILL mid-batch: every accepted file ends fully in, none half-in, none lost.

A real `policykb serve` process takes a batch of uploads over HTTP; while
its worker is part-way through, the process is killed.  A restart on the
same data folder must put interrupted jobs back in the queue and finish
them; afterwards each accepted file is one complete document (passages,
commitments, original kept) and the search index agrees with the store.
"""

from __future__ import annotations

import json
import time

import pytest

from kb.config import load_settings
from kb.originals import Originals
from kb.store import Store
from tests.serverproc import Server, plan_document, policykb

pytestmark = pytest.mark.integration

BATCH = 16


def _editor_token(data) -> str:
    """An account that may upload, and an API token for it."""
    policykb(data, "user", "add", "uploader", "--password", "a long enough password")
    return policykb(data, "token", "create", "--user", "uploader").strip().splitlines()[0]


def _statuses(server: Server, job_ids: list[int]) -> list[str]:
    return [server.get(f"/api/jobs/{j}")["status"] for j in job_ids]


def _wait_all_done(server: Server, job_ids: list[int], timeout: float = 300) -> list[str]:
    deadline = time.time() + timeout
    while time.time() < deadline:
        states = _statuses(server, job_ids)
        if all(s in ("done", "failed") for s in states):
            return states
        time.sleep(0.5)
    raise AssertionError(f"jobs not finished: {_statuses(server, job_ids)}")


def test_sigkill_mid_batch_then_restart_loses_nothing_and_leaves_nothing_half_in(tmp_path):
    data = tmp_path / "data"
    token = _editor_token(data)
    files = [(f"plan-{i:02d}.txt", plan_document(i, sentences=20)) for i in range(BATCH)]

    server = Server(data).start()
    try:
        jobs = server.upload(files, token)["jobs"]
        job_ids = [j["id"] for j in jobs]
        assert len(job_ids) == BATCH
        # kill as soon as the worker has started on the batch but not finished it
        deadline = time.time() + 120
        states = _statuses(server, job_ids)
        while time.time() < deadline and not ("done" in states or "processing" in states):
            time.sleep(0.02)
            states = _statuses(server, job_ids)
        server.kill()
    finally:
        server.kill()
    assert "queued" in states or "processing" in states, f"batch finished before the kill: {states}"
    # the job(s) the kill interrupted, read from the database the dead server left
    left = Store(load_settings(data_dir=data).db_path)
    interrupted = [j.id for j in left.list_jobs(BATCH + 1, status="processing")]
    left.close()

    restarted = Server(data).start()
    try:
        final = _wait_all_done(restarted, job_ids)
        assert final == ["done"] * BATCH
        store = Store(load_settings(data_dir=data).db_path)
        # wait for the worker to bring the index up to the store's last change
        manifest_path = data / "index" / "manifest.json"
        deadline = time.time() + 120
        while time.time() < deadline:
            if manifest_path.exists():
                manifest = json.loads(manifest_path.read_text())
                if manifest.get("change_seq", -1) >= store.search_change_seq():
                    break
            time.sleep(0.5)
    finally:
        restarted.stop()

    settings = load_settings(data_dir=data)
    originals = Originals(settings.originals_dir)
    docs = store.list_documents()
    assert len(docs) == BATCH, "each accepted file is exactly one document"
    for job_id in job_ids:
        job = store.get_job(job_id)
        assert job.document_id is not None and originals.exists(job.sha256)
        # an interrupted job counts the attempt the kill cut short: it does not start afresh forever
        assert job.attempts == (2 if job_id in interrupted else 1), (job_id, interrupted)
    for doc, n_commitments in docs:
        assert store.passages(doc.id), f"{doc.source_name} has no passages"
        assert n_commitments > 0, f"{doc.source_name} has no commitments"
    # nothing half-in: no passage or commitment without its document
    orphans = store.conn.execute(
        "SELECT (SELECT COUNT(*) FROM passages WHERE document_id NOT IN (SELECT id FROM documents))"
        " + (SELECT COUNT(*) FROM commitments WHERE document_id NOT IN (SELECT id FROM documents))"
    ).fetchone()[0]
    assert orphans == 0

    # the saved index (vectors and keywords) agrees with the store: loading it needs no change
    from indexer import SearchService

    report = SearchService(settings, store).sync()
    assert not report.rebuilt, report.reason
    assert (report.added, report.removed) == (0, 0)
    assert report.commitments == store.count_commitments()
    hits = SearchService(settings, store).search("Lakeview7 bridges", k=5, mode="keyword")
    assert hits and "Lakeview7" in hits[0].sentence
    store.close()


def test_backup_while_the_server_takes_uploads_restores_to_a_consistent_copy(tmp_path):
    data = tmp_path / "data"
    token = _editor_token(data)
    server = Server(data).start()
    try:
        first = server.upload([(f"a-{i}.txt", plan_document(i, sentences=8)) for i in range(4)], token)["jobs"]
        _wait_all_done(server, [j["id"] for j in first])
        more = server.upload([(f"b-{i}.txt", plan_document(100 + i, sentences=8)) for i in range(6)], token)["jobs"]
        policykb(data, "backup", str(tmp_path / "backup"))  # while the worker is busy with `more`
        _wait_all_done(server, [j["id"] for j in more])
    finally:
        server.stop()

    restored = tmp_path / "restored"
    policykb(restored, "restore", str(tmp_path / "backup"))
    settings = load_settings(data_dir=restored)
    copy = Store(settings.db_path)
    docs = copy.list_documents()
    assert 4 <= len(docs) <= 10
    originals = Originals(settings.originals_dir)
    for doc, n in docs:
        assert n > 0 and copy.passages(doc.id) and originals.exists(doc.sha256)
    # jobs the backup caught mid-way are queued or processing there, with their originals kept
    for job in copy.list_jobs():
        assert job.status in ("done", "queued", "processing")
        assert originals.exists(job.sha256)

    from indexer import SearchService

    service = SearchService(settings, copy)
    service.sync()
    assert service.stats()["commitments"] == copy.count_commitments()
    copy.close()
