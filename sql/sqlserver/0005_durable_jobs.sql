-- HewittBurden schema, version 5 (SQL Server): durable job records.
-- A report, baseline or monthly run is recorded here before the request is answered 202; at start-up every job still
-- 'queued' is enqueued again. A monthly run records each workbook it owes in job_parts (part = organisation code, '*'
-- for the workbook across all) and marks each one done when it is listed, so a restart writes only the ones still owed.
-- Upload bytes are dropped in place (uploads.content set to an empty value), so no column changes for that.

IF OBJECT_ID(N'burden.jobs', N'U') IS NULL
CREATE TABLE burden.jobs (
    id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_jobs PRIMARY KEY,
    kind varchar(20) NOT NULL CONSTRAINT ck_jobs_kind CHECK (kind IN ('report', 'baseline', 'monthly')),
    period varchar(20) NULL,
    org_code nvarchar(100) NULL,
    name nvarchar(200) NULL,
    status varchar(20) NOT NULL CONSTRAINT ck_jobs_status CHECK (status IN ('queued', 'done', 'failed')),
    message nvarchar(max) NULL,
    created_at datetimeoffset NOT NULL,
    updated_at datetimeoffset NOT NULL
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_jobs_status' AND object_id = OBJECT_ID(N'burden.jobs'))
    CREATE INDEX ix_jobs_status ON burden.jobs (status, id);
GO
IF OBJECT_ID(N'burden.job_parts', N'U') IS NULL
CREATE TABLE burden.job_parts (
    job_id bigint NOT NULL CONSTRAINT fk_job_parts_job REFERENCES burden.jobs (id) ON DELETE CASCADE,
    part nvarchar(100) NOT NULL,
    done_at datetimeoffset NULL,
    CONSTRAINT pk_job_parts PRIMARY KEY (job_id, part)
);
GO
-- The monthly run looks for an unfinished run of its month.
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_jobs_kind_period' AND object_id = OBJECT_ID(N'burden.jobs'))
    CREATE INDEX ix_jobs_kind_period ON burden.jobs (kind, period);
GO
