//! One process at a time has a workspace open: the app, or a `qbox` command. Opening a
//! workspace deletes the last session's results and finishes a pending Clear all data, and
//! DuckDB's own file lock does not keep a second database instance in the same process off its
//! file, so a second opener must be turned away before it touches anything in the folder.
//!
//! The lock is the OS's advisory lock on `qbox.lock` in the data folder (`flock` on Unix,
//! `LockFileEx` on Windows). The OS lets it go when the process ends, however it ends, so a
//! crash never leaves the workspace locked. The file stays; its holder writes in it who it is
//! (`app 1234`, `command 5678`), so that a second opener can say who has the workspace, and
//! wait for a command, which ends by itself, rather than for the app, which does not.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::holder::{HeldBy, Holder};
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
    /// Takes the workspace in `data_dir` (made when missing) for this process, a `holder`, or
    /// says who has it.
    pub fn acquire(data_dir: &Path, holder: Holder) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| WorkspaceError::Io {
            what: "cannot create the data folder",
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(LOCK_FILE);
        let io = |what: &'static str| {
            let path = path.clone();
            move |source| WorkspaceError::Io { what, path, source }
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io("cannot open"))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(WorkspaceError::InUse {
                    data_dir: data_dir.to_path_buf(),
                    by: held_by(data_dir),
                })
            }
            Err(TryLockError::Error(source)) => return Err(io("cannot lock")(source)),
        }
        let kind = match holder {
            Holder::App => "app",
            Holder::Command => "command",
        };
        file.set_len(0).map_err(io("cannot write"))?;
        writeln!(file, "{kind} {}", std::process::id()).map_err(io("cannot write"))?;
        Ok(Self {
            _file: file,
            data_dir: data_dir.to_path_buf(),
        })
    }

    /// [`Self::acquire`], waiting up to `patience` while a command has the workspace (it
    /// ends by itself); refused at once when the app has it. `waiting` hears who is waited for,
    /// once.
    pub fn wait(
        data_dir: &Path,
        holder: Holder,
        patience: Duration,
        mut waiting: impl FnMut(&HeldBy),
    ) -> Result<Self> {
        let deadline = Instant::now() + patience;
        let mut told = false;
        loop {
            match Self::acquire(data_dir, holder) {
                Err(WorkspaceError::InUse {
                    by:
                        Some(
                            by @ HeldBy {
                                holder: Holder::Command,
                                ..
                            },
                        ),
                    ..
                }) if Instant::now() < deadline => {
                    if !told {
                        waiting(&by);
                        told = true;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    /// The data folder this lock holds.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}

/// Who has the workspace in `data_dir`, as its lock file says.
fn held_by(data_dir: &Path) -> Option<HeldBy> {
    HeldBy::parse(&std::fs::read_to_string(data_dir.join(LOCK_FILE)).ok()?)
}
