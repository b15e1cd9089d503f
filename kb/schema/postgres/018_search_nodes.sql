-- PostgreSQL variant of 018_search_nodes.sql: the same tables, the time of each change as a column
-- default, and a NOTIFY to wake the search nodes.
CREATE TABLE search_nodes (
    name          TEXT PRIMARY KEY,
    url           TEXT,
    host          TEXT NOT NULL,
    pid           BIGINT NOT NULL,
    index_dir     TEXT NOT NULL,
    applied_seq   BIGINT NOT NULL DEFAULT 0,
    snapshot_seq  BIGINT NOT NULL DEFAULT 0,
    started_at    TEXT NOT NULL,
    last_seen     TEXT NOT NULL
);

CREATE TABLE search_log_state (
    id           BIGINT PRIMARY KEY CHECK (id = 1),
    pruned_upto  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO search_log_state (id, pruned_upto) VALUES (1, COALESCE(
    (SELECT MIN(seq) - 1 FROM search_changes),
    pg_sequence_last_value(pg_get_serial_sequence('search_changes', 'seq')), 0));

-- Unix seconds when the row was written (clock_timestamp: the moment, not the transaction's start)
ALTER TABLE search_changes ADD COLUMN logged_at DOUBLE PRECISION
    DEFAULT extract(epoch FROM clock_timestamp());

-- Each statement that logs changes notifies the channel `policykb_search_changes`; PostgreSQL delivers
-- it when the transaction commits (never for a rolled-back one) and folds the identical notifications
-- of one transaction into one, so a document of a thousand passages wakes each node once.  The nodes
-- LISTEN on it (web/follower.py); the log table stays the truth, a lost notification costs one poll.
CREATE FUNCTION search_changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('policykb_search_changes', '');
    RETURN NULL;
END $$;
CREATE TRIGGER search_changes_notified AFTER INSERT ON search_changes
    FOR EACH STATEMENT EXECUTE FUNCTION search_changes_notify();
