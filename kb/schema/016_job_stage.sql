-- What a processing job is doing now (issue 16: "long files show progress"): the pipeline marks
-- each stage as it starts ('reading' the file and extracting its commitments in the sandbox, then
-- 'storing' the document), so the upload page can say more than "Processing..." for a long file.
-- '' when the job is not being processed.
ALTER TABLE jobs ADD COLUMN stage TEXT NOT NULL DEFAULT '';
