//! The engine's error type. Messages are written for the person who ran the query.

use std::path::PathBuf;

pub type Result<T, E = EngineError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// DuckDB rejected the user's SQL; the position points into the text the user ran.
    #[error("{0}")]
    Sql(SqlError),
    /// A PostgreSQL server that an attached database reads from stopped answering.
    #[error("{0}")]
    ServerLost(SqlError),
    #[error("the query was cancelled")]
    Cancelled,
    #[error("{message}")]
    File { path: PathBuf, message: String },
    #[error("{0}")]
    InvalidInput(String),
    /// A connection to an external source failed; the message never holds a secret.
    #[error("{message}")]
    Connection {
        reason: ConnectionFailure,
        message: String,
    },
    #[error("no result with id {0} (it was closed or replaced)")]
    UnknownResult(u64),
    /// DuckDB failed on SQL that QBox wrote (not the user's; that is [`EngineError::Sql`]).
    #[error("DuckDB: {0}")]
    DuckDb(#[from] duckdb::Error),
    /// DuckDB refused SQL that QBox wrote and sent through the C API.
    #[error("{what}: {source}")]
    CApi {
        what: &'static str,
        #[source]
        source: DuckDbMessage,
    },
    /// The database file could not be opened (locked by another program, damaged, no space).
    #[error("could not open the DuckDB database {}: {source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: DuckDbMessage,
    },
    /// A DuckDB extension shipped with the app could not be installed from its repository.
    #[error("cannot install the bundled {name} extension: {source}")]
    Extension {
        name: String,
        #[source]
        source: duckdb::Error,
    },
    /// A file or folder QBox keeps (not the user's: that is [`EngineError::File`]).
    #[error("{what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("arrow: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
    /// A broken invariant of QBox's own (DuckDB refused a connection or a configuration).
    #[error("internal error: {0}")]
    Internal(String),
}

/// Why a connection could not be made, for messages that say what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionFailure {
    HostUnreachable,
    AuthFailed,
    DatabaseMissing,
    TlsRequired,
    Other,
}

impl EngineError {
    pub(crate) fn io(what: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            what,
            path: path.into(),
            source,
        }
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::InvalidInput(message.into())
    }

    /// DuckDB's error for the user's SQL (starting at byte `offset` of `script`), typed
    /// [`EngineError::ServerLost`] when what failed was a server going away.
    pub(crate) fn from_user_sql(message: &str, script: &str, offset: usize) -> Self {
        let error = SqlError::from_duckdb(message, script, offset);
        if crate::base::messages::is_lost_server(message) {
            Self::ServerLost(error)
        } else {
            Self::Sql(error)
        }
    }

    /// The same typing for an error of SQL QBox wrote (a catalog read, say).
    pub(crate) fn or_server_lost(self) -> Self {
        match self {
            Self::DuckDb(e) if crate::base::messages::is_lost_server(&e.to_string()) => {
                Self::ServerLost(SqlError::from_duckdb(&e.to_string(), "", 0))
            }
            other => other,
        }
    }

    pub(crate) fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::File {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// DuckDB's message for a statement it refused or that failed while running (the C API gives
/// no more than the text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DuckDbMessage {
    pub message: String,
}

impl DuckDbMessage {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// A DuckDB error in user SQL, with where it happened when DuckDB says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlError {
    pub message: String,
    /// 1-based line in the script the user ran.
    pub line: Option<u32>,
    /// 1-based column on that line, when DuckDB's caret can be placed exactly.
    pub column: Option<u32>,
}

impl std::fmt::Display for SqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl SqlError {
    /// Builds the error from DuckDB's message for a statement that starts at byte `offset` of
    /// `script`. DuckDB appends `LINE n: <snippet>` and a caret line; lines are relative to the
    /// statement it was given.
    pub fn from_duckdb(message: &str, script: &str, offset: usize) -> Self {
        let base_line = script[..offset.min(script.len())].matches('\n').count() as u32;
        let first_col = script[..offset.min(script.len())]
            .rsplit('\n')
            .next()
            .map(|s| s.chars().count() as u32)
            .unwrap_or(0);
        let mut line = None;
        let mut column = None;
        let lines: Vec<&str> = message.lines().collect();
        if let Some(i) = lines.iter().position(|l| l.starts_with("LINE ")) {
            let rest = &lines[i]["LINE ".len()..];
            if let Some((num, snippet)) = rest.split_once(": ") {
                if let Ok(n) = num.trim().parse::<u32>() {
                    line = Some(base_line + n);
                    let prefix = lines[i].len() - snippet.len();
                    if let Some(caret_line) = lines.get(i + 1) {
                        if let Some(caret) = caret_line.find('^') {
                            // A snippet that starts with "..." was cut; its columns are unknown.
                            if caret >= prefix && !snippet.starts_with("...") {
                                let col = snippet[..(caret - prefix).min(snippet.len())]
                                    .chars()
                                    .count() as u32
                                    + 1;
                                column = Some(if n == 1 { col + first_col } else { col });
                            }
                        }
                    }
                }
            }
        }
        let headline = message
            .split("\n\nLINE ")
            .next()
            .unwrap_or(message)
            .trim_end()
            .to_string();
        Self {
            message: headline,
            line,
            column,
        }
    }
}
