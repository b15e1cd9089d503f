-- Bounded jobs: attempts with backoff, a dead-letter state, cancelling, files known to be bad,
-- and originals that are no longer needed after a document is deleted.
--
-- Two new job states: 'dead' (gave up after max attempts of a transient failure, the reason kept)
-- and 'cancelled' (an admin stopped it).  Widening a CHECK constraint does not change how rows are
-- stored, so the table's SQL text is edited in place (SQLite's documented procedure for such
-- changes) instead of copying the table, which would drop columns other migrations add to it.
-- The ALTER TABLE below bumps the schema cookie, so every other open connection re-reads it.
PRAGMA writable_schema=ON;
UPDATE sqlite_master
   SET sql = replace(sql, 'CHECK (status IN (''queued'', ''processing'', ''done'', ''failed''))',
                     'CHECK (status IN (''queued'', ''processing'', ''done'', ''failed'', ''dead'', ''cancelled''))')
 WHERE type = 'table' AND name = 'jobs';
PRAGMA writable_schema=RESET;

-- attempts: how many times a worker has started the job (counted when it is claimed, so a job
-- whose worker died counts too); next_attempt_at: not claimed before this time (backoff);
-- hidden: the job's document was deleted, so readers no longer see its file name or sha256.
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN next_attempt_at TEXT;
ALTER TABLE jobs ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
-- a job a worker had started before this migration has had one attempt
UPDATE jobs SET attempts = 1 WHERE status IN ('processing', 'done', 'failed');
CREATE INDEX jobs_sha256 ON jobs(sha256);

-- A file that failed to become a document, by sha256, with the first reason: the same bytes are
-- refused at once next time instead of being parsed again.
CREATE TABLE known_bad (
    sha256       TEXT PRIMARY KEY,
    reason       TEXT NOT NULL,
    source_name  TEXT NOT NULL,
    job_id       INTEGER,
    created_at   TEXT NOT NULL
);

-- Originals whose last document was deleted: the worker removes the files (outside the
-- transaction that deleted the document, so a crash leaves at most a stale row, never a
-- document without its original).
CREATE TABLE originals_to_remove (
    sha256       TEXT PRIMARY KEY,
    created_at   TEXT NOT NULL
);
