-- A document page shows the commitments whose sentences fall on it (web/views/documents.py):
-- find them by position inside the document instead of scanning every commitment of a large one.
CREATE INDEX IF NOT EXISTS commitments_document_start ON commitments(document_id, sentence_start);
