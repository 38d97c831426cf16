-- HewittBurden schema, version 2 (PostgreSQL): row-level idempotence for request-log rows.
-- requests.fingerprint is RequestFingerprint.Compute(request) (16 bytes of a SHA-256, computed in C#); a unique index
-- keeps one row per request, so a cumulative log or a corrected file uploaded again adds only the requests not already
-- stored (the bulk load moves staged rows with INSERT ... ON CONFLICT DO NOTHING on this key).
-- Nullable (a unique index lets NULLs repeat) because rows stored before this version get their fingerprints from the
-- store's C# backfill, run in the same migration transaction right after this script.
-- files.already_stored and uploads.already_stored count rows accepted but already stored (kept once).

ALTER TABLE burden.requests ADD COLUMN IF NOT EXISTS fingerprint bytea NULL;
ALTER TABLE burden.files ADD COLUMN IF NOT EXISTS already_stored integer NOT NULL DEFAULT 0;
ALTER TABLE burden.uploads ADD COLUMN IF NOT EXISTS already_stored integer NOT NULL DEFAULT 0;
-- The key leads with the day and organisation, as reads by period and organisation do, so it replaces
-- version 1's ix_requests_received: one index to keep up during bulk load instead of two.
CREATE UNIQUE INDEX IF NOT EXISTS ux_requests_fingerprint ON burden.requests (received_date, org_code, fingerprint);
DROP INDEX IF EXISTS burden.ix_requests_received;
