use std::path::PathBuf;
use std::sync::Arc;

use qbox_engine::EngineError;
use qbox_store::{SecretError, StoreError};

use crate::holder::{HeldBy, Holder};

pub type Result<T, E = WorkspaceError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("{0}")]
    InvalidName(String),
    #[error("the name {0:?} is already taken")]
    NameTaken(String),
    /// A setting out of its range; the message names it and the range.
    #[error("{0}")]
    InvalidSetting(String),
    #[error("{0} not found")]
    NotFound(String),
    /// SQLite failed (the error keeps sqlx's).
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// The assistant's provider failed or its settings cannot make a request.
    #[error(transparent)]
    Ai(#[from] qbox_ai::AiError),
    /// A stored secret would go somewhere other than where it was saved for (another host,
    /// port, endpoint or provider): it must be typed again.
    #[error("the {secret} was saved for {saved_for}; type it again to send it to {now}")]
    SecretForAnotherPlace {
        secret: &'static str,
        saved_for: String,
        now: String,
    },
    /// The same failure, for everyone who waited on one cached read.
    #[error(transparent)]
    Shared(Arc<WorkspaceError>),
    /// A file QBox keeps (the data folder, a marker) could not be made or written.
    #[error("{what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A connection's stored settings are not what this version of QBox writes.
    #[error("the settings of connection {connection:?} cannot be read: {source}")]
    UnreadableSettings {
        connection: String,
        #[source]
        source: serde_json::Error,
    },
    /// What QBox stores as JSON (settings, suggestions, a key's binding) could not be written.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Another process (QBox, or a `qbox` command) has this workspace open; `by` says which
    /// when its lock file does.
    #[error("{} has the workspace in {} open; {}", by.map_or("another QBox or qbox command".to_string(), |b| b.to_string()), data_dir.display(), match by.map(|b| b.holder) { Some(Holder::Command) => "try again when it ends", _ => "close it and try again" })]
    InUse {
        data_dir: PathBuf,
        by: Option<HeldBy>,
    },
    /// A blocking task of the workspace panicked or was cancelled.
    #[error("a worker failed: {0}")]
    Worker(#[from] tokio::task::JoinError),
}

impl WorkspaceError {
    /// A failure from a cache that may be shared: the error itself when this was its only
    /// waiter.
    pub(crate) fn unshared(e: Arc<WorkspaceError>) -> Self {
        Arc::try_unwrap(e).unwrap_or_else(Self::Shared)
    }

    /// A PostgreSQL server went away (the engine says so in its type, not in words).
    pub fn is_server_lost(&self) -> bool {
        match self {
            Self::Engine(EngineError::ServerLost(_)) => true,
            Self::Shared(e) => e.is_server_lost(),
            _ => false,
        }
    }
}

impl From<StoreError> for WorkspaceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NameTaken(n) => WorkspaceError::NameTaken(n),
            StoreError::NotFound(what) => WorkspaceError::NotFound(what),
            StoreError::Invalid(why) => WorkspaceError::InvalidName(why),
            other => WorkspaceError::Store(other),
        }
    }
}
