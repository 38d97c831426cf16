-- HewittBurden schema, version 3 (SQLite): organisation codes stored upper case.
-- OrgCode trims and upper-cases a code where it enters (a file's org_code cell, --org, a form field, an inbox folder),
-- so qmm and QMM are one organisation in every lookup. Before this version a code was stored as typed, and SQLite's
-- binary comparison kept rows typed qmm out of an analysis of QMM. This script brings stored codes to the same form.
-- Fingerprints are unchanged: RequestFingerprint trims and case-folds every field, the code included, so a row typed
-- qmm already carries the fingerprint of QMM. What can change is the unique key (received_date, org_code, fingerprint):
-- one request stored twice, once typed qmm and once QMM, becomes one key. The later row is removed and counted in its
-- file's already_stored, as version 2's backfill does, so every request counts once and the file's counts still add up.
-- Tables created by later scripts (jobs, request_copies) are brought to the same form by the store's C# step for this
-- version, which runs right after this script and only where those tables exist already.
-- Idempotent: once codes are upper case no row matches any statement below.

UPDATE files SET already_stored = already_stored + (
    SELECT COUNT(*) FROM requests r
    WHERE r.file_id = files.id AND r.fingerprint IS NOT NULL AND EXISTS (
        SELECT 1 FROM requests o
        WHERE o.received_date = r.received_date AND o.fingerprint = r.fingerprint AND o.id < r.id
          AND o.org_code <> r.org_code AND UPPER(TRIM(o.org_code)) = UPPER(TRIM(r.org_code))))
-- A copy needs a code not yet upper case on one side, so a database with none is left alone.
WHERE EXISTS (SELECT 1 FROM requests WHERE org_code <> UPPER(TRIM(org_code)));

DELETE FROM requests
WHERE fingerprint IS NOT NULL AND EXISTS (
    SELECT 1 FROM requests o
    WHERE o.received_date = requests.received_date AND o.fingerprint = requests.fingerprint AND o.id < requests.id
      AND o.org_code <> requests.org_code AND UPPER(TRIM(o.org_code)) = UPPER(TRIM(requests.org_code)));

UPDATE requests SET org_code = UPPER(TRIM(org_code)) WHERE org_code <> UPPER(TRIM(org_code));
UPDATE files SET org_code = UPPER(TRIM(org_code)) WHERE org_code <> UPPER(TRIM(org_code));
UPDATE uploads SET org_code = UPPER(TRIM(org_code)) WHERE org_code <> UPPER(TRIM(org_code));
UPDATE baselines SET org_code = UPPER(TRIM(org_code)) WHERE org_code <> UPPER(TRIM(org_code));
UPDATE reports SET org_code = UPPER(TRIM(org_code)) WHERE org_code <> UPPER(TRIM(org_code));
