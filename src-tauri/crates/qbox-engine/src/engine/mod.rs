//! The engine: one DuckDB database, the file views in it, and the query runs against it.

mod check;
mod results;
mod runs;
mod sources;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use duckdb::{params, Connection};

use crate::base::columns::{table_columns, Column, TableInfo};
use crate::base::error::{EngineError, Result};
use crate::base::ident::{quote_ident, quote_literal};
use crate::base::messages::{read_failure, ReadFailure};
use crate::duck::database::Database;
use crate::duck::scratch::{FILE_DB, MEMORY_DB};
use crate::files::{read_expression, FileSpec};
use crate::results::ResultStore;
use crate::runs::progress::RunProgress;
use crate::runs::registry::{RunRegistry, RUN_SETUP};

/// Extensions shipped with the app and installed from its local repository.
pub const BUNDLED_EXTENSIONS: &[&str] = &["excel", "httpfs", "postgres_scanner", "aws"];

/// Where the engine keeps its files, and its limits.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// The app data dir; the engine owns `qbox.duckdb`, `extensions/` and `scratch/` in it.
    pub data_dir: PathBuf,
    /// A local DuckDB extension repository (`<repo>/v1.5.5/<platform>/<name>.duckdb_extension`).
    pub extension_repo: Option<PathBuf>,
    /// At most this many rows of a result are kept for browsing.
    pub row_cap: u64,
}

impl EngineConfig {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            extension_repo: None,
            row_cap: DEFAULT_ROW_CAP,
        }
    }
}

pub const DEFAULT_ROW_CAP: u64 = 10_000_000;

/// Every operation takes a connection of its own ([`Engine::connection`]): they are cheap, and
/// so a server that takes its time (an ATTACH waiting for its timeout, a slow S3 listing) never
/// holds up a catalog read, a file drop or a query.
pub struct Engine {
    pub(crate) runs: RunRegistry,
    pub(crate) results: ResultStore,
    pub(crate) row_cap: AtomicU64,
    data_dir: PathBuf,
    /// Declared last so it is dropped after every connection made from it.
    pub(crate) db: Database,
}

impl Engine {
    pub fn open(config: EngineConfig) -> Result<Self> {
        let dir = &config.data_dir;
        let ext_dir = dir.join("extensions");
        let scratch = dir.join("scratch");
        let tmp = dir.join("tmp");
        let secrets = dir.join("duckdb-secrets");
        for d in [dir, &ext_dir, &scratch, &tmp, &secrets] {
            std::fs::create_dir_all(d).map_err(|e| EngineError::io("cannot create", d, e))?;
        }
        // Results of an earlier session are gone with it.
        let results_file = scratch.join("results.duckdb");
        for f in [results_file.clone(), scratch.join("results.duckdb.wal")] {
            let _ = std::fs::remove_file(f);
        }
        let settings = [
            ("autoinstall_known_extensions", "false".to_string()),
            ("autoload_known_extensions", "true".to_string()),
            (
                "extension_directory",
                ext_dir.to_string_lossy().into_owned(),
            ),
            ("temp_directory", tmp.to_string_lossy().into_owned()),
            // A PERSISTENT SECRET typed in the editor stays in QBox's folder (cleared with it),
            // and secrets other DuckDB tools left in ~/.duckdb are not loaded.
            ("secret_directory", secrets.to_string_lossy().into_owned()),
            // Offline-first: nothing is fetched from the community repository.
            ("allow_community_extensions", "false".to_string()),
        ];
        let mut db = Database::open(&dir.join("qbox.duckdb"), &settings)?;
        db.keep_spare_connections(RUN_SETUP);
        db.connect()?.execute_batch(&format!(
            "ATTACH {} AS {FILE_DB}; ATTACH ':memory:' AS {MEMORY_DB}",
            quote_literal(&results_file.to_string_lossy())
        ))?;
        let engine = Self {
            runs: RunRegistry::default(),
            results: ResultStore::default(),
            row_cap: AtomicU64::new(config.row_cap.max(1)),
            data_dir: config.data_dir.clone(),
            db,
        };
        if let Some(repo) = &config.extension_repo {
            engine.install_bundled_extensions(repo)?;
        }
        Ok(engine)
    }

