//! How far a run is: which statement of the script, and what DuckDB's own progress counter
//! (`duckdb_query_progress`) says of it. The counter is itself read on demand, so the caller
//! asks as often as it shows it; nothing is computed while nobody looks.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::duck::capi::RawConnection;

/// A running script's progress.
#[derive(Debug, Clone, PartialEq)]
pub struct RunProgress {
    /// 1-based statement running now, of `statements`.
    pub statement: usize,
    pub statements: usize,
    /// The running statement's share done, 0..=1, when DuckDB can tell.
    pub fraction: Option<f64>,
    /// Rows DuckDB has worked through in the running statement, and how many it expects.
    pub rows_processed: u64,
    pub total_rows: u64,
}

/// What a run shares with whoever asks how far it is.
pub(crate) struct RunWatch {
    conn: Arc<RawConnection>,
    statement: AtomicUsize,
    statements: usize,
}

impl RunWatch {
    pub(crate) fn new(conn: Arc<RawConnection>, statements: usize) -> Self {
        Self {
            conn,
            statement: AtomicUsize::new(1),
            statements,
        }
    }

    /// The run moved on to statement `index` (0-based).
    pub(crate) fn at(&self, index: usize) {
        self.statement.store(index + 1, Ordering::Relaxed);
    }

    pub(crate) fn read(&self) -> RunProgress {
        let p = self.conn.progress_counts();
        RunProgress {
            statement: self.statement.load(Ordering::Relaxed),
            statements: self.statements,
            fraction: p.fraction,
            rows_processed: p.rows_processed,
            total_rows: p.total_rows,
        }
    }
}
