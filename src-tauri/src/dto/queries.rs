//! Saved queries on the wire: the query, its SQL versions, ticked tables and run log.

use serde::Serialize;
use specta::Type;

use super::wire;

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct QueryDto {
    pub id: u32,
    pub name: String,
    pub sql: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub updated_at: String,
}

impl From<qbox_workspace::Query> for QueryDto {
    fn from(q: qbox_workspace::Query) -> Self {
        Self {
            id: q.id as u32,
            name: q.name,
            sql: q.sql,
            created_at: q.created_at,
            updated_at: q.updated_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SqlVersionDto {
    pub id: u32,
    pub sql: String,
    pub created_at: String,
}

impl From<qbox_workspace::SqlVersion> for SqlVersionDto {
    fn from(v: qbox_workspace::SqlVersion) -> Self {
        Self {
            id: v.id as u32,
            sql: v.sql,
            created_at: v.created_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SelectionDto {
    pub id: u32,
    pub qualified_name: String,
    /// Its source was removed or its table no longer exists.
    pub broken: bool,
}

impl From<qbox_workspace::QuerySelection> for SelectionDto {
    fn from(s: qbox_workspace::QuerySelection) -> Self {
        Self {
            id: s.id as u32,
            qualified_name: s.qualified_name,
            broken: s.broken,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct QueryRunDto {
    pub id: u32,
    pub sql: String,
    pub started_at: String,
    pub duration_ms: f64,
    pub row_count: Option<u32>,
    pub error: Option<String>,
}

impl From<qbox_workspace::QueryRun> for QueryRunDto {
    fn from(r: qbox_workspace::QueryRun) -> Self {
        Self {
            id: r.id as u32,
            sql: r.sql,
            started_at: r.started_at,
            duration_ms: r.duration_ms,
            row_count: r.row_count.map(|n| wire(n.max(0) as u64)),
            error: r.error,
        }
    }
}
