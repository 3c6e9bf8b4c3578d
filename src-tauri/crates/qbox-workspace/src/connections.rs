//! Connections to external sources (PostgreSQL databases, S3 buckets): the row in SQLite, the
//! secret in the keychain, the attachment in DuckDB, kept in step. Attaching happens in the
//! background at start-up, never blocking it; an edit re-attaches at once. Every status change
//! is announced as an event.

use std::sync::Arc;

use qbox_engine::ident::{is_reserved, sql_identifier};
use qbox_engine::{Column, Engine, FileFormat, PostgresConfig, S3Config, S3Listing};
use qbox_store::{ConnectionRow, SecretStore};

use crate::attachments::{AttachLocks, ConnectionStatus, Statuses};
use crate::events::{Events, WorkspaceEvent};
use crate::{blocking, Result, Workspace, WorkspaceError};

/// A connection's settings by kind; secrets are never part of them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ConnectionSettings {
    Postgres(PostgresConfig),
    S3(S3Config),
}

impl ConnectionSettings {
    fn kind(&self) -> &'static str {
        match self {
            Self::Postgres(_) => "postgres",
            Self::S3(_) => "s3",
        }
    }

    /// Where the stored secret is sent: a PostgreSQL server's host and port, an S3-compatible
    /// endpoint (AWS itself without one). A stored secret goes only where it was saved for.
    fn secret_destination(&self) -> String {
        match self {
            Self::Postgres(pg) => format!("{}:{}", pg.host.trim().to_lowercase(), pg.port),
            Self::S3(s3) => match s3.endpoint.as_deref().map(str::trim) {
                Some(endpoint) if !endpoint.is_empty() => endpoint.to_lowercase(),
                _ => "AWS S3".to_string(),
            },
        }
    }

    fn secret_name(&self) -> &'static str {
        match self {
            Self::Postgres(_) => "password",
            Self::S3(_) => "secret key",
        }
    }
}

/// Refuses to keep a stored secret for settings that would send it somewhere else than the
/// saved settings do (an edited host, port or endpoint): it must be typed again.
fn keep_only_where_saved(saved: &ConnectionSettings, now: &ConnectionSettings) -> Result<()> {
    let (from, to) = (saved.secret_destination(), now.secret_destination());
    if from == to {
        return Ok(());
    }
    Err(WorkspaceError::SecretForAnotherPlace {
        secret: now.secret_name(),
        saved_for: from,
        now: to,
    })
}

/// Attaches a connection of any kind with its secret (password or secret access key).
fn attach_engine(
    engine: &Engine,
    identifier: &str,
    settings: &ConnectionSettings,
    secret: Option<&str>,
) -> qbox_engine::Result<()> {
    match settings {
        ConnectionSettings::Postgres(pg) => {
            engine.sources().attach_postgres(identifier, pg, secret)
        }
        ConnectionSettings::S3(s3) => engine.sources().attach_s3(identifier, s3, secret),
    }
}

/// What the user typed in a password field: a new value, or blank to keep the stored one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretInput {
    Keep,
    Set(String),
    Clear,
}

/// A connection as the UI lists it: never with its secret, only whether one is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub id: i64,
    pub name: String,
    pub identifier: String,
    pub settings: ConnectionSettings,
    pub has_password: bool,
    pub status: ConnectionStatus,
}

/// Names a connection's attachment may not take besides the reserved ones.
const INTERNAL_NAMES: &[&str] = &["qbox_results", "qbox_results_memory"];

/// A new connection's keychain entry: random and under the workspace's own id, so that no
/// other connection, before a Clear all data or in another data folder, ever had that name.
pub(crate) fn new_secret_key(workspace_id: &str) -> String {
    format!(
        "workspace:{workspace_id}:connection:{}:password",
        uuid::Uuid::new_v4().simple()
    )
}

/// The name entries had before they were random, moved away from at the next open.
fn legacy_secret_key(id: i64) -> String {
    format!("connection:{id}:password")
}

/// The stored password of a connection, if it has one.
pub(crate) fn stored_secret(
    secrets: &dyn SecretStore,
    row: &ConnectionRow,
) -> Result<Option<String>> {
    if row.secret_key.is_empty() {
        return Ok(None);
    }
    Ok(secrets.get(&row.secret_key)?)
}

impl Workspace {
    pub async fn connections(&self) -> Result<Vec<Connection>> {
        let rows = self.store.connections().list().await?;
        rows.into_iter().map(|r| self.describe(r)).collect()
    }

    fn describe(&self, row: ConnectionRow) -> Result<Connection> {
        let settings = parse_settings(&row)?;
        let status = self
            .statuses
            .lock()
            .expect("statuses lock")
            .get(&row.id)
            .cloned()
            .unwrap_or(ConnectionStatus::Connecting);
        let has_password = stored_secret(self.secrets.as_ref(), &row)?.is_some();
        Ok(Connection {
            id: row.id,
            name: row.name,
            identifier: row.identifier,
            settings,
            has_password,
            status,
        })
    }

