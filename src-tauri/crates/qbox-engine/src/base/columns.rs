//! The catalog's shapes: a column with its DuckDB type, a table or view, and how DuckDB lists
//! one table's columns.

use duckdb::{params, Connection};

use crate::base::error::Result;
use crate::base::ident::quote_ident;

/// A column of a table or result, with its DuckDB type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub data_type: String,
}

/// A table or view in the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    /// `qbox` for local files' views; a connection's identifier for attached databases.
    pub database: String,
    pub schema: String,
    pub name: String,
    pub columns: Vec<Column>,
}

/// Columns of a table or view, in order; `database` None means the connection's default.
/// Asks for this one table by name (`pragma_table_info`): `duckdb_columns()` would visit every
/// attached database, and fail while a PostgreSQL server is down.
pub(crate) fn table_columns(
    conn: &Connection,
    database: Option<&str>,
    schema: &str,
    table: &str,
) -> Result<Vec<Column>> {
    let mut qualified = vec![schema, table];
    if let Some(db) = database {
        qualified.insert(0, db);
    }
    let name = qualified
        .into_iter()
        .map(quote_ident)
        .collect::<Vec<_>>()
        .join(".");
    let mut stmt = conn.prepare("SELECT name, type FROM pragma_table_info(?) ORDER BY cid")?;
    let cols = stmt
        .query_map(params![name], |r| {
            Ok(Column {
                name: r.get(0)?,
                data_type: r.get(1)?,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(cols)
}
