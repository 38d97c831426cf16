-- HewittBurden schema, version 9 (SQLite): a large file is written in committed slices that let other writers in between.
-- files.loading is 1 while its slices are written, and every reader (requests, catalogue, rejects, files,
-- organisations) sees only files with loading = 0, so a file's rows become visible together in the last, small
-- transaction. files.loading_by names the process writing it (machine:pid:start ticks); a loading file whose process is
-- gone was abandoned by a killed ingest and is removed before the next ingest and when the store opens.
-- SQLite has no ADD COLUMN IF NOT EXISTS: the script runs once, in one transaction with its schema_version row.

ALTER TABLE files ADD COLUMN loading INTEGER NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN loading_by TEXT NULL;
