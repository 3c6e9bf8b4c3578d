//! The command line's arguments, as clap parses them (`--help` is made from these comments).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "Examples:
  qbox queries
  qbox tables orders
  qbox describe file_orders
  qbox run \"Revenue by category\"
  qbox run --sql \"SELECT * FROM file_orders LIMIT 10\" --format json
  qbox run \"Revenue by category\" --format parquet --out revenue.parquet

Exit codes: 0 done, 1 DuckDB refused the SQL, 2 bad arguments (a query that does not exist
included), 3 a source could not be reached, 4 QBox has the workspace open, 5 anything else,
130 stopped by Ctrl+C (the query is cancelled in DuckDB).";

#[derive(Debug, Parser)]
#[command(name = "qbox", version, about = "QBox's workspace from the terminal: saved queries and SQL over your files and connections", after_help = EXAMPLES)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List the saved queries, newest edited first.
    Queries,
    /// Run a saved query (by name) or SQL and write the last statement's rows out.
    Run(RunArgs),
    /// List the sources: files and folders (as views) and connections, with their state.
    Sources,
    /// List the tables and views a query can name, as database.schema.table.
    Tables {
        /// Only those whose name holds this (ignoring case).
        pattern: Option<String>,
    },
    /// Show a table's columns: types, nullability, keys.
    Describe {
        /// The table: its name, or schema.name, or database.schema.name.
        table: String,
    },
    /// Print a completion script for a shell (for example: qbox completions bash > ~/.local/share/bash-completion/completions/qbox).
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, clap::Args)]
pub(crate) struct RunArgs {
    /// The saved query to run, by name.
    #[arg(required_unless_present = "sql", conflicts_with = "sql")]
    pub(crate) name: Option<String>,
    /// SQL to run instead of a saved query.
    #[arg(long)]
    pub(crate) sql: Option<String>,
    /// How the rows are written: DuckDB's own writers, as an export from the app.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub(crate) format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Csv,
    Tsv,
    Json,
    Ndjson,
    Parquet,
    Xlsx,
}

impl From<Format> for qbox_engine::ExportFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Csv => Self::Csv,
            Format::Tsv => Self::Tsv,
            Format::Json => Self::Json,
            Format::Ndjson => Self::Ndjson,
            Format::Parquet => Self::Parquet,
            Format::Xlsx => Self::Xlsx,
        }
    }
}
