//! Checking SQL without running it: DuckDB parses and binds each statement against the live
//! catalog, so an unknown table, column or function, or a type error, is found before anyone
//! runs the statement. This is how the assistant's suggestions are checked.

use crate::engine::Engine;
use crate::error::{EngineError, Result, SqlError};
use crate::split::split_statements;
use crate::statement::StatementKind;

impl Engine {
    /// The kind of each statement of `sql`, in order, or DuckDB's error for the first one that
    /// does not bind. Nothing is executed. Statements are bound one by one on one connection, so
    /// a statement that needs an object an earlier one would create does not bind.
    pub fn check_sql(&self, sql: &str) -> Result<Vec<StatementKind>> {
        let spans = split_statements(&self.db, sql).map_err(EngineError::Sql)?;
        if spans.is_empty() {
            return Err(EngineError::invalid_input("there is no SQL statement"));
        }
        let conn = self.db.connect_raw()?;
        spans
            .iter()
            .map(|span| {
                conn.prepare(span.text(sql)).map(|p| p.kind()).map_err(|e| {
                    EngineError::Sql(SqlError::from_duckdb(&e.message, sql, span.range.start))
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::{Engine, EngineConfig, StatementKind};

    #[test]
    fn statements_are_bound_without_running_and_typed_by_duckdb() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(EngineConfig::new(dir.path())).unwrap();
        for (sql, kind) in [
            ("SELECT 42", StatementKind::Select),
            ("CREATE TABLE t (x INTEGER)", StatementKind::Create),
            ("CREATE TABLE t AS SELECT 1 AS x", StatementKind::Create),
            (
                "DELETE FROM qbox_results.main.nothing",
                StatementKind::Delete,
            ),
        ] {
            match engine.check_sql(sql) {
                Ok(kinds) => assert_eq!(kinds, [kind], "{sql}"),
                Err(e) => println!("{sql}: {e}"),
            }
        }
        assert!(engine.check_sql("CREATE TABLE t (x INTEGER)").is_ok());
        let e = engine.check_sql("SELECT 1; SELECT * FROM t").unwrap_err();
        assert!(
            e.to_string().contains("Table with name t does not exist"),
            "nothing ran: {e}"
        );
    }
}
