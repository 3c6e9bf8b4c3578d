use serde::Deserialize;
use specta::Type;

#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum UiLogLevel {
    Error,
    Warn,
    Info,
}

/// Writes a line from the UI into the app's log file, beside the Rust side's lines.
#[tauri::command]
#[specta::specta]
pub fn log_ui(level: UiLogLevel, message: String) {
    // Bounded so a runaway UI cannot fill the disk through one call.
    let message: String = message.chars().take(4000).collect();
    match level {
        UiLogLevel::Error => tracing::error!(target: "ui", "{message}"),
        UiLogLevel::Warn => tracing::warn!(target: "ui", "{message}"),
        UiLogLevel::Info => tracing::info!(target: "ui", "{message}"),
    }
}
