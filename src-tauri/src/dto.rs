//! The types that cross IPC. Core types stay free of serde/specta; they are converted here.

use serde::{Deserialize, Serialize};
use specta::Type;

use qbox_engine::{
    Column, ExportFormat, ExportSummary, PostgresConfig, RelationKind, ResultInfo, RunOutput,
    S3Config, S3Entry, S3Listing, SslMode, StatementKind, StatementOutcome, TableDetails,
    TextEncoding,
};
use qbox_workspace::{
    AddOutcome, Connection, ConnectionSettings, ConnectionStatus, SecretInput, Settings, Source,
    SourceStatus, Theme,
};

use crate::error::{AppError, ConnectionFailureDto};

mod ai;
mod chart;
mod grid;
mod view;
pub use ai::*;
pub use chart::*;
pub use grid::*;
pub use view::*;

/// Counts and ids are u32 on the wire: TypeScript numbers, no BigInt.
pub(crate) fn wire(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ColumnDto {
    pub name: String,
    pub data_type: String,
}

impl From<Column> for ColumnDto {
    fn from(c: Column) -> Self {
        Self {
            name: c.name,
            data_type: c.data_type,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "state", content = "message", rename_all = "camelCase")]
pub enum SourceStatusDto {
    Ready,
    Broken(String),
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SourceDto {
    pub id: u32,
    /// The SQL name to query it by (a view in DuckDB's main schema).
    pub view_name: String,
    pub path: String,
    pub format: String,
    pub is_folder: bool,
    pub sheet: Option<String>,
    /// How a CSV or TSV file's text is decoded; null for other formats (and UTF-8 files
    /// registered before encodings were detected).
    pub encoding: Option<TextEncodingDto>,
    pub status: SourceStatusDto,
    pub columns: Vec<ColumnDto>,
}

/// A CSV or TSV file's text encoding, by DuckDB's name for it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
pub enum TextEncodingDto {
    #[serde(rename = "utf-8")]
    Utf8,
    /// Little-endian.
    #[serde(rename = "utf-16")]
    Utf16,
    #[serde(rename = "latin-1")]
    Latin1,
    #[serde(rename = "windows-1252")]
    Windows1252,
    #[serde(rename = "utf-16be")]
    Utf16Be,
}

impl From<TextEncoding> for TextEncodingDto {
    fn from(e: TextEncoding) -> Self {
        match e {
            TextEncoding::Utf8 => Self::Utf8,
            TextEncoding::Utf16 => Self::Utf16,
            TextEncoding::Latin1 => Self::Latin1,
            TextEncoding::Windows1252 => Self::Windows1252,
            TextEncoding::Utf16Be => Self::Utf16Be,
        }
    }
}

impl From<TextEncodingDto> for TextEncoding {
    fn from(e: TextEncodingDto) -> Self {
        match e {
            TextEncodingDto::Utf8 => Self::Utf8,
            TextEncodingDto::Utf16 => Self::Utf16,
            TextEncodingDto::Latin1 => Self::Latin1,
            TextEncodingDto::Windows1252 => Self::Windows1252,
            TextEncodingDto::Utf16Be => Self::Utf16Be,
        }
    }
}

impl From<Source> for SourceDto {
    fn from(s: Source) -> Self {
        Self {
            id: s.id as u32,
            view_name: s.view_name,
            path: s.path,
            format: s.format,
            is_folder: s.is_folder,
            sheet: s.sheet,
            encoding: s.encoding.map(Into::into),
            status: match s.status {
                SourceStatus::Ready => SourceStatusDto::Ready,
                SourceStatus::Broken(why) => SourceStatusDto::Broken(why),
            },
            columns: s.columns.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum AddFileOutcomeDto {
    /// `renamedFrom` is the name the file would have had, when it was taken.
    #[serde(rename_all = "camelCase")]
    Added {
        source: SourceDto,
        renamed_from: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    NeedsSheet { path: String, sheets: Vec<String> },
    #[serde(rename_all = "camelCase")]
    Failed { path: String, error: AppError },
}

impl From<AddOutcome> for AddFileOutcomeDto {
    fn from(o: AddOutcome) -> Self {
        match o {
            AddOutcome::Added { source, base_name } => Self::Added {
                source: source.into(),
                renamed_from: base_name,
            },
            AddOutcome::NeedsSheet { path, sheets } => Self::NeedsSheet { path, sheets },
            AddOutcome::Failed { path, error } => Self::Failed {
                path,
                error: error.into(),
            },
        }
    }
}

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

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TableDto {
    /// `qbox` for local files; a connection's SQL name for its attached database.
    pub database: String,
    pub schema: String,
    pub name: String,
    pub columns: Vec<ColumnDto>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfoDto {
    pub version: String,
    pub duckdb_version: String,
    pub data_dir: String,
    /// False when no OS keychain answered: passwords then last for this session only.
    pub keychain: bool,
}

/// A statement's place in a script, in UTF-16 code units.
#[derive(Debug, Clone, Copy, Serialize, Type)]
pub struct SpanDto {
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct QueryDto {
    pub id: u32,
    pub name: String,
    pub sql: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub updated_at: String,
}

impl From<qbox_workspace::Query> for QueryDto {
    fn from(q: qbox_workspace::Query) -> Self {
        Self {
            id: q.id as u32,
            name: q.name,
            sql: q.sql,
            created_at: q.created_at,
            updated_at: q.updated_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SqlVersionDto {
    pub id: u32,
    pub sql: String,
    pub created_at: String,
}

impl From<qbox_workspace::SqlVersion> for SqlVersionDto {
    fn from(v: qbox_workspace::SqlVersion) -> Self {
        Self {
            id: v.id as u32,
            sql: v.sql,
            created_at: v.created_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SelectionDto {
    pub id: u32,
    pub qualified_name: String,
    /// Its source was removed or its table no longer exists.
    pub broken: bool,
}

impl From<qbox_workspace::QuerySelection> for SelectionDto {
    fn from(s: qbox_workspace::QuerySelection) -> Self {
        Self {
            id: s.id as u32,
            qualified_name: s.qualified_name,
            broken: s.broken,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct QueryRunDto {
    pub id: u32,
    pub sql: String,
    pub started_at: String,
    pub duration_ms: f64,
    pub row_count: Option<u32>,
    pub error: Option<String>,
}

impl From<qbox_workspace::QueryRun> for QueryRunDto {
    fn from(r: qbox_workspace::QueryRun) -> Self {
        Self {
            id: r.id as u32,
            sql: r.sql,
            started_at: r.started_at,
            duration_ms: r.duration_ms,
            row_count: r.row_count.map(|n| wire(n.max(0) as u64)),
            error: r.error,
        }
    }
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

/// Saved queries open as tabs, in order, and the one in front.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OpenTabsDto {
    pub ids: Vec<u32>,
    pub active: Option<u32>,
}

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum SslModeDto {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PostgresSettingsDto {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub ssl_mode: SslModeDto,
    /// Attach read-write (read-only otherwise).
    pub allow_writes: bool,
    /// Only these schemas are listed (empty: all).
    #[serde(default)]
    pub schemas: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct S3SettingsDto {
    pub bucket: String,
    pub region: String,
    /// `host[:port]` of an S3-compatible store; null for AWS.
    pub endpoint: Option<String>,
    pub path_style: bool,
    pub use_ssl: bool,
    /// With a key id, the secret access key is the connection's password; without, anonymous.
    pub access_key_id: Option<String>,
    /// Credentials from the AWS default chain (environment, ~/.aws, SSO, instance role).
    #[serde(default)]
    pub credential_chain: bool,
}

/// A connection's settings by kind. Secrets are never part of them.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ConnectionSettingsDto {
    Postgres(PostgresSettingsDto),
    S3(S3SettingsDto),
}

impl From<S3SettingsDto> for S3Config {
    fn from(s: S3SettingsDto) -> Self {
        Self {
            bucket: s.bucket,
            region: s.region,
            endpoint: s.endpoint,
            path_style: s.path_style,
            use_ssl: s.use_ssl,
            access_key_id: s.access_key_id,
            credential_chain: s.credential_chain,
        }
    }
}

impl From<S3Config> for S3SettingsDto {
    fn from(s: S3Config) -> Self {
        Self {
            bucket: s.bucket,
            region: s.region,
            endpoint: s.endpoint,
            path_style: s.path_style,
            use_ssl: s.use_ssl,
            access_key_id: s.access_key_id,
            credential_chain: s.credential_chain,
        }
    }
}

/// One entry of a bucket listing.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "type", content = "key", rename_all = "camelCase")]
pub enum S3EntryDto {
    Folder(String),
    Object(String),
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct S3ListingDto {
    pub entries: Vec<S3EntryDto>,
    pub total: u32,
}

impl From<S3Listing> for S3ListingDto {
    fn from(l: S3Listing) -> Self {
        Self {
            entries: l
                .entries
                .into_iter()
                .map(|e| match e {
                    S3Entry::Folder(k) => S3EntryDto::Folder(k),
                    S3Entry::Object(k) => S3EntryDto::Object(k),
                })
                .collect(),
            total: wire(l.total as u64),
        }
    }
}

/// A view made from S3 objects: its SQL name and columns.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct S3ViewDto {
    pub name: String,
    pub columns: Vec<ColumnDto>,
}

impl From<SslModeDto> for SslMode {
    fn from(m: SslModeDto) -> Self {
        match m {
            SslModeDto::Disable => SslMode::Disable,
            SslModeDto::Allow => SslMode::Allow,
            SslModeDto::Prefer => SslMode::Prefer,
            SslModeDto::Require => SslMode::Require,
            SslModeDto::VerifyCa => SslMode::VerifyCa,
            SslModeDto::VerifyFull => SslMode::VerifyFull,
        }
    }
}

impl From<SslMode> for SslModeDto {
    fn from(m: SslMode) -> Self {
        match m {
            SslMode::Disable => SslModeDto::Disable,
            SslMode::Allow => SslModeDto::Allow,
            SslMode::Prefer => SslModeDto::Prefer,
            SslMode::Require => SslModeDto::Require,
            SslMode::VerifyCa => SslModeDto::VerifyCa,
            SslMode::VerifyFull => SslModeDto::VerifyFull,
        }
    }
}

impl From<PostgresSettingsDto> for PostgresConfig {
    fn from(p: PostgresSettingsDto) -> Self {
        Self {
            host: p.host,
            port: p.port,
            database: p.database,
            user: p.user,
            ssl_mode: p.ssl_mode.into(),
            allow_writes: p.allow_writes,
            schemas: p.schemas,
        }
    }
}

impl From<PostgresConfig> for PostgresSettingsDto {
    fn from(p: PostgresConfig) -> Self {
        Self {
            host: p.host,
            port: p.port,
            database: p.database,
            user: p.user,
            ssl_mode: p.ssl_mode.into(),
            allow_writes: p.allow_writes,
            schemas: p.schemas,
        }
    }
}

impl From<ConnectionSettingsDto> for ConnectionSettings {
    fn from(s: ConnectionSettingsDto) -> Self {
        match s {
            ConnectionSettingsDto::Postgres(p) => ConnectionSettings::Postgres(p.into()),
            ConnectionSettingsDto::S3(s) => ConnectionSettings::S3(s.into()),
        }
    }
}

impl From<ConnectionSettings> for ConnectionSettingsDto {
    fn from(s: ConnectionSettings) -> Self {
        match s {
            ConnectionSettings::Postgres(p) => ConnectionSettingsDto::Postgres(p.into()),
            ConnectionSettings::S3(s) => ConnectionSettingsDto::S3(s.into()),
        }
    }
}

/// A password field as submitted: a new value, left blank to keep the stored one, or cleared.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(tag = "action", content = "value", rename_all = "camelCase")]
pub enum PasswordInputDto {
    Keep,
    Set(String),
    Clear,
}

impl From<PasswordInputDto> for SecretInput {
    fn from(p: PasswordInputDto) -> Self {
        match p {
            PasswordInputDto::Keep => SecretInput::Keep,
            PasswordInputDto::Set(s) => SecretInput::Set(s),
            PasswordInputDto::Clear => SecretInput::Clear,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum ConnectionStatusDto {
    Connecting,
    Attached,
    /// `reason` says which setting to look at; `message` is for the user (never a secret).
    Failed {
        reason: ConnectionFailureDto,
        message: String,
    },
}

impl From<ConnectionStatus> for ConnectionStatusDto {
    fn from(s: ConnectionStatus) -> Self {
        match s {
            ConnectionStatus::Connecting => Self::Connecting,
            ConnectionStatus::Attached => Self::Attached,
            ConnectionStatus::Failed { reason, message } => Self::Failed {
                reason: reason.into(),
                message,
            },
        }
    }
}

/// A connection as listed: never its password, only whether one is stored.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionDto {
    pub id: u32,
    pub name: String,
    /// The SQL name its tables are reached by (`identifier.schema.table`).
    pub identifier: String,
    pub settings: ConnectionSettingsDto,
    pub has_password: bool,
    pub status: ConnectionStatusDto,
}

impl From<Connection> for ConnectionDto {
    fn from(c: Connection) -> Self {
        Self {
            id: c.id as u32,
            name: c.name,
            identifier: c.identifier,
            settings: c.settings.into(),
            has_password: c.has_password,
            status: c.status.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ColumnDetailDto {
    pub name: String,
    pub data_type: String,
    /// The source's own type (PostgreSQL's), when it differs in kind from DuckDB's.
    pub source_type: Option<String>,
    pub nullable: bool,
    pub primary_key: bool,
    /// `schema.table.column` this column references.
    pub references: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum RelationKindDto {
    Table,
    View,
    MaterializedView,
}

impl From<RelationKind> for RelationKindDto {
    fn from(k: RelationKind) -> Self {
        match k {
            RelationKind::Table => Self::Table,
            RelationKind::View => Self::View,
            RelationKind::MaterializedView => Self::MaterializedView,
        }
    }
}

/// One table's details for the catalog tree, read from the source's metadata.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TableDetailsDto {
    pub kind: Option<RelationKindDto>,
    /// From statistics (PostgreSQL) or file footers (Parquet), never a full count; a float so
    /// that counts past 2^32 stay numbers.
    pub estimated_rows: Option<f64>,
    pub columns: Vec<ColumnDetailDto>,
}

impl From<TableDetails> for TableDetailsDto {
    fn from(d: TableDetails) -> Self {
        Self {
            kind: d.kind.map(Into::into),
            estimated_rows: d.estimated_rows.map(|n| n as f64),
            columns: d
                .columns
                .into_iter()
                .map(|c| ColumnDetailDto {
                    name: c.name,
                    data_type: c.data_type,
                    source_type: c.source_type,
                    nullable: c.nullable,
                    primary_key: c.primary_key,
                    references: c.references,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ThemeDto {
    System,
    Light,
    Dark,
}

/// The user's settings; `rowCap` and the ranges below are checked by the workspace.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsDto {
    pub theme: ThemeDto,
    pub row_cap: u32,
    pub history_size: u32,
    pub checkpoint_pause_ms: u32,
    pub ai: AiSettingsDto,
}

impl From<Settings> for SettingsDto {
    fn from(s: Settings) -> Self {
        Self {
            theme: match s.theme {
                Theme::System => ThemeDto::System,
                Theme::Light => ThemeDto::Light,
                Theme::Dark => ThemeDto::Dark,
            },
            row_cap: wire(s.row_cap),
            history_size: s.history_size,
            checkpoint_pause_ms: s.checkpoint_pause_ms,
            ai: s.ai.into(),
        }
    }
}

impl From<SettingsDto> for Settings {
    fn from(s: SettingsDto) -> Self {
        Self {
            theme: match s.theme {
                ThemeDto::System => Theme::System,
                ThemeDto::Light => Theme::Light,
                ThemeDto::Dark => Theme::Dark,
            },
            row_cap: u64::from(s.row_cap),
            history_size: s.history_size,
            checkpoint_pause_ms: s.checkpoint_pause_ms,
            ai: s.ai.into(),
        }
    }
}

/// What Clear all data removes, counted; the user's own files are not among it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DataSummaryDto {
    pub queries: u32,
    pub versions: u32,
    pub runs: u32,
    pub sources: u32,
    pub connections: u32,
    pub data_dir: String,
}
