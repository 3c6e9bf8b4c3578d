//! Runs on the wire: each statement's outcome and kept result, and exports of a result.

use serde::{Deserialize, Serialize};
use specta::Type;

use qbox_engine::{
    ExportFormat, ExportSummary, ResultInfo, RunOutput, StatementKind, StatementOutcome,
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
    /// (`result_status` says how many so far, and how it ended).
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

/// Rows kept so far of a result, and how it ended once it has.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ResultStatusDto {
    pub row_count: u32,
    pub end: Option<ResultEndDto>,
}

impl From<qbox_engine::StreamStatus> for ResultStatusDto {
    fn from(s: qbox_engine::StreamStatus) -> Self {
        use qbox_engine::StreamEnd;
        Self {
            row_count: wire(s.rows),
            end: s.end.map(|end| match end {
                StreamEnd::Complete => ResultEndDto::Complete,
                StreamEnd::Capped => ResultEndDto::Capped,
                StreamEnd::Stopped => ResultEndDto::Stopped,
                StreamEnd::Failed(message) => ResultEndDto::Failed { message },
            }),
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
