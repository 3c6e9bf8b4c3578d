//! Runs on the wire: each statement's outcome and kept result, and exports of a result.

use serde::{Deserialize, Serialize};
use specta::Type;

use qbox_engine::{
    ExportFormat, ExportSummary, ResultInfo, RunEvent, RunOutput, RunProgress, StatementKind,
    StatementOutcome,
};

use super::{wire, ColumnDto, PlanDto};

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ResultInfoDto {
    pub id: u32,
    pub columns: Vec<ColumnDto>,
    pub row_count: u32,
    /// The query returned more rows than the row cap; only the first `rowCount` are kept.
    pub capped: bool,
    /// False while the rest of the rows are still being kept behind the first `rowCount`
    /// (the run's events tell how many so far, and how it ended).
    pub complete: bool,
}

impl From<ResultInfo> for ResultInfoDto {
    fn from(r: ResultInfo) -> Self {
        Self {
            id: wire(r.id),
            columns: r.columns.into_iter().map(Into::into).collect(),
            row_count: wire(r.row_count),
            capped: r.capped,
            complete: r.complete,
        }
    }
}

/// How a result whose rows are streamed in ended.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ResultEndDto {
    Complete,
    /// More rows than the row cap; the first ones are kept.
    Capped,
    /// Stopped by the user with the rows that had arrived.
    Stopped,
    /// DuckDB failed part way; the rows before the failure are kept.
    Failed {
        message: String,
    },
}

/// How far a run is: the statement running, and DuckDB's progress counter for it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RunProgressDto {
    pub statement: u32,
    pub statements: u32,
    /// 0..=1, when DuckDB can tell.
    pub fraction: Option<f64>,
    /// Rows DuckDB has worked through in the running statement, and how many it expects (0
    /// when it cannot tell).
    pub rows_processed: u32,
    pub total_rows: u32,
}

impl From<RunProgress> for RunProgressDto {
    fn from(p: RunProgress) -> Self {
        Self {
            statement: wire(p.statement as u64),
            statements: wire(p.statements as u64),
            fraction: p.fraction,
            rows_processed: wire(p.rows_processed),
            total_rows: wire(p.total_rows),
        }
    }
}

/// What a run tells as it goes, over the channel it was started with.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RunEventDto {
    /// Statement `statement` (1-based) of `statements` started.
    #[serde(rename_all = "camelCase")]
    StatementStarted { statement: u32, statements: u32 },
    /// How far the running statement is, told a few times a second while it takes long.
    #[serde(rename_all = "camelCase")]
    Progress {
        progress: RunProgressDto,
        /// Rows DuckDB worked through per second over the last second, when it can tell.
        rows_per_second: Option<f64>,
    },
    /// Rows kept so far of a result still streaming in after the run returned.
    #[serde(rename_all = "camelCase")]
    RowsKept { result_id: u32, row_count: u32 },
    /// The streaming result's last row is kept; `end` says how it ended.
    #[serde(rename_all = "camelCase")]
    ResultEnded {
        result_id: u32,
        row_count: u32,
        end: ResultEndDto,
    },
}

