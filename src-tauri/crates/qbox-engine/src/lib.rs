//! QBox's engine: an embedded DuckDB database with local files as views, query runs that can
//! be cancelled, and results kept inside DuckDB and read in windows as Arrow IPC bytes.
//! No Tauri here: the app shell adapts these types to IPC.

// Layers, each importing only those above it in this list: leaves, DuckDB, then the services
// (files, results, runs, sources, the assistant's sandbox), then the `Engine` façade.
mod base;
mod duck;
mod engine;
pub mod files;
mod results;
mod runs;
mod sandbox;
mod sources;

pub use base::ident;
pub use files::encoding;
pub use sources::demo;

pub use base::columns::{Column, TableInfo};
pub use base::error::{ConnectionFailure, DuckDbMessage, EngineError, Result, SqlError};
pub use base::statement::StatementKind;
pub use duck::split::StatementSpan;
pub use engine::{Engine, EngineConfig, BUNDLED_EXTENSIONS, DEFAULT_ROW_CAP};
pub use files::encoding::TextEncoding;
pub use files::{FileFormat, FileSpec};
pub use results::cell::CellValue;
pub use results::chart::{Aggregate, ChartData, ChartKind, ChartPoint, ChartSpec};
pub use results::copy::{CellSelection, CopyFormat, COPY_MAX_CELLS};
pub use results::export::{ExportFormat, ExportSummary, XLSX_MAX_ROWS};
pub use results::profile::{Bin, ColumnProfile, Distribution, ValueCount};
pub use results::stream::{StreamEnd, StreamStatus};
pub use results::view::{ColumnFilter, FilterCondition, ResultView, SortKey};
pub use results::{ResultInfo, Results};
pub use runs::events::{RunEvent, RunListener, PROGRESS_EVERY};
pub use runs::plan::{parse_plan, Plan, PlanNode};
pub use runs::progress::RunProgress;
pub use runs::{RunOutput, StatementOutcome, RESULTS_PER_RUN};
pub use sandbox::{CheckedStatement, Effect, Sandbox};
pub use sources::catalog::{ColumnDetail, RelationKind, TableDetails};
pub use sources::postgres::{scrub, PostgresConfig, SslMode};
pub use sources::s3::{S3Config, S3Entry, S3Listing};
pub use sources::Sources;
