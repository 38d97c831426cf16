-- HewittBurden schema, version 9 (SQL Server): files.loading (1 while loading, else 0) and files.loading_by, the twin
-- of sql/sqlite 0009, where a large file is written in committed slices and stays invisible while loading. SQL Server
-- writes each file in one transaction, so its files are never seen loading.

IF COL_LENGTH(N'burden.files', N'loading') IS NULL
    ALTER TABLE burden.files ADD loading smallint NOT NULL CONSTRAINT df_files_loading DEFAULT 0;
GO
IF COL_LENGTH(N'burden.files', N'loading_by') IS NULL
    ALTER TABLE burden.files ADD loading_by nvarchar(200) NULL;
GO
