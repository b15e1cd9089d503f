"""The ingestion job queue's part of the store (mixed into `kb.store.Store`).

Kept in its own module so that the queue's SQL (claiming, failing, retrying)
reads in one place; `Store` is still the one interface callers use.

A job's life: queued -> processing -> done | failed | dead | cancelled.

* failed: the file itself is bad (a parser refused it, it ran over its time
  or memory budget).  Its sha256 goes into `known_bad` with that first
  reason, and the same bytes are refused at once next time.
* a transient failure (a library bug, the worker killed mid-job) costs one
  attempt: the job is 'failed' with `next_attempt_at` set, and is claimed
  again once that backoff is over (BACKOFF_S, doubling per attempt); after
  MAX_ATTEMPTS it is 'dead' with its reason kept (the dead-letter state).  Attempts are
  counted when a job is claimed, so a job whose server is killed while it
  runs counts one too, rather than starting again forever.
* cancelled: an admin stopped it (`policykb jobs cancel`, the jobs page).
* retry (admins, the CLI) puts a failed, dead or cancelled job back with
  its attempts reset and its file no longer known bad.

Leases (issue 17: several workers, on several machines, sharing one
database).  A worker claims a job under its name with a lease
(`lease_until`, LEASE_S from the claim); its heartbeat renews the lease
while the work goes on (`renew_lease`).  A job whose lease ran out is
claimable again, by any worker: its worker died (SIGKILL, a lost machine),
and the claim counts the attempt the death cut short, so a job that kills
its worker every time goes 'dead' after MAX_ATTEMPTS with the reason.  A
starting worker therefore never takes a live worker's job; it only hands
back at once the jobs of workers on its own machine whose process is gone
(`requeue_jobs_of`: the restart of a killed `policykb serve`); a web
node's worker also hands back the jobs a process started without a worker
owning them (`set_job_processing`: the CLI's ingest), as it did before
leases.  A worker stopped by SIGTERM
gives its job back without counting an attempt (`release_job`).

On PostgreSQL the claim locks its row with `SELECT ... FOR UPDATE SKIP
LOCKED` in a transaction without the store's write lock (kb/db.py), so
workers claim different jobs at once instead of queueing behind each
other's writes; SQLite keeps its one writer (BEGIN IMMEDIATE).  The
workers register in the `workers` table (`register_worker`,
`list_workers`), which `policykb status` reads with `queue_counts`.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Iterator, Mapping

from kb.errors import NotFound, PolicyKBError
from kb.models import JOB_STAGES, JOB_STATES, Job, WorkerInfo
from kb.rows import utc_now as _now

MAX_ATTEMPTS = 3
BACKOFF_S = 30.0       # before the 2nd attempt; 60 s before the 3rd, ...
LEASE_S = 60.0         # a claimed job stays its worker's this long unless the heartbeat renews it
# a job claimed or started with no worker to renew its lease (the CLI's `ingest`): long enough for
# a file's parse and extraction budgets, after which another worker may take it
DIRECT_LEASE_S = 1800.0
ALIVE_LEASES = 3       # a worker is alive while seen within this many of its lease periods
FORGET_WORKER_S = 7 * 24 * 3600.0   # a dead worker's row is pruned after a week unseen

# a job a worker may claim now: queued, failed and its backoff over, or processing with its lease
# run out (and attempts left: out of them it goes dead first); parameters: now, now, max attempts
_CLAIMABLE = ("status='queued' OR (status='failed' AND next_attempt_at <= ?)"
              " OR (status='processing' AND (lease_until IS NULL OR lease_until < ?) AND attempts < ?)")
RETRYABLE = ("failed", "dead", "cancelled")
CANCELLABLE = ("queued", "processing")


class JobConflict(PolicyKBError):
    """A job is not in a state that allows what was asked (retrying a done job, cancelling a failed one)."""

    code = "conflict"


def _later(seconds: float, now: str | None = None) -> str:
    start = datetime.fromisoformat(now) if now else datetime.now(timezone.utc)
    return (start + timedelta(seconds=seconds)).isoformat(timespec="seconds")


def backoff_seconds(attempts: int) -> float:
    """The wait before the attempt after `attempts` failed ones."""
    return BACKOFF_S * 2 ** max(attempts - 1, 0)


class JobStore:
    """Jobs, known-bad files and originals waiting for removal.  Needs `conn` and `transaction` from `Store`."""

    conn: sqlite3.Connection
    transaction: Any
    dialect: str
    _pg: Any

    # -- jobs -----------------------------------------------------------------

    def create_job(self, source_name: str, sha256: str | None, status: str = "queued", reason: str | None = None,
                   document_details: Mapping[str, str] | None = None) -> Job:
        """`document_details`: checked details given at upload, set on the document when it is stored."""
        now = _now()
        with self.transaction() as conn:
            job_id = conn.execute(
                "INSERT INTO jobs (source_name, sha256, status, reason, created_at, updated_at, document_details)"
                " VALUES (?,?,?,?,?,?,?)",
                (source_name, sha256, status, reason, now, now, json.dumps(dict(document_details or {}))),
            ).lastrowid
            # the bytes are wanted again: a deletion's pending removal of them is off
            if sha256 is not None:
                conn.execute("DELETE FROM originals_to_remove WHERE sha256=?", (sha256,))
        assert job_id is not None
        return self.get_job(job_id)

    def get_job(self, job_id: int) -> Job:
        row = self.conn.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        if row is None:
            raise NotFound(f"no job with id {job_id}")
        return _job(row)

    def list_jobs(self, limit: int = 100, status: str | None = None, offset: int = 0) -> list[Job]:
        if status is None:
            rows = self.conn.execute("SELECT * FROM jobs ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset))
        else:
            rows = self.conn.execute("SELECT * FROM jobs WHERE status=? ORDER BY id DESC LIMIT ?", (status, limit))
        return [_job(r) for r in rows]

    def count_jobs(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]

    def claim_next_job(self, now: str | None = None, worker: str | None = None, lease_s: float | None = None,
                       max_attempts: int = MAX_ATTEMPTS) -> Job | None:
        """Atomically move the oldest claimable job to 'processing' under `worker`'s lease, counting an attempt.

        Claimable: queued; failed with its backoff over; processing with its lease run out (its
        worker died: the attempt it was on counts, and out of attempts the job is dead with the
        reason instead).  `lease_s`: the lease (default LEASE_S for a named worker, whose heartbeat
        renews it; DIRECT_LEASE_S for a claim with no worker, which nothing renews).
        """
        now = now or _now()
        if lease_s is None:
            lease_s = LEASE_S if worker else DIRECT_LEASE_S
        # PostgreSQL: lock the rows this claim takes and skip the ones another claim holds (the one
        # dialect branch of the queue); SQLite's BEGIN IMMEDIATE already makes the claim alone
        skip = " FOR UPDATE SKIP LOCKED" if self.dialect == "postgresql" else ""
        with self._claim_transaction() as conn:
            conn.execute(
                "UPDATE jobs SET status='dead', worker=NULL, lease_until=NULL, next_attempt_at=NULL, updated_at=?,"
                " reason='gave up after ' || attempts || ' attempts: its worker stopped while processing it"
                " each time (the lease ran out)' WHERE id IN (SELECT id FROM jobs WHERE status='processing'"
                " AND (lease_until IS NULL OR lease_until < ?) AND attempts >= ?" + skip + ")",
                (now, now, max_attempts))
            row = conn.execute(f"SELECT id FROM jobs WHERE {_CLAIMABLE} ORDER BY id LIMIT 1{skip}",
                               (now, now, max_attempts)).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE jobs SET reason=CASE WHEN status='processing' THEN 'attempt ' || attempts ||"
                " ' was interrupted (its worker stopped: the lease ran out)' ELSE reason END,"
                " status='processing', attempts=attempts+1, next_attempt_at=NULL, stage='', worker=?,"
                " lease_until=?, heartbeat_at=?, updated_at=? WHERE id=?",
                (worker, _later(lease_s, now), now, _now(), row["id"]))
        return self.get_job(row["id"])

    @contextmanager
    def _claim_transaction(self) -> Iterator[Any]:
        """The claim's transaction: PostgreSQL's without the write lock (its rows are locked instead), else
        the store's own."""
        if self._pg is not None:
            with self._pg.transaction(write_lock=False) as conn:
                yield conn
        else:
            with self.transaction() as conn:
                yield conn

    def next_attempt_due(self) -> str | None:
        """When the earliest job waiting out a backoff may start (None: none waits)."""
        row = self.conn.execute("SELECT MIN(next_attempt_at) FROM jobs WHERE status='failed'"
                                " AND next_attempt_at IS NOT NULL").fetchone()
        return row[0]

    def set_job_processing(self, job_id: int, worker: str | None = None, lease_s: float = DIRECT_LEASE_S) -> None:
        """A job processed directly (the CLI), not claimed from the queue: counts as an attempt.

        Its lease is long (nothing renews it): another worker takes the job only after it ran out."""
        now = _now()
        with self.transaction() as conn:
            conn.execute("UPDATE jobs SET status='processing', attempts=attempts+1, worker=?, lease_until=?,"
                         " heartbeat_at=?, updated_at=? WHERE id=?", (worker, _later(lease_s, now), now, now, job_id))

    # -- leases and workers (issue 17) ------------------------------------------

    def renew_lease(self, job_id: int, worker: str, lease_s: float = LEASE_S) -> bool:
        """The heartbeat: push `worker`'s lease on a job it processes LEASE_S on; also marks the worker seen.

        False when the job is no longer this worker's (its lease ran out and another worker took
        it, or it was cancelled, or it finished)."""
        now = _now()
        renewed = self.conn.execute(
            "UPDATE jobs SET lease_until=?, heartbeat_at=? WHERE id=? AND worker=? AND status='processing'",
            (_later(lease_s, now), now, job_id, worker)).rowcount
        self.conn.execute("UPDATE workers SET last_seen=?, current_job_id=? WHERE name=?",
                          (now, job_id if renewed else None, worker))
        return bool(renewed)

    def release_job(self, job_id: int, worker: str) -> bool:
        """Give a job back to the queue (its worker is stopping: SIGTERM), the attempt not counted.

        False when the job was no longer `worker`'s to give back."""
        with self.transaction() as conn:
            released = conn.execute(
                "UPDATE jobs SET status='queued', attempts=CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,"
                " worker=NULL, lease_until=NULL, stage='', updated_at=?,"
                " reason='given back by worker ' || worker || ' when it stopped (not counted as an attempt)'"
                " WHERE id=? AND worker=? AND status='processing'", (_now(), job_id, worker)).rowcount
            conn.execute("UPDATE workers SET current_job_id=NULL WHERE name=?", (worker,))
        return bool(released)

    def requeue_jobs_of(self, workers: Iterable[str], unowned: bool = False,
                        max_attempts: int = MAX_ATTEMPTS) -> int:
        """Put back the jobs that `workers` (known dead: their process is gone) left 'processing', and with
        `unowned` those no worker owns; each counts the attempt it was on (out of attempts: dead).

        A starting worker calls this for the workers of its own machine whose process is gone, so a
        restart after a crash need not wait out their leases.  Returns how many went back to the queue.
        """
        names = sorted(set(workers))
        owned = " OR ".join(["worker IS NULL"] * unowned + ([f"worker IN ({','.join('?' * len(names))})"]
                                                            if names else []))
        if not owned:
            return 0
        now = _now()
        with self.transaction() as conn:
            conn.execute(
                "UPDATE jobs SET status='dead', worker=NULL, lease_until=NULL, updated_at=?, reason='gave up after '"
                " || attempts || ' attempts: the server stopped while processing it each time'"
                f" WHERE status='processing' AND attempts >= ? AND ({owned})", (now, max_attempts, *names))
            back = conn.execute(
                "UPDATE jobs SET status='queued', worker=NULL, lease_until=NULL, updated_at=?,"
                f" reason='attempt ' || attempts || ' was interrupted (the server stopped)'"
                f" WHERE status='processing' AND ({owned})", (now, *names)).rowcount
            if names:
                conn.execute(f"DELETE FROM workers WHERE name IN ({','.join('?' * len(names))})", names)
        return back

    def register_worker(self, name: str, host: str, pid: int, lease_s: float = LEASE_S) -> WorkerInfo:
        """A worker starts: its row in `workers` (replacing an older one of that name); rows of workers
        unseen for FORGET_WORKER_S are pruned."""
        now = _now()
        with self.transaction() as conn:
            conn.execute("DELETE FROM workers WHERE last_seen < ?", (_later(-FORGET_WORKER_S, now),))
            conn.execute("INSERT OR REPLACE INTO workers (name, host, pid, started_at, last_seen, current_job_id,"
                         " lease_s) VALUES (?,?,?,?,?,NULL,?)", (name, host, pid, now, now, float(lease_s)))
        return next(w for w in self.list_workers() if w.name == name)

    def worker_seen(self, name: str, current_job_id: int | None = None) -> None:
        """An idle worker's heartbeat (a busy one's is `renew_lease`)."""
        self.conn.execute("UPDATE workers SET last_seen=?, current_job_id=? WHERE name=?",
                          (_now(), current_job_id, name))

    def unregister_worker(self, name: str) -> None:
        """A worker stopped cleanly: its row goes (a killed worker's stays, not alive, until pruned)."""
        self.conn.execute("DELETE FROM workers WHERE name=?", (name,))

    def list_workers(self, now: str | None = None) -> list[WorkerInfo]:
        """Every registered worker, by name; `alive`: seen within ALIVE_LEASES of its lease periods."""
        at = datetime.fromisoformat(now or _now())
        out = []
        for r in self.conn.execute("SELECT * FROM workers ORDER BY name"):
            seen = datetime.fromisoformat(r["last_seen"])
            lease = float(r["lease_s"])
            out.append(WorkerInfo(
                name=r["name"], host=r["host"], pid=int(r["pid"]), started_at=r["started_at"],
                last_seen=r["last_seen"], current_job_id=r["current_job_id"],
                alive=(at - seen).total_seconds() <= ALIVE_LEASES * lease, lease_s=lease))
        return out

    def queue_counts(self) -> dict[str, int]:
        """How many jobs are in each state (every state of JOB_STATES, 0 when none)."""
        counts = dict.fromkeys(JOB_STATES, 0)
        for r in self.conn.execute("SELECT status, COUNT(*) FROM jobs GROUP BY status"):
            counts[r[0]] = int(r[1])
        return counts

    def set_job_stage(self, job_id: int, stage: str) -> None:
        """Mark what a processing job is doing now (one of JOB_STAGES), for the upload page's progress."""
        if stage not in JOB_STAGES:
            raise ValueError(f"unknown job stage {stage!r}: one of {', '.join(JOB_STAGES)}")
        self.conn.execute("UPDATE jobs SET stage=? WHERE id=? AND status='processing'", (stage, job_id))

    def job_status(self, job_id: int) -> str | None:
        row = self.conn.execute("SELECT status FROM jobs WHERE id=?", (job_id,)).fetchone()
        return None if row is None else row[0]

    def fail_job(self, job_id: int, reason: str, known_bad: bool = False) -> None:
        """The file cannot become a document; `known_bad`: remember its sha256 with this first reason."""
        with self.transaction() as conn:
            conn.execute("UPDATE jobs SET status='failed', reason=?, next_attempt_at=NULL, updated_at=?"
                         " WHERE id=? AND status != 'cancelled'", (reason, _now(), job_id))
            if known_bad:
                row = conn.execute("SELECT sha256, source_name FROM jobs WHERE id=?", (job_id,)).fetchone()
                if row is not None and row["sha256"]:
                    conn.execute("INSERT OR IGNORE INTO known_bad (sha256, reason, source_name, job_id, created_at)"
                                 " VALUES (?,?,?,?,?)", (row["sha256"], reason, row["source_name"], job_id, _now()))

    def fail_attempt(self, job_id: int, reason: str, max_attempts: int = MAX_ATTEMPTS) -> Job:
        """A transient failure: 'failed' until a backoff is over (then claimed again), or 'dead' once its
        attempts are used up."""
        with self.transaction() as conn:
            row = conn.execute("SELECT attempts, status FROM jobs WHERE id=?", (job_id,)).fetchone()
            if row is None:
                raise NotFound(f"no job with id {job_id}")
            if row["status"] != "cancelled":
                attempts = row["attempts"]
                if attempts >= max_attempts:
                    conn.execute("UPDATE jobs SET status='dead', reason=?, next_attempt_at=NULL, updated_at=?"
                                 " WHERE id=?", (f"gave up after {attempts} attempts: {reason}", _now(), job_id))
                else:
                    retry_at = _later(backoff_seconds(attempts))
                    conn.execute("UPDATE jobs SET status='failed', reason=?, next_attempt_at=?, updated_at=?"
                                 " WHERE id=?", (f"attempt {attempts} of {max_attempts} failed: {reason};"
                                                 f" tried again after {retry_at}", retry_at, _now(), job_id))
        return self.get_job(job_id)

    def finish_job_duplicate(self, job_id: int, document_id: int) -> None:
        self._update_job(job_id, status="done", document_id=document_id, duplicate=1,
                         reason="already in the knowledge base")

    def retry_job(self, job_id: int) -> Job:
        """Put a failed, dead or cancelled job back in the queue: attempts reset, its file no longer known bad."""
        with self.transaction() as conn:
            job = self.get_job(job_id)
            if job.status not in RETRYABLE:
                raise JobConflict(f"job {job_id} is {job.status}; only failed, dead or cancelled jobs can be retried")
            if not job.sha256:
                raise JobConflict(f"job {job_id} was refused before its file was kept ({job.reason});"
                                  " send the file again")
            conn.execute("DELETE FROM known_bad WHERE sha256=?", (job.sha256,))
            # `status=?`: on PostgreSQL a worker's claim (which does not take the write lock) may have
            # taken a failed job whose backoff ran out meanwhile; it is then that worker's
            conn.execute("UPDATE jobs SET status='queued', reason=NULL, attempts=0, next_attempt_at=NULL,"
                         " worker=NULL, lease_until=NULL, updated_at=? WHERE id=? AND status=?",
                         (_now(), job_id, job.status))
        return self.get_job(job_id)

    def cancel_job(self, job_id: int) -> Job:
        """Stop a queued or processing job (a running one is abandoned at its next check, nothing stored)."""
        with self.transaction() as conn:
            job = self.get_job(job_id)
            if job.status not in CANCELLABLE:
                raise JobConflict(f"job {job_id} is {job.status}; only queued or processing jobs can be cancelled")
            conn.execute("UPDATE jobs SET status='cancelled', reason='cancelled by an admin', next_attempt_at=NULL,"
                         " updated_at=? WHERE id=?", (_now(), job_id))
        return self.get_job(job_id)

    def requeue_interrupted(self, max_attempts: int = MAX_ATTEMPTS) -> int:
        """Every job left 'processing' by a crash: each counts the attempt it was on.

        For one process alone on its database (tests, tools); workers that share a database use
        leases instead and hand back only dead workers' jobs (`requeue_jobs_of`).
        Back to the queue while attempts are left (at once: the crash was the
        server's, not necessarily the file's), else 'dead'.  Returns how many
        went back to the queue.
        """
        now = _now()
        with self.transaction() as conn:
            conn.execute(
                "UPDATE jobs SET status='dead', updated_at=?, reason='gave up after ' || attempts ||"
                " ' attempts: the server stopped while processing it each time'"
                " WHERE status='processing' AND attempts >= ?", (now, max_attempts))
            return conn.execute(
                "UPDATE jobs SET status='queued', updated_at=?, reason='attempt ' || attempts ||"
                " ' was interrupted (the server stopped)' WHERE status='processing'", (now,)
            ).rowcount

    def _update_job(self, job_id: int, **fields: Any) -> None:
        fields["updated_at"] = _now()
        cols = ", ".join(f"{k}=?" for k in fields)
        with self.transaction() as conn:
            conn.execute(f"UPDATE jobs SET {cols} WHERE id=?", [*fields.values(), job_id])

    # -- known-bad files ------------------------------------------------------

    def known_bad(self, sha256: str) -> tuple[str, str] | None:
        """(first reason, first file name) of bytes that failed before, or None."""
        row = self.conn.execute("SELECT reason, source_name FROM known_bad WHERE sha256=?", (sha256,)).fetchone()
        return None if row is None else (row["reason"], row["source_name"])

    # -- storing a job's document idempotently --------------------------------

    def store_job_document(self, job_id: int, parsed: Any, commitments: Any, extractor_version: str,
                           sentences: Any = None) -> tuple[int, bool]:
        """Store a job's document, or mark the job a duplicate when the same bytes got in meanwhile.

        Returns (document id, stored).  The check and the insert share one
        transaction, so two processes ingesting the same file at once (the
        CLI beside the web worker) end with one document and one duplicate,
        never an IntegrityError.  A job cancelled while it ran stores nothing
        (document id 0, stored False).
        """
        with self.transaction() as conn:
            status = conn.execute("SELECT status FROM jobs WHERE id=?", (job_id,)).fetchone()
            if status is not None and status[0] == "cancelled":
                return 0, False
            row = conn.execute("SELECT id FROM documents WHERE sha256=?", (parsed.sha256,)).fetchone()
            if row is not None:
                self.finish_job_duplicate(job_id, row["id"])
                return row["id"], False
            doc_id = self.add_document(parsed, commitments, extractor_version,  # type: ignore[attr-defined]
                                       job_id=job_id, sentences=sentences)
            conn.execute("UPDATE jobs SET next_attempt_at=NULL WHERE id=?", (job_id,))
        return doc_id, True

    # -- deleting documents: their jobs and originals -------------------------

    def _forget_document(self, conn: sqlite3.Connection, document_id: int) -> None:
        """Inside `delete_document`'s transaction: hide the document's jobs and mark its original for removal
        unless another document or a live job (queued, processing, failed, dead, cancelled) still needs the bytes."""
        row = conn.execute("SELECT sha256 FROM documents WHERE id=?", (document_id,)).fetchone()
        if row is None:
            return
        sha = row["sha256"]
        conn.execute("UPDATE jobs SET hidden=1, updated_at=? WHERE document_id=? OR (sha256=? AND status='done')",
                     (_now(), document_id, sha))
        others = conn.execute(
            "SELECT (SELECT COUNT(*) FROM documents WHERE sha256=? AND id != ?)"
            " + (SELECT COUNT(*) FROM jobs WHERE sha256=? AND status != 'done' AND hidden=0)",
            (sha, document_id, sha)).fetchone()[0]
        if others == 0:
            conn.execute("INSERT OR IGNORE INTO originals_to_remove (sha256, created_at) VALUES (?,?)", (sha, _now()))

    def originals_to_remove(self) -> list[str]:
        """sha256s of originals no document or job needs any more (see `delete_document`)."""
        return [r[0] for r in self.conn.execute("SELECT sha256 FROM originals_to_remove ORDER BY sha256")]

    def remove_original_if_unneeded(self, sha256: str, unlink: Any) -> bool:
        """Call `unlink()` (which deletes the file) if no document or live job needs the bytes; whether it did.

        Runs inside a write transaction, so a new job for the same bytes
        (`create_job`, which cancels the pending removal) cannot slip in
        between the check and the removal.
        """
        with self.transaction() as conn:
            pending = conn.execute("SELECT 1 FROM originals_to_remove WHERE sha256=?", (sha256,)).fetchone()
            needed = conn.execute(
                "SELECT (SELECT COUNT(*) FROM documents WHERE sha256=?)"
                " + (SELECT COUNT(*) FROM jobs WHERE sha256=? AND status != 'done' AND hidden=0)",
                (sha256, sha256)).fetchone()[0]
            conn.execute("DELETE FROM originals_to_remove WHERE sha256=?", (sha256,))
            if pending is None or needed:
                return False
            unlink()
            return True


def _job(r: sqlite3.Row) -> Job:
    keys = r.keys()
    return Job(
        id=r["id"], source_name=r["source_name"], sha256=r["sha256"], status=r["status"], reason=r["reason"],
        document_id=r["document_id"], commitments=r["commitments"], created_at=r["created_at"],
        updated_at=r["updated_at"], warnings=tuple(json.loads(r["warnings"])), duplicate=bool(r["duplicate"]),
        attempts=r["attempts"] if "attempts" in keys else 0,
        next_attempt_at=r["next_attempt_at"] if "next_attempt_at" in keys else None,
        hidden=bool(r["hidden"]) if "hidden" in keys else False,
        document_details=tuple(json.loads(r["document_details"]).items()) if "document_details" in keys else (),
        stage=(r["stage"] or "") if "stage" in keys and r["status"] == "processing" else "",
        worker=r["worker"] if "worker" in keys and r["status"] == "processing" else None,
        lease_until=r["lease_until"] if "lease_until" in keys and r["status"] == "processing" else None,
    )
