"""The background worker: processes queued jobs so requests never wait on parsing.

One daemon thread.  It wakes when an upload pokes it (`wake()`) and every few
seconds anyway (jobs queued by the CLI or left by a crash), processes the
claimable jobs (`JobRunner`, below) and then brings the search index up to date
with `search.sync(budget_s=...)`.  Indexing is bounded per pass: a huge
document's embedding (minutes) is done a chunk of the change log at a time
over several passes, each pass first taking the parsing jobs queued
meanwhile, so the queue never waits behind one document's indexing; a stop
of the worker stops it between chunks (the index resumes from the log on the
next start).  Jobs that failed for a transient reason are picked up again
once their backoff is over (the poll every few seconds).  Each pass also
deletes the originals of deleted documents.  When the node's index follower
runs (web/follower.py, `policykb serve`), syncing is its job: the worker
wakes it after a pass instead of syncing itself.

Several workers on one database (issue 17): jobs are claimed through
`JobRunner`, which `policykb worker` processes use too.  A runner registers
its worker in the store (`workers` table), claims each job under its name
with a lease, and a heartbeat thread (`Lease`) renews the lease while the
pipeline works on the job, so a worker that dies leaves its job to another
once the lease runs out (kb/store_jobs.py).  On start it hands back at once
only the jobs of workers of this machine whose process is gone (a killed
`policykb serve` restarting); a live worker's job is never taken.  The web
node's thread also hands back jobs started with no worker owning them (a
`policykb ingest` processes its files directly, under a long lease nothing
renews), as before leases; `policykb worker` processes leave those to
their lease.  A web node started with
`policykb serve --no-worker` keeps this thread for its search index but
processes no jobs (`process_jobs=False`): the `policykb worker` processes do.

Warming: once a batch of jobs has stored documents and the queue is empty,
the runner brings the derived tables (entities, versions, lineage links:
`store.ensure_lineage()`, kb/store_lineage.py) up to date, so the first
page view after a large upload finds them fresh instead of rebuilding them
(seconds) while its reader waits.  The web node's worker warms after its
index has caught up, on its first pass that finds no job (search results
first; a stream of uploads warms once, after its last file); a `policykb
worker` warms when its queue runs dry.  A failed warm-up is logged: pages still rebuild on view.

Test hook: POLICYKB_TEST_JOB_DELAY_S=<seconds> makes a runner sleep that
long after claiming each job, under its lease and heartbeat, before the
pipeline starts on it, so a test can kill a worker "mid-job" without a
file that takes minutes to parse.  Nothing sets it outside tests.
"""

from __future__ import annotations

import inspect
import itertools
import logging
import os
import socket
import threading
import time

from kb.store_jobs import LEASE_S

log = logging.getLogger(__name__)

TEST_DELAY_ENV = "POLICYKB_TEST_JOB_DELAY_S"

_names = itertools.count(1)
_live_names: set[str] = set()      # workers registered by this process and still running
_live_lock = threading.Lock()


def default_worker_name() -> str:
    """host:pid, with a number after the first worker of a process (tests start several)."""
    n = next(_names)
    base = f"{socket.gethostname()}:{os.getpid()}"
    return base if n == 1 else f"{base}:{n}"


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # someone else's process: alive
        return True
    return True


def dead_local_workers(store) -> list[str]:
    """Registered workers of this machine whose process is gone (its id reused by this very process
    counts as gone, unless the name is one of this process's running workers)."""
    host = socket.gethostname()
    with _live_lock:
        mine = set(_live_names)
    dead = []
    for w in store.list_workers():
        if w.host != host or w.name in mine:
            continue
        if w.pid == os.getpid() or not process_alive(w.pid):
            dead.append(w.name)
    return dead


class Lease:
    """While a worker processes a job: a heartbeat thread renewing the job's lease every third of it.

    `lost` turns true when a renewal finds the job no longer this worker's (cancelled, or taken by
    another worker after this one stalled past its lease)."""

    def __init__(self, store, job_id: int, worker: str, lease_s: float = LEASE_S):
        self.store, self.job_id, self.worker, self.lease_s = store, job_id, worker, lease_s
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"policykb-lease-{job_id}", daemon=True)

    def __enter__(self) -> "Lease":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(10)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.lease_s / 3):
                try:
                    if not self.store.renew_lease(self.job_id, self.worker, self.lease_s):
                        self.lost = True
                        log.warning("worker %s: job %s is no longer its own", self.worker, self.job_id)
                        return
                except Exception:   # the database is away for a moment: the next beat tries again
                    log.exception("worker %s: renewing the lease on job %s failed", self.worker, self.job_id)
        finally:
            self.store.close()   # this thread's connection (SQLite)


