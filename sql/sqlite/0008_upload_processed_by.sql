-- HewittBurden schema, version 8 (SQLite): uploads.processed_by names the instance (burden serve --instance, default
-- host:pid) that last began processing the upload, so with several instances sharing one queue the status says which did it.
-- SQLite has no ADD COLUMN IF NOT EXISTS: the script runs once, in one transaction with its schema_version row.

ALTER TABLE uploads ADD COLUMN processed_by TEXT NULL;
