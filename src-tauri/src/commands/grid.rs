//! What the grid asks of a kept result besides its rows: copies to the clipboard, one whole
//! value, a column's profile, a chart's marks, and the chart written to a file.

use tauri::State;

use crate::dto::{
    CellSelectionDto, CellValueDto, ChartDataDto, ChartSpecDto, ColumnProfileDto, CopyFormatDto,
    CopySummaryDto, ViewDto,
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

/// A chart's marks, aggregated by DuckDB over every row `view` shows.
#[tauri::command]
#[specta::specta]
pub async fn chart_data(
    state: State<'_, AppState>,
    result_id: u32,
    view: ViewDto,
    spec: ChartSpecDto,
) -> AppResult<ChartDataDto> {
    Ok(state
        .workspace
        .chart_data(result_id.into(), view.into(), spec.into())
        .await?
        .into())
}

/// Writes an exported chart (PNG as base64, from the chart's canvas) to the path the save
/// dialog gave.
#[tauri::command]
#[specta::specta]
pub async fn save_chart_png(path: String, png_base64: String) -> AppResult<()> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(png_base64.as_bytes())
        .map_err(|e| AppError::Refused(format!("the chart image is not valid base64: {e}")))?;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(AppError::Refused("the chart image is not a PNG".into()));
    }
    write_chart_file(&path, "png", &bytes)
}

/// Writes an exported chart as SVG text to the path the save dialog gave.
#[tauri::command]
#[specta::specta]
pub async fn save_chart_svg(path: String, svg: String) -> AppResult<()> {
    if !svg.trim_start().starts_with("<svg") {
        return Err(AppError::Refused("the chart image is not an SVG".into()));
    }
    write_chart_file(&path, "svg", svg.as_bytes())
}

/// Only an image file is written (the webview asks for no other), complete or not at all: a
/// temporary file beside it is renamed into place.
fn write_chart_file(path: &str, extension: &str, bytes: &[u8]) -> AppResult<()> {
    use std::io::Write as _;
    let target = std::path::Path::new(path);
    let file_error = |message: String| AppError::File {
        path: path.to_string(),
        message,
    };
    if !target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
    {
        return Err(file_error(format!(
            "a chart is saved as a .{extension} file; choose a name ending in .{extension}"
        )));
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut partial = tempfile::Builder::new()
        .prefix(".qbox-chart-")
        .tempfile_in(dir)
        .map_err(|e| file_error(format!("cannot write to the folder {}: {e}", dir.display())))?;
    partial
        .write_all(bytes)
        .map_err(|e| file_error(format!("cannot write {path}: {e}")))?;
    partial
        .persist(target)
        .map_err(|e| file_error(format!("cannot write {path}: {}", e.error)))?;
    Ok(())
}
