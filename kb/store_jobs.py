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
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

from kb.errors import NotFound, PolicyKBError
from kb.models import JOB_STAGES, Job
from kb.rows import utc_now as _now

MAX_ATTEMPTS = 3
BACKOFF_S = 30.0       # before the 2nd attempt; 60 s before the 3rd, ...
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

    def claim_next_job(self, now: str | None = None) -> Job | None:
        """Atomically move the oldest queued job whose backoff is over to 'processing', counting an attempt."""
        now = now or _now()
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT id FROM jobs WHERE status='queued' OR (status='failed' AND next_attempt_at <= ?)"
                " ORDER BY id LIMIT 1", (now,)).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE jobs SET status='processing', attempts=attempts+1, next_attempt_at=NULL,"
                         " updated_at=? WHERE id=?", (_now(), row["id"]))
        return self.get_job(row["id"])

    def next_attempt_due(self) -> str | None:
        """When the earliest job waiting out a backoff may start (None: none waits)."""
        row = self.conn.execute("SELECT MIN(next_attempt_at) FROM jobs WHERE status='failed'"
                                " AND next_attempt_at IS NOT NULL").fetchone()
        return row[0]

    def set_job_processing(self, job_id: int) -> None:
        """A job processed directly (the CLI), not claimed from the queue: counts as an attempt."""
        with self.transaction() as conn:
            conn.execute("UPDATE jobs SET status='processing', attempts=attempts+1, updated_at=? WHERE id=?",
                         (_now(), job_id))

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
            conn.execute("UPDATE jobs SET status='queued', reason=NULL, attempts=0, next_attempt_at=NULL,"
                         " updated_at=? WHERE id=?", (_now(), job_id))
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
        """Jobs left 'processing' by a crash: each counts the attempt it was on.

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
    )