    /// The SQL identifier a new connection with this name would get, or why it cannot.
    pub async fn connection_identifier(&self, name: &str) -> Result<String> {
        let identifier = sql_identifier(name);
        if identifier.is_empty() {
            return Err(WorkspaceError::InvalidName(
                "the name needs at least one letter or digit to make its SQL name".into(),
            ));
        }
        if is_reserved(&identifier) || INTERNAL_NAMES.contains(&identifier.as_str()) {
            return Err(WorkspaceError::InvalidName(format!(
                "{identifier:?} is a reserved SQL name; choose another name"
            )));
        }
        let taken = self.store.connections().identifiers().await?;
        if taken.contains(&identifier) {
            return Err(WorkspaceError::InvalidName(format!(
                "another connection already has the SQL name {identifier:?}; choose another name"
            )));
        }
        // A schema or database the user made with SQL: a connection attached under its name
        // would shadow it, and deleting the connection would reach into it.
        let engine = self.engine.clone();
        let in_use = blocking(move || engine.names_in_use()).await??;
        if in_use.iter().any(|n| n.eq_ignore_ascii_case(&identifier)) {
            return Err(WorkspaceError::InvalidName(format!(
                "the local database already has a schema or database named {identifier:?}; choose another name"
            )));
        }
        Ok(identifier)
    }

    /// Saves a new connection, its password in the keychain, and attaches it.
    pub async fn create_connection(
        &self,
        name: &str,
        settings: ConnectionSettings,
        password: Option<String>,
    ) -> Result<Connection> {
        let name = clean_name(name)?;
        let identifier = self.connection_identifier(&name).await?;
        let json = serde_json::to_string(&settings)?;
        let key = new_secret_key(&self.workspace_id);
        let row = self
            .store
            .connections()
            .insert(&name, &identifier, settings.kind(), &json, &key)
            .await?;
        let stored = match password.filter(|p| !p.is_empty()) {
            Some(p) => self.secrets.set(&key, &p),
            // Nothing may be found under a new connection's name unless it was given now.
            None => self.secrets.delete(&key),
        };
        if let Err(e) = stored {
            // No half-made connection: without its password it could never attach.
            let _ = self.store.connections().delete(row.id).await;
            return Err(e.into());
        }
        self.attach(row.id).await;
        self.describe(self.store.connections().get(row.id).await?)
    }

    /// Changes name, settings and (unless kept) password; the SQL identifier stays, so saved
    /// queries keep working. Re-attaches at once.
    pub async fn update_connection(
        &self,
        id: i64,
        name: &str,
        settings: ConnectionSettings,
        password: SecretInput,
    ) -> Result<Connection> {
        let name = clean_name(name)?;
        if matches!(password, SecretInput::Keep) {
            let saved = self.store.connections().get(id).await?;
            if stored_secret(self.secrets.as_ref(), &saved)?.is_some() {
                keep_only_where_saved(&parse_settings(&saved)?, &settings)?;
            }
        }
        let json = serde_json::to_string(&settings)?;
        let row = self.store.connections().update(id, &name, &json).await?;
        let key = row.secret_key;
        let stored = match password {
            SecretInput::Keep => Ok(()),
            SecretInput::Set(p) => self.secrets.set(&key, &p),
            SecretInput::Clear => self.secrets.delete(&key),
        };
        stored?;
        self.attach(id).await;
        self.describe(self.store.connections().get(id).await?)
    }

    /// Detaches, forgets the password and deletes the row. Saved queries that use its tables
    /// keep them as selections, shown as broken.
    pub async fn delete_connection(&self, id: i64) -> Result<()> {
        let row = self.store.connections().get(id).await?;
        let settings = parse_settings(&row)?;
        let engine = self.engine.clone();
        let identifier = row.identifier.clone();
        blocking(move || match settings {
            ConnectionSettings::Postgres(_) => engine.sources().detach(&identifier),
            ConnectionSettings::S3(_) => engine.sources().detach_s3(&identifier, true),
        })
        .await??;
        if !row.secret_key.is_empty() {
            self.secrets.delete(&row.secret_key)?;
        }
        self.store.connections().delete(id).await?;
        self.statuses.lock().expect("statuses lock").remove(&id);
        self.attach_locks.lock().expect("attach locks").remove(&id);
        self.catalog_changed();
        Ok(())
    }