    /// Interrupts a run or an export; returns false when no such job is active. A cancel that
    /// arrives before the job starts executing still stops it.
    pub fn cancel(&self, run_id: &str) -> bool {
        self.runs.cancel(run_id)
    }

    /// How far run `run_id` is; None when no such run is going.
    pub fn run_progress(&self, run_id: &str) -> Option<RunProgress> {
        self.runs.progress(run_id)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn set_row_cap(&self, cap: u64) {
        self.row_cap.store(cap.max(1), Ordering::Relaxed);
    }

    pub fn row_cap(&self) -> u64 {
        self.row_cap.load(Ordering::Relaxed)
    }

    /// A new connection to the database, for one operation.
    pub(crate) fn connection(&self) -> Result<Connection> {
        self.db.connect()
    }

    pub fn duckdb_version(&self) -> Result<String> {
        Ok(self
            .connection()?
            .query_row("SELECT version()", [], |r| r.get(0))?)
    }

    /// The first column of a query QBox wrote, as text (NULL as an empty string).
    pub fn text_column(&self, sql: &str) -> Result<Vec<String>> {
        let conn = self.connection()?;
        let mut stmt = conn.prepare(sql)?;
        let values = stmt
            .query_map([], |r| r.get::<_, Option<String>>(0))?
            .map(|v| v.map(Option::unwrap_or_default))
            .collect::<std::result::Result<_, _>>()?;
        Ok(values)
    }

    /// Copies the shipped extensions into the app's extension directory, once per version.
    fn install_bundled_extensions(&self, repo: &Path) -> Result<()> {
        let conn = self.connection()?;
        for name in BUNDLED_EXTENSIONS {
            let installed: bool = conn
                .query_row(
                    "SELECT coalesce(bool_or(installed), false) FROM duckdb_extensions() WHERE extension_name = ?",
                    params![name],
                    |r| r.get(0),
                )
                .unwrap_or(false);
            if !installed {
                conn.execute_batch(&format!(
                    "INSTALL {name} FROM {}",
                    quote_literal(&repo.to_string_lossy())
                ))
                .map_err(|source| EngineError::Extension {
                    name: name.to_string(),
                    source,
                })?;
            }
        }
        Ok(())
    }

    /// Creates (or replaces) the view `view` over a file source and returns its columns.
    /// A source that cannot be read leaves no view behind.
    /// Whether the view over `spec` still reads what the file holds: false when it reads a
    /// UTF-8 copy that is missing or older than the file.
    pub fn file_view_is_current(&self, spec: &FileSpec) -> bool {
        match spec.encoding {
            Some(encoding) if encoding.decoder_needed() && !spec.is_folder => {
                let copy = crate::files::transcode::copy_path(&self.data_dir, &spec.path, encoding);
                crate::files::transcode::is_fresh(&copy, &spec.path)
            }
            _ => true,
        }
    }

    /// Deletes the UTF-8 copies made of a file (its source is removed or read another way).
    pub fn forget_file_copies(&self, path: &Path) {
        crate::files::transcode::remove_copies(&self.data_dir, path);
    }

    pub fn create_file_view(&self, view: &str, spec: &FileSpec) -> Result<Vec<Column>> {
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
        if spec.format == crate::files::FileFormat::Xlsx {
            // read_xlsx is autoloaded, but an explicit LOAD gives a clearer error when missing.
            conn.execute_batch("LOAD excel").map_err(|e| {
                EngineError::file(&spec.path, format!("Excel support is not available: {e}"))
            })?;
        }
        let sql = format!(
            "CREATE OR REPLACE VIEW main.{} AS SELECT * FROM {}",
            quote_ident(view),
            read_expression(read)?
        );
        let created = conn.execute_batch(&sql).and_then(|_| {
            // Reading one row surfaces errors that only show up when data is scanned.
            conn.query_row(
                &format!(
                    "SELECT count(*) FROM (SELECT * FROM main.{} LIMIT 1)",
                    quote_ident(view)
                ),
                [],
                |r| r.get::<_, i64>(0),
            )
        });
        if let Err(e) = created {
            let _ = conn.execute_batch(&format!("DROP VIEW IF EXISTS main.{}", quote_ident(view)));
            return Err(EngineError::file(
                &spec.path,
                describe_read_error(spec, &e.to_string()),
            ));
        }
        let columns = table_columns(&conn, None, "main", view)?;
        if columns.is_empty() {
            let _ = conn.execute_batch(&format!("DROP VIEW IF EXISTS main.{}", quote_ident(view)));
            return Err(EngineError::file(
                &spec.path,
                format!("{} has no columns", spec.path.display()),
            ));
        }
        Ok(columns)
    }

    pub fn rename_view(&self, from: &str, to: &str) -> Result<()> {
        self.connection()?.execute_batch(&format!(
            "ALTER VIEW main.{} RENAME TO {}",
            quote_ident(from),
            quote_ident(to)
        ))?;
        Ok(())
    }

    pub fn drop_view(&self, view: &str) -> Result<()> {
        self.connection()?
            .execute_batch(&format!("DROP VIEW IF EXISTS main.{}", quote_ident(view)))?;
        Ok(())
    }

    /// Views and tables a user can query, with their columns: the local files' views first,
    /// then every attached database. DuckDB's catalog functions visit every attached database,
    /// so one stopped server fails the whole listing; the workspace detaches it and asks again.
    pub fn catalog(&self) -> Result<Vec<TableInfo>> {
        let mut tables = Vec::new();
        for database in self.databases()? {
            tables.extend(self.catalog_of(&database)?);
        }
        Ok(tables)
    }

    /// The databases a query can name: the local one first, then attached connections.
    pub fn databases(&self) -> Result<Vec<String>> {
        let conn = self.connection()?;
        let names = conn
            .prepare(&format!(
                "SELECT database_name FROM duckdb_databases() \
                 WHERE NOT internal AND database_name NOT IN ('{FILE_DB}', '{MEMORY_DB}') \
                 ORDER BY database_name <> current_database(), database_name"
            ))?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| EngineError::from(e).or_server_lost())?;
        Ok(names)
    }

