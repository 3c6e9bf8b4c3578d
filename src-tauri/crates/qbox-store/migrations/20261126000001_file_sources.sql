-- Local files registered as DuckDB views. The view is re-created from this row at start-up.
CREATE TABLE file_sources (
    id          INTEGER PRIMARY KEY,
    view_name   TEXT    NOT NULL UNIQUE,
    path        TEXT    NOT NULL,
    format      TEXT    NOT NULL,
    is_folder   INTEGER NOT NULL DEFAULT 0 CHECK (is_folder IN (0, 1)),
    sheet       TEXT,
    created_at  TEXT    NOT NULL
);

-- Small app-wide values (first-run marker, the editor's draft).
CREATE TABLE app_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