    /// Tries settings before they are saved. `existing` names a saved connection whose stored
    /// password is used when the field was left blank.
    pub async fn test_connection(
        &self,
        settings: ConnectionSettings,
        password: SecretInput,
        existing: Option<i64>,
    ) -> Result<()> {
        let password = match (password, existing) {
            (SecretInput::Set(p), _) => Some(p),
            (SecretInput::Keep, Some(id)) => {
                let row = self.store.connections().get(id).await?;
                let stored = stored_secret(self.secrets.as_ref(), &row)?;
                if stored.is_some() {
                    keep_only_where_saved(&parse_settings(&row)?, &settings)?;
                }
                stored
            }
            _ => None,
        };
        let engine = self.engine.clone();
        blocking(move || match &settings {
            ConnectionSettings::Postgres(pg) => {
                engine.sources().test_postgres(pg, password.as_deref())
            }
            ConnectionSettings::S3(s3) => engine.sources().test_s3(s3, password.as_deref()),
        })
        .await??;
        Ok(())
    }

    /// Attaches again every failed connection whose SQL name the script uses (`name.`), so a
    /// server that is back is reconnected by the next query that needs it.
    pub(crate) async fn reattach_named_in(&self, sql: &str) {
        let failed: Vec<i64> = self
            .statuses
            .lock()
            .expect("statuses lock")
            .iter()
            .filter(|(_, s)| matches!(s, ConnectionStatus::Failed { .. }))
            .map(|(id, _)| *id)
            .collect();
        if failed.is_empty() {
            return;
        }
        let lower = sql.to_lowercase();
        for id in failed {
            let Ok(row) = self.store.connections().get(id).await else {
                continue;
            };
            if lower.contains(&format!("{}.", row.identifier)) {
                self.attach(id).await;
            }
        }
    }

    /// Re-attaches every attached PostgreSQL connection; those whose server no longer answers
    /// stay detached with the reason. Returns (name, identifier, reason) of those.
    pub(crate) async fn detach_unreachable(&self) -> Vec<(String, String, String)> {
        let attached: Vec<i64> = self
            .statuses
            .lock()
            .expect("statuses lock")
            .iter()
            .filter(|(_, s)| **s == ConnectionStatus::Attached)
            .map(|(id, _)| *id)
            .collect();
        let mut lost = Vec::new();
        for id in attached {
            self.attach(id).await;
            let failed = match self.statuses.lock().expect("statuses lock").get(&id) {
                Some(ConnectionStatus::Failed { message, .. }) => Some(message.clone()),
                _ => None,
            };
            if let Some(why) = failed {
                if let Ok(row) = self.store.connections().get(id).await {
                    lost.push((row.name, row.identifier, why));
                }
            }
        }
        lost
    }

    /// Attaches one connection now and records how it went.
    pub(crate) async fn attach(&self, id: i64) {
        self.attacher().attach(id).await;
    }

    fn attacher(&self) -> Attacher {
        Attacher {
            engine: self.engine.clone(),
            store: self.store.clone(),
            secrets: self.secrets.clone(),
            statuses: self.statuses.clone(),
            locks: self.attach_locks.clone(),
            events: self.events.clone(),
            caches: self.caches.clone(),
        }
    }

    /// Gives connections saved before keychain entries had names of their own a random one,
    /// moving the password there.
    pub(crate) async fn name_legacy_secret_keys(&self) -> Result<()> {
        for row in self.store.connections().list().await? {
            if !row.secret_key.is_empty() {
                continue;
            }
            let key = new_secret_key(&self.workspace_id);
            let legacy = legacy_secret_key(row.id);
            if let Some(p) = self.secrets.get(&legacy)? {
                self.secrets.set(&key, &p)?;
            }
            self.store
                .connections()
                .set_secret_key(row.id, &key)
                .await?;
            self.secrets.delete(&legacy)?;
        }
        Ok(())
    }

    /// Attaches every saved connection in the background; the app does not wait for servers.
    pub(crate) async fn attach_all_in_background(&self) {
        let attacher = self.attacher();
        // The connections saved before start-up, listed now: one created while the pass runs
        // is attached by its own save (listing it later raced that save and reset its status).
        let Ok(rows) = self.store.connections().list().await else {
            return;
        };
        let handle = tokio::spawn(async move {
            for row in rows {
                // A connection saved, edited or used since start-up is already attached.
                let untouched = !attacher
                    .statuses
                    .lock()
                    .expect("statuses lock")
                    .contains_key(&row.id);
                if untouched {
                    attacher.attach(row.id).await;
                }
            }
        });
        *self.attaching.lock().await = Some(handle);
    }

    /// The schemas each PostgreSQL connection lists, by identifier (empty: all).
    pub(crate) async fn schema_lists(
        &self,
    ) -> Result<std::collections::HashMap<String, Vec<String>>> {
        let mut lists = std::collections::HashMap::new();
        for row in self.store.connections().list().await? {
            if let Ok(ConnectionSettings::Postgres(pg)) = parse_settings(&row) {
                lists.insert(row.identifier, pg.schemas);
            }
        }
        Ok(lists)
    }

