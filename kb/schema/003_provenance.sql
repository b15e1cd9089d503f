-- PolicyKB schema, version 3: where a commitment's actor came from, how sure the extractor is,
-- and the parser's sentences of each passage.
-- actor_source: 'named' (the sentence names the actor), 'pronoun_resolved' ("it", "we", "the city"
-- resolved to an entity), 'lead_in' (carried from a list's lead-in or the section it belongs to),
-- 'main_actor' (not stated: the document's main actor is assumed).  Rows stored before this
-- version are marked 'unknown' until `policykb reextract` reads them again.
-- confidence: 0-1, the extractor's calibrated estimate that all four fields are right (NULL: none).

-- passages.sentences: spaCy's sentences of the passage as JSON [[start, end], ...] relative to its text
-- (NULL for passages stored before this version or not parsed): the search index's sentence units.

ALTER TABLE passages ADD COLUMN sentences TEXT;
ALTER TABLE commitments ADD COLUMN actor_source TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE commitments ADD COLUMN confidence REAL;
CREATE INDEX commitments_confidence ON commitments(confidence);
