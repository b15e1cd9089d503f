-- PolicyKB schema, version 13: watchlists (kb/watchlists.py, kb/store_watchlists.py).
--
-- A watchlist is one user's saved search, commitments filter, actor entity or single commitment.
-- What it watches is stored as the user gave it (a query with its mode and filters, the query
-- string of the commitments table, an entity's merge key and name, a commitment id) and matched
-- again on every read, so it follows new uploads, corrections and re-extraction.
--
-- `feed_token`: a random, unguessable token that names the watchlist's Atom feed
-- (/feeds/watchlists/<feed_token>.atom), so a feed reader can read it without a session.
-- `watchlist_visits`: when a user last opened a watchlist's "what changed" page; the page shows
-- what changed after that moment.

CREATE TABLE watchlists (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('search', 'filter', 'entity', 'commitment')),
    query          TEXT,                 -- search: the words searched for
    mode           TEXT,                 -- search: hybrid, meaning, exact, all_words, phrase
    filters        TEXT NOT NULL DEFAULT '',   -- search and filter: a query string (actor=A&status=open)
    entity_key     TEXT,                 -- entity: the normalised name its mentions merge on (ids change on rebuild)
    entity_name    TEXT,
    commitment_id  INTEGER,              -- commitment: its id (no foreign key: the watchlist outlives it)
    days           INTEGER NOT NULL DEFAULT 30 CHECK (days BETWEEN 1 AND 3650),  -- "deadlines within N days"
    feed_token     TEXT NOT NULL UNIQUE,
    created_at     TEXT NOT NULL
);
CREATE INDEX watchlists_user ON watchlists(user_id);

CREATE TABLE watchlist_visits (
    watchlist_id  INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    visited_at    TEXT NOT NULL,
    PRIMARY KEY (watchlist_id, user_id)
);
