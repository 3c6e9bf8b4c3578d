//! What can go wrong with a command, each kind mapped to its exit code in `exit.rs`.

use qbox_workspace::WorkspaceError;

#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    #[error("there is no saved query named {0:?} (`qbox queries` lists them)")]
    NoSuchQuery(String),
    #[error("there is no table or view named {0:?} (`qbox tables` lists them)")]
    NoSuchTable(String),
    #[error("{0:?} names more than one table: {1}; give more of its name")]
    AmbiguousTable(String, String),
    #[error("{0}")]
    Workspace(#[from] WorkspaceError),
    #[error("stopped (Ctrl+C)")]
    Interrupted,
    /// DuckDB failed part way through the rows (the rows before it were not written out).
    #[error("DuckDB failed part way: {0}")]
    FailedPartWay(String),
    /// The rows or lines could not be written out (standard output closed, a full disk).
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}
