-- PolicyKB schema, version 11: how sure OCR was, and where a document's title, date and issuer came from.
--
-- `passages.ocr_confidence`: tesseract's mean word confidence (0-100) on the page the passage was
-- read from by OCR; NULL for text that had a text layer.  `documents.*_source`: where ingestion
-- found the title, the publication date and the issuing body ("pdf-metadata", "first-page heading",
-- "html og:title", "text: 'Published 3 March 2025'"), so a reader can judge them; NULL when not
-- recorded (documents stored before version 11) or when nothing was found.
ALTER TABLE passages ADD COLUMN ocr_confidence REAL;
ALTER TABLE documents ADD COLUMN title_source TEXT;
ALTER TABLE documents ADD COLUMN published_source TEXT;
ALTER TABLE documents ADD COLUMN issuing_body_source TEXT;
