//! The port the assistant reads the data through: DuckDB's check of a statement and the live
//! catalog, answered by the workspace. This crate knows neither the engine nor the store.

use std::future::Future;

use serde::{Deserialize, Serialize};

use crate::context::TableContext;

/// What the workspace answers for the assistant: DuckDB's check of a statement and the live
/// catalog. Implemented over the real engine; never returns result rows.
pub trait Grounding: Send + Sync {
    /// Parses and binds `sql` without running it.
    fn check_sql(&self, sql: &str) -> impl Future<Output = SqlCheck> + Send;
    fn describe_table(
        &self,
        name: &str,
    ) -> impl Future<Output = Result<TableContext, String>> + Send;
    /// Table names as SQL writes them; `filter` is a case-insensitive substring.
    fn list_tables(&self, filter: Option<&str>) -> impl Future<Output = Vec<String>> + Send;
    fn sample_values(
        &self,
        table: &str,
        column: &str,
    ) -> impl Future<Output = Result<Vec<String>, String>> + Send;
    /// The catalog tables `sql` mentions, with their columns (for a repair request).
    fn tables_named_in(&self, sql: &str) -> impl Future<Output = Vec<TableContext>> + Send;
}

/// DuckDB's verdict on a suggestion, bound where it can reach nothing but the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum SqlCheck {
    /// It binds. `kind` is DuckDB's statement type; `changes_data` when it does anything but
    /// read the catalog's tables (it then never runs without the user's confirmation), and
    /// `effects` says what, in words.
    #[serde(rename_all = "camelCase")]
    Valid {
        kind: String,
        changes_data: bool,
        #[serde(default)]
        effects: Vec<String>,
    },
    /// It could not be bound without reaching beyond the catalog (a file, a URL, a server), so
    /// it was not checked; `effects` says what it reaches. It runs only after a confirmation.
    Outside {
        effects: Vec<String>,
    },
    Invalid {
        error: String,
    },
}

impl SqlCheck {
    /// DuckDB bound it against the catalog.
    pub fn is_valid(&self) -> bool {
        matches!(self, SqlCheck::Valid { .. })
    }
}
