"""Several workers on one database: leases, heartbeats, dead workers, one document per file.

A worker claims a job under its name with a lease; its heartbeat renews the
lease while it works; a worker that dies stops renewing, and once the lease
has run out another worker takes the job, counting the attempt the death cut
short (kb/store_jobs.py, web/worker.py).  Every test of the store runs on
SQLite and on a real PostgreSQL (tests/stores.py); the PostgreSQL-only ones
show what only PostgreSQL does (claims that do not wait for another
process's write) or start real `policykb worker` processes against it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kb.extract import ExtractionResult
from kb.models import ParsedDocument
from kb.pipeline import Pipeline
from kb.store import Store
from kb.store_jobs import ALIVE_LEASES, MAX_ATTEMPTS, _later
from tests.serverproc import ROOT, plan_document
from tests.stores import drop_postgres_database, new_postgres_database, settings_on
from web.worker import TEST_DELAY_ENV, JobRunner, Lease

PLAN = b"Ferry plan\n\nThe harbour board will buy three electric ferries by 2031.\n"


def _sha(i: int) -> str:
    return f"{i:064x}"


# -- claiming -------------------------------------------------------------------------------------

def test_two_workers_claiming_at_once_never_get_the_same_job(store_target):
    """Two Stores (two processes' worth of connections), two threads each, 40 jobs: each claimed once."""
    first, second = Store(store_target), Store(store_target)
    try:
        jobs = {first.create_job(f"file-{i}.txt", _sha(i)).id for i in range(40)}
        claimed: dict[str, list[int]] = {"w1": [], "w2": [], "w3": [], "w4": []}

        def work(store: Store, name: str) -> None:
            while (job := store.claim_next_job(worker=name)) is not None:
                claimed[name].append(job.id)
            store.close()

        threads = [threading.Thread(target=work, args=(s, n))
                   for s, n in ((first, "w1"), (second, "w2"), (first, "w3"), (second, "w4"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        every = [j for ids in claimed.values() for j in ids]
        assert sorted(every) == sorted(jobs)            # all claimed, none twice
        for name, ids in claimed.items():                # each job carries its claimer's name and a lease
            for job_id in ids:
                job = first.get_job(job_id)
                assert (job.status, job.attempts) == ("processing", 1)
                assert job.worker == name and job.lease_until > job.updated_at
    finally:
        first.dispose()
        second.dispose()


CLAIMER = """
import json, sys
from kb.store import Store
store = Store(sys.argv[1])
ids = []
while (job := store.claim_next_job(worker=sys.argv[2])) is not None:
    ids.append(job.id)
print(json.dumps(ids))
store.dispose()
"""


@pytest.mark.postgres
def test_on_postgresql_three_worker_processes_claim_every_job_once(postgres_server):
    import json

    url = new_postgres_database(postgres_server)
    store = Store(url)
    try:
        jobs = [store.create_job(f"file-{i}.txt", _sha(i)).id for i in range(60)]
        procs = [subprocess.Popen([sys.executable, "-c", CLAIMER, url, f"p{n}"], stdout=subprocess.PIPE,
                                  text=True, cwd=ROOT) for n in range(3)]
        claimed = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
        assert all(p.returncode == 0 for p in procs)
        every = [j for ids in claimed for j in ids]
        assert sorted(every) == jobs                                     # every job once, none twice
        for n, ids in enumerate(claimed):
            assert {store.get_job(j).worker for j in ids} <= {f"p{n}"}
    finally:
        store.dispose()
        drop_postgres_database(postgres_server, url)


@pytest.mark.postgres
def test_on_postgresql_a_claim_skips_a_job_another_transaction_has_locked_instead_of_waiting(postgres_server):
    url = new_postgres_database(postgres_server)
    writer, claimer = Store(url), Store(url)
    try:
        first = writer.create_job("first.txt", _sha(1))
        second = writer.create_job("second.txt", _sha(2))
        got: list = []
        with writer.transaction() as conn:                 # another process is writing the first job's row
            conn.execute("UPDATE jobs SET updated_at=updated_at WHERE id=?", (first.id,))
            t = threading.Thread(target=lambda: got.append(claimer.claim_next_job(worker="w2")))
            t.start()
            t.join(10)
            assert not t.is_alive(), "the claim waited for the other transaction"
        assert got[0].id == second.id                      # skipped the locked row, took the next
        assert claimer.claim_next_job(worker="w2").id == first.id   # free again once the writer committed
    finally:
        writer.dispose()
        claimer.dispose()
        drop_postgres_database(postgres_server, url)


@pytest.mark.postgres
def test_on_postgresql_claims_go_on_while_another_process_holds_the_write_lock(postgres_server):
    url = new_postgres_database(postgres_server)
    writer, claimer = Store(url), Store(url)
    try:
        queued = [writer.create_job(f"f{i}.txt", _sha(i)).id for i in range(3)]
        got: list = []
        with writer.transaction():                          # the store's write lock, held
            t = threading.Thread(target=lambda: got.extend(
                [claimer.claim_next_job(worker="w2") for _ in range(3)]))
            t.start()
            t.join(10)
            assert not t.is_alive(), "claims waited for the write lock"
        assert [j.id for j in got] == queued
    finally:
        writer.dispose()
        claimer.dispose()
        drop_postgres_database(postgres_server, url)


# -- leases -----------------------------------------------------------------------------------------

def test_a_live_workers_job_is_not_taken_but_an_expired_lease_is_and_counts_an_attempt(backend_store):
    store = backend_store
    job = store.create_job("plan.txt", _sha(1))
    first = store.claim_next_job(worker="w1", lease_s=60)
    assert first.id == job.id
    assert store.claim_next_job(worker="w2") is None                    # its lease runs: w1's
    assert store.claim_next_job(worker="w2", now=_later(30)) is None
    again = store.claim_next_job(worker="w2", now=_later(61))           # w1 died: the lease ran out
    assert (again.id, again.status, again.attempts) == (job.id, "processing", 2)
    assert again.reason == "attempt 1 was interrupted (its worker stopped: the lease ran out)"
    assert store.get_job(job.id).worker == "w2"
    assert not store.renew_lease(job.id, "w1")                          # w1, back from a stall, has lost it
    assert store.renew_lease(job.id, "w2")


def test_a_job_whose_worker_dies_every_time_is_dead_after_max_attempts_with_the_reason(backend_store):
    store = backend_store
    job = store.create_job("killer.txt", _sha(7))
    now = None
    for attempt in range(1, MAX_ATTEMPTS + 1):
        claimed = store.claim_next_job(worker=f"w{attempt}", lease_s=60, now=now)
        assert (claimed.id, claimed.attempts) == (job.id, attempt)
        now = _later(61, now)                                            # ... and that worker is killed
    assert store.claim_next_job(worker="w9", now=now) is None
    dead = store.get_job(job.id)
    assert dead.status == "dead" and dead.attempts == MAX_ATTEMPTS
    assert dead.reason == (f"gave up after {MAX_ATTEMPTS} attempts: its worker stopped while processing it"
                           " each time (the lease ran out)")
    assert store.queue_counts()["dead"] == 1
    assert store.retry_job(job.id).attempts == 0                         # an admin can still retry it


def test_the_heartbeat_keeps_a_long_job_its_workers_and_stopping_it_lets_the_lease_run_out(store_target):
    worker_side, other_side = Store(store_target), Store(store_target)
    try:
        job = worker_side.create_job("long.txt", _sha(3))
        assert worker_side.claim_next_job(worker="slow", lease_s=2).id == job.id
        with Lease(worker_side, job.id, "slow", lease_s=2) as lease:     # renewed every 2/3 s
            time.sleep(4.5)                                              # over two lease periods
            assert other_side.claim_next_job(worker="eager") is None
            assert not lease.lost
        time.sleep(3.5)                                                  # no heartbeat: the lease runs out
        taken = other_side.claim_next_job(worker="eager")
        assert (taken.id, taken.attempts) == (job.id, 2)
    finally:
        worker_side.dispose()
        other_side.dispose()


def test_a_stopping_worker_gives_its_job_back_without_counting_the_attempt(backend_store):
    store = backend_store
    job = store.create_job("plan.txt", _sha(4))
    store.claim_next_job(worker="w1")
    assert not store.release_job(job.id, "w2")                           # not w2's to give back
    assert store.release_job(job.id, "w1")
    back = store.get_job(job.id)
    assert (back.status, back.attempts) == ("queued", 0)
    assert back.reason == "given back by worker w1 when it stopped (not counted as an attempt)"
    assert store.claim_next_job(worker="w2").attempts == 1


# -- the workers table --------------------------------------------------------------------------------

def test_workers_register_are_seen_and_counted_alive_within_three_lease_periods(backend_store):
    store = backend_store
    store.register_worker("alpha", "host-a", 4242, lease_s=10)
    store.register_worker("beta", "host-b", 77, lease_s=60)
    job = store.create_job("plan.txt", _sha(5))
    store.claim_next_job(worker="beta")
    store.renew_lease(job.id, "beta")
    workers = store.list_workers()
    assert [(w.name, w.host, w.pid, w.current_job_id, w.alive) for w in workers] == [
        ("alpha", "host-a", 4242, None, True), ("beta", "host-b", 77, job.id, True)]
    later = store.list_workers(now=_later(ALIVE_LEASES * 10 + 2))       # alpha unseen for over 3 x 10 s
    assert [(w.name, w.alive) for w in later] == [("alpha", False), ("beta", True)]
    store.unregister_worker("alpha")
    assert [w.name for w in store.list_workers()] == ["beta"]


def test_queue_counts_has_every_state(backend_store):
    store = backend_store
    for i in range(3):
        store.create_job(f"q{i}.txt", _sha(10 + i))
    store.create_job("big.pdf", None, "failed", "file is 300.0 MB, over the 200 MB limit")
    store.claim_next_job(worker="w1")
    assert store.queue_counts() == {"queued": 2, "processing": 1, "done": 0, "failed": 1, "dead": 0,
                                    "cancelled": 0}


def test_a_starting_worker_hands_back_only_the_jobs_of_dead_workers_of_its_machine(backend_store):
    """A killed `policykb serve` restarting need not wait out the leases; a live worker keeps its job."""
    import socket

    store = backend_store
    host = socket.gethostname()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    try:
        store.register_worker("live", host, alive.pid)
        store.register_worker("killed", host, gone.pid)
        store.register_worker("elsewhere", "another-machine", gone.pid)   # not this machine's to judge
        jobs = {name: store.create_job(f"{name}.txt", _sha(20 + i)).id
                for i, name in enumerate(("live", "killed", "elsewhere"))}
        for name in jobs:
            assert store.claim_next_job(worker=name).id == jobs[name]
        runner = JobRunner(pipeline=None, store=store, name="fresh")
        assert runner.start() == 1
        try:
            states = {name: store.get_job(j).status for name, j in jobs.items()}
            assert states == {"live": "processing", "killed": "queued", "elsewhere": "processing"}
            assert store.get_job(jobs["killed"]).reason == "attempt 1 was interrupted (the server stopped)"
            assert sorted(w.name for w in store.list_workers()) == ["elsewhere", "fresh", "live"]
        finally:
            runner.stop()
        assert "fresh" not in [w.name for w in store.list_workers()]
    finally:
        alive.kill()
        alive.wait()


# -- one document per file ----------------------------------------------------------------------------

class MeetingExtractor:
    """No commitments; each extraction waits at a barrier, so two workers reach the store together."""

    def __init__(self, barrier: threading.Barrier):
        self.barrier = barrier

    def extract(self, doc: ParsedDocument) -> ExtractionResult:
        self.barrier.wait(timeout=30)
        return ExtractionResult((), ())


def test_two_workers_processing_the_same_bytes_at_once_store_one_document(tmp_path, store_target):
    """Two jobs of one file, claimed by two workers that both find no document yet and then store at
    the same moment: the duplicate check and the insert are one transaction, so one document."""
    settings = settings_on(store_target, tmp_path / "data", parse_timeout_s=20.0)
    stores = [Store(settings.database), Store(settings.database)]
    try:
        barrier = threading.Barrier(2)
        pipelines = [Pipeline(settings, s, extractor=MeetingExtractor(barrier)) for s in stores]
        jobs = [pipelines[0].submit(PLAN, "ferries.txt"), pipelines[0].submit(PLAN, "ferries-copy.txt")]
        outcomes: dict[str, object] = {}

        def work(name: str, pipeline: Pipeline) -> None:
            outcomes[name] = JobRunner(pipeline, pipeline.store, name=name).run_one()
            pipeline.store.close()

        threads = [threading.Thread(target=work, args=(f"w{i}", p)) for i, p in enumerate(pipelines)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        statuses = sorted(o.status for o in outcomes.values())
        assert statuses == ["added", "duplicate"]
        assert stores[0].document_count() == 1
        added = next(o for o in outcomes.values() if o.status == "added")
        finished = [stores[0].get_job(j.id) for j in jobs]
        assert [j.status for j in finished] == ["done", "done"]
        assert {j.document_id for j in finished} == {added.document_id}
        assert sorted(j.duplicate for j in finished) == [False, True]
    finally:
        for s in stores:
            s.dispose()


# -- web nodes -----------------------------------------------------------------------------------------

def test_a_web_node_started_with_no_worker_queues_uploads_for_the_worker_processes(tmp_path):
    from policykb.cli.app import build_parser
    from tests.webapp import make_app

    assert build_parser().parse_args(["serve", "--no-worker"]).no_worker
    app = make_app(tmp_path, seed=False)
    ctx = app.extensions["policykb"]
    ctx.worker.process_jobs = False                      # what `policykb serve --no-worker` sets
    job = ctx.pipeline.submit(b"Tram plan\n\nThe city will extend the tram line by 2030.\n", "tram.txt")
    assert ctx.worker.run_once() == 0
    assert ctx.store.get_job(job.id).status == "queued" and ctx.store.queue_counts()["queued"] == 1
    outcome = JobRunner(ctx.pipeline, ctx.store, name="elsewhere").run_one()   # a `policykb worker`
    assert outcome.status == "added" and ctx.store.get_job(job.id).status == "done"


def test_a_web_nodes_worker_thread_registers_while_it_runs(tmp_path):
    from tests.webapp import make_app

    app = make_app(tmp_path, seed=False)
    ctx = app.extensions["policykb"]
    ctx.worker.start()
    try:
        (me,) = ctx.store.list_workers()
        assert me.name == ctx.worker.runner.name and me.pid == os.getpid() and me.alive
    finally:
        ctx.worker.stop()
    assert ctx.store.list_workers() == []


# -- `policykb worker` processes on PostgreSQL ------------------------------------------------------

def _worker(data: Path, url: str, *args: str, delay_s: float = 0) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "POLICYKB_DATABASE_URL": url}
    env.pop(TEST_DELAY_ENV, None)
    if delay_s:
        env[TEST_DELAY_ENV] = str(delay_s)
    return subprocess.Popen([sys.executable, "-m", "policykb", "--data", str(data), "worker", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT)


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def pg_kb(tmp_path, postgres_server):
    """A data folder (the originals) and a fresh PostgreSQL database: (settings, store)."""
    url = new_postgres_database(postgres_server)
    settings = settings_on(url, tmp_path / "data")
    store = Store(url)
    yield settings, store
    store.dispose()
    drop_postgres_database(postgres_server, url)


@pytest.mark.postgres
def test_sigterm_while_a_worker_holds_a_job_gives_it_back_and_the_worker_exits_cleanly(pg_kb):
    settings, store = pg_kb
    job = Pipeline(settings, store).submit(PLAN, "ferries.txt")
    proc = _worker(settings.data_dir, settings.database_url, "--name", "stopper", "--lease-s", "5",
                   delay_s=60)
    try:
        _wait_for(lambda: store.get_job(job.id).status == "processing", 60, "the worker to claim the job")
        assert [w.name for w in store.list_workers()] == ["stopper"]
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, out
    assert f"job {job.id} given back to the queue" in out
    back = store.get_job(job.id)
    assert (back.status, back.attempts) == ("queued", 0)
    assert store.list_workers() == []                    # a clean stop leaves no worker behind


@pytest.mark.integration
@pytest.mark.postgres
def test_policykb_worker_once_turns_a_queued_text_file_into_a_document(pg_kb):
    settings, store = pg_kb
    job = Pipeline(settings, store).submit(plan_document(5, sentences=4), "township.txt")
    proc = _worker(settings.data_dir, settings.database_url, "--once", "--name", "solo")
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out
    assert "added: township.txt" in out
    done = store.get_job(job.id)
    assert done.status == "done" and done.document_id is not None and not done.duplicate
    assert store.document_count() == 1
    assert store.count_commitments() >= 4
    assert store.list_workers() == []


@pytest.mark.integration
@pytest.mark.postgres
def test_a_worker_sigkilled_mid_job_leaves_it_to_another_after_the_lease_and_it_is_stored_once(pg_kb):
    settings, store = pg_kb
    job = Pipeline(settings, store).submit(plan_document(6, sentences=4), "township.txt")
    # the first worker sleeps 120 s inside the job (the test hook), so the kill lands mid-job
    doomed = _worker(settings.data_dir, settings.database_url, "--name", "doomed", "--lease-s", "3",
                     delay_s=120)
    rescuer = None
    try:
        _wait_for(lambda: store.get_job(job.id).status == "processing", 60, "the first worker to claim the job")
        # the second worker is already running when the first dies: it learns of the death only by the lease
        rescuer = _worker(settings.data_dir, settings.database_url, "--name", "rescuer", "--lease-s", "3",
                          "--poll-s", "0.5")
        _wait_for(lambda: "rescuer" in [w.name for w in store.list_workers()], 60, "the second worker")
        assert store.get_job(job.id).status == "processing"          # it did not take a live worker's job
        killed_at = time.time()
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
        _wait_for(lambda: store.get_job(job.id).status == "done", 240, "the second worker to finish the job")
        took = time.time() - killed_at
        rescuer.send_signal(signal.SIGTERM)
        out, _ = rescuer.communicate(timeout=30)
        assert rescuer.returncode == 0, out
    finally:
        doomed.kill()
        if rescuer is not None:
            rescuer.kill()
    assert took >= 1, "taken before the lease ran out"
    done = store.get_job(job.id)
    assert done.attempts == 2 and not done.duplicate and done.document_id is not None
    assert store.document_count() == 1
    assert store.conn.execute("SELECT COUNT(*) FROM documents WHERE sha256=?", (job.sha256,)).fetchone()[0] == 1
    workers = {w.name: w for w in store.list_workers()}
    assert list(workers) == ["doomed"] and workers["doomed"].current_job_id == job.id   # killed: never unregistered
