-- PolicyKB schema, version 14: people's corrections to actor entities (merge, split, rename).
--
-- Entities are derived (kb/schema/010_entities.sql): every rebuild recomputes them from the
-- commitments.  What a person decided must outlive that, so it is stored here, apart, and laid over
-- each rebuild (kb/store_entities.py `_Overlays`).  Overlays name entities by their `key` (the
-- normalised name the resolver merges on, kb/entities.py), which a re-extraction or a rebuild gives
-- again, never by their row id.
--
--   merge:  every mention of `entity_key` goes to the entity `target_key`;
--   split:  the mentions named `mention` (case ignored) of `entity_key` go to the entity `target_key`
--           (named `name`: a new entity, or an existing one when the name is taken);
--   rename: the entity `entity_key` is shown as `name`.
-- A later overlay of the same kind on the same entity (and mention) wins; deleting a row undoes it.

CREATE TABLE entity_overlays (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
    entity_key  TEXT NOT NULL,
    mention     TEXT,
    target_key  TEXT,
    name        TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (kind != 'merge' OR target_key IS NOT NULL),
    CHECK (kind != 'split' OR (mention IS NOT NULL AND target_key IS NOT NULL AND name IS NOT NULL)),
    CHECK (kind != 'rename' OR name IS NOT NULL)
);
CREATE INDEX entity_overlays_key ON entity_overlays(entity_key);