impl From<RunEvent> for RunEventDto {
    fn from(e: RunEvent) -> Self {
        use qbox_engine::StreamEnd;
        match e {
            RunEvent::StatementStarted {
                statement,
                statements,
            } => Self::StatementStarted {
                statement: wire(statement as u64),
                statements: wire(statements as u64),
            },
            RunEvent::Progress {
                progress,
                rows_per_second,
            } => Self::Progress {
                progress: progress.into(),
                rows_per_second,
            },
            RunEvent::RowsKept { result, rows } => Self::RowsKept {
                result_id: wire(result),
                row_count: wire(rows),
            },
            RunEvent::ResultEnded { result, rows, end } => Self::ResultEnded {
                result_id: wire(result),
                row_count: wire(rows),
                end: match end {
                    StreamEnd::Complete => ResultEndDto::Complete,
                    StreamEnd::Capped => ResultEndDto::Capped,
                    StreamEnd::Stopped => ResultEndDto::Stopped,
                    StreamEnd::Failed(message) => ResultEndDto::Failed { message },
                },
            },
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StatementDto {
    pub line: u32,
    /// The statement's start, whitespace folded (names its result tab).
    pub preview: String,
    pub kind: StatementKindDto,
    pub rows_changed: Option<u32>,
    /// The rows it returned, kept for browsing.
    pub result: Option<ResultInfoDto>,
    /// The operator tree, for an EXPLAIN in DuckDB's JSON format.
    pub plan: Option<PlanDto>,
    pub elapsed_ms: f64,
}

impl From<StatementOutcome> for StatementDto {
    fn from(s: StatementOutcome) -> Self {
        Self {
            line: s.line,
            preview: s.preview,
            kind: s.kind.into(),
            rows_changed: s.rows_changed.map(wire),
            result: s.result.map(Into::into),
            plan: s.plan.map(Into::into),
            elapsed_ms: s.elapsed_ms,
        }
    }
}

/// What DuckDB says a statement is (see `qbox_engine::StatementKind`).
#[derive(Debug, Clone, Copy, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum StatementKindDto {
    Select,
    Insert,
    Update,
    Delete,
    Merge,
    Explain,
    Create,
    Drop,
    Alter,
    Copy,
    Attach,
    Detach,
    Pragma,
    Call,
    Set,
    Transaction,
    Extension,
    Export,
    Vacuum,
    Analyze,
    Prepare,
    Execute,
    Other,
}

impl From<StatementKind> for StatementKindDto {
    fn from(k: StatementKind) -> Self {
        use StatementKind as K;
        match k {
            K::Select => Self::Select,
            K::Insert => Self::Insert,
            K::Update => Self::Update,
            K::Delete => Self::Delete,
            K::Merge => Self::Merge,
            K::Explain => Self::Explain,
            K::Create => Self::Create,
            K::Drop => Self::Drop,
            K::Alter => Self::Alter,
            K::Copy => Self::Copy,
            K::Attach => Self::Attach,
            K::Detach => Self::Detach,
            K::Pragma => Self::Pragma,
            K::Call => Self::Call,
            K::Set => Self::Set,
            K::Transaction => Self::Transaction,
            K::Extension => Self::Extension,
            K::Export => Self::Export,
            K::Vacuum => Self::Vacuum,
            K::Analyze => Self::Analyze,
            K::Prepare => Self::Prepare,
            K::Execute => Self::Execute,
            K::Other => Self::Other,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RunOutputDto {
    pub statements: Vec<StatementDto>,
    /// Earlier statements whose rows were let go (a run keeps the latest 20 results).
    pub dropped_results: u32,
    pub elapsed_ms: f64,
}

impl From<RunOutput> for RunOutputDto {
    fn from(o: RunOutput) -> Self {
        Self {
            statements: o.statements.into_iter().map(Into::into).collect(),
            dropped_results: o.dropped_results,
            elapsed_ms: o.elapsed_ms,
        }
    }
}

/// A statement's place in a script, in UTF-16 code units.
#[derive(Debug, Clone, Copy, Serialize, Type)]
pub struct SpanDto {
    pub start: u32,
    pub end: u32,
}

/// File formats for `export_result`.
#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormatDto {
    Csv,
    Tsv,
    Parquet,
    Json,
    Ndjson,
    Xlsx,
}

impl From<ExportFormatDto> for ExportFormat {
    fn from(f: ExportFormatDto) -> Self {
        match f {
            ExportFormatDto::Csv => ExportFormat::Csv,
            ExportFormatDto::Tsv => ExportFormat::Tsv,
            ExportFormatDto::Parquet => ExportFormat::Parquet,
            ExportFormatDto::Json => ExportFormat::Json,
            ExportFormatDto::Ndjson => ExportFormat::Ndjson,
            ExportFormatDto::Xlsx => ExportFormat::Xlsx,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgressDto {
    /// 0..=1
    pub fraction: f64,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportSummaryDto {
    pub path: String,
    pub rows: u32,
    /// Size of the file written (a float: files may pass 4 GB).
    pub bytes: f64,
    pub elapsed_ms: f64,
}

impl From<ExportSummary> for ExportSummaryDto {
    fn from(s: ExportSummary) -> Self {
        Self {
            path: s.path.to_string_lossy().into_owned(),
            rows: wire(s.rows),
            bytes: s.bytes as f64,
            elapsed_ms: s.elapsed_ms,
        }
    }
}
