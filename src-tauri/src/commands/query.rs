use std::path::PathBuf;

use tauri::ipc::{Channel, InvokeResponseBody, IpcResponse, Response};
use tauri::State;

use qbox_workspace::RunListener;

use crate::dto::{
    ExportFormatDto, ExportProgressDto, ExportSummaryDto, RunEventDto, RunOutputDto, SpanDto,
    ViewDto,
};
use crate::error::AppResult;
use crate::AppState;

/// Runs a script; each statement's rows stay in DuckDB and are read with `result_window`.
/// `run_id` is chosen by the caller so that `cancel_query` can name the run while it is going.
/// How the run goes arrives on `on_event`: each statement, its progress while it takes long,
/// and the rows of a result still streaming in after this returns, until its last one.
#[tauri::command]
#[specta::specta]
pub async fn run_query(
    state: State<'_, AppState>,
    run_id: String,
    sql: String,
    on_event: Channel<RunEventDto>,
) -> AppResult<RunOutputDto> {
    Ok(state
        .workspace
        .run_watched(run_id, sql, run_listener(on_event))
        .await?
        .into())
}

/// Tells a run's events on its channel; the channel ends (and the webview forgets it) when
/// the run and its streaming result are done with the listener.
pub(crate) fn run_listener(on_event: Channel<RunEventDto>) -> RunListener {
    RunListener::new(move |event| {
        // A closed window drops the channel; the run goes on regardless.
        let _ = on_event.send(event.into());
    })
}

/// Interrupts a run. True when the run was going; a cancel that comes first still stops it.
#[tauri::command]
#[specta::specta]
pub fn cancel_query(state: State<'_, AppState>, run_id: String) -> bool {
    state.workspace.cancel(&run_id)
}

/// Rows `[offset, offset + limit)` of a result as `view` shows it, as Arrow IPC stream bytes.
#[tauri::command]
#[specta::specta]
pub async fn result_window(
    state: State<'_, AppState>,
    result_id: u32,
    offset: u32,
    limit: u32,
    view: ViewDto,
) -> AppResult<ArrowBytes> {
    let bytes = state
        .workspace
        .window(result_id.into(), offset.into(), limit.into(), view.into())
        .await?;
    Ok(ArrowBytes(Response::new(bytes)))
}

/// How many rows `view` of a result shows. DuckDB computes the view over the whole result here,
/// so the windows read after it come quickly.
#[tauri::command]
#[specta::specta]
pub async fn result_view_rows(
    state: State<'_, AppState>,
    result_id: u32,
    view: ViewDto,
) -> AppResult<u32> {
    let rows = state
        .workspace
        .view_rows(result_id.into(), view.into())
        .await?;
    Ok(crate::dto::wire(rows))
}

/// Writes the whole result as the grid shows it (its order and filters) to `path` through
/// DuckDB's COPY. Progress (0..=1) arrives on `on_progress`; `cancel_export` with the same id
/// stops it, and a stopped or failed export leaves no file behind (an existing file at `path`
/// stays as it was).
#[tauri::command]
#[specta::specta]
pub async fn export_result(
    state: State<'_, AppState>,
    export_id: String,
    result_id: u32,
    view: ViewDto,
    path: String,
    format: ExportFormatDto,
    on_progress: Channel<ExportProgressDto>,
) -> AppResult<ExportSummaryDto> {
    let summary = state
        .workspace
        .export(
            export_id,
            result_id.into(),
            view.into(),
            PathBuf::from(path),
            format.into(),
            move |fraction| {
                // A closed window drops the channel; the export finishes regardless.
                let _ = on_progress.send(ExportProgressDto { fraction });
            },
        )
        .await?;
    Ok(summary.into())
}

/// Stops an export; true when it was going.
#[tauri::command]
#[specta::specta]
pub fn cancel_export(state: State<'_, AppState>, export_id: String) -> bool {
    state.workspace.cancel(&export_id)
}

/// Frees a result that the UI no longer shows.
#[tauri::command]
#[specta::specta]
pub async fn close_result(state: State<'_, AppState>, result_id: u32) -> AppResult<()> {
    Ok(state.workspace.close_result(result_id.into()).await?)
}

/// Raw bytes over IPC (an `ArrayBuffer` in the webview), never a JSON array of numbers.
pub struct ArrowBytes(Response);

impl IpcResponse for ArrowBytes {
    fn body(self) -> tauri::Result<InvokeResponseBody> {
        self.0.body()
    }
}

impl specta::Type for ArrowBytes {
    fn definition(_: &mut specta::Types) -> specta::datatype::DataType {
        specta::datatype::DataType::Reference(specta_typescript::define("ArrayBuffer"))
    }
}

/// Where each statement of a script starts and ends (UTF-16 offsets, as the editor counts),
/// found by DuckDB's parser; for "run the statement under the cursor".
#[tauri::command]
#[specta::specta]
pub async fn statement_spans(state: State<'_, AppState>, sql: String) -> AppResult<Vec<SpanDto>> {
    let spans = state.workspace.split(sql.clone()).await?;
    Ok(spans
        .into_iter()
        .map(|s| SpanDto {
            start: utf16_offset(&sql, s.range.start),
            end: utf16_offset(&sql, s.range.end),
        })
        .collect())
}

fn utf16_offset(text: &str, byte: usize) -> u32 {
    text[..byte].encode_utf16().count() as u32
}
