-- HewittBurden schema, version 4 (SQLite): the embedding cache.
-- One row per model, model version and canonical item text: the text's unit vector (little-endian float32s), so a
-- re-analysis encodes only texts it has never seen. text_hash is the SHA-256 of the UTF-8 text (the key stays small
-- whatever the text's length); text is kept to rule out a collision and for inspection.
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    model_version TEXT NOT NULL,
    text_hash BLOB NOT NULL,
    text TEXT NOT NULL,
    dimensions INTEGER NOT NULL,
    vector BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (model, model_version, text_hash)
);
