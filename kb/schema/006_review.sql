-- PolicyKB schema, version 6: people's corrections, kept beside the extractor's output.
--
-- The `commitments` table keeps exactly what the extractor read (plus the records people added
-- from a text selection, origin = 'person').  A person's work lives in `reviews` (one row per
-- reviewed record: its state, the values the person set, the honest status and its evidence)
-- and `corrections` (the history: who, when, which field, before, after, note).  Every read of
-- commitments goes through the view `commitments_view`, which lays the person's values over the
-- extractor's and leaves rejected records out, so lists, search, exports and counts all agree.
--
-- A review is anchored to the record's sentence, action and target as the extractor read them,
-- so `policykb reextract` (which replaces a document's commitments) can find the record again
-- and re-link the review (kb/reextract.py); one it cannot find keeps `conflict` and waits in the
-- review queue.

ALTER TABLE commitments ADD COLUMN origin TEXT NOT NULL DEFAULT 'extractor';   -- 'extractor' | 'person'

ALTER TABLE documents ADD COLUMN issuing_body TEXT;
ALTER TABLE documents ADD COLUMN kind TEXT;
ALTER TABLE documents ADD COLUMN metadata_set TEXT NOT NULL DEFAULT '[]';   -- JSON: fields a person set

CREATE TABLE reviews (
    id               INTEGER PRIMARY KEY,
    commitment_id    INTEGER UNIQUE REFERENCES commitments(id) ON DELETE SET NULL,
    document_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    anchor_sentence  TEXT NOT NULL,       -- the extractor's sentence, whitespace-normalised, lower case
    anchor_action    TEXT NOT NULL,
    anchor_target    TEXT NOT NULL,
    anchor_start     INTEGER,             -- offsets of the sentence when last linked
    state            TEXT NOT NULL CHECK (state IN ('confirmed', 'edited', 'rejected', 'added')),
    set_fields       TEXT NOT NULL DEFAULT '[]',   -- JSON list of the fields below a person set
    actor            TEXT,
    action           TEXT,
    target           TEXT,
    deadline_text    TEXT,
    deadline_date    TEXT,
    quantity_value   REAL,
    quantity_unit    TEXT,
    quantity_text    TEXT,
    strength         TEXT,
    status           TEXT CHECK (status IS NULL OR status IN ('met', 'partly_met', 'missed', 'revoked', 'superseded')),
    status_note      TEXT,
    status_url       TEXT,
    status_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    status_start     INTEGER,
    status_end       INTEGER,
    status_by        TEXT,
    status_at        TEXT,
    conflict         TEXT,                -- why the last re-extraction could not carry it over
    updated_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX reviews_document ON reviews(document_id);

CREATE TABLE corrections (
    id             INTEGER PRIMARY KEY,
    review_id      INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    commitment_id  INTEGER,               -- the record's id at the time (ids change on re-extraction)
    user_id        INTEGER,
    user_name      TEXT NOT NULL,
    at             TEXT NOT NULL,
    field          TEXT NOT NULL,         -- actor, action, target, deadline, quantity, strength,
                                          -- confirmed, rejected, added, status, relinked, conflict
    before         TEXT,                  -- JSON
    after          TEXT,                  -- JSON
    note           TEXT
);
CREATE INDEX corrections_review ON corrections(review_id);

-- Every record with the person's values laid over the extractor's (rejected ones included).
CREATE VIEW commitments_overlaid AS
SELECT
    c.id, c.document_id, c.passage_id, c.passage_index,
    CASE WHEN instr(r.set_fields, '"actor"') > 0 THEN r.actor ELSE c.actor END AS actor,
    c.actor_text,
    CASE WHEN instr(r.set_fields, '"action"') > 0 THEN r.action ELSE c.action END AS action,
    CASE WHEN instr(r.set_fields, '"target"') > 0 THEN r.target ELSE c.target END AS target,
    c.sentence, c.sentence_start, c.sentence_end,
    CASE WHEN instr(r.set_fields, '"target"') > 0 THEN NULL ELSE c.target_start END AS target_start,
    CASE WHEN instr(r.set_fields, '"target"') > 0 THEN NULL ELSE c.target_end END AS target_end,
    CASE WHEN instr(r.set_fields, '"deadline"') > 0 THEN r.deadline_text ELSE c.deadline_text END AS deadline_text,
    CASE WHEN instr(r.set_fields, '"deadline"') > 0 THEN r.deadline_date ELSE c.deadline_date END AS deadline_date,
    CASE WHEN instr(r.set_fields, '"deadline"') > 0 THEN CAST(substr(r.deadline_date, 1, 4) AS INTEGER)
         ELSE c.deadline_year END AS deadline_year,
    CASE WHEN instr(r.set_fields, '"quantity"') > 0 THEN r.quantity_value ELSE c.quantity_value END AS quantity_value,
    CASE WHEN instr(r.set_fields, '"quantity"') > 0 THEN NULL ELSE c.quantity_upper END AS quantity_upper,
    CASE WHEN instr(r.set_fields, '"quantity"') > 0 THEN r.quantity_unit ELSE c.quantity_unit END AS quantity_unit,
    CASE WHEN instr(r.set_fields, '"quantity"') > 0 THEN r.quantity_text ELSE c.quantity_text END AS quantity_text,
    CASE WHEN instr(r.set_fields, '"strength"') > 0 THEN r.strength ELSE c.strength END AS strength,
    c.negated, c.sector, c.places, c.flags, c.page, c.extractor_version,
    CASE WHEN instr(r.set_fields, '"actor"') > 0 THEN 'person' ELSE c.actor_source END AS actor_source,
    c.confidence, c.origin,
    r.id AS review_id, r.state AS review_state, r.set_fields AS review_set_fields,
    r.updated_by AS review_by, r.updated_at AS review_at, r.status AS review_status,
    r.status_note AS review_status_note, r.status_url AS review_status_url,
    r.status_document_id AS review_status_document_id, r.status_start AS review_status_start,
    r.status_end AS review_status_end, r.status_by AS review_status_by, r.status_at AS review_status_at,
    r.conflict AS review_conflict
FROM commitments c LEFT JOIN reviews r ON r.commitment_id = c.id;

-- What every list, count, search and export reads: rejected records are left out.
CREATE VIEW commitments_view AS
SELECT * FROM commitments_overlaid WHERE review_state IS NULL OR review_state != 'rejected';

-- A review that changes tells the search index to re-read the record (or drop it, when rejected):
-- the same change log the commitment triggers write (002_search.sql).
CREATE TRIGGER search_review_added AFTER INSERT ON reviews WHEN new.commitment_id IS NOT NULL BEGIN
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('c', new.commitment_id, '-');
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('c', new.commitment_id, '+');
END;
CREATE TRIGGER search_review_changed AFTER UPDATE ON reviews BEGIN
    INSERT INTO search_changes (kind, unit_id, op)
        SELECT 'c', old.commitment_id, '-' WHERE old.commitment_id IS NOT NULL;
    INSERT INTO search_changes (kind, unit_id, op)
        SELECT 'c', new.commitment_id, '-' WHERE new.commitment_id IS NOT NULL;
    INSERT INTO search_changes (kind, unit_id, op)
        SELECT 'c', new.commitment_id, '+' WHERE new.commitment_id IS NOT NULL;
END;
CREATE TRIGGER search_review_removed AFTER DELETE ON reviews WHEN old.commitment_id IS NOT NULL BEGIN
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('c', old.commitment_id, '-');
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('c', old.commitment_id, '+');
END;
