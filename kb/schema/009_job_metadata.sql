-- Document details given at upload (issue 14: title, publication date, issuing body, kind "at
-- upload and afterwards"): checked when the upload is accepted, kept with the job as a JSON object
-- ({"published": "2020-01-15", ...}), and set on the document when the job stores it
-- (kb/pipeline.py), exactly as a person setting them afterwards would (Store.set_document_metadata:
-- marked as set by a person, relative deadlines re-dated).  '{}' when none were given.
ALTER TABLE jobs ADD COLUMN document_details TEXT NOT NULL DEFAULT '{}';
