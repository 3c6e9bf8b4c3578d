//! Connections to PostgreSQL (S3 next): list, the SQL name a new one would get, create, edit,
//! delete and test. Passwords come in from forms and never go back out.

use tauri::State;

use crate::dto::{ConnectionDto, ConnectionSettingsDto, PasswordInputDto};
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
