-- External sources (PostgreSQL databases, S3 buckets). `identifier` is the SQL name they are
-- attached under: derived from the name once, then stable when the name changes. `settings` is
-- JSON without secrets: passwords and keys live only in the OS keychain.
CREATE TABLE connections (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    identifier  TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('postgres', 's3')),
    settings    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