class JobRunner:
    """Claims jobs for one worker, under its name and a lease, and processes each with the pipeline.

    `start()` registers the worker (after handing back the jobs of dead workers of this machine);
    `run_one()` claims and processes one job; `stop()` removes the registration.  The job being
    processed is `current_job_id`; an interrupt (KeyboardInterrupt, a signal handler's exception:
    anything not an `Exception`) while it runs gives it back to the queue (`released`).
    """

    def __init__(self, pipeline, store, name: str | None = None, lease_s: float = LEASE_S):
        self.pipeline = pipeline
        self.store = store
        self.name = name or default_worker_name()
        self.lease_s = lease_s
        self.current_job_id: int | None = None
        self.registered = False
        self.released: list[int] = []      # jobs given back because the worker was told to stop
        self.warm_when_idle = True         # warm the derived tables when the queue runs dry (see `warm`)
        self._stored = False               # a document was stored since the last warm-up

    def start(self, unowned: bool = False) -> int:
        """Register; first put back the jobs dead workers of this machine left (and with `unowned`, jobs
        no worker owns).  Returns how many went back to the queue."""
        requeued = self.store.requeue_jobs_of(dead_local_workers(self.store), unowned=unowned)
        if requeued:
            log.info("worker %s: requeued %d job(s) left by a stopped worker", self.name, requeued)
        with _live_lock:
            _live_names.add(self.name)
        self.store.register_worker(self.name, socket.gethostname(), os.getpid(), self.lease_s)
        self.registered = True
        return requeued

    def stop(self) -> None:
        with _live_lock:
            _live_names.discard(self.name)
        if self.registered:
            self.registered = False
            self.store.unregister_worker(self.name)

    def seen(self) -> None:
        """The idle heartbeat (last_seen), when registered."""
        if self.registered:
            self.store.worker_seen(self.name)

    def run_one(self):
        """Claim the next job and process it (None: nothing to claim); returns the pipeline's outcome."""
        job = self.store.claim_next_job(worker=self.name, lease_s=self.lease_s)
        if job is None:
            if self.warm_when_idle:
                self.warm()
            return None
        self.current_job_id = job.id
        try:
            if self.registered:
                self.store.worker_seen(self.name, job.id)
            with Lease(self.store, job.id, self.name, self.lease_s):
                delay = float(os.environ.get(TEST_DELAY_ENV) or 0)
                if delay > 0:
                    time.sleep(delay)
                outcome = self.pipeline.process(job)
            if getattr(outcome, "status", None) == "added":
                self._stored = True
            return outcome
        except BaseException as exc:
            if not isinstance(exc, Exception):   # told to stop (a signal, Ctrl-C): the job goes back
                try:
                    if self.release(job.id):
                        self.released.append(job.id)
                except Exception:
                    log.exception("worker %s: giving job %s back failed (its lease will run out)",
                                  self.name, job.id)
            raise
        finally:
            self.current_job_id = None
            if self.registered:
                self.store.worker_seen(self.name)

    def note_stored(self) -> None:
        """A document was stored outside `run_one` (a pipeline's own `process_queued`): warm up next time."""
        self._stored = True

    def warm(self) -> bool:
        """When documents were stored since the last call: rebuild the derived tables that are stale
        (`store.ensure_lineage()`, which ensures entities first).  True when it ran; a failure is logged and
        left to the pages, which rebuild on view."""
        ensure = getattr(self.store, "ensure_lineage", None)
        if not self._stored or ensure is None:
            return False
        self._stored = False
        try:
            ensure()
        except Exception:
            log.exception("worker %s: warming the lineage and entity tables failed", self.name)
            return False
        return True

    def release(self, job_id: int) -> bool:
        """Give a job back to the queue (this worker is stopping), its attempt not counted."""
        return self.store.release_job(job_id, self.name)


def _takes_budget(sync) -> bool:
    """Whether a search object's `sync` can stop on a budget (SearchService's can; a plain one is synced whole)."""
    try:
        return "budget_s" in inspect.signature(sync).parameters
    except (TypeError, ValueError):
        return False


