-- HewittBurden schema, version 5 (SQLite): durable job records.
-- A report, baseline or monthly run is recorded here before the request is answered 202; at start-up every job still
-- 'queued' is enqueued again (the Hangfire queue may live in memory). A monthly run records each workbook it owes in
-- job_parts (part = organisation code, '*' for the workbook across all) and marks each one done when it is listed, so a
-- restart writes only the ones still owed. Upload bytes are dropped in place (uploads.content set to an empty blob), so
-- no column changes for that.

CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('report', 'baseline', 'monthly')),
    period TEXT NULL,
    org_code TEXT NULL,
    name TEXT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'done', 'failed')),
    message TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_jobs_status ON jobs (status, id);

CREATE TABLE IF NOT EXISTS job_parts (
    job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    part TEXT NOT NULL,
    done_at TEXT NULL,
    CONSTRAINT pk_job_parts PRIMARY KEY (job_id, part)
);
-- The monthly run looks for an unfinished run of its month.
CREATE INDEX IF NOT EXISTS ix_jobs_kind_period ON jobs (kind, period);
