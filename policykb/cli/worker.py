"""`policykb worker`: a process that takes ingestion jobs from the shared queue and stores their documents.

Why a separate process: with PostgreSQL as the shared store (POLICYKB_DATABASE_URL), parsing and
extraction, the expensive part of an upload, run on as many machines as reach the database and
the originals, while web nodes (`policykb serve --no-worker`) only accept uploads and answer
searches.  Each worker registers in the store's `workers` table, claims one job at a time under a
lease that a heartbeat renews (web.worker.JobRunner, the same code the web node's own worker
thread runs), and processes it with the same pipeline (kb.pipeline).  It does not index for
search: search nodes follow the store's change log.

Stopping: SIGTERM or Ctrl-C while idle stops at once; while a job is processed, the job is given
back to the queue (its attempt not counted) and the worker exits.  A worker killed outright
(SIGKILL, a lost machine) leaves its job to another worker once the lease runs out (--lease-s).
A job stored twice cannot happen: the store keeps one document per file sha256, so a second
worker on the same bytes ends its job as a duplicate.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from typing import Any

from kb.config import Settings
from kb.errors import PolicyKBError
from kb.store import Store
from kb.store_jobs import LEASE_S

log = logging.getLogger(__name__)


class Stopping(BaseException):
    """Raised in the main thread by SIGTERM/SIGINT while a job is processed (not an Exception, so the
    pipeline's own error handling lets it through and the job is given back, not failed)."""


def register(sub: Any) -> None:
    p = sub.add_parser("worker", help="process queued ingestion jobs (one of several workers on a shared database)")
    p.add_argument("--name", help="this worker's name in `policykb status` (default: host:pid); unique per worker")
    p.add_argument("--once", action="store_true", help="process the claimable jobs, then exit")
    p.add_argument("--lease-s", type=float, default=LEASE_S, metavar="S",
                   help=f"lease on a claimed job, renewed by a heartbeat every S/3 (default {LEASE_S:g})")
    p.add_argument("--poll-s", type=float, default=2.0, metavar="S",
                   help="when the queue is empty, look again after S seconds (default 2)")
    p.set_defaults(handler=cmd_worker)


def cmd_worker(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    from kb.pipeline import Pipeline
    from web.worker import JobRunner

    if args.lease_s < 3 or args.poll_s <= 0:
        raise PolicyKBError("--lease-s must be at least 3 seconds and --poll-s above 0")
    pipeline = Pipeline(settings, store)
    runner = JobRunner(pipeline, store, name=args.name, lease_s=args.lease_s)
    stop = threading.Event()
    busy = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()
        if busy.is_set():
            raise Stopping(signal.Signals(signum).name)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    runner.start()
    print(f"worker {runner.name}: {store.dialect} store, lease {args.lease_s:g} s", flush=True)
    processed = failed = 0
    try:
        while not stop.is_set():
            try:
                busy.set()
                outcome = runner.run_one()
                busy.clear()
            except Stopping:   # the runner gave the job back
                busy.clear()
                for job_id in runner.released:
                    print(f"worker {runner.name}: stopping; job {job_id} given back to the queue", flush=True)
                break
            if outcome is not None:
                processed += 1
                failed += outcome.status == "failed"
                detail = f"{outcome.commitments} commitments" if outcome.status == "added" else (outcome.reason or "")
                print(f"  {outcome.status}: {outcome.source_name} {detail}".rstrip(), flush=True)
                continue
            if args.once:
                break
            runner.seen()
            try:
                pipeline.remove_unneeded_originals()
            except Exception:
                log.exception("worker %s: removing originals failed", runner.name)
            stop.wait(args.poll_s)
    finally:
        busy.clear()
        for s, handler in previous.items():
            signal.signal(s, handler)
        try:
            runner.stop()
        finally:
            _close_sandbox(pipeline)
    print(f"worker {runner.name}: stopped after {processed} job(s)", flush=True)
    return 1 if args.once and failed else 0


def _close_sandbox(pipeline: Any) -> None:
    """Stop the extraction helper this worker started (if it did), so no child outlives the worker."""
    sandbox = getattr(pipeline, "_sandbox", None)
    if sandbox is not None:
        sandbox.close()
