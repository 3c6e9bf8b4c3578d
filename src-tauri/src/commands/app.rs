use tauri::State;

use qbox_workspace::OpenTabs;

use crate::dto::{AppInfoDto, OpenTabsDto, SettingsDto, TableDetailsDto, TableDto};
use crate::error::AppResult;
use crate::AppState;

/// Versions and where the workspace lives.
#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> AppResult<AppInfoDto> {
    let engine = state.workspace.engine().clone();
    let duckdb_version = tokio::task::spawn_blocking(move || engine.duckdb_version())
        .await
        .map_err(|e| crate::error::AppError::Internal(e.to_string()))??;
    Ok(AppInfoDto {
        version: env!("CARGO_PKG_VERSION").to_string(),
        duckdb_version,
        data_dir: state
            .workspace
            .engine()
            .data_dir()
            .to_string_lossy()
            .into_owned(),
        keychain: state.workspace.secret_backend() == qbox_workspace::SecretBackend::Keychain,
    })
}

/// Every table and view a query can use, with columns (for the tree and completion).
#[tauri::command]
#[specta::specta]
pub async fn catalog(state: State<'_, AppState>) -> AppResult<Vec<TableDto>> {
    Ok(state
        .workspace
        .catalog()
        .await?
        .into_iter()
        .map(|t| TableDto {
            database: t.database,
            schema: t.schema,
            name: t.name,
            columns: t.columns.into_iter().map(Into::into).collect(),
        })
        .collect())
}

/// One table's columns with types, keys and nullability, its kind and an estimated row count
/// (from the source's metadata; cached for attached databases).
#[tauri::command]
#[specta::specta]
pub async fn table_details(
    state: State<'_, AppState>,
    database: String,
    schema: String,
    table: String,
) -> AppResult<TableDetailsDto> {
    Ok(state
        .workspace
        .table_details(database, schema, table)
        .await?
        .into())
}

/// The saved queries that were open as tabs, in order, and the one in front.
#[tauri::command]
#[specta::specta]
pub async fn open_tabs(state: State<'_, AppState>) -> AppResult<OpenTabsDto> {
    let tabs = state.workspace.open_tabs().await?;
    Ok(OpenTabsDto {
        ids: tabs.ids.into_iter().map(|id| id as u32).collect(),
        active: tabs.active.map(|id| id as u32),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn save_open_tabs(state: State<'_, AppState>, tabs: OpenTabsDto) -> AppResult<()> {
    Ok(state
        .workspace
        .save_open_tabs(&OpenTabs {
            ids: tabs.ids.into_iter().map(i64::from).collect(),
            active: tabs.active.map(i64::from),
        })
        .await?)
}

#[tauri::command]
#[specta::specta]
pub fn settings(state: State<'_, AppState>) -> SettingsDto {
    state.workspace.settings().into()
}

/// Stores and applies new settings (announced to every window); a value out of range is
/// refused with a message naming it.
#[tauri::command]
#[specta::specta]
pub async fn update_settings(
    state: State<'_, AppState>,
    settings: SettingsDto,
) -> AppResult<SettingsDto> {
    Ok(state
        .workspace
        .update_settings(settings.into())
        .await?
        .into())
}

/// Shows the data folder in the system's file manager.
#[tauri::command]
#[specta::specta]
pub fn open_data_dir(state: State<'_, AppState>) -> AppResult<()> {
    let dir = state.workspace.engine().data_dir().to_path_buf();
    tauri_plugin_opener::open_path(&dir, None::<&str>).map_err(|e| {
        crate::error::AppError::Internal(format!("cannot open {}: {e}", dir.display()))
    })
}

/// Remembered pane sizes (percentages) by pane group.
#[tauri::command]
#[specta::specta]
pub async fn pane_sizes(
    state: State<'_, AppState>,
) -> AppResult<std::collections::BTreeMap<String, Vec<f64>>> {
    Ok(state.workspace.pane_sizes().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn save_pane_sizes(
    state: State<'_, AppState>,
    group: String,
    sizes: Vec<f64>,
) -> AppResult<()> {
    Ok(state.workspace.save_pane_sizes(&group, sizes).await?)
}
