use std::path::PathBuf;

use tauri::State;

use crate::dto::{AddFileOutcomeDto, RelationKindDto, SourceDto, TextEncodingDto};
use crate::error::AppResult;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_sources(state: State<'_, AppState>) -> AppResult<Vec<SourceDto>> {
    Ok(state
        .workspace
        .sources()
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Checks every source again; a file that came back is usable again.
#[tauri::command]
#[specta::specta]
pub async fn refresh_sources(state: State<'_, AppState>) -> AppResult<Vec<SourceDto>> {
    Ok(state
        .workspace
        .refresh_sources()
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Registers files or folders (dropped, opened or passed on the command line), one outcome each.
#[tauri::command]
#[specta::specta]
pub async fn add_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> AppResult<Vec<AddFileOutcomeDto>> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    Ok(state
        .workspace
        .add_paths(&paths)
        .await
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Registers one sheet of a workbook.
#[tauri::command]
#[specta::specta]
pub async fn add_sheet(
    state: State<'_, AppState>,
    path: String,
    sheet: String,
) -> AppResult<AddFileOutcomeDto> {
    Ok(state
        .workspace
        .add_path(&PathBuf::from(path), Some(sheet))
        .await?
        .into())
}

#[tauri::command]
#[specta::specta]
pub async fn rename_source(
    state: State<'_, AppState>,
    id: u32,
    name: String,
) -> AppResult<SourceDto> {
    Ok(state
        .workspace
        .rename_source(id.into(), &name)
        .await?
        .into())
}

/// Reads a CSV or TSV source with another text encoding; on failure it stays as it was.
#[tauri::command]
#[specta::specta]
pub async fn set_source_encoding(
    state: State<'_, AppState>,
    id: u32,
    encoding: TextEncodingDto,
) -> AppResult<SourceDto> {
    Ok(state
        .workspace
        .set_source_encoding(id.into(), encoding.into())
        .await?
        .into())
}

/// Drops a table or view made with SQL in the local database (after the UI's confirmation);
/// a data source's or a connection's view is refused. Says which kind it was.
#[tauri::command]
#[specta::specta]
pub async fn drop_local_relation(
    state: State<'_, AppState>,
    schema: String,
    name: String,
) -> AppResult<RelationKindDto> {
    Ok(state
        .workspace
        .drop_local_relation(schema, name)
        .await?
        .into())
}

/// Forgets a source; the file itself is never touched.
#[tauri::command]
#[specta::specta]
pub async fn remove_source(state: State<'_, AppState>, id: u32) -> AppResult<()> {
    Ok(state.workspace.remove_source(id.into()).await?)
}
