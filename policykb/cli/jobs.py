"""`policykb jobs list|cancel|retry|run`: the ingestion queue from the command line (admins' jobs page twin).

A job is one file's way into the knowledge base (kb.store_jobs explains the
states).  `retry` puts a failed, dead or cancelled job back in the queue with
its attempts reset and its file no longer refused as known bad; the server's
worker picks it up, or `policykb jobs run` processes the queue here.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from kb.config import Settings
from kb.models import JOB_STATES, Job
from kb.store import Store
from kb.store_jobs import JobConflict


def register(sub: Any) -> None:
    p = sub.add_parser("jobs", help="the ingestion queue: list, cancel, retry or run jobs")
    jsub = p.add_subparsers(dest="jobs_command", metavar="ACTION", required=True)

    q = jsub.add_parser("list", help="the latest jobs, newest first")
    q.add_argument("--status", choices=JOB_STATES, help="only jobs in this state")
    q.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    q.add_argument("--json", action="store_true", help="one JSON object per line")
    q.set_defaults(handler=cmd_list)

    q = jsub.add_parser("cancel", help="stop queued or processing jobs")
    q.add_argument("ids", nargs="+", type=int, metavar="ID")
    q.set_defaults(handler=cmd_cancel)

    q = jsub.add_parser("retry", help="queue failed, dead or cancelled jobs again")
    q.add_argument("ids", nargs="+", type=int, metavar="ID")
    q.set_defaults(handler=cmd_retry)

    q = jsub.add_parser("run", help="process the queued jobs now, in this process")
    q.set_defaults(handler=cmd_run)


def _row(job: Job) -> dict[str, Any]:
    return {"id": job.id, "status": job.status, "attempts": job.attempts, "source_name": job.source_name,
            "sha256": job.sha256, "reason": job.reason, "document_id": job.document_id,
            "duplicate": job.duplicate, "hidden": job.hidden, "next_attempt_at": job.next_attempt_at,
            "worker": job.worker, "lease_until": job.lease_until,
            "created_at": job.created_at, "updated_at": job.updated_at}


def cmd_list(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    jobs = store.list_jobs(max(1, args.limit), status=args.status)
    if args.json:
        for job in jobs:
            print(json.dumps(_row(job)))
        return 0
    if not jobs:
        print("no jobs" + (f" in state {args.status}" if args.status else ""))
        return 0
    print(f"{'id':>5}  {'status':<10}  {'tries':>5}  {'updated (UTC)':<25}  file / reason")
    for job in jobs:
        name = job.source_name + (" (document deleted)" if job.hidden else "")
        detail = f" -> document {job.document_id}" if job.status == "done" and job.document_id else ""
        if job.status == "processing" and job.worker:
            detail = f" (worker {job.worker}, lease until {job.lease_until})"
        print(f"{job.id:>5}  {job.status:<10}  {job.attempts:>5}  {job.updated_at:<25}  {name}{detail}")
        if job.reason and job.status != "done":
            print(f"{'':>52}{job.reason}")
    return 0


def _each(ids: list[int], action: Any, verb: str) -> int:
    code = 0
    for job_id in ids:
        try:
            job = action(job_id)
        except JobConflict as exc:
            print(f"policykb: {exc}")
            code = 1
            continue
        print(f"{verb} job {job.id} ({job.source_name})")
    return code


def cmd_cancel(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    return _each(args.ids, store.cancel_job, "cancelled")


def cmd_retry(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    return _each(args.ids, store.retry_job, "queued again")


def cmd_run(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    from policykb.cli.documents import sync_index
    from kb.pipeline import Pipeline

    from web.worker import JobRunner

    # claimed under a lease its heartbeat renews, as a worker's: a `policykb worker` elsewhere on the
    # same database takes a job of this run only if this process dies
    runner = JobRunner(Pipeline(settings, store), store)
    outcomes = []
    while (outcome := runner.run_one()) is not None:
        outcomes.append(outcome)
    for o in outcomes:
        detail = f"{o.commitments} commitments" if o.status == "added" else (o.reason or "")
        print(f"  {o.status}: {o.source_name} {detail}".rstrip())
    print(f"processed {len(outcomes)} job(s)")
    if any(o.status == "added" for o in outcomes):
        print(sync_index(settings, store))
    return 1 if any(o.status == "failed" for o in outcomes) else 0
