"""The ingestion job queue's part of the store (mixed into `kb.store.Store`).

Kept in its own module so that the queue's SQL (claiming, failing, retrying)
reads in one place; `Store` is still the one interface callers use.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from kb.errors import NotFound
from kb.models import Job
from kb.rows import utc_now as _now


class JobStore:
    """Jobs: queued -> processing -> done | failed.  Needs `conn` and `transaction` from `Store`."""

    conn: sqlite3.Connection
    transaction: Any

    # -- jobs -----------------------------------------------------------------

    def create_job(self, source_name: str, sha256: str | None, status: str = "queued", reason: str | None = None) -> Job:
        now = _now()
        with self.transaction() as conn:
            job_id = conn.execute(
                "INSERT INTO jobs (source_name, sha256, status, reason, created_at, updated_at) VALUES (?,?,?,?,?,?)",
                (source_name, sha256, status, reason, now, now),
            ).lastrowid
        assert job_id is not None
        return self.get_job(job_id)

    def get_job(self, job_id: int) -> Job:
        row = self.conn.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        if row is None:
            raise NotFound(f"no job with id {job_id}")
        return _job(row)

    def list_jobs(self, limit: int = 100) -> list[Job]:
        rows = self.conn.execute("SELECT * FROM jobs ORDER BY id DESC LIMIT ?", (limit,))
        return [_job(r) for r in rows]

    def claim_next_job(self) -> Job | None:
        """Atomically move the oldest queued job to 'processing' and return it."""
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM jobs WHERE status='queued' ORDER BY id LIMIT 1").fetchone()
            if row is None:
                return None
            conn.execute("UPDATE jobs SET status='processing', updated_at=? WHERE id=?", (_now(), row["id"]))
        return self.get_job(row["id"])

    def set_job_processing(self, job_id: int) -> None:
        self._update_job(job_id, status="processing")

    def fail_job(self, job_id: int, reason: str) -> None:
        self._update_job(job_id, status="failed", reason=reason)

    def finish_job_duplicate(self, job_id: int, document_id: int) -> None:
        self._update_job(job_id, status="done", document_id=document_id, duplicate=1,
                         reason="already in the knowledge base")

    def retry_job(self, job_id: int) -> Job:
        """Put a failed job back in the queue (its original bytes are kept)."""
        job = self.get_job(job_id)
        if job.status != "failed":
            raise NotFound(f"job {job_id} is {job.status}, not failed")
        self._update_job(job_id, status="queued", reason=None)
        return self.get_job(job_id)

    def requeue_interrupted(self) -> int:
        """Jobs left 'processing' by a crash go back to 'queued'; returns how many."""
        with self.transaction() as conn:
            return conn.execute(
                "UPDATE jobs SET status='queued', updated_at=? WHERE status='processing'", (_now(),)
            ).rowcount

    def _update_job(self, job_id: int, **fields: Any) -> None:
        fields["updated_at"] = _now()
        cols = ", ".join(f"{k}=?" for k in fields)
        with self.transaction() as conn:
            conn.execute(f"UPDATE jobs SET {cols} WHERE id=?", [*fields.values(), job_id])


def _job(r: sqlite3.Row) -> Job:
    return Job(
        id=r["id"], source_name=r["source_name"], sha256=r["sha256"], status=r["status"], reason=r["reason"],
        document_id=r["document_id"], commitments=r["commitments"], created_at=r["created_at"],
        updated_at=r["updated_at"], warnings=tuple(json.loads(r["warnings"])), duplicate=bool(r["duplicate"]),
    )
