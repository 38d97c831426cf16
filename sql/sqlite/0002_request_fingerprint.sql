-- HewittBurden schema, version 2 (SQLite): row-level idempotence for request-log rows.
-- requests.fingerprint is RequestFingerprint.Compute(request) (16 bytes of a SHA-256, computed in C#: a small key keeps the
-- unique index cheap for bulk ingest); a unique index keeps one row per request,
-- so a cumulative log or a corrected file uploaded again adds only the requests not already stored.
-- The column is nullable because rows stored before this version get their fingerprints from the store's C# backfill,
-- run in the same migration transaction right after this script (SQLite's unique index lets NULLs repeat, so no partial
-- index is needed; it measured slightly slower too).
-- files.already_stored and uploads.already_stored count rows accepted but already stored (kept once).
-- SQLite has no ADD COLUMN IF NOT EXISTS: the script runs once, in one transaction with its schema_version row.

ALTER TABLE requests ADD COLUMN fingerprint BLOB NULL;
ALTER TABLE files ADD COLUMN already_stored INTEGER NOT NULL DEFAULT 0;
ALTER TABLE uploads ADD COLUMN already_stored INTEGER NOT NULL DEFAULT 0;
-- The unique key leads with the day and organisation, as reads by period and organisation do, so it replaces
-- version 1's ix_requests_received: one index to keep up during bulk ingest instead of two.
CREATE UNIQUE INDEX IF NOT EXISTS ux_requests_fingerprint ON requests (received_date, org_code, fingerprint);
DROP INDEX IF EXISTS ix_requests_received;
