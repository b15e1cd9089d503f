-- Search nodes kept in step (issue 17): several web nodes, each with its own replica of the search
-- index, follow the store's change log `search_changes` (002_search.sql).
--
-- `search_nodes`: one row per node (web/follower.py registers it and beats every few seconds): the
-- change of the log its in-memory index holds (`applied_seq`: its lag is the log's end minus this)
-- and the change its saved snapshot starts from (`snapshot_seq`: a restart replays the log from
-- there, so the log is never pruned past the smallest one of the nodes still counted,
-- kb/store_nodes.py).  Times are ISO 8601 UTC, as every stored timestamp.
CREATE TABLE search_nodes (
    name          TEXT PRIMARY KEY,
    url           TEXT,
    host          TEXT NOT NULL,
    pid           INTEGER NOT NULL,
    index_dir     TEXT NOT NULL,
    applied_seq   INTEGER NOT NULL DEFAULT 0,
    snapshot_seq  INTEGER NOT NULL DEFAULT 0,
    started_at    TEXT NOT NULL,
    last_seen     TEXT NOT NULL
);

-- How far the log has been pruned: a snapshot older than this cannot be caught up by replaying the
-- log (a node down for longer than the log keeps) and is rebuilt instead.  One row.
CREATE TABLE search_log_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    pruned_upto  INTEGER NOT NULL DEFAULT 0
);
-- the log may have been pruned before this migration: up to just before its oldest entry, or all of it
INSERT INTO search_log_state (id, pruned_upto) VALUES (1, COALESCE(
    (SELECT MIN(seq) - 1 FROM search_changes),
    (SELECT seq FROM sqlite_sequence WHERE name = 'search_changes'), 0));

-- When each change was logged (Unix seconds, with fractions): a node's lag in seconds is the age of the
-- first change it has not applied.  SQLite cannot add a column whose default is the time, so a
-- trigger stamps each new row (PostgreSQL: a column default, postgres/018_search_nodes.sql).
ALTER TABLE search_changes ADD COLUMN logged_at REAL;
UPDATE search_changes SET logged_at = (julianday('now') - 2440587.5) * 86400.0;
CREATE TRIGGER search_change_logged_at AFTER INSERT ON search_changes BEGIN
    UPDATE search_changes SET logged_at = (julianday('now') - 2440587.5) * 86400.0 WHERE seq = new.seq;
END;
