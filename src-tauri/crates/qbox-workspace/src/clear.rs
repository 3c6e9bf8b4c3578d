//! Clear all data: everything QBox keeps goes (queries with their versions and run logs, file
//! registrations, connections and their keychain entries, the assistant's key and chats, S3 views, the DuckDB file, settings,
//! logs); the user's own files stay where they are, unread and untouched.
//!
//! The secrets go at once. The files go the next time the workspace opens, before anything in
//! the data folder is open (the app restarts for it): deleting files that DuckDB and SQLite hold
//! open would leave either in an undefined state.

use std::path::{Path, PathBuf};

use crate::{Result, Workspace, WorkspaceError};

/// Left in the data folder by [`Workspace::clear_all_data`]; its presence asks for the clearing.
const CLEAR_MARKER: &str = ".clear-all-data";

/// The entries of a data folder that are QBox's own. A data folder may be one the user chose
/// (`QBOX_HOME`) with their files beside QBox's, so nothing else in it is ever deleted.
/// `qbox.lock` stays: the process that clears the folder holds it.
const OWN_ENTRIES: &[&str] = &[
    "qbox.sqlite",
    "qbox.sqlite-wal",
    "qbox.sqlite-shm",
    "qbox.duckdb",
    "qbox.duckdb.wal",
    "extensions",
    "scratch",
    "tmp",
    "duckdb-secrets",
    "logs",
    "demo",
    CLEAR_MARKER,
];

/// What Clear all data removes, counted, for the confirmation to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSummary {
    pub queries: u64,
    pub versions: u64,
    pub runs: u64,
    pub sources: u64,
    pub connections: u64,
    pub data_dir: PathBuf,
}

impl Workspace {
    pub async fn data_summary(&self) -> Result<DataSummary> {
        let counts = self.store.counts().await?;
        Ok(DataSummary {
            queries: counts.queries,
            versions: counts.versions,
            runs: counts.runs,
            sources: counts.file_sources,
            connections: counts.connections,
            data_dir: self.engine.data_dir().to_path_buf(),
        })
    }

    /// Deletes every connection's keychain entry and the assistant's key now and marks the data folder to be emptied
    /// the next time it opens ([`finish_pending_clear`]); the caller then restarts the app.
    pub async fn clear_all_data(&self) -> Result<()> {
        for row in self.store.connections().list().await? {
            if !row.secret_key.is_empty() {
                self.secrets.delete(&row.secret_key)?;
            }
        }
        self.set_ai_key(crate::SecretInput::Clear, "")?;
        let marker = self.engine.data_dir().join(CLEAR_MARKER);
        std::fs::write(&marker, b"").map_err(|source| WorkspaceError::Io {
            what: "cannot write",
            path: marker.clone(),
            source,
        })?;
        tracing::info!("all data is cleared at the next start");
        Ok(())
    }
}

/// Empties a data folder that [`Workspace::clear_all_data`] marked, deleting QBox's own entries
/// only; returns whether it did. Call it before anything opens a file in the folder (the log
/// included), as [`crate::WorkspaceConfig::discover`]'s callers do.
pub fn finish_pending_clear(data_dir: &Path) -> std::io::Result<bool> {
    if !data_dir.join(CLEAR_MARKER).exists() {
        return Ok(false);
    }
    // The marker goes last, so a clearing cut short is finished at the next start.
    for name in OWN_ENTRIES.iter().filter(|n| **n != CLEAR_MARKER) {
        let path = data_dir.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&path)?,
            Ok(_) => std::fs::remove_file(&path)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    std::fs::remove_file(data_dir.join(CLEAR_MARKER))?;
    Ok(true)
}
