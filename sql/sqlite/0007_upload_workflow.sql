-- HewittBurden schema, version 7 (SQLite): uploads that can be listed, removed and replaced; rejects that are superseded.
-- request_copies: one row per accepted request row that was not stored because the same request (fingerprint) was
-- already stored by another file, with the row as that file gave it. When that other file is removed, the request passes
-- to the copy's file, with the copy's values (hours, band, wording), so what remains is what storing only the other files
-- would have stored.
-- files.superseded_by: the later file of the same name for the same organisation; its earlier rejects are then history.
-- uploads.earlier_upload_id: for a skipped upload, the upload that stored the same content first.
-- uploads.replaces_upload_id: for a replacement, the upload whose file it removes when (and only if) it is stored.
-- SQLite has no ADD COLUMN IF NOT EXISTS: the script runs once, in one transaction with its schema_version row.

CREATE TABLE IF NOT EXISTS request_copies (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    org_code TEXT NOT NULL,
    received_date TEXT NOT NULL,
    requester TEXT NOT NULL,
    title TEXT NOT NULL,
    frequency TEXT NOT NULL,
    data_items TEXT NOT NULL,
    collection_ref TEXT NULL,
    hours_spent TEXT NULL,
    staff_band TEXT NULL,
    channel TEXT NULL,
    due_date TEXT NULL,
    purpose TEXT NULL,
    approval_ref TEXT NULL,
    fingerprint BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_request_copies_key ON request_copies (received_date, org_code, fingerprint);
CREATE INDEX IF NOT EXISTS ix_request_copies_file ON request_copies (file_id);
ALTER TABLE files ADD COLUMN superseded_by INTEGER NULL;
ALTER TABLE uploads ADD COLUMN earlier_upload_id INTEGER NULL;
ALTER TABLE uploads ADD COLUMN replaces_upload_id INTEGER NULL;
CREATE INDEX IF NOT EXISTS ix_uploads_file ON uploads (file_id);
