-- PolicyKB schema, version 7 (ingestion, issue 11): what a passage is besides its text.
-- passages.label: a numbered paragraph's label ("2.7", "Sec. 3.") or a footnote's number, kept out of
-- the passage text so that it never runs into a sentence (NULL: none).
-- passages.ocr: 1 when the passage was read by OCR from a scanned page (the UI says "read by OCR").
-- Passage kinds now also include 'table_row' (cells joined by " | ") and 'footnote'.

ALTER TABLE passages ADD COLUMN label TEXT;
ALTER TABLE passages ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0;
