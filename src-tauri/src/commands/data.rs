//! Clear all data: what it removes, counted, and the clearing itself (then a fresh start).

use tauri::State;

use crate::dto::{wire, DataSummaryDto};
use crate::error::AppResult;
use crate::AppState;

/// What Clear all data would remove, for its confirmation.
#[tauri::command]
#[specta::specta]
pub async fn data_summary(state: State<'_, AppState>) -> AppResult<DataSummaryDto> {
    let s = state.workspace.data_summary().await?;
    Ok(DataSummaryDto {
        queries: wire(s.queries),
        versions: wire(s.versions),
        runs: wire(s.runs),
        sources: wire(s.sources),
        connections: wire(s.connections),
        data_dir: s.data_dir.to_string_lossy().into_owned(),
    })
}

/// Forgets every stored secret, then starts QBox afresh, which empties the data folder before
/// it opens anything there. The user's own files are never touched.
#[tauri::command]
#[specta::specta]
pub async fn clear_all_data(state: State<'_, AppState>) -> AppResult<()> {
    state.workspace.clear_all_data().await?;
    state.workspace.close().await;
    state.restart();
    Ok(())
}
