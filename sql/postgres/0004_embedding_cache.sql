-- HewittBurden schema, version 4 (PostgreSQL): the embedding cache.
-- One row per model, model version and canonical item text: the text's unit vector (little-endian float32s), so a
-- re-analysis encodes only texts it has never seen. text_hash is the SHA-256 of the UTF-8 text.
CREATE TABLE IF NOT EXISTS burden.embeddings (
    model text NOT NULL,
    model_version text NOT NULL,
    text_hash bytea NOT NULL,
    text text NOT NULL,
    dimensions integer NOT NULL,
    vector bytea NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (model, model_version, text_hash)
);
