//! Checking SQL without running it, where it can reach nothing but the catalog: the engine
//! builds a [`Sandbox`] from the catalog's shapes, and DuckDB binds each statement there. This
//! is how the assistant's suggestions and its `validate_sql` tool are checked. Also the
//! splitting of a script into statements by DuckDB's parser.

use crate::base::columns::TableInfo;
use crate::base::error::{EngineError, Result};
use crate::duck::split::{split_statements, StatementSpan};
use crate::engine::Engine;
use crate::sandbox::Sandbox;

impl Engine {
    /// A sandbox holding the shapes of `tables` (the catalog as the caller read it), with the
    /// local database's name as the live database has it.
    pub fn sandbox(&self, tables: &[TableInfo]) -> Result<Sandbox> {
        let local: String = self
            .connection()?
            .query_row("SELECT current_database()", [], |r| r.get(0))?;
        Sandbox::build(&local, tables)
    }

    /// Splits a script into statements with DuckDB's parser (for "run statement at cursor").
    pub fn split(&self, script: &str) -> Result<Vec<StatementSpan>> {
        split_statements(&self.db, script).map_err(EngineError::Sql)
    }
}
