-- HewittBurden schema, version 8 (PostgreSQL): uploads.processed_by names the instance (burden serve --instance, default
-- host:pid) that last began processing the upload, so with several instances sharing one queue the status says which did it.

ALTER TABLE burden.uploads ADD COLUMN IF NOT EXISTS processed_by text NULL;
