-- HewittBurden schema, version 2 (SQL Server): row-level idempotence for request-log rows.
-- requests.fingerprint is RequestFingerprint.Compute(request) (16 bytes of a SHA-256, computed in C#); a filtered unique index
-- keeps one row per request, so a cumulative log or a corrected file uploaded again adds only the requests not already
-- stored. Nullable and filtered because rows stored before this version get their fingerprints from the store's C#
-- backfill, run in the same migration transaction right after this script.
-- files.already_stored and uploads.already_stored count rows accepted but already stored (kept once).

IF COL_LENGTH(N'burden.requests', N'fingerprint') IS NULL
    ALTER TABLE burden.requests ADD fingerprint binary(16) NULL;
GO
IF COL_LENGTH(N'burden.files', N'already_stored') IS NULL
    ALTER TABLE burden.files ADD already_stored int NOT NULL CONSTRAINT df_files_already_stored DEFAULT 0;
GO
IF COL_LENGTH(N'burden.uploads', N'already_stored') IS NULL
    ALTER TABLE burden.uploads ADD already_stored int NOT NULL CONSTRAINT df_uploads_already_stored DEFAULT 0;
GO
-- The key leads with the day and organisation (as the SQLite one does): inserts land near each other, and it serves
-- reads by period and organisation, so it replaces version 1's ix_requests_received.
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ux_requests_fingerprint' AND object_id = OBJECT_ID(N'burden.requests'))
    CREATE UNIQUE INDEX ux_requests_fingerprint ON burden.requests (received_date, org_code, fingerprint) WHERE fingerprint IS NOT NULL;
GO
IF EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_requests_received' AND object_id = OBJECT_ID(N'burden.requests'))
    DROP INDEX ix_requests_received ON burden.requests;
GO
