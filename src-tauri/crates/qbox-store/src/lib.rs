//! QBox's SQLite store: the workspace's durable state (registered sources, app state),
//! with migrations applied on open. No Tauri here.

mod app_state;
mod chats;
mod connections;
mod error;
mod file_sources;
mod queries;
mod secrets;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use app_state::AppState;
pub use chats::{ChatMessage, Chats, NewChatMessage};
pub use connections::{ConnectionRow, Connections};
pub use error::{Result, StoreError};
pub use file_sources::{FileSource, FileSources, NewFileSource};
pub use queries::{
    NewRun, Queries, Query, QueryRun, Selection, SqlVersion, DEFAULT_HISTORY_SIZE, MAX_RUNS,
};
pub use secrets::{KeychainSecrets, MemorySecrets, SecretBackend, SecretError, SecretStore};

/// Row counts of the store's main tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub queries: u64,
    pub versions: u64,
    pub runs: u64,
    pub file_sources: u64,
    pub connections: u64,
}

/// The store: one SQLite file in WAL mode with foreign keys on.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    /// SQL versions kept per query (a setting).
    history_size: std::sync::Arc<std::sync::atomic::AtomicU32>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(StoreError::from)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self {
            pool,
            history_size: std::sync::Arc::new(DEFAULT_HISTORY_SIZE.into()),
        })
    }

    /// How many SQL versions each query keeps from its next save on (at least one).
    pub fn set_history_size(&self, size: u32) {
        self.history_size
            .store(size.max(1), std::sync::atomic::Ordering::Relaxed);
    }

    pub fn file_sources(&self) -> FileSources<'_> {
        FileSources::new(&self.pool)
    }

    pub fn queries(&self) -> Queries<'_> {
        Queries::new(
            &self.pool,
            self.history_size.load(std::sync::atomic::Ordering::Relaxed),
        )
    }

    pub fn chats(&self) -> Chats<'_> {
        Chats::new(&self.pool)
    }

    pub fn connections(&self) -> Connections<'_> {
        Connections::new(&self.pool)
    }

    pub fn app_state(&self) -> AppState<'_> {
        AppState::new(&self.pool)
    }

    /// How many of each thing the store holds (for Clear all data's confirmation).
    pub async fn counts(&self) -> Result<Counts> {
        let c = sqlx::query!(
            "SELECT (SELECT count(*) FROM queries) AS \"queries!: i64\", \
             (SELECT count(*) FROM sql_versions) AS \"versions!: i64\", \
             (SELECT count(*) FROM query_runs) AS \"runs!: i64\", \
             (SELECT count(*) FROM file_sources) AS \"file_sources!: i64\", \
             (SELECT count(*) FROM connections) AS \"connections!: i64\""
        )
        .fetch_one(&self.pool)
        .await?;
        let (queries, versions, runs, file_sources, connections) =
            (c.queries, c.versions, c.runs, c.file_sources, c.connections);
        Ok(Counts {
            queries: queries as u64,
            versions: versions as u64,
            runs: runs as u64,
            file_sources: file_sources as u64,
            connections: connections as u64,
        })
    }

    /// Runs a statement as it is; for tests that need to break the database on purpose.
    #[doc(hidden)]
    pub async fn execute_raw_for_tests(&self, sql: &str) -> Result<()> {
        sqlx::raw_sql(sql).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Current time as a UTC RFC 3339 string, the one timestamp format of the store.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
