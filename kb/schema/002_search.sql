-- PolicyKB schema, version 2: search support.
-- A change log of the units the search index holds (passages and
-- commitments).  Triggers fill it inside the same transactions that write
-- the rows (cascading deletes included), so the search index can catch up
-- exactly by replaying the log from the sequence number its saved manifest
-- records, and detect ids that SQLite reused after a delete.

CREATE TABLE search_changes (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT NOT NULL CHECK (kind IN ('c', 'p')),   -- commitment | passage
    unit_id  INTEGER NOT NULL,
    op       TEXT NOT NULL CHECK (op IN ('+', '-'))
);

-- Rows already in the database when this migration runs are logged as added.
INSERT INTO search_changes (kind, unit_id, op) SELECT 'p', id, '+' FROM passages ORDER BY id;
INSERT INTO search_changes (kind, unit_id, op) SELECT 'c', id, '+' FROM commitments ORDER BY id;

CREATE TRIGGER search_passage_added AFTER INSERT ON passages BEGIN
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('p', new.id, '+');
END;
CREATE TRIGGER search_passage_removed AFTER DELETE ON passages BEGIN
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('p', old.id, '-');
END;
CREATE TRIGGER search_passage_changed AFTER UPDATE ON passages BEGIN
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('p', old.id, '-');
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('p', new.id, '+');
END;
CREATE TRIGGER search_commitment_added AFTER INSERT ON commitments BEGIN
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('c', new.id, '+');
END;
CREATE TRIGGER search_commitment_removed AFTER DELETE ON commitments BEGIN
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('c', old.id, '-');
END;
CREATE TRIGGER search_commitment_changed AFTER UPDATE ON commitments BEGIN
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('c', old.id, '-');
    INSERT INTO search_changes (kind, unit_id, op) VALUES ('c', new.id, '+');
END;
-- A document's title or name is part of the text its units are indexed with.
CREATE TRIGGER search_document_renamed AFTER UPDATE OF title, source_name ON documents BEGIN
    INSERT INTO search_changes (kind, unit_id, op) SELECT 'p', id, '-' FROM passages WHERE document_id = new.id;
    INSERT INTO search_changes (kind, unit_id, op) SELECT 'p', id, '+' FROM passages WHERE document_id = new.id;
    INSERT INTO search_changes (kind, unit_id, op) SELECT 'c', id, '-' FROM commitments WHERE document_id = new.id;
    INSERT INTO search_changes (kind, unit_id, op) SELECT 'c', id, '+' FROM commitments WHERE document_id = new.id;
END;
