-- Each connection's keychain entry has a name of its own: a random key scoped to the workspace,
-- never the row id (ids restart at 1 after Clear all data or in another data folder, and a new
-- connection would have found an old one's password). Rows made before have '' until the
-- workspace moves their entry at the next open.
ALTER TABLE connections ADD COLUMN secret_key TEXT NOT NULL DEFAULT '';
