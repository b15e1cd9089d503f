-- PostgreSQL variant of 005_jobs.sql: the widened CHECK on jobs.status is dropped and added again
-- (PostgreSQL alters constraints in place; SQLite needed its schema text edited).
ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check
    CHECK (status IN ('queued', 'processing', 'done', 'failed', 'dead', 'cancelled'));

ALTER TABLE jobs ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN next_attempt_at TEXT;
ALTER TABLE jobs ADD COLUMN hidden BIGINT NOT NULL DEFAULT 0;
UPDATE jobs SET attempts = 1 WHERE status IN ('processing', 'done', 'failed');
CREATE INDEX jobs_sha256 ON jobs(sha256);

CREATE TABLE known_bad (
    sha256       TEXT PRIMARY KEY,
    reason       TEXT NOT NULL,
    source_name  TEXT NOT NULL,
    job_id       BIGINT,
    created_at   TEXT NOT NULL
);

CREATE TABLE originals_to_remove (
    sha256       TEXT PRIMARY KEY,
    created_at   TEXT NOT NULL
);
