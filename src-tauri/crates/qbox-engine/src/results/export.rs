//! Export of a whole result (not the visible window) to a file through DuckDB's `COPY ... TO`.
//! The file is written under a hidden temporary name beside the target and renamed into place
//! only when complete, so a cancelled or failed export never leaves a partial file that looks
//! finished.

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use crate::base::error::DuckDbMessage;
use crate::base::error::{EngineError, Result};
use crate::base::ident::{quote_ident, quote_literal};
use crate::base::messages::is_disk_full;
use crate::results::view::ResultView;
use crate::results::Results;

/// The file formats a result can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Tsv,
    Parquet,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line.
    Ndjson,
    Xlsx,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Parquet => "parquet",
            Self::Json => "json",
            Self::Ndjson => "ndjson",
            Self::Xlsx => "xlsx",
        }
    }

    fn copy_options(self) -> &'static str {
        match self {
            Self::Csv => "FORMAT csv, HEADER true",
            Self::Tsv => "FORMAT csv, HEADER true, DELIMITER '\t'",
            Self::Parquet => "FORMAT parquet",
            Self::Json => "FORMAT json, ARRAY true",
            Self::Ndjson => "FORMAT json",
            Self::Xlsx => "FORMAT xlsx, HEADER true",
        }
    }
}

/// An Excel sheet holds 1,048,576 rows, one of them the header.
pub const XLSX_MAX_ROWS: u64 = 1_048_575;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSummary {
    pub path: PathBuf,
    pub rows: u64,
    pub bytes: u64,
    pub elapsed_ms: f64,
}

/// Types the Excel writer stores as themselves; anything else goes as DuckDB's text for it.
const XLSX_NATIVE: &[&str] = &[
    "BOOLEAN",
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "FLOAT",
    "DOUBLE",
    "VARCHAR",
    "DATE",
    "TIMESTAMP",
];

const PROGRESS_EVERY: Duration = Duration::from_millis(100);

