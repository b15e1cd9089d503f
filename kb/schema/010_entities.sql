-- PolicyKB schema, version 10: actors as entities, and revocations between documents.
--
-- Both tables are derived (kb/entities.py, kb/lineage.py) and rebuilt by `policykb entities rebuild`:
-- nothing a person typed lives here, so a rebuild may drop and refill them.
--
-- `entities`: one row per body ("Department of Commerce"), found by merging the actor strings of
-- commitments.  `entity_mentions`: which entity a commitment's actor names and the rule that linked
-- it; a joint actor ("the Secretary of Commerce and the Secretary of Energy") has one row per member.
-- `revocations`: a sentence of one document that revokes, rescinds, supersedes or amends another
-- document of the knowledge base; every commitment of the revoked document is linked through it.

CREATE TABLE entities (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    key     TEXT NOT NULL UNIQUE          -- the normalised name the mentions were merged on
);

CREATE TABLE entity_mentions (
    commitment_id  INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    entity_id      INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    mention        TEXT NOT NULL,         -- the actor string (or the member of a joint actor)
    rule           TEXT NOT NULL,         -- how it was linked: 'exact', 'office of body', 'acronym in text', ...
    joint          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (commitment_id, entity_id)
);
CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);

CREATE TABLE revocations (
    id                   INTEGER PRIMARY KEY,
    revoking_document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    revoked_document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    relation             TEXT NOT NULL CHECK (relation IN ('revoked', 'rescinded', 'superseded', 'amended')),
    partial              INTEGER NOT NULL DEFAULT 0,   -- only some sections ("Section 2 of Executive Order ...")
    order_number         TEXT NOT NULL,                -- the order number the sentence names
    sentence             TEXT NOT NULL,
    sentence_start       INTEGER NOT NULL,
    sentence_end         INTEGER NOT NULL,
    UNIQUE (revoking_document_id, revoked_document_id, relation, sentence_start)
);
CREATE INDEX revocations_revoked ON revocations(revoked_document_id);

-- The search change sequence (kb/schema/002_search.sql) the tables above were built at: when commitments
-- change after it, `Store.ensure_entities` rebuilds them before they are read.
CREATE TABLE entity_builds (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    change_seq  INTEGER NOT NULL
);
