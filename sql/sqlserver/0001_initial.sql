-- HewittBurden schema, version 1 (SQL Server), in the burden schema.
-- Idempotent: every object is created only when missing. Applied by the store at start-up (batches split on GO lines)
-- and recorded in burden.schema_version. Text is nvarchar (stored exactly as given), days are date, instants
-- datetimeoffset, decimals decimal(28, 8), flags bit. Data items and item keys are joined with a line feed.

IF SCHEMA_ID(N'burden') IS NULL
    EXEC (N'CREATE SCHEMA burden');
GO

IF OBJECT_ID(N'burden.files', N'U') IS NULL
CREATE TABLE burden.files (
    id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_files PRIMARY KEY,
    name nvarchar(450) NOT NULL,
    sha256 char(64) NOT NULL CONSTRAINT ux_files_sha256 UNIQUE,
    kind varchar(20) NOT NULL CONSTRAINT ck_files_kind CHECK (kind IN ('request_log', 'catalogue')),
    org_code nvarchar(100) NULL,
    rows_read int NOT NULL CONSTRAINT df_files_rows_read DEFAULT 0,
    accepted int NOT NULL CONSTRAINT df_files_accepted DEFAULT 0,
    rejected int NOT NULL CONSTRAINT df_files_rejected DEFAULT 0,
    ingested_at datetimeoffset NOT NULL
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_files_name' AND object_id = OBJECT_ID(N'burden.files'))
    CREATE INDEX ix_files_name ON burden.files (name);
GO

IF OBJECT_ID(N'burden.requests', N'U') IS NULL
CREATE TABLE burden.requests (
    id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_requests PRIMARY KEY,
    file_id bigint NOT NULL CONSTRAINT fk_requests_file REFERENCES burden.files (id) ON DELETE CASCADE,
    line int NOT NULL,
    org_code nvarchar(100) NOT NULL,
    received_date date NOT NULL,
    requester nvarchar(max) NOT NULL,
    title nvarchar(max) NOT NULL,
    frequency varchar(20) NOT NULL,
    data_items nvarchar(max) NOT NULL,
    collection_ref nvarchar(450) NULL,
    hours_spent decimal(28, 8) NULL,
    staff_band nvarchar(max) NULL,
    channel nvarchar(max) NULL,
    due_date date NULL,
    purpose nvarchar(max) NULL,
    approval_ref nvarchar(450) NULL
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_requests_received' AND object_id = OBJECT_ID(N'burden.requests'))
    CREATE INDEX ix_requests_received ON burden.requests (received_date, org_code);
GO

IF OBJECT_ID(N'burden.catalogue_entries', N'U') IS NULL
CREATE TABLE burden.catalogue_entries (
    id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_catalogue_entries PRIMARY KEY,
    file_id bigint NOT NULL CONSTRAINT fk_catalogue_entries_file REFERENCES burden.files (id) ON DELETE CASCADE,
    line int NOT NULL,
    collection_ref nvarchar(450) NOT NULL,
    title nvarchar(max) NOT NULL,
    requester nvarchar(max) NOT NULL,
    frequency varchar(20) NOT NULL,
    data_items nvarchar(max) NOT NULL,
    respondents int NOT NULL,
    hours_per_submission decimal(28, 8) NOT NULL,
    purpose nvarchar(max) NULL,
    consumer nvarchar(max) NULL,
    publication nvarchar(max) NULL,
    approval_ref nvarchar(450) NULL,
    approval_expiry date NULL,
    automated_source nvarchar(max) NULL,
    last_used date NULL
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_catalogue_entries_ref' AND object_id = OBJECT_ID(N'burden.catalogue_entries'))
    CREATE INDEX ix_catalogue_entries_ref ON burden.catalogue_entries (collection_ref, file_id, line);
GO

IF OBJECT_ID(N'burden.rejects', N'U') IS NULL
CREATE TABLE burden.rejects (
    id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_rejects PRIMARY KEY,
    file_id bigint NOT NULL CONSTRAINT fk_rejects_file REFERENCES burden.files (id) ON DELETE CASCADE,
    line int NOT NULL,
    column_name nvarchar(200) NULL,
    value_text nvarchar(max) NULL,
    message nvarchar(max) NOT NULL
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_rejects_file' AND object_id = OBJECT_ID(N'burden.rejects'))
    CREATE INDEX ix_rejects_file ON burden.rejects (file_id, line);
GO

IF OBJECT_ID(N'burden.baselines', N'U') IS NULL
CREATE TABLE burden.baselines (
    id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_baselines PRIMARY KEY,
    name nvarchar(400) NOT NULL CONSTRAINT ux_baselines_name UNIQUE,
    period nvarchar(20) NULL,
    org_code nvarchar(100) NULL,
    created_at datetimeoffset NOT NULL
);
GO

IF OBJECT_ID(N'burden.baseline_collections', N'U') IS NULL
CREATE TABLE burden.baseline_collections (
    id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_baseline_collections PRIMARY KEY,
    baseline_id bigint NOT NULL CONSTRAINT fk_baseline_collections_baseline REFERENCES burden.baselines (id) ON DELETE CASCADE,
    position int NOT NULL,
    collection_id nvarchar(450) NOT NULL,
    title nvarchar(max) NOT NULL,
    requester nvarchar(max) NOT NULL,
    frequency varchar(20) NOT NULL,
    item_keys nvarchar(max) NOT NULL,
    respondents int NOT NULL,
    submissions_per_year float NOT NULL,
    hours_per_year float NOT NULL,
    cost_gbp_per_year float NOT NULL,
    output_only bit NOT NULL,
    automatable bit NOT NULL
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_baseline_collections_baseline' AND object_id = OBJECT_ID(N'burden.baseline_collections'))
    CREATE INDEX ix_baseline_collections_baseline ON burden.baseline_collections (baseline_id, position);
GO

IF OBJECT_ID(N'burden.reports', N'U') IS NULL
CREATE TABLE burden.reports (
    id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_reports PRIMARY KEY,
    name nvarchar(400) NOT NULL CONSTRAINT ux_reports_name UNIQUE,
    period nvarchar(20) NULL,
    org_code nvarchar(100) NULL,
    path nvarchar(max) NOT NULL,
    created_at datetimeoffset NOT NULL
);
GO

IF OBJECT_ID(N'burden.uploads', N'U') IS NULL
CREATE TABLE burden.uploads (
    id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_uploads PRIMARY KEY,
    file_name nvarchar(400) NOT NULL,
    org_code nvarchar(100) NULL,
    kind varchar(20) NULL,
    source varchar(20) NOT NULL,
    status varchar(20) NOT NULL,
    accepted int NOT NULL CONSTRAINT df_uploads_accepted DEFAULT 0,
    rejected int NOT NULL CONSTRAINT df_uploads_rejected DEFAULT 0,
    message nvarchar(max) NULL,
    file_id bigint NULL CONSTRAINT fk_uploads_file REFERENCES burden.files (id),
    content varbinary(max) NOT NULL,
    received_at datetimeoffset NOT NULL,
    updated_at datetimeoffset NOT NULL
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_uploads_status' AND object_id = OBJECT_ID(N'burden.uploads'))
    CREATE INDEX ix_uploads_status ON burden.uploads (status, id);
GO
