//! The workspace's changes, forwarded to the UI as one typed event so it reads again only what
//! changed, when it changed, instead of polling or re-reading after every action.

use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;
use tokio::sync::broadcast::error::RecvError;

use qbox_workspace::{Workspace, WorkspaceEvent};

use crate::dto::{ConnectionStatusDto, SettingsDto};

#[derive(Debug, Clone, Serialize, Type, Event)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum WorkspaceChanged {
    /// Registered files changed: list them again.
    Sources,
    /// The tables and columns a query can use may have changed: read the catalog again.
    Catalog,
    ConnectionStatus {
        id: u32,
        status: ConnectionStatusDto,
    },
    Settings {
        settings: SettingsDto,
    },
    /// Some changes were missed: read everything again.
    Everything,
}

impl From<WorkspaceEvent> for WorkspaceChanged {
    fn from(e: WorkspaceEvent) -> Self {
        match e {
            WorkspaceEvent::SourcesChanged => Self::Sources,
            WorkspaceEvent::CatalogChanged => Self::Catalog,
            WorkspaceEvent::ConnectionStatusChanged { id, status } => Self::ConnectionStatus {
                id: id as u32,
                status: status.into(),
            },
            WorkspaceEvent::SettingsChanged(s) => Self::Settings { settings: s.into() },
        }
    }
}

/// Forwards every workspace event to the app's windows until the workspace closes.
pub fn forward<R: Runtime>(app: AppHandle<R>, workspace: &Workspace) {
    let mut events = workspace.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let event = match events.recv().await {
                Ok(e) => WorkspaceChanged::from(e),
                Err(RecvError::Lagged(missed)) => {
                    tracing::debug!(missed, "the UI missed workspace events");
                    WorkspaceChanged::Everything
                }
                Err(RecvError::Closed) => break,
            };
            if let Err(e) = event.emit(&app) {
                tracing::warn!("cannot send a workspace event to the UI: {e}");
            }
        }
    });
}
