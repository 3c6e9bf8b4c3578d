-- The assistant's chat of each query, in order: the user's messages and the assistant's
-- replies with the SQL suggestions DuckDB checked and the request bodies that were sent
-- ("what was sent"; never a key). Deleted with the query, copied by Duplicate.
CREATE TABLE chat_messages (
    id           INTEGER PRIMARY KEY,
    query_id     INTEGER NOT NULL REFERENCES queries (id) ON DELETE CASCADE,
    role         TEXT    NOT NULL CHECK (role IN ('user', 'assistant')),
    content      TEXT    NOT NULL,
    -- JSON array of the reply's suggestions.
    suggestions  TEXT    NOT NULL DEFAULT '[]',
    -- JSON array of request bodies.
    sent         TEXT    NOT NULL DEFAULT '[]',
    status       TEXT    NOT NULL DEFAULT 'complete'
                 CHECK (status IN ('complete', 'stopped', 'failed')),
    error        TEXT,
    created_at   TEXT    NOT NULL
);
CREATE INDEX chat_messages_by_query ON chat_messages (query_id, id);

-- The user allowed the assistant to read a few distinct values of a column for this query.
ALTER TABLE queries ADD COLUMN ai_samples INTEGER NOT NULL DEFAULT 0;
