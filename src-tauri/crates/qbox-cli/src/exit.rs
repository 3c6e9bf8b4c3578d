//! Exit codes scripts can rely on, each for one kind of failure.

use std::process::ExitCode;

use qbox_engine::EngineError;
use qbox_workspace::WorkspaceError;

use crate::error::CliError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Done = 0,
    /// DuckDB refused the SQL (its message is on standard error).
    Sql = 1,
    /// The arguments ask for something that cannot be (a query that does not exist included).
    Usage = 2,
    /// A source (a PostgreSQL server, an S3 bucket) could not be reached or refused the login.
    Unreachable = 3,
    /// QBox (the app, or another command) has the workspace open.
    WorkspaceInUse = 4,
    Failed = 5,
    /// Stopped by Ctrl+C (128 + SIGINT, as shells report it).
    Interrupted = 130,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

impl Exit {
    pub(crate) fn of(e: &CliError) -> Self {
        match e {
            CliError::NoSuchQuery(_) | CliError::NoSuchTable(_) | CliError::AmbiguousTable(..) => {
                Exit::Usage
            }
            CliError::FailedPartWay(_) => Exit::Sql,
            CliError::Interrupted => Exit::Interrupted,
            CliError::Output(_) => Exit::Failed,
            CliError::Workspace(w) => Self::of_workspace(w),
        }
    }

    fn of_workspace(e: &WorkspaceError) -> Self {
        match e {
            WorkspaceError::InUse { .. } => Exit::WorkspaceInUse,
            WorkspaceError::Shared(shared) => Self::of_workspace(shared),
            WorkspaceError::Engine(engine) => match engine {
                EngineError::Sql(_) => Exit::Sql,
                EngineError::Cancelled => Exit::Interrupted,
                EngineError::ServerLost(_) | EngineError::Connection { .. } => Exit::Unreachable,
                _ => Exit::Failed,
            },
            _ => Exit::Failed,
        }
    }
}
