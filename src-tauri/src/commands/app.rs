use tauri::State;

use crate::dto::{wire, AppInfoDto, TableDto};
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
        row_cap: wire(state.workspace.engine().row_cap()),
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
            schema: t.schema,
            name: t.name,
            columns: t.columns.into_iter().map(Into::into).collect(),
        })
        .collect())
}

/// The SQL the editor held when the app last saved it.
#[tauri::command]
#[specta::specta]
pub async fn editor_draft(state: State<'_, AppState>) -> AppResult<String> {
    Ok(state.workspace.draft().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn save_editor_draft(state: State<'_, AppState>, sql: String) -> AppResult<()> {
    Ok(state.workspace.save_draft(&sql).await?)
}
