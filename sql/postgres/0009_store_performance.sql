-- HewittBurden schema, version 9 (PostgreSQL): storage performance.
-- 1. requests loses its foreign key to files. Checking it cost about half of a large file's load (one lookup per row:
--    2.5 s of 5 s for 200,000 rows); every request row is written with the id of the file row its own transaction
--    inserted, and removing a file deletes its requests before the file row, so the key checked nothing the store does
--    not already guarantee. request_copies, catalogue_entries and rejects keep theirs (small, or rare).
-- 2. files.loading (1 while loading, else 0) and files.loading_by: a file written in committed slices (SQLite) is
--    loading, and invisible to every reader, until one last small transaction clears the flag. PostgreSQL writes each
--    file in one transaction, so its files are never seen loading; the columns keep the schema the same on every engine.

ALTER TABLE burden.requests DROP CONSTRAINT IF EXISTS requests_file_id_fkey;
ALTER TABLE burden.files ADD COLUMN IF NOT EXISTS loading smallint NOT NULL DEFAULT 0;
ALTER TABLE burden.files ADD COLUMN IF NOT EXISTS loading_by text NULL;
