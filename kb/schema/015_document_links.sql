-- PolicyKB schema, version 15: the links of a document's source, kept as spans of its clean text.
--
-- An HTML <a href>, a Markdown link, a PDF link annotation or a URL printed in the text
-- (kb/ingest/links.py): `documents.text[start:end]` is the anchor, `url` its target (http, https
-- or mailto only, checked at ingest; the document page renders them as links that open apart).
-- Documents stored before version 15 have none until they are re-read from their originals.
CREATE TABLE IF NOT EXISTS document_links (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    url          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS document_links_by_document ON document_links (document_id, start);
