//! Saved queries: list, create, rename, autosave, history, duplicate, delete, selections and
//! the run log.

use tauri::ipc::Channel;
use tauri::State;

use crate::dto::{QueryDto, QueryRunDto, RunEventDto, RunOutputDto, SelectionDto, SqlVersionDto};
use crate::error::AppResult;
use crate::AppState;

fn all<T, U: From<T>>(items: Vec<T>) -> Vec<U> {
    items.into_iter().map(Into::into).collect()
}

/// Newest-edited first; `search` filters by name.
#[tauri::command]
#[specta::specta]
pub async fn list_queries(
    state: State<'_, AppState>,
    search: Option<String>,
) -> AppResult<Vec<QueryDto>> {
    Ok(all(state.workspace.queries(search.as_deref()).await?))
}

/// A new query; named "Query <date time>" when no name is given.
#[tauri::command]
#[specta::specta]
pub async fn create_query(
    state: State<'_, AppState>,
    name: Option<String>,
    sql: String,
) -> AppResult<QueryDto> {
    Ok(state
        .workspace
        .create_query(name.as_deref(), &sql)
        .await?
        .into())
}

#[tauri::command]
#[specta::specta]
pub async fn rename_query(
    state: State<'_, AppState>,
    id: u32,
    name: String,
) -> AppResult<QueryDto> {
    Ok(state.workspace.rename_query(id.into(), &name).await?.into())
}

/// Autosave of the editor's SQL. With `checkpoint`, a text that differs from the newest
/// version also becomes a new history version.
#[tauri::command]
#[specta::specta]
pub async fn save_query_sql(
    state: State<'_, AppState>,
    id: u32,
    sql: String,
    checkpoint: bool,
) -> AppResult<QueryDto> {
    Ok(state
        .workspace
        .save_query_sql(id.into(), &sql, checkpoint)
        .await?
        .into())
}

/// The query's SQL history, newest first (at most 50).
#[tauri::command]
#[specta::specta]
pub async fn query_versions(state: State<'_, AppState>, id: u32) -> AppResult<Vec<SqlVersionDto>> {
    Ok(all(state.workspace.query_versions(id.into()).await?))
}

/// Makes a version current again (the restore is itself a new version, so it can be undone).
#[tauri::command]
#[specta::specta]
pub async fn restore_version(
    state: State<'_, AppState>,
    id: u32,
    version_id: u32,
) -> AppResult<QueryDto> {
    Ok(state
        .workspace
        .restore_version(id.into(), version_id.into())
        .await?
        .into())
}

#[tauri::command]
#[specta::specta]
pub async fn duplicate_query(state: State<'_, AppState>, id: u32) -> AppResult<QueryDto> {
    Ok(state.workspace.duplicate_query(id.into()).await?.into())
}

/// Deletes the query with its SQL, versions, selections and run log; sources stay.
#[tauri::command]
#[specta::specta]
pub async fn delete_query(state: State<'_, AppState>, id: u32) -> AppResult<()> {
    Ok(state.workspace.delete_query(id.into()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn select_table(
    state: State<'_, AppState>,
    id: u32,
    qualified_name: String,
) -> AppResult<SelectionDto> {
    Ok(state
        .workspace
        .select_table(id.into(), &qualified_name)
        .await?
        .into())
}

#[tauri::command]
#[specta::specta]
pub async fn unselect_table(state: State<'_, AppState>, selection_id: u32) -> AppResult<()> {
    Ok(state.workspace.unselect_table(selection_id.into()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn query_selections(state: State<'_, AppState>, id: u32) -> AppResult<Vec<SelectionDto>> {
    Ok(all(state.workspace.query_selections(id.into()).await?))
}

/// The query's last runs, newest first (at most 100).
#[tauri::command]
#[specta::specta]
pub async fn query_runs(state: State<'_, AppState>, id: u32) -> AppResult<Vec<QueryRunDto>> {
    Ok(all(state.workspace.query_runs(id.into()).await?))
}

/// Like `run_query`, and the run is logged against the saved query.
#[tauri::command]
#[specta::specta]
pub async fn run_saved_query(
    state: State<'_, AppState>,
    id: u32,
    run_id: String,
    sql: String,
    on_event: Channel<RunEventDto>,
) -> AppResult<RunOutputDto> {
    Ok(state
        .workspace
        .run_for_query(id.into(), run_id, sql, super::query::run_listener(on_event))
        .await?
        .into())
}
