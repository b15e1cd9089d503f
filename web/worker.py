"""The background worker: processes queued jobs so requests never wait on parsing.

One daemon thread.  It wakes when an upload pokes it (`wake()`) and every few
seconds anyway (jobs queued by the CLI or left by a crash), runs
`pipeline.process_queued()` and then brings the search index up to date
with `search.sync(budget_s=...)`.  Indexing is bounded per pass: a huge
document's embedding (minutes) is done a chunk of the change log at a time
over several passes, each pass first taking the parsing jobs queued
meanwhile, so the queue never waits behind one document's indexing; a stop
of the worker stops it between chunks (the index resumes from the log on the
next start).  On start it puts jobs a crash left 'processing' back
in the queue (each counts the attempt it was on; out of attempts it is dead).
Jobs that failed for a transient reason are picked up again by
`process_queued` once their backoff is over (the poll every few seconds).
Each pass also deletes the originals of deleted documents.
"""

from __future__ import annotations

import inspect
import logging
import threading

log = logging.getLogger(__name__)


def _takes_budget(sync) -> bool:
    """Whether a search object's `sync` can stop on a budget (SearchService's can; a plain one is synced whole)."""
    try:
        return "budget_s" in inspect.signature(sync).parameters
    except (TypeError, ValueError):
        return False


class Worker:
    def __init__(self, pipeline, store, search, poll_seconds: float = 5.0, index_budget_s: float = 2.0):
        self.pipeline = pipeline
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

    # -- control ------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        requeued = self.store.requeue_interrupted()
        if requeued:
            log.info("requeued %d job(s) interrupted by a previous shutdown", requeued)
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="policykb-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

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
                outcomes = self.pipeline.process_queued()
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
                if sync is not None:
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
            return len(outcomes)

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
            self.store.close()
        except Exception:
            pass
