-- HewittBurden schema, version 3 (PostgreSQL): organisation codes stored upper case.
-- OrgCode trims and upper-cases a code where it enters (a file's org_code cell, --org, a form field, an inbox folder),
-- so qmm and QMM are one organisation in every lookup. Before this version a code was stored as typed, and PostgreSQL's
-- deterministic (case-sensitive) comparison kept rows typed qmm out of an analysis of QMM, as SQLite's did.
-- Fingerprints are unchanged: RequestFingerprint trims and case-folds every field, the code included, so a row typed
-- qmm already carries the fingerprint of QMM. What can change is the unique key (received_date, org_code, fingerprint):
-- one request stored twice, once typed qmm and once QMM, becomes one key. The later row is removed and counted in its
-- file's already_stored, as version 2's backfill does, so every request counts once and the file's counts still add up.
-- Tables created by later scripts (jobs, request_copies) are brought to the same form by the store's C# step
-- for this version, which runs right after this script and only where those tables exist already.
-- Idempotent: once codes are upper case no row matches any statement below.

UPDATE burden.files f SET already_stored = f.already_stored + d.copies
FROM (
    SELECT r.file_id, COUNT(*) AS copies
    FROM burden.requests r
    WHERE r.fingerprint IS NOT NULL AND EXISTS (
        SELECT 1 FROM burden.requests o
        WHERE o.received_date = r.received_date AND o.fingerprint = r.fingerprint AND o.id < r.id
          AND o.org_code <> r.org_code AND UPPER(TRIM(o.org_code)) = UPPER(TRIM(r.org_code)))
    GROUP BY r.file_id
) d
WHERE d.file_id = f.id;

DELETE FROM burden.requests r
WHERE r.fingerprint IS NOT NULL AND EXISTS (
    SELECT 1 FROM burden.requests o
    WHERE o.received_date = r.received_date AND o.fingerprint = r.fingerprint AND o.id < r.id
      AND o.org_code <> r.org_code AND UPPER(TRIM(o.org_code)) = UPPER(TRIM(r.org_code)));

UPDATE burden.requests SET org_code = UPPER(TRIM(org_code)) WHERE org_code <> UPPER(TRIM(org_code));
UPDATE burden.files SET org_code = UPPER(TRIM(org_code)) WHERE org_code <> UPPER(TRIM(org_code));
UPDATE burden.uploads SET org_code = UPPER(TRIM(org_code)) WHERE org_code <> UPPER(TRIM(org_code));
UPDATE burden.baselines SET org_code = UPPER(TRIM(org_code)) WHERE org_code <> UPPER(TRIM(org_code));
UPDATE burden.reports SET org_code = UPPER(TRIM(org_code)) WHERE org_code <> UPPER(TRIM(org_code));
