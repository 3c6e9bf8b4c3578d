//! Local files as views: made, renamed, dropped, and made again when a sniffed CSV changed.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use duckdb::Connection;

use super::Engine;
use crate::base::columns::{table_columns, Column};
use crate::base::error::{EngineError, Result};
use crate::base::ident::{quote_ident, quote_literal};
use crate::base::messages::{read_failure, ReadFailure};
use crate::files::dialect::{sniffed_read, FileStamp};
use crate::files::{read_expression, FileFormat, FileSpec};

/// The views written from a CSV's sniff: what each reads and the file's stamp when it was
/// sniffed.
#[derive(Default)]
pub(crate) struct SniffedViews(Mutex<HashMap<String, (FileSpec, FileStamp)>>);

impl SniffedViews {
    fn set(&self, view: &str, entry: Option<(FileSpec, FileStamp)>) {
        let mut views = self.0.lock().expect("sniffed views lock");
        match entry {
            Some(entry) => views.insert(view.to_string(), entry),
            None => views.remove(view),
        };
    }

    /// The views whose file changed since it was sniffed.
    fn changed(&self) -> Vec<(String, FileSpec)> {
        self.0
            .lock()
            .expect("sniffed views lock")
            .iter()
            .filter(|(_, (spec, stamp))| FileStamp::of(&spec.path) != Some(*stamp))
            .map(|(view, (spec, _))| (view.clone(), spec.clone()))
            .collect()
    }
}

impl Engine {
    /// Whether the view over `spec` still reads what the file holds: false when it reads a
    /// UTF-8 copy that is missing or older than the file, or was written from a sniff of the
    /// file as it was before.
    pub fn file_view_is_current(&self, view: &str, spec: &FileSpec) -> bool {
        if let Some(encoding) = spec.encoding {
            if encoding.decoder_needed() && !spec.is_folder {
                let copy = crate::files::transcode::copy_path(&self.data_dir, &spec.path, encoding);
                if !crate::files::transcode::is_fresh(&copy, &spec.path) {
                    return false;
                }
            }
        }
        let Ok(conn) = self.connection() else {
            return false;
        };
        match sniff_stamp(&conn, view) {
            None => true,
            Some(stamp) if FileStamp::of(&spec.path) == Some(stamp) => {
                self.sniffed.set(view, Some((spec.clone(), stamp)));
                true
            }
            Some(_) => false,
        }
    }

    /// Deletes the UTF-8 copies made of a file (its source is removed or read another way).
    pub fn forget_file_copies(&self, path: &Path) {
        crate::files::transcode::remove_copies(&self.data_dir, path);
    }

    /// Creates (or replaces) the view `view` over a file source and returns its columns. A
    /// single CSV or TSV file is sniffed once, here (see [`crate::files::dialect`]). A source
    /// that cannot be read leaves no view behind.
    pub fn create_file_view(&self, view: &str, spec: &FileSpec) -> Result<Vec<Column>> {
        self.make_file_view(view, spec, Failure::DropsTheView)
    }

    fn make_file_view(&self, view: &str, spec: &FileSpec, failure: Failure) -> Result<Vec<Column>> {
        let conn = self.connection()?;
        // Text DuckDB cannot decode is read from a UTF-8 copy in the data folder.
        let copied;
        let read = match spec.encoding {
            Some(encoding) if encoding.decoder_needed() && !spec.is_folder => {
                copied = FileSpec {
                    path: crate::files::transcode::utf8_copy(&self.data_dir, &spec.path, encoding)?,
                    encoding: Some(crate::TextEncoding::Utf8),
                    ..spec.clone()
                };
                &copied
            }
            _ => spec,
        };
        if spec.format == FileFormat::Xlsx {
            // read_xlsx is autoloaded, but an explicit LOAD gives a clearer error when missing.
            conn.execute_batch("LOAD excel").map_err(|e| {
                EngineError::file(&spec.path, format!("Excel support is not available: {e}"))
            })?;
        }
        let reader = read_expression(read)?;
        // The stamp is taken before the sniff: a file changed while it is read is read again.
        let stamp = FileStamp::of(&spec.path);
        let sniffed = match (spec.format, spec.is_folder, stamp) {
            (FileFormat::Csv | FileFormat::Tsv, false, Some(stamp)) => {
                sniffed_read(&conn, &reader, spec.format).map(|read| (read, stamp))
            }
            _ => None,
        };
        if let Some((sniffed, stamp)) = sniffed {
            match make_view(&conn, view, &sniffed, Some(stamp), spec, failure) {
                Ok(columns) => {
                    self.sniffed.set(view, Some((spec.clone(), stamp)));
                    return Ok(columns);
                }
                // DuckDB's own sniffing at each read is the way that always worked.
                Err(e) => tracing::debug!("a view from the CSV's sniff failed: {e}"),
            }
        }
        let made = make_view(&conn, view, &reader, None, spec, failure);
        // A view DuckDB sniffs at each read needs no stamp; a view left as it was keeps its
        // own, so that the next run tries again.
        if made.is_ok() || failure == Failure::DropsTheView {
            self.sniffed.set(view, None);
        }
        made
    }

