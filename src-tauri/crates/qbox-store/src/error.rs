pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the name {0:?} is already taken")]
    NameTaken(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Maps a UNIQUE violation to `NameTaken(name)`.
    pub(crate) fn unique_or(e: sqlx::Error, name: &str) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::NameTaken(name.to_string())
            }
            _ => StoreError::Database(e),
        }
    }
}
