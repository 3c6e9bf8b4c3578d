//! What changed in the workspace, announced on one stream so every view (the app's windows, the
//! coming CLI) reacts to the change instead of polling or re-reading after each action.

use tokio::sync::broadcast;

use crate::attachments::ConnectionStatus;
use crate::settings::Settings;

/// One change. Each says what to read again, not the new state, except a connection's status,
/// which is small and changes on its own (attaching runs in the background).
#[derive(Debug, Clone, PartialEq)]
pub enum WorkspaceEvent {
    /// Registered files were added, renamed, removed or checked again.
    SourcesChanged,
    /// The tables and columns a query can use may have changed (a file, a connection, DDL).
    CatalogChanged,
    ConnectionStatusChanged {
        id: i64,
        status: ConnectionStatus,
    },
    SettingsChanged(Settings),
    /// Part of saved query `id` changed, told by the operation that changed it. A selection's
    /// broken flag follows the catalog, so `CatalogChanged` also means "selections may differ".
    QueryChanged {
        id: i64,
        part: QueryPart,
    },
}

/// The parts of a saved query that are read apart from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryPart {
    /// The tables it works on.
    Selections,
    /// Its run log (a run logged, or a streamed result's row count logged once kept).
    Runs,
    /// Its SQL history.
    Versions,
    /// Its chat.
    Chat,
}

/// Events waiting for a slow subscriber before it is told it missed some (and reads it all).
const BACKLOG: usize = 256;

/// The sending side; cheap to clone into background tasks.
#[derive(Clone)]
pub(crate) struct Events {
    tx: broadcast::Sender<WorkspaceEvent>,
}

impl Default for Events {
    fn default() -> Self {
        Self {
            tx: broadcast::channel(BACKLOG).0,
        }
    }
}

impl Events {
    pub(crate) fn emit(&self, event: WorkspaceEvent) {
        tracing::debug!(?event, "workspace event");
        // No subscriber is not an error: nobody is watching yet.
        let _ = self.tx.send(event);
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<WorkspaceEvent> {
        self.tx.subscribe()
    }
}