    /// The tables and views of one database, with their columns.
    /// A server that went away is [`EngineError::ServerLost`].
    pub fn catalog_of(&self, database: &str) -> Result<Vec<TableInfo>> {
        catalog_of(&self.connection()?, database).map_err(EngineError::or_server_lost)
    }
}

fn catalog_of(conn: &Connection, database: &str) -> Result<Vec<TableInfo>> {
    let mut stmt = conn.prepare(
        "SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() \
         WHERE database_name = ? AND NOT internal \
           AND schema_name NOT IN ('pg_catalog', 'information_schema') \
           AND NOT starts_with(schema_name, 'pg_toast') \
         ORDER BY schema_name, table_name, column_index",
    )?;
    let mut tables: Vec<TableInfo> = Vec::new();
    let rows = stmt.query_map(params![database], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (schema, table, name, data_type) = row?;
        match tables.last_mut() {
            Some(t) if t.schema == schema && t.name == table => {
                t.columns.push(Column { name, data_type })
            }
            _ => tables.push(TableInfo {
                database: database.to_string(),
                schema,
                name: table,
                columns: vec![Column { name, data_type }],
            }),
        }
    }
    Ok(tables)
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

impl Engine {
    /// Schema names of the local database and names of attached databases: a new
    /// connection's SQL name must not take one the user already made.
    pub fn names_in_use(&self) -> Result<Vec<String>> {
        let conn = self.connection()?;
        let mut stmt = conn.prepare(
            "SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database() \
             UNION SELECT database_name FROM duckdb_databases()",
        )?;
        let names = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(names)
    }
}
