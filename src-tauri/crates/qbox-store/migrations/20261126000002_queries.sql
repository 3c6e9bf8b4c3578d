-- Named queries: each owns its SQL, its version history, its table selections and its run log.
-- Sources belong to the workspace: deleting a query never touches a source, and removing a
-- source leaves its selections in place, marked broken (source_id set to NULL).
CREATE TABLE queries (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    sql         TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX queries_by_update ON queries (updated_at DESC);

CREATE TABLE sql_versions (
    id          INTEGER PRIMARY KEY,
    query_id    INTEGER NOT NULL REFERENCES queries (id) ON DELETE CASCADE,
    sql         TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX sql_versions_by_query ON sql_versions (query_id, id DESC);

CREATE TABLE selections (
    id              INTEGER PRIMARY KEY,
    query_id        INTEGER NOT NULL REFERENCES queries (id) ON DELETE CASCADE,
    qualified_name  TEXT    NOT NULL,
    file_source_id  INTEGER REFERENCES file_sources (id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL,
    UNIQUE (query_id, qualified_name)
);

CREATE TABLE query_runs (
    id           INTEGER PRIMARY KEY,
    query_id     INTEGER NOT NULL REFERENCES queries (id) ON DELETE CASCADE,
    sql          TEXT    NOT NULL,
    started_at   TEXT    NOT NULL,
    duration_ms  REAL    NOT NULL,
    row_count    INTEGER,
    error        TEXT
);
CREATE INDEX query_runs_by_query ON query_runs (query_id, id DESC);
