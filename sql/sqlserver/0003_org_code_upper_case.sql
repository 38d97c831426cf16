-- HewittBurden schema, version 3 (SQL Server): organisation codes stored upper case.
-- OrgCode trims and upper-cases a code where it enters, so qmm and QMM are one organisation in every lookup, whatever
-- the database's collation (a case-insensitive one matched both already; a case-sensitive one did not, as SQLite did not).
-- Fingerprints are unchanged: RequestFingerprint trims and case-folds the code, so a row typed qmm already carries the
-- fingerprint of QMM. One request stored under both spellings (possible only under a case-sensitive collation) becomes
-- one key (received_date, org_code, fingerprint): the later row is removed and counted in its file's already_stored,
-- as version 2's backfill does. Comparisons use a binary collation so the script finds the same rows whatever the
-- database's default. Idempotent: once codes are upper case no row matches any statement below.
-- Tables created by later scripts (jobs, request_copies) are brought to the same form by the store's C# step for this
-- version, which runs right after this script and only where those tables exist already.

UPDATE f SET already_stored = f.already_stored + d.copies
FROM burden.files f
JOIN (
    SELECT r.file_id, COUNT(*) AS copies
    FROM burden.requests r
    WHERE r.fingerprint IS NOT NULL AND EXISTS (
        SELECT 1 FROM burden.requests o
        WHERE o.received_date = r.received_date AND o.fingerprint = r.fingerprint AND o.id < r.id
          AND o.org_code COLLATE Latin1_General_BIN2 <> r.org_code COLLATE Latin1_General_BIN2
          AND UPPER(LTRIM(RTRIM(o.org_code))) COLLATE Latin1_General_BIN2 = UPPER(LTRIM(RTRIM(r.org_code))) COLLATE Latin1_General_BIN2)
    GROUP BY r.file_id
) d ON d.file_id = f.id;
GO
DELETE r
FROM burden.requests r
WHERE r.fingerprint IS NOT NULL AND EXISTS (
    SELECT 1 FROM burden.requests o
    WHERE o.received_date = r.received_date AND o.fingerprint = r.fingerprint AND o.id < r.id
      AND o.org_code COLLATE Latin1_General_BIN2 <> r.org_code COLLATE Latin1_General_BIN2
      AND UPPER(LTRIM(RTRIM(o.org_code))) COLLATE Latin1_General_BIN2 = UPPER(LTRIM(RTRIM(r.org_code))) COLLATE Latin1_General_BIN2);
GO
UPDATE burden.requests SET org_code = UPPER(LTRIM(RTRIM(org_code)))
WHERE org_code COLLATE Latin1_General_BIN2 <> UPPER(LTRIM(RTRIM(org_code))) COLLATE Latin1_General_BIN2;
GO
UPDATE burden.files SET org_code = UPPER(LTRIM(RTRIM(org_code)))
WHERE org_code COLLATE Latin1_General_BIN2 <> UPPER(LTRIM(RTRIM(org_code))) COLLATE Latin1_General_BIN2;
GO
UPDATE burden.uploads SET org_code = UPPER(LTRIM(RTRIM(org_code)))
WHERE org_code COLLATE Latin1_General_BIN2 <> UPPER(LTRIM(RTRIM(org_code))) COLLATE Latin1_General_BIN2;
GO
UPDATE burden.baselines SET org_code = UPPER(LTRIM(RTRIM(org_code)))
WHERE org_code COLLATE Latin1_General_BIN2 <> UPPER(LTRIM(RTRIM(org_code))) COLLATE Latin1_General_BIN2;
GO
UPDATE burden.reports SET org_code = UPPER(LTRIM(RTRIM(org_code)))
WHERE org_code COLLATE Latin1_General_BIN2 <> UPPER(LTRIM(RTRIM(org_code))) COLLATE Latin1_General_BIN2;
GO
