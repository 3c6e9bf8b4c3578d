//! The one error type that crosses IPC. The UI branches on `kind`.

use std::sync::Arc;

use qbox_ai::AiError;
use qbox_engine::{ConnectionFailure, EngineError};
use qbox_workspace::WorkspaceError;
use serde::Serialize;

#[derive(Debug, Clone, thiserror::Error, Serialize, specta::Type)]
#[serde(tag = "kind", content = "data")]
pub enum AppError {
    /// DuckDB rejected the SQL; `line`/`column` (1-based) point into the text that ran.
    #[error("{message}")]
    Sql {
        message: String,
        line: Option<u32>,
        column: Option<u32>,
    },
    /// The user cancelled the run.
    #[error("the query was cancelled")]
    Cancelled,
    /// A file or folder could not be used; `path` is the one the user gave.
    #[error("{message}")]
    File { path: String, message: String },
    /// The request cannot be done as asked (a name empty, reserved or taken, something gone, a
    /// value out of range); the message says why and what to change.
    #[error("{0}")]
    Refused(String),
    /// An external source could not be reached or refused the login; never holds a secret.
    #[error("{message}")]
    Connection {
        reason: ConnectionFailureDto,
        message: String,
    },
    /// The assistant's provider failed or is not set up; never holds the API key.
    #[error("{message}")]
    Assistant {
        problem: AiProblemDto,
        message: String,
    },
    #[error("{0}")]
    Internal(String),
}

/// What is wrong with the assistant's provider, so the UI can point at the setting to change.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum AiProblemDto {
    Settings,
    Unreachable,
    Unauthorized,
    UnknownModel,
    Provider,
    BadReply,
}

impl From<AiError> for AppError {
    fn from(e: AiError) -> Self {
        let problem = match &e {
            AiError::InvalidSettings(_) => AiProblemDto::Settings,
            AiError::Unreachable { .. } => AiProblemDto::Unreachable,
            AiError::Unauthorized { .. } => AiProblemDto::Unauthorized,
            AiError::UnknownModel { .. } => AiProblemDto::UnknownModel,
            AiError::Provider { .. } => AiProblemDto::Provider,
            AiError::BadReply(_) => AiProblemDto::BadReply,
        };
        AppError::Assistant {
            problem,
            message: e.to_string(),
        }
    }
}

/// Why a connection failed, so the form can point at the field to fix.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ConnectionFailureDto {
    HostUnreachable,
    AuthFailed,
    DatabaseMissing,
    TlsRequired,
    Other,
}

impl From<ConnectionFailure> for ConnectionFailureDto {
    fn from(f: ConnectionFailure) -> Self {
        match f {
            ConnectionFailure::HostUnreachable => Self::HostUnreachable,
            ConnectionFailure::AuthFailed => Self::AuthFailed,
            ConnectionFailure::DatabaseMissing => Self::DatabaseMissing,
            ConnectionFailure::TlsRequired => Self::TlsRequired,
            ConnectionFailure::Other => Self::Other,
        }
    }
}

impl From<WorkspaceError> for AppError {
    fn from(e: WorkspaceError) -> Self {
        match e {
            WorkspaceError::Engine(e) => e.into(),
            e @ (WorkspaceError::InvalidName(_)
            | WorkspaceError::NameTaken(_)
            | WorkspaceError::NotFound(_)
            | WorkspaceError::InvalidSetting(_)
            | WorkspaceError::SecretForAnotherPlace { .. }
            | WorkspaceError::InUse { .. }) => AppError::Refused(e.to_string()),
            WorkspaceError::Ai(e) => e.into(),
            WorkspaceError::Shared(shared) => match Arc::try_unwrap(shared) {
                Ok(e) => e.into(),
                Err(shared) => internal(shared.to_string()),
            },
            e @ (WorkspaceError::Store(_)
            | WorkspaceError::Secret(_)
            | WorkspaceError::Io { .. }
            | WorkspaceError::Json(_)
            | WorkspaceError::Worker(_)
            | WorkspaceError::UnreadableSettings { .. }) => internal(e.to_string()),
        }
    }
}

impl From<EngineError> for AppError {
    fn from(e: EngineError) -> Self {
        match e {
            // A lost server reads as the query's error; the workspace has already tried again.
            EngineError::Sql(s) | EngineError::ServerLost(s) => AppError::Sql {
                message: s.message,
                line: s.line,
                column: s.column,
            },
            EngineError::Cancelled => AppError::Cancelled,
            EngineError::File { path, message } => AppError::File {
                path: path.to_string_lossy().into_owned(),
                message,
            },
            EngineError::InvalidInput(m) => AppError::Refused(m),
            EngineError::Connection { reason, message } => AppError::Connection {
                reason: reason.into(),
                message,
            },
            e @ EngineError::UnknownResult(_) => AppError::Refused(e.to_string()),
            e @ (EngineError::DuckDb(_)
            | EngineError::Arrow(_)
            | EngineError::CApi { .. }
            | EngineError::Open { .. }
            | EngineError::Extension { .. }
            | EngineError::Io { .. }
            | EngineError::Json(_)) => internal(e.to_string()),
            EngineError::Internal(m) => internal(m),
        }
    }
}

fn internal(message: String) -> AppError {
    tracing::error!("internal error: {message}");
    AppError::Internal(message)
}

pub type AppResult<T> = Result<T, AppError>;
