-- HewittBurden schema, version 9 (SQL Server): files.status ('loading' or 'stored') and files.loading_by, the twin of
-- sql/sqlite 0009, where a large file is written in committed slices and stays invisible while 'loading'. SQL Server
-- writes each file in one transaction, so its files are 'stored' whenever anyone can see them.

IF COL_LENGTH(N'burden.files', N'status') IS NULL
    ALTER TABLE burden.files ADD status varchar(16) NOT NULL CONSTRAINT df_files_status DEFAULT 'stored';
GO
IF COL_LENGTH(N'burden.files', N'loading_by') IS NULL
    ALTER TABLE burden.files ADD loading_by nvarchar(200) NULL;
GO
