//! What the workspace knows of each connection's attachment while the app runs: its status
//! (announced as it changes) and the lock that keeps two attachments of it from overlapping.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use qbox_engine::{ConnectionFailure, EngineError};

use crate::error::WorkspaceError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionStatus {
    Connecting,
    Attached,
    /// The attachment failed: why (for the form to point at a field) and what to tell the user.
    Failed {
        reason: ConnectionFailure,
        message: String,
    },
}

impl ConnectionStatus {
    pub(crate) fn failed(e: &WorkspaceError) -> Self {
        let reason = match e {
            WorkspaceError::Engine(EngineError::Connection { reason, .. }) => *reason,
            _ => ConnectionFailure::Other,
        };
        Self::Failed {
            reason,
            message: e.to_string(),
        }
    }
}

pub(crate) type Statuses = Arc<Mutex<HashMap<i64, ConnectionStatus>>>;

/// One lock per connection: two attachments of one connection at once (the start-up pass and a
/// save, an edit and a query's re-attach) would replace each other's secret and attachment
/// half-way, and the loser's clean-up would drop what the winner had just made.
pub(crate) type AttachLocks = Arc<Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>>;

/// The error for a script that needs a connection that could not be attached again.
pub(crate) fn lost_error(lost: &[(String, String, String)], sql: &str) -> WorkspaceError {
    let lower = sql.to_lowercase();
    let named: Vec<&(String, String, String)> = lost
        .iter()
        .filter(|(_, ident, _)| lower.contains(&format!("{ident}.")))
        .collect();
    let list = if named.is_empty() {
        lost.iter().collect()
    } else {
        named
    };
    let what = list
        .iter()
        .map(|(name, ident, why)| format!("the connection {name:?} ({ident}) was lost: {why}"))
        .collect::<Vec<_>>()
        .join("; ");
    WorkspaceError::Engine(qbox_engine::EngineError::Connection {
        reason: qbox_engine::ConnectionFailure::HostUnreachable,
        message: format!(
            "{what}. It is attached again by the next query that uses it, or when you edit it"
        ),
    })
}
