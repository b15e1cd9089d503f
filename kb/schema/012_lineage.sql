-- PolicyKB schema, version 12: lineage of commitments across documents, and versions of one document.
--
-- Derived (rebuilt by Store.rebuild_lineage from the commitments and texts, kb/lineage.py and kb/versions.py):
-- `document_signatures`: the hashed word 5-shingles of each document's text (kb/versions.py), kept so an
--   upload is compared with every stored document without re-reading their texts.
-- `document_versions`: a document that is a newer version of another (same text with changes: Jaccard of
--   shingles >= kb.versions.VERSION_THRESHOLD), with the counts of its commitment diff.
-- `lineage_links`: an older commitment and what a later document did to it (restated, raised, lowered,
--   deadline_moved, dropped, progress_reported), with the evidence sentence, a confidence and a detail
--   ("500 → 800 stations").  `key` names the link by the documents' sha256 and sentence offsets, which
--   survive re-extraction (commitment ids do not).
--
-- Typed by people (never dropped by a rebuild):
-- `lineage_judgements`: a person confirmed or rejected a link, by its key; a confirmed link the rules no
--   longer find is put back by the rebuild from the endpoints stored here.
CREATE TABLE IF NOT EXISTS document_signatures (
    document_id  INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    shingles     INTEGER NOT NULL,
    signature    BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS document_versions (
    document_id  INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,   -- the newer version
    previous_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    similarity   REAL NOT NULL,
    added        INTEGER NOT NULL,
    removed      INTEGER NOT NULL,
    changed      INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS document_versions_previous ON document_versions(previous_id);

CREATE TABLE IF NOT EXISTS lineage_links (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    relation        TEXT NOT NULL CHECK (relation IN
                    ('restated', 'raised', 'lowered', 'deadline_moved', 'dropped', 'progress_reported')),
    older_id        INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    newer_id        INTEGER REFERENCES commitments(id) ON DELETE CASCADE,
    document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,   -- the evidence document
    sentence        TEXT NOT NULL,
    sentence_start  INTEGER,
    sentence_end    INTEGER,
    confidence      REAL NOT NULL,
    detail          TEXT NOT NULL,
    source          TEXT NOT NULL DEFAULT 'rules'       -- 'rules' or 'person' (a confirmed link put back)
);
CREATE INDEX IF NOT EXISTS lineage_links_older ON lineage_links(older_id);
CREATE INDEX IF NOT EXISTS lineage_links_newer ON lineage_links(newer_id);

CREATE TABLE IF NOT EXISTS lineage_judgements (
    key             TEXT PRIMARY KEY,
    verdict         TEXT NOT NULL CHECK (verdict IN ('confirmed', 'rejected')),
    by              TEXT NOT NULL,
    at              TEXT NOT NULL,
    note            TEXT,
    link            TEXT NOT NULL        -- the link as JSON (relation, endpoints by sha256 and offsets, evidence)
);

CREATE TABLE IF NOT EXISTS lineage_builds (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    change_seq  INTEGER NOT NULL
);
