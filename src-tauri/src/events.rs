//! The workspace's changes, forwarded to the UI as one typed event so it reads again only what
//! changed, when it changed, instead of polling or re-reading after every action.

use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;
use tokio::sync::broadcast::error::RecvError;

use qbox_workspace::{QueryPart, Workspace, WorkspaceEvent};

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
    /// Part of saved query `id` changed: read that part again.
    Query {
        id: u32,
        part: QueryPartDto,
    },
    /// Some changes were missed: read everything again.
    Everything,
}

/// The parts of a saved query the UI reads apart from it.
#[derive(Debug, Clone, Copy, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum QueryPartDto {
    Selections,
    Runs,
    Versions,
    Chat,
}

impl From<QueryPart> for QueryPartDto {
    fn from(p: QueryPart) -> Self {
        match p {
            QueryPart::Selections => Self::Selections,
            QueryPart::Runs => Self::Runs,
            QueryPart::Versions => Self::Versions,
            QueryPart::Chat => Self::Chat,
        }
    }
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
            WorkspaceEvent::QueryChanged { id, part } => Self::Query {
                id: id as u32,
                part: part.into(),
            },
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
