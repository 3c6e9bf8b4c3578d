//! Connections to PostgreSQL databases and S3 buckets: list, the SQL name a new one would get, create, edit,
//! delete and test. Passwords come in from forms and never go back out.

use tauri::State;

use qbox_engine::FileFormat;

use crate::dto::{ConnectionDto, ConnectionSettingsDto, PasswordInputDto, S3ListingDto, S3ViewDto};
use crate::error::AppResult;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_connections(state: State<'_, AppState>) -> AppResult<Vec<ConnectionDto>> {
    Ok(state
        .workspace
        .connections()
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The SQL name a new connection called `name` would get, or why it cannot (shown live).
#[tauri::command]
#[specta::specta]
pub async fn connection_identifier(state: State<'_, AppState>, name: String) -> AppResult<String> {
    Ok(state.workspace.connection_identifier(&name).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn create_connection(
    state: State<'_, AppState>,
    name: String,
    settings: ConnectionSettingsDto,
    password: Option<String>,
) -> AppResult<ConnectionDto> {
    Ok(state
        .workspace
        .create_connection(&name, settings.into(), password)
        .await?
        .into())
}

/// Saves an edit and re-attaches at once; the SQL name stays the same.
#[tauri::command]
#[specta::specta]
pub async fn update_connection(
    state: State<'_, AppState>,
    id: u32,
    name: String,
    settings: ConnectionSettingsDto,
    password: PasswordInputDto,
) -> AppResult<ConnectionDto> {
    Ok(state
        .workspace
        .update_connection(id.into(), &name, settings.into(), password.into())
        .await?
        .into())
}

#[tauri::command]
#[specta::specta]
pub async fn delete_connection(state: State<'_, AppState>, id: u32) -> AppResult<()> {
    Ok(state.workspace.delete_connection(id.into()).await?)
}

/// Tries settings before saving; `existing` lends a saved connection's password when the
/// field was left blank.
#[tauri::command]
#[specta::specta]
pub async fn test_connection(
    state: State<'_, AppState>,
    settings: ConnectionSettingsDto,
    password: PasswordInputDto,
    existing: Option<u32>,
) -> AppResult<()> {
    Ok(state
        .workspace
        .test_connection(settings.into(), password.into(), existing.map(i64::from))
        .await?)
}

/// A page of an S3 connection's keys under `prefix`: folders first, then objects; with
/// `search`, every key below the prefix that contains it.
#[tauri::command]
#[specta::specta]
pub async fn browse_s3(
    state: State<'_, AppState>,
    id: u32,
    prefix: String,
    search: Option<String>,
    offset: u32,
    limit: u32,
) -> AppResult<S3ListingDto> {
    Ok(state
        .workspace
        .browse_s3(id.into(), prefix, search, offset as usize, limit as usize)
        .await?
        .into())
}

/// Adds objects as views in the connection's schema: one per key, or with `many` one over
/// every object of each prefix or glob. `format` overrides the extension (csv, tsv, parquet,
/// json, ndjson).
#[tauri::command]
#[specta::specta]
pub async fn add_s3_objects(
    state: State<'_, AppState>,
    id: u32,
    keys: Vec<String>,
    many: bool,
    format: Option<String>,
) -> AppResult<Vec<S3ViewDto>> {
    let format = match format {
        Some(f) => Some(FileFormat::parse(&f).ok_or_else(|| {
            crate::error::AppError::Refused(format!("{f:?} is not a format QBox reads"))
        })?),
        None => None,
    };
    Ok(state
        .workspace
        .add_s3_objects(id.into(), keys, many, format)
        .await?
        .into_iter()
        .map(|(name, columns)| S3ViewDto {
            name,
            columns: columns.into_iter().map(Into::into).collect(),
        })
        .collect())
}
