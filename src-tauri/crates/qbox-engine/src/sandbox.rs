//! Checking SQL that someone else wrote (the assistant's) where it can reach nothing but the
//! catalog. Binding in DuckDB runs table functions' bind steps: a CSV sniffer reads the file, an
//! http URL is requested, so a check against the live database is itself a way to read any file
//! and send data anywhere. The sandbox is a DuckDB of its own, in memory, holding the catalog's
//! shapes only: every table and view as an empty table with the same columns and types under
//! the same database and schema names. External access is off and its configuration locked
//! before any SQL from outside is bound, so DuckDB's answer says no more than the catalog does.
//!
//! What a statement does is decided from what it binds, not from its kind alone: a SELECT over
//! `postgres_execute` writes, and one over `read_csv` reads a file (see [`Effect`]).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::base::columns::TableInfo;
use crate::base::error::{EngineError, Result, SqlError};
use crate::base::ident::{quote_ident, quote_literal};
use crate::base::messages::reached_outside;
use crate::base::statement::StatementKind;
use crate::duck::database::Database;
use crate::duck::parse_tree::{
    first_text_argument, function_name, parse_tree, table_refs, TableRef,
};
use crate::duck::split::split_statements;

/// Something a statement does beyond reading the catalog's tables. Shown to the user in words
/// (its `Display`); any effect means the statement runs only after the user confirms.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    /// Its kind is not a query: it writes rows, changes the schema, copies, attaches, sets...
    Statement(StatementKind),
    /// A table function that reads files, folders or URLs (`read_csv('…')`), or a path written
    /// where a table name goes.
    ReadsFiles {
        function: Option<String>,
        target: Option<String>,
    },
    /// SQL sent to a PostgreSQL server as text (`postgres_execute`, `postgres_query`).
    RunsOnServer {
        function: String,
        database: Option<String>,
        writes: bool,
    },
    /// It could not be bound without opening a file or URL (a COPY, a path where a table name
    /// goes, an ATTACH of a file...).
    ReachesFiles,
    /// SQL given as text to DuckDB's `query` function: what it does is not known until it runs.
    RunsText,
    /// A table function QBox does not know to read only the catalog.
    Calls(String),
}

impl std::fmt::Display for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::Statement(kind) => f.write_str(match kind {
                StatementKind::Insert | StatementKind::Update | StatementKind::Merge => {
                    "writes rows"
                }
                StatementKind::Delete => "deletes rows",
                StatementKind::Create => "creates a table, view or other object",
                StatementKind::Drop => "drops a table, view or other object",
                StatementKind::Alter => "changes a table or view",
                StatementKind::Copy => "copies data to or from files",
                StatementKind::Attach => "attaches a database",
                StatementKind::Detach => "detaches a database",
                StatementKind::Set => "changes a setting",
                StatementKind::Extension => "installs or loads an extension",
                StatementKind::Export => "exports the database to files",
                StatementKind::Transaction => "begins or ends a transaction",
                StatementKind::Explain => "explains a statement (EXPLAIN ANALYZE runs it)",
                StatementKind::Pragma => "runs a PRAGMA",
                StatementKind::Call => "calls a procedure",
                StatementKind::Prepare | StatementKind::Execute => {
                    "prepares or executes a statement"
                }
                StatementKind::Vacuum | StatementKind::Analyze => "maintains the database",
                StatementKind::Select | StatementKind::Other => "runs a statement of another kind",
            }),
            Effect::ReadsFiles { function, target } => {
                f.write_str("reads files or URLs")?;
                if let Some(target) = target {
                    write!(f, " ({target})")?;
                }
                if let Some(function) = function {
                    write!(f, " through {function}")?;
                }
                Ok(())
            }
            Effect::RunsOnServer {
                function,
                database,
                writes,
            } => {
                f.write_str("runs SQL on the PostgreSQL server")?;
                if let Some(database) = database {
                    write!(f, " of {database}")?;
                }
                write!(f, " through {function}")?;
                if *writes {
                    f.write_str(", which can change its data")?;
                }
                Ok(())
            }
            Effect::ReachesFiles => f.write_str("reads or writes files or URLs"),
            Effect::RunsText => f.write_str("runs SQL given as text (query)"),
            Effect::Calls(function) => {
                write!(f, "calls {function}, which QBox does not know to only read")
            }
        }
    }
}

/// DuckDB's verdict on one statement of the text checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedStatement {
    /// The kind DuckDB gave it; `None` when it could not be bound without reaching beyond the
    /// catalog (a file, a URL, a server), so it was not checked.
    pub kind: Option<StatementKind>,
    /// What it does beyond reading the catalog, in order; empty for a query over catalog tables.
    pub effects: Vec<Effect>,
}