class Worker:
    def __init__(self, pipeline, store, search, poll_seconds: float = 5.0, index_budget_s: float = 2.0,
                 name: str | None = None, lease_s: float = LEASE_S):
        self.pipeline = pipeline
        self.runner = JobRunner(pipeline, store, name=name, lease_s=lease_s)
        self.runner.warm_when_idle = False   # run_once warms on an idle pass, after the index sync
        self.process_jobs = True             # False: a web node that leaves jobs to `policykb worker`s
        self.index_budget_s = index_budget_s   # seconds of search indexing per pass (at least one chunk)
        self.store = store
        self.search = search
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()        # one batch at a time (thread and run_once)
        self.needs_sync = True               # sync the index once at start
        self.last_error: str | None = None
        # web/follower.py: when this node's index follower runs, syncing is its job (woken here after jobs)
        self.follower = None

    # -- control ------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        if self.process_jobs:
            # jobs started with no worker owning them are handed back too, as before leases
            self.runner.start(unowned=True)
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="policykb-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self.follower is not None:   # the node's background threads stop together
            self.follower.stop(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wake(self, sync: bool = False) -> None:
        """Ask for a pass soon (after an upload, retry or deletion)."""
        if sync:
            self.needs_sync = True
        self._wake.set()

    # -- work ---------------------------------------------------------------

    def run_once(self) -> int:
        """Process every queued job, then sync the index; returns jobs processed."""
        with self._lock:
            outcomes = []
            try:
                outcomes = self._process_jobs()
            except Exception as exc:  # keep the thread alive; the job rows say what failed
                log.exception("worker: processing failed")
                self.last_error = f"{type(exc).__name__}: {exc}"
            try:   # originals of deleted documents (kb.store_jobs: originals_to_remove)
                self.pipeline.remove_unneeded_originals()
            except Exception as exc:
                log.exception("worker: removing originals failed")
                self.last_error = f"originals: {type(exc).__name__}: {exc}"
            if outcomes or self.needs_sync:
                self.needs_sync = False
                sync = getattr(self.search, "sync", None)
                follower = self.follower
                if follower is not None and follower.running:
                    follower.wake()   # it syncs (never two syncs at once: SearchService's sync lock)
                elif sync is not None:
                    try:
                        report = (sync(budget_s=self.index_budget_s, stop=self._stop.is_set)
                                  if _takes_budget(sync) else sync())
                        if getattr(report, "pending", False):
                            self.needs_sync = True   # more to index: the next pass, after the queued jobs
                            self._wake.set()
                    except Exception as exc:
                        log.exception("worker: search sync failed")
                        self.last_error = f"search sync: {type(exc).__name__}: {exc}"
            elif not outcomes:
                self._flush_index()
            if not outcomes and not self.needs_sync:
                # an idle pass with the index caught up: an upload of many files warms once, at its end,
                # not after each file (a rebuild takes seconds on a large knowledge base)
                self.runner.warm()
            return len(outcomes)

    def _process_jobs(self) -> list:
        """Every claimable job, each under this worker's lease (a pipeline without `process`, a test's
        stand-in, runs its own `process_queued`)."""
        if not self.process_jobs:
            return []
        if not hasattr(self.pipeline, "process"):
            outcomes = self.pipeline.process_queued()
            if any(getattr(o, "status", None) == "added" for o in outcomes):
                self.runner.note_stored()
            return outcomes
        outcomes = []
        while not self._stop.is_set() and (outcome := self.runner.run_one()) is not None:
            outcomes.append(outcome)
        if not outcomes:
            self.runner.seen()
        return outcomes

    def _flush_index(self) -> None:
        """When idle, save index changes the search service held back (see SearchService.flush)."""
        flush = getattr(self.search, "flush", None)
        if flush is None:
            return
        try:
            flush()
        except Exception as exc:
            log.exception("worker: saving the search index failed")
            self.last_error = f"search flush: {type(exc).__name__}: {exc}"

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()          # a wake() during the pass triggers the next one
            self.run_once()
            self._wake.wait(self.poll_seconds)
        self._flush_index()
        try:
            self.runner.stop()
        except Exception:
            log.exception("worker: unregistering failed")
        try:
            self.store.close()
        except Exception:
            pass
