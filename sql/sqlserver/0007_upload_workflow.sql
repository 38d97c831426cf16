-- HewittBurden schema, version 7 (SQL Server): uploads that can be listed, removed and replaced; rejects that are superseded.
-- request_copies: one row per accepted request row that was not stored because the same request (fingerprint) was
-- already stored by another file, with the row as that file gave it. When that other file is removed, the request passes
-- to the copy's file, with the copy's values (hours, band, wording), so what remains is what storing only the other files
-- would have stored.
-- files.superseded_by: the later file of the same name for the same organisation; its earlier rejects are then history.
-- uploads.earlier_upload_id: for a skipped upload, the upload that stored the same content first.
-- uploads.replaces_upload_id: for a replacement, the upload whose file it removes when (and only if) it is stored.

IF OBJECT_ID(N'burden.request_copies', N'U') IS NULL
    CREATE TABLE burden.request_copies (
        id bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_request_copies PRIMARY KEY,
        file_id bigint NOT NULL CONSTRAINT fk_request_copies_file REFERENCES burden.files (id) ON DELETE CASCADE,
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
        approval_ref nvarchar(450) NULL,
        fingerprint binary(16) NOT NULL
    );
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_request_copies_key' AND object_id = OBJECT_ID(N'burden.request_copies'))
    CREATE INDEX ix_request_copies_key ON burden.request_copies (received_date, org_code, fingerprint);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_request_copies_file' AND object_id = OBJECT_ID(N'burden.request_copies'))
    CREATE INDEX ix_request_copies_file ON burden.request_copies (file_id);
GO
IF COL_LENGTH(N'burden.files', N'superseded_by') IS NULL
    ALTER TABLE burden.files ADD superseded_by bigint NULL;
GO
IF COL_LENGTH(N'burden.uploads', N'earlier_upload_id') IS NULL
    ALTER TABLE burden.uploads ADD earlier_upload_id bigint NULL;
GO
IF COL_LENGTH(N'burden.uploads', N'replaces_upload_id') IS NULL
    ALTER TABLE burden.uploads ADD replaces_upload_id bigint NULL;
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_uploads_file' AND object_id = OBJECT_ID(N'burden.uploads'))
    CREATE INDEX ix_uploads_file ON burden.uploads (file_id);
GO
