-- HewittBurden schema, version 1 (SQLite).
-- Idempotent: every object is created only when missing. Applied by the store at start-up and recorded in schema_version.
-- Days are ISO text YYYY-MM-DD, instants ISO 8601 text with their offset, decimals exact text, flags 0/1.
-- Data items and item keys are joined with a line feed (items never contain line breaks).
-- Indexes are few on purpose: each one slows the bulk insert of a file; requests are read by period (and organisation).

CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('request_log', 'catalogue')),
    org_code TEXT NULL,
    rows_read INTEGER NOT NULL DEFAULT 0,
    accepted INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL,
    CONSTRAINT ux_files_sha256 UNIQUE (sha256)
);
CREATE INDEX IF NOT EXISTS ix_files_name ON files (name);

CREATE TABLE IF NOT EXISTS requests (
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
    approval_ref TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_requests_received ON requests (received_date, org_code);

CREATE TABLE IF NOT EXISTS catalogue_entries (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    collection_ref TEXT NOT NULL,
    title TEXT NOT NULL,
    requester TEXT NOT NULL,
    frequency TEXT NOT NULL,
    data_items TEXT NOT NULL,
    respondents INTEGER NOT NULL,
    hours_per_submission TEXT NOT NULL,
    purpose TEXT NULL,
    consumer TEXT NULL,
    publication TEXT NULL,
    approval_ref TEXT NULL,
    approval_expiry TEXT NULL,
    automated_source TEXT NULL,
    last_used TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_catalogue_entries_ref ON catalogue_entries (collection_ref, file_id, line);

CREATE TABLE IF NOT EXISTS rejects (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    column_name TEXT NULL,
    value_text TEXT NULL,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_rejects_file ON rejects (file_id, line);

CREATE TABLE IF NOT EXISTS baselines (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    period TEXT NULL,
    org_code TEXT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT ux_baselines_name UNIQUE (name)
);

CREATE TABLE IF NOT EXISTS baseline_collections (
    id INTEGER PRIMARY KEY,
    baseline_id INTEGER NOT NULL REFERENCES baselines (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    collection_id TEXT NOT NULL,
    title TEXT NOT NULL,
    requester TEXT NOT NULL,
    frequency TEXT NOT NULL,
    item_keys TEXT NOT NULL,
    respondents INTEGER NOT NULL,
    submissions_per_year REAL NOT NULL,
    hours_per_year REAL NOT NULL,
    cost_gbp_per_year REAL NOT NULL,
    output_only INTEGER NOT NULL,
    automatable INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_baseline_collections_baseline ON baseline_collections (baseline_id, position);

CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    period TEXT NULL,
    org_code TEXT NULL,
    path TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT ux_reports_name UNIQUE (name)
);

CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    org_code TEXT NULL,
    kind TEXT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    accepted INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    message TEXT NULL,
    file_id INTEGER NULL REFERENCES files (id),
    content BLOB NOT NULL,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_uploads_status ON uploads (status, id);