impl CheckedStatement {
    /// A query over the catalog's tables and nothing else: it may run without a confirmation.
    pub fn only_reads(&self) -> bool {
        self.kind == Some(StatementKind::Select) && self.effects.is_empty()
    }
}

/// Table functions that read nothing but DuckDB's own catalog or their arguments.
const CATALOG_ONLY: &[&str] = &[
    "range",
    "generate_series",
    "unnest",
    "repeat",
    "repeat_row",
    "query_table",
    "json_each",
    "json_tree",
    "generate_subscripts",
    "duckdb_columns",
    "duckdb_constraints",
    "duckdb_databases",
    "duckdb_dependencies",
    "duckdb_functions",
    "duckdb_indexes",
    "duckdb_keywords",
    "duckdb_schemas",
    "duckdb_sequences",
    "duckdb_tables",
    "duckdb_types",
    "duckdb_views",
    "pragma_table_info",
    "pragma_show",
    "pragma_version",
    "pragma_platform",
    "test_all_types",
];

/// Table functions that read files, folders or URLs (DuckDB's and the shipped extensions').
const FILE_READERS: &[&str] = &[
    "read_csv",
    "read_csv_auto",
    "sniff_csv",
    "read_parquet",
    "parquet_scan",
    "parquet_metadata",
    "parquet_schema",
    "parquet_file_metadata",
    "parquet_kv_metadata",
    "parquet_bloom_probe",
    "read_json",
    "read_json_auto",
    "read_ndjson",
    "read_ndjson_auto",
    "read_json_objects",
    "read_ndjson_objects",
    "read_json_objects_auto",
    "read_text",
    "read_blob",
    "read_xlsx",
    "glob",
    "iceberg_scan",
    "iceberg_metadata",
    "iceberg_snapshots",
    "delta_scan",
];

/// A DuckDB in memory holding the catalog's shapes, locked; see the module's documentation.
pub struct Sandbox {
    db: Database,
    /// `USE` of the local database, run on each connection: unqualified names resolve there.
    use_local: String,
}

impl Sandbox {
    /// Builds the sandbox for `tables`; `local` is the local database's name, which unqualified
    /// names resolve in, as in the live database.
    pub fn build(local: &str, tables: &[TableInfo]) -> Result<Self> {
        let settings = [
            ("autoinstall_known_extensions", "false".to_string()),
            ("autoload_known_extensions", "false".to_string()),
            ("allow_community_extensions", "false".to_string()),
            ("allow_persistent_secrets", "false".to_string()),
            // Its settings are readable by the SQL checked; none names a place on this machine.
            ("secret_directory", "sandbox".to_string()),
            ("extension_directory", "sandbox".to_string()),
            ("temp_directory", "sandbox".to_string()),
            ("threads", "1".to_string()),
            ("memory_limit", "256MB".to_string()),
            // Last: with it off, DuckDB takes no more paths in the settings.
            ("enable_external_access", "false".to_string()),
        ];
        let db = Database::open(std::path::Path::new(":memory:"), &settings)?;
        let conn = db.connect()?;
        let mut databases = BTreeSet::new();
        let mut schemas = BTreeSet::new();
        let mut script = String::new();
        for name in std::iter::once(local).chain(tables.iter().map(|t| t.database.as_str())) {
            if databases.insert(name) {
                script += &format!("ATTACH ':memory:' AS {};\n", quote_ident(name));
            }
        }
        conn.execute_batch(&script)?;
        script.clear();
        for t in tables {
            if schemas.insert((t.database.as_str(), t.schema.as_str())) {
                script += &format!(
                    "CREATE SCHEMA IF NOT EXISTS {}.{};\n",
                    quote_ident(&t.database),
                    quote_ident(&t.schema)
                );
            }
        }
        conn.execute_batch(&script)?;
        for t in tables {
            create_stand_in(&conn, t)?;
        }
        conn.execute_batch("SET lock_configuration = true")?;
        Ok(Self {
            db,
            use_local: format!("USE {}", quote_ident(local)),
        })
    }

