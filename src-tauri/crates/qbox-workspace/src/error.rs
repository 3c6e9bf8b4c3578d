use qbox_engine::EngineError;
use qbox_store::{SecretError, StoreError};

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
    #[error("{0}")]
    Internal(String),
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
