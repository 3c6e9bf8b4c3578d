//! One process at a time has a workspace open: the app, or (later) a `qbox` command. Opening
//! a workspace deletes the last session's results and finishes a pending Clear all data, and
//! DuckDB's own file lock does not keep a second database instance in the same process off its
//! file, so a second opener must be turned away before it touches anything in the folder.
//!
//! The lock is the OS's advisory lock on `qbox.lock` in the data folder (`flock` on Unix,
//! `LockFileEx` on Windows). The OS lets it go when the process ends, however it ends, so a
//! crash never leaves the workspace locked. The file itself stays (it is empty).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::{Result, WorkspaceError};

/// The lock file's name in the data folder.
pub const LOCK_FILE: &str = "qbox.lock";

/// The workspace in a data folder, held by this process until dropped.
#[derive(Debug)]
pub struct WorkspaceLock {
    _file: File,
    data_dir: PathBuf,
}

impl WorkspaceLock {
    /// Takes the workspace in `data_dir` (made when missing), or says who may have it.
    pub fn acquire(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| WorkspaceError::Io {
            what: "cannot create the data folder",
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|source| WorkspaceError::Io {
                what: "cannot open",
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Self {
                _file: file,
                data_dir: data_dir.to_path_buf(),
            }),
            Err(TryLockError::WouldBlock) => Err(WorkspaceError::InUse {
                data_dir: data_dir.to_path_buf(),
            }),
            Err(TryLockError::Error(source)) => Err(WorkspaceError::Io {
                what: "cannot lock",
                path,
                source,
            }),
        }
    }

    /// The data folder this lock holds.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}