impl Results<'_> {
    /// Writes result `result_id` as `view` shows it (the grid's order and filters) to `target`.
    /// `export_id` names the job for [`Engine::cancel`]. `progress` is called with a fraction in
    /// 0..=1 while DuckDB works. Blocking: call it from a worker thread.
    pub fn export(
        &self,
        export_id: &str,
        result_id: u64,
        view: &ResultView,
        target: &Path,
        format: ExportFormat,
        mut progress: impl FnMut(f64),
    ) -> Result<ExportSummary> {
        let started = Instant::now();
        let source = self.result_table(result_id, view)?;
        if format == ExportFormat::Xlsx && source.info.row_count > XLSX_MAX_ROWS {
            return Err(EngineError::invalid_input(format!(
                "an Excel sheet holds at most {XLSX_MAX_ROWS} rows and this result has {}; export it as CSV or Parquet instead",
                source.info.row_count
            )));
        }
        let partial = PartialFile::create(target)?;

        let names = source.output_names();
        let projection = source
            .stored_names
            .iter()
            .zip(&source.info.columns)
            .zip(&names)
            .map(|((stored, column), name)| {
                let name = quote_ident(name);
                let value = quote_ident(stored);
                if format == ExportFormat::Xlsx && !XLSX_NATIVE.contains(&column.data_type.as_str())
                {
                    format!("CAST({value} AS VARCHAR) AS {name}")
                } else {
                    format!("{value} AS {name}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        // QBox already writes to a temporary name; DuckDB's own one would be left behind on
        // failure. A table scan keeps insertion order (DuckDB's preserve_insertion_order), which is the
        // result's row order; no ORDER BY needed.
        let copy = format!(
            "COPY (SELECT {projection} FROM {}) TO {} ({}, USE_TMP_FILE false)",
            source.table.qualified(),
            quote_literal(&partial.path.to_string_lossy()),
            format.copy_options()
        );

        let conn = Arc::new(self.db.run_connection()?);
        if format == ExportFormat::Xlsx {
            conn.execute("LOAD excel")
                .map_err(|source| EngineError::CApi {
                    what: "Excel support is not available",
                    source,
                })?;
        }
        let interrupter = conn.clone();
        let _guard = self
            .runs
            .register(export_id, Arc::new(move || interrupter.interrupt()))?;

        let (done_tx, done_rx) = mpsc::channel();
        let worker = conn.clone();
        let outcome = std::thread::scope(|scope| {
            scope.spawn(move || {
                let _ = done_tx.send(worker.execute(&copy));
            });
            loop {
                match done_rx.recv_timeout(PROGRESS_EVERY) {
                    Ok(outcome) => break outcome,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        if let Some(p) = conn.progress() {
                            progress(p);
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        break Err(DuckDbMessage {
                            message: "the export worker stopped".into(),
                        })
                    }
                }
            }
        });
        let rows = match outcome {
            Ok(rows) => rows.map_or(source.info.row_count, |n| n.max(0) as u64),
            Err(e) => {
                return Err(self
                    .runs
                    .cancelled_or(export_id, describe_write_error(target, &e.message)))
            }
        };
        self.runs.check_cancelled(export_id)?;
        let bytes = partial.finish()?;
        progress(1.0);
        Ok(ExportSummary {
            path: target.to_path_buf(),
            rows,
            bytes,
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }
}

/// The hidden file an export writes before it is complete; removed unless finished.
struct PartialFile {
    path: PathBuf,
    target: PathBuf,
    finished: bool,
}

impl PartialFile {
    /// Creates the temporary file beside `target`: this is where a missing, read-only or
    /// unwritable folder shows up, before any work is done. The target's suffix is kept so that
    /// DuckDB still sees e.g. `.csv.gz` and compresses.
    fn create(target: &Path) -> Result<Self> {
        let name = target
            .file_name()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| EngineError::file(target, "choose a file name to export to"))?;
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if target.is_dir() {
            return Err(EngineError::file(
                target,
                format!("{} is a folder; choose a file name", target.display()),
            ));
        }
        // A random name, created exclusively: a file or link planted under a name it could
        // guess would otherwise receive the export.
        let path = dir.join(format!(
            ".qbox-partial-{}-{}",
            uuid::Uuid::new_v4().simple(),
            name.to_string_lossy()
        ));
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| EngineError::file(target, describe_io_error(&dir, &e)))?;
        Ok(Self {
            path,
            target: target.to_path_buf(),
            finished: false,
        })
    }

    /// Moves the complete file into place (replacing what the user chose to overwrite, whose
    /// permissions the new file takes).
    fn finish(mut self) -> Result<u64> {
        let bytes = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        if let Ok(replaced) = std::fs::metadata(&self.target) {
            let _ = std::fs::set_permissions(&self.path, replaced.permissions());
        }
        std::fs::rename(&self.path, &self.target).map_err(|e| {
            EngineError::file(
                &self.target,
                format!("cannot write {}: {e}", self.target.display()),
            )
        })?;
        self.finished = true;
        Ok(bytes)
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn describe_io_error(dir: &Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let dir = dir.display();
    match e.kind() {
        ErrorKind::NotFound => format!("the folder {dir} does not exist"),
        ErrorKind::PermissionDenied => {
            format!("QBox may not write to the folder {dir}; choose another folder")
        }
        ErrorKind::ReadOnlyFilesystem => {
            format!("the folder {dir} is on a read-only disk; choose another folder")
        }
        ErrorKind::StorageFull => format!("the disk holding {dir} is full"),
        _ => format!("cannot write to the folder {dir}: {e}"),
    }
}

fn describe_write_error(target: &Path, duck: &str) -> EngineError {
    let first = duck.lines().next().unwrap_or(duck);
    let dir = target.parent().unwrap_or(Path::new(".")).display();
    let message = if is_disk_full(duck) {
        format!(
            "the disk holding {dir} is full; nothing was written to {}",
            target.display()
        )
    } else {
        format!("cannot export to {}: {first}", target.display())
    };
    EngineError::file(target, message)
}
