-- PolicyKB schema, version 1.
-- Applied by kb.store.Store in a transaction; the number in the file name is
-- the schema version it brings the database to (PRAGMA user_version).

CREATE TABLE documents (
    id                INTEGER PRIMARY KEY,
    source_name       TEXT NOT NULL,
    sha256            TEXT NOT NULL UNIQUE,
    media_type        TEXT NOT NULL,
    title             TEXT NOT NULL,
    published         TEXT,                 -- ISO date
    text              TEXT NOT NULL,        -- clean text; passages are slices of it
    size              INTEGER NOT NULL,     -- bytes of the original
    added_at          TEXT NOT NULL,
    extractor_version TEXT NOT NULL DEFAULT '',
    warnings          TEXT NOT NULL DEFAULT '[]'   -- JSON list
);

CREATE TABLE passages (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    text          TEXT NOT NULL,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    page          INTEGER,
    section       TEXT,
    parent_index  INTEGER,
    UNIQUE (document_id, idx)
);

CREATE TABLE commitments (
    id                INTEGER PRIMARY KEY,
    document_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    passage_id        INTEGER REFERENCES passages(id) ON DELETE CASCADE,
    passage_index     INTEGER NOT NULL,
    actor             TEXT NOT NULL,
    actor_text        TEXT NOT NULL,
    action            TEXT NOT NULL,
    target            TEXT NOT NULL,
    sentence          TEXT NOT NULL,
    sentence_start    INTEGER NOT NULL,
    sentence_end      INTEGER NOT NULL,
    target_start      INTEGER,
    target_end        INTEGER,
    deadline_text     TEXT,
    deadline_date     TEXT,                 -- ISO date
    deadline_year     INTEGER,
    quantity_value    REAL,
    quantity_upper    REAL,
    quantity_unit     TEXT,
    quantity_text     TEXT,
    strength          TEXT NOT NULL,
    negated           INTEGER NOT NULL DEFAULT 0,
    sector            TEXT,
    places            TEXT NOT NULL DEFAULT '[]',   -- JSON list
    flags             TEXT NOT NULL DEFAULT '[]',   -- JSON list
    page              INTEGER,
    extractor_version TEXT NOT NULL
);
CREATE INDEX commitments_document ON commitments(document_id);
CREATE INDEX commitments_actor ON commitments(actor);
CREATE INDEX commitments_deadline ON commitments(deadline_year);
CREATE INDEX commitments_sector ON commitments(sector);

-- One row per file handed to PolicyKB: its way from queued to done or failed.
CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    source_name   TEXT NOT NULL,
    sha256        TEXT,                 -- original kept under originals/<sha256> when accepted
    status        TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'done', 'failed')),
    reason        TEXT,
    document_id   INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    duplicate     INTEGER NOT NULL DEFAULT 0,
    commitments   INTEGER NOT NULL DEFAULT 0,
    warnings      TEXT NOT NULL DEFAULT '[]',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX jobs_status ON jobs(status);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER REFERENCES users(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    label        TEXT,
    created_at   TEXT NOT NULL
);
