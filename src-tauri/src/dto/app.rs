//! The app on the wire: its facts, the catalog's tables and their details, settings, open tabs.

use serde::{Deserialize, Serialize};
use specta::Type;

use qbox_engine::{RelationKind, TableDetails};
use qbox_workspace::{Settings, Theme};

use super::{wire, AiSettingsDto, ColumnDto};

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

/// Saved queries open as tabs, in order, and the one in front.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OpenTabsDto {
    pub ids: Vec<u32>,
    pub active: Option<u32>,
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
