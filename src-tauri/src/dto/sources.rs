//! Registered files on the wire: their columns, status, encoding and what adding one did.

use serde::{Deserialize, Serialize};
use specta::Type;

use qbox_engine::{Column, TextEncoding};
use qbox_workspace::{AddOutcome, Source, SourceStatus};

use crate::error::AppError;

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