    /// Sniffs again the CSV views whose file changed since they were sniffed, so that a run
    /// reads the file as it is now. A view that cannot be made again (the file moved, deleted
    /// or broken) is left as it is: the run then says what DuckDB says of the file.
    pub(crate) fn sniff_changed_files(&self) {
        for (view, spec) in self.sniffed.changed() {
            if let Err(e) = self.make_file_view(&view, &spec, Failure::LeavesTheView) {
                tracing::debug!("a changed CSV cannot be read now: {e}");
            }
        }
    }

    pub fn rename_view(&self, from: &str, to: &str) -> Result<()> {
        self.connection()?.execute_batch(&format!(
            "ALTER VIEW main.{} RENAME TO {}",
            quote_ident(from),
            quote_ident(to)
        ))?;
        let entry = self
            .sniffed
            .0
            .lock()
            .expect("sniffed views lock")
            .remove(from);
        self.sniffed.set(to, entry);
        Ok(())
    }

    pub fn drop_view(&self, view: &str) -> Result<()> {
        self.connection()?
            .execute_batch(&format!("DROP VIEW IF EXISTS main.{}", quote_ident(view)))?;
        self.sniffed.set(view, None);
        Ok(())
    }
}

/// What a view that cannot be made leaves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// Nothing: a source added that cannot be read has no view.
    DropsTheView,
    /// The view as it was: a source already added keeps its name for the run's error.
    LeavesTheView,
}

/// Makes `view` over `reader` (its stamp in its comment when it was written from a sniff of
/// `spec`), reads a row of it, and returns its columns.
fn make_view(
    conn: &Connection,
    view: &str,
    reader: &str,
    stamp: Option<FileStamp>,
    spec: &FileSpec,
    failure: Failure,
) -> Result<Vec<Column>> {
    let name = format!("main.{}", quote_ident(view));
    let made = conn
        .execute_batch(&format!(
            "CREATE OR REPLACE VIEW {name} AS SELECT * FROM {reader}"
        ))
        .and_then(|()| match stamp {
            Some(stamp) => conn.execute_batch(&format!(
                "COMMENT ON VIEW {name} IS {}",
                quote_literal(&stamp.comment())
            )),
            None => Ok(()),
        })
        .and_then(|()| {
            // Reading one row surfaces errors that only show up when data is scanned.
            conn.query_row(
                &format!("SELECT count(*) FROM (SELECT * FROM {name} LIMIT 1)"),
                [],
                |r| r.get::<_, i64>(0),
            )
        });
    let drop_view = || {
        if failure == Failure::DropsTheView {
            let _ = conn.execute_batch(&format!("DROP VIEW IF EXISTS {name}"));
        }
    };
    if let Err(e) = made {
        drop_view();
        return Err(EngineError::file(
            &spec.path,
            describe_read_error(spec, &e.to_string()),
        ));
    }
    let columns = table_columns(conn, None, "main", view)?;
    if columns.is_empty() {
        drop_view();
        return Err(EngineError::file(
            &spec.path,
            format!("{} has no columns", spec.path.display()),
        ));
    }
    Ok(columns)
}

/// The stamp in a view's comment, when it was written from a sniff.
fn sniff_stamp(conn: &Connection, view: &str) -> Option<FileStamp> {
    let comment: Option<String> = conn
        .query_row(
            "SELECT comment FROM duckdb_views() \
             WHERE database_name = current_database() AND schema_name = 'main' AND view_name = ?",
            [view],
            |r| r.get(0),
        )
        .ok()?;
    FileStamp::from_comment(&comment?)
}

/// Turns DuckDB's reader error into a message that names the file and what to do.
fn describe_read_error(spec: &FileSpec, duck: &str) -> String {
    let what = if spec.is_folder { "folder" } else { "file" };
    let first = duck.lines().next().unwrap_or(duck);
    let mut msg = format!(
        "cannot read {what} {} as {}: {first}",
        spec.path.display(),
        spec.format.as_str()
    );
    match read_failure(duck) {
        ReadFailure::Encoding => {
            let encoding = spec.encoding.unwrap_or(crate::TextEncoding::Utf8);
            msg = format!(
                "{} holds text that is not valid {} ({first})",
                spec.path.display(),
                encoding.as_str()
            );
        }
        ReadFailure::NoFiles => {
            msg = format!(
                "{} no longer exists or holds no matching files",
                spec.path.display()
            );
        }
        ReadFailure::Other => {}
    }
    msg
}