    /// DuckDB's verdict on each statement of `sql`, in order, or DuckDB's error for the first
    /// one that does not bind (with its position in `sql`). Nothing is executed but what DuckDB
    /// makes of a statement to bind it (a PIVOT without an IN list: a temporary ENUM of the
    /// stand-ins' values, which are none). Statements are bound one by one, so a statement
    /// that needs an object an earlier one would create does not bind.
    pub fn check(&self, sql: &str) -> Result<Vec<CheckedStatement>> {
        let spans = split_statements(&self.db, sql).map_err(EngineError::Sql)?;
        if spans.is_empty() {
            return Err(EngineError::invalid_input("there is no SQL statement"));
        }
        let raw = self.db.connect_raw()?;
        raw.execute(&self.use_local)
            .map_err(|source| EngineError::CApi {
                what: "the check's sandbox",
                source,
            })?;
        let conn = self.db.connect()?;
        spans
            .iter()
            .map(|span| {
                let text = span.text(sql);
                let mut effects = functions_effects(&conn, text)?;
                let prepared = if self.db.count_statements(text).is_ok_and(|n| n > 1) {
                    raw.prepare_expanded(text)
                } else {
                    raw.prepare(text)
                };
                match prepared {
                    Ok(prepared) => {
                        let kind = prepared.kind();
                        if kind != StatementKind::Select {
                            effects.insert(0, Effect::Statement(kind));
                        }
                        Ok(CheckedStatement {
                            kind: Some(kind),
                            effects,
                        })
                    }
                    Err(e) if reached_outside(&e.message) => {
                        if !effects
                            .iter()
                            .any(|e| !matches!(e, Effect::Statement(_) | Effect::Calls(_)))
                        {
                            effects.push(Effect::ReachesFiles);
                        }
                        Ok(CheckedStatement {
                            kind: None,
                            effects,
                        })
                    }
                    Err(e) => Err(EngineError::Sql(SqlError::from_duckdb(
                        &e.message,
                        sql,
                        span.range.start,
                    ))),
                }
            })
            .collect()
    }
}

/// An empty table with `t`'s columns; a type the sandbox cannot make (none is known) becomes
/// VARCHAR rather than leaving the table out.
fn create_stand_in(conn: &duckdb::Connection, t: &TableInfo) -> Result<()> {
    let name = format!(
        "{}.{}.{}",
        quote_ident(&t.database),
        quote_ident(&t.schema),
        quote_ident(&t.name)
    );
    let columns = |typed: &dyn Fn(&str) -> String| {
        t.columns
            .iter()
            .map(|c| format!("{} {}", quote_ident(&c.name), typed(&c.data_type)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let exact = format!(
        "CREATE TABLE IF NOT EXISTS {name} ({})",
        columns(&|ty| ty.to_string())
    );
    if conn.execute_batch(&exact).is_ok() {
        return Ok(());
    }
    let fallback = columns(&|ty| {
        let known = conn.prepare(&format!("SELECT CAST(NULL AS {ty})")).is_ok();
        if known { ty } else { "VARCHAR" }.to_string()
    });
    conn.execute_batch(&format!("CREATE TABLE IF NOT EXISTS {name} ({fallback})"))?;
    Ok(())
}

/// The effects of the tables and table functions `statement` reads, from DuckDB's parse tree
/// (SELECT statements only; other kinds are judged by their kind).
fn functions_effects(conn: &duckdb::Connection, statement: &str) -> Result<Vec<Effect>> {
    let Some(tree) = parse_tree(conn, statement)? else {
        return Ok(Vec::new());
    };
    let effects: BTreeSet<Effect> = table_refs(&tree)
        .into_iter()
        .filter_map(|table| match table {
            TableRef::Function(function) => table_function_effect(function),
            // A name that is a path: DuckDB reads it with a file reader (a replacement scan).
            TableRef::Name(name) if name.contains(['.', '/', '\\', ':']) => {
                Some(Effect::ReadsFiles {
                    function: None,
                    target: Some(quote_literal(name)),
                })
            }
            TableRef::Name(_) => None,
        })
        .collect();
    Ok(effects.into_iter().collect())
}

fn table_function_effect(function: &Value) -> Option<Effect> {
    let name = function_name(function)?;
    let first_text = first_text_argument(function).map(str::to_string);
    if CATALOG_ONLY.contains(&name.as_str()) {
        return None;
    }
    Some(if FILE_READERS.contains(&name.as_str()) {
        Effect::ReadsFiles {
            target: first_text.as_deref().map(quote_literal),
            function: Some(name),
        }
    } else if name == "postgres_execute" || name == "postgres_query" {
        Effect::RunsOnServer {
            writes: name == "postgres_execute",
            database: first_text,
            function: name,
        }
    } else if name == "query" {
        Effect::RunsText
    } else {
        Effect::Calls(name)
    })
}
