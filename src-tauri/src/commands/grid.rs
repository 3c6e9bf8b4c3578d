//! What the grid asks of a kept result besides its rows: copies to the clipboard, one whole
//! value, a column's profile.

use tauri::State;

use crate::dto::{
    CellSelectionDto, CellValueDto, ColumnProfileDto, CopyFormatDto, CopySummaryDto, ViewDto,
};
use crate::error::{AppError, AppResult};
use crate::AppState;

/// Puts the selected cells of a result (as `view` shows it) on the clipboard in `format`.
/// The text goes from DuckDB to the clipboard here, never through the webview. `header` adds
/// the column names to TSV and CSV; `table` names the table of INSERT statements.
#[tauri::command]
#[specta::specta]
pub async fn copy_result_cells(
    state: State<'_, AppState>,
    result_id: u32,
    view: ViewDto,
    selection: CellSelectionDto,
    format: CopyFormatDto,
    header: bool,
    table: String,
) -> AppResult<CopySummaryDto> {
    let rows: u64 = selection
        .rows
        .iter()
        .map(|r| u64::from(r.end.saturating_sub(r.start)))
        .sum();
    let cells = rows.saturating_mul(selection.columns.len() as u64);
    let text = state
        .workspace
        .copy_cells(
            result_id.into(),
            view.into(),
            selection.into(),
            format.into(),
            header,
            table,
        )
        .await?;
    let chars = text.chars().count() as u64;
    state
        .clipboard
        .write_text(text)
        .map_err(|e| AppError::Internal(format!("could not write to the clipboard: {e}")))?;
    Ok(CopySummaryDto {
        cells: crate::dto::wire(cells),
        chars: crate::dto::wire(chars),
    })
}

/// One value in full (row by position in `view`), with its JSON for JSON and nested types.
#[tauri::command]
#[specta::specta]
pub async fn result_cell_value(
    state: State<'_, AppState>,
    result_id: u32,
    view: ViewDto,
    row: u32,
    column: u32,
) -> AppResult<CellValueDto> {
    Ok(state
        .workspace
        .cell_value(result_id.into(), view.into(), row.into(), column as usize)
        .await?
        .into())
}

/// A column's profile over every row `view` shows.
#[tauri::command]
#[specta::specta]
pub async fn profile_result_column(
    state: State<'_, AppState>,
    result_id: u32,
    view: ViewDto,
    column: u32,
) -> AppResult<ColumnProfileDto> {
    Ok(state
        .workspace
        .profile_column(result_id.into(), view.into(), column as usize)
        .await?
        .into())
}
