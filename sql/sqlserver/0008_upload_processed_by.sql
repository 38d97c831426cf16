-- HewittBurden schema, version 8 (SQL Server): uploads.processed_by names the instance (burden serve --instance, default
-- host:pid) that last began processing the upload, so with several instances sharing one queue the status says which did it.

IF COL_LENGTH(N'burden.uploads', N'processed_by') IS NULL
    ALTER TABLE burden.uploads ADD processed_by nvarchar(200) NULL;
GO