    /// A page of an S3 connection's keys under `prefix` (folders, then objects), or with
    /// `search` every key below it that contains the text.
    pub async fn browse_s3(
        &self,
        id: i64,
        prefix: String,
        search: Option<String>,
        offset: usize,
        limit: usize,
    ) -> Result<S3Listing> {
        let config = self.s3_config(id).await?;
        let engine = self.engine.clone();
        Ok(blocking(move || {
            engine
                .sources()
                .list_s3(&config, &prefix, search.as_deref(), offset, limit)
        })
        .await??)
    }

    /// Adds S3 objects as views in the connection's schema: each key one view, or with `many`
    /// one view over every object of a prefix or glob. The format follows the extension (or
    /// `format` when given). Returns each view's SQL name (`identifier.view`) and columns.
    pub async fn add_s3_objects(
        &self,
        id: i64,
        keys: Vec<String>,
        many: bool,
        format: Option<FileFormat>,
    ) -> Result<Vec<(String, Vec<Column>)>> {
        let config = self.s3_config(id).await?;
        let identifier = self.store.connections().get(id).await?.identifier;
        let engine = self.engine.clone();
        let views = blocking(move || {
            keys.iter()
                .map(|key| {
                    let format = format
                        .or_else(|| FileFormat::from_file_name(key.trim_end_matches('/')))
                        .ok_or_else(|| {
                            qbox_engine::EngineError::invalid_input(format!(
                                "{key:?} has no data file extension (.csv, .tsv, .parquet, .json, .ndjson, optionally .gz): choose its format"
                            ))
                        })?;
                    let (view, columns) =
                        engine.sources().create_s3_view(&identifier, &config, key, format, many)?;
                    Ok((format!("{identifier}.{view}"), columns))
                })
                .collect::<qbox_engine::Result<Vec<_>>>()
        })
        .await??;
        self.catalog_changed();
        Ok(views)
    }

    async fn s3_config(&self, id: i64) -> Result<S3Config> {
        match parse_settings(&self.store.connections().get(id).await?)? {
            ConnectionSettings::S3(c) => Ok(c),
            _ => Err(WorkspaceError::InvalidName(
                "this connection is not an S3 bucket".into(),
            )),
        }
    }

    /// Waits for the start-up attachments (for tests and the CLI; the app never waits).
    pub async fn connections_settled(&self) {
        let handle = self.attaching.lock().await.take();
        if let Some(h) = handle {
            let _ = h.await;
        }
    }
}

/// What attaching needs, owned, so that it can run in a background task.
struct Attacher {
    engine: Arc<Engine>,
    store: qbox_store::Store,
    secrets: Arc<dyn SecretStore>,
    statuses: Statuses,
    locks: AttachLocks,
    events: Events,
    caches: crate::CatalogCaches,
}

impl Attacher {
    /// Attaches one connection now (after any attachment of it under way), records how it
    /// went and announces it.
    async fn attach(&self, id: i64) {
        let lock = self
            .locks
            .lock()
            .expect("attach locks")
            .entry(id)
            .or_default()
            .clone();
        let _one_at_a_time = lock.lock().await;
        self.set_status(id, ConnectionStatus::Connecting);
        let outcome = async {
            let row = self.store.connections().get(id).await?;
            let settings = parse_settings(&row)?;
            let password = stored_secret(self.secrets.as_ref(), &row)?;
            let engine = self.engine.clone();
            let identifier = row.identifier.clone();
            blocking(move || attach_engine(&engine, &identifier, &settings, password.as_deref()))
                .await??;
            Ok::<_, WorkspaceError>(())
        }
        .await;
        let status = match outcome {
            Ok(()) => ConnectionStatus::Attached,
            Err(e) => {
                tracing::warn!(connection = id, "attach failed: {e}");
                ConnectionStatus::failed(&e)
            }
        };
        self.set_status(id, status);
        // Attached or not, what the connection's name reaches has changed.
        self.caches.invalidate();
        self.events.emit(WorkspaceEvent::CatalogChanged);
    }

    fn set_status(&self, id: i64, status: ConnectionStatus) {
        self.statuses
            .lock()
            .expect("statuses lock")
            .insert(id, status.clone());
        self.events
            .emit(WorkspaceEvent::ConnectionStatusChanged { id, status });
    }
}

fn parse_settings(row: &ConnectionRow) -> Result<ConnectionSettings> {
    serde_json::from_str(&row.settings).map_err(|source| WorkspaceError::UnreadableSettings {
        connection: row.name.clone(),
        source,
    })
}

fn clean_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(WorkspaceError::InvalidName(
            "a connection needs a name".into(),
        ));
    }
    Ok(name.to_string())
}
