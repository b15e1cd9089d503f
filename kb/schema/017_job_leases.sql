-- Leases for jobs and a register of workers (issue 17: several `policykb worker` processes, on
-- several machines, sharing one database).
--
-- A worker that claims a job writes its name and a lease: the job is its own until `lease_until`,
-- and a heartbeat thread pushes `lease_until` forward while the work goes on (`heartbeat_at`: the
-- last renewal).  A worker that dies (SIGKILL, a lost machine) stops renewing, the lease runs
-- out, and another worker claims the job again, counting an attempt (kb/store_jobs.py).  Times are
-- ISO 8601 UTC to the second, as every stored timestamp.
ALTER TABLE jobs ADD COLUMN worker TEXT;
ALTER TABLE jobs ADD COLUMN lease_until TEXT;
ALTER TABLE jobs ADD COLUMN heartbeat_at TEXT;

-- One row per running worker (a `policykb worker` process, or the worker thread of a
-- `policykb serve` that processes jobs): who and where it is, when it was last seen and what it
-- holds.  `lease_s` is its lease length: it counts as alive while seen within 3 of them.
-- A worker that stops cleanly removes its row; a killed one stays, not alive, until a worker
-- starting later prunes it.
CREATE TABLE workers (
    name            TEXT PRIMARY KEY,
    host            TEXT NOT NULL,
    pid             INTEGER NOT NULL,
    started_at      TEXT NOT NULL,
    last_seen       TEXT NOT NULL,
    current_job_id  INTEGER,
    lease_s         REAL NOT NULL DEFAULT 60
);
