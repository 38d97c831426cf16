-- HewittBurden schema, version 4 (SQL Server): the embedding cache.
-- One row per model, model version and canonical item text: the text's unit vector (little-endian float32s), so a
-- re-analysis encodes only texts it has never seen. text_hash is the SHA-256 of the UTF-8 text (the key stays small
-- whatever the text's length); text is kept to rule out a collision and for inspection.

IF OBJECT_ID(N'burden.embeddings', N'U') IS NULL
    CREATE TABLE burden.embeddings (
        model nvarchar(100) NOT NULL,
        model_version nvarchar(200) NOT NULL,
        text_hash binary(32) NOT NULL,
        text nvarchar(max) NOT NULL,
        dimensions int NOT NULL,
        vector varbinary(max) NOT NULL,
        created_at datetimeoffset NOT NULL,
        CONSTRAINT pk_embeddings PRIMARY KEY (model, model_version, text_hash)
    );
GO
