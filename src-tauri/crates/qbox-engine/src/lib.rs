//! QBox's engine: an embedded DuckDB database with local files as views, query runs that can
//! be cancelled, and results kept inside DuckDB and read in windows as Arrow IPC bytes.
//! No Tauri here: the app shell adapts these types to IPC.

mod capi;
mod catalog;
mod cell;
mod chart;
mod check;
mod connections;
mod copy;
mod database;
pub mod demo;
mod duck_types;
pub mod encoding;
mod engine;
mod error;
mod export;
pub mod files;
mod gzip;
pub mod ident;
mod json_depth;
mod logical_type;
mod parse_tree;
mod plan;
mod profile;
mod progress;
mod results;
mod run;
mod s3;
mod sandbox;
mod scratch;
mod server_writes;
mod split;
mod statement;
mod stream;
mod transcode;
mod view;

pub use catalog::{ColumnDetail, RelationKind, TableDetails};
pub use cell::CellValue;
pub use chart::{Aggregate, ChartData, ChartKind, ChartPoint, ChartSpec};
pub use connections::{scrub, ConnectionFailure, PostgresConfig, SslMode};
pub use copy::{CellSelection, CopyFormat, COPY_MAX_CELLS};
pub use encoding::TextEncoding;
pub use engine::{Column, Engine, EngineConfig, TableInfo, BUNDLED_EXTENSIONS, DEFAULT_ROW_CAP};
pub use error::{EngineError, Result, SqlError};
pub use export::{ExportFormat, ExportSummary, XLSX_MAX_ROWS};
pub use files::{FileFormat, FileSpec};
pub use plan::{parse_plan, Plan, PlanNode};
pub use profile::{Bin, ColumnProfile, Distribution, ValueCount};
pub use progress::RunProgress;
pub use results::ResultInfo;
pub use run::{RunOutput, StatementOutcome, RESULTS_PER_RUN};
pub use s3::{S3Config, S3Entry, S3Listing};
pub use sandbox::{CheckedStatement, Effect, Sandbox};
pub use split::StatementSpan;
pub use statement::StatementKind;
pub use stream::{StreamEnd, StreamStatus};
pub use view::{ColumnFilter, FilterCondition, ResultView, SortKey};

impl Engine {
    /// Splits a script into statements with DuckDB's parser (for "run statement at cursor").
    pub fn split(&self, script: &str) -> Result<Vec<StatementSpan>> {
        split::split_statements(&self.db, script).map_err(EngineError::Sql)
    }
}
