//! `postgres_execute` sends its text to the server as it is, so a read-only attachment does not
//! stop it: `SELECT * FROM postgres_execute('shop', 'COMMIT; DROP TABLE orders')` ends the
//! read-only transaction first. QBox refuses such a call on a connection without *Allow
//! writes* before DuckDB sees the statement.

use duckdb::{params, Connection};

use crate::base::error::{EngineError, Result};
use crate::duck::parse_tree::{
    first_text_argument, function_name, parse_tree, table_refs, TableRef,
};

const FUNCTION: &str = "postgres_execute";

/// Whether `statement` may call `postgres_execute` (its name is in the text): only then does
/// [`refuse_writes_to_read_only`] need a look, so the common case costs one scan of the text.
pub(crate) fn mentions_server_writes(statement: &str) -> bool {
    statement.to_ascii_lowercase().contains(FUNCTION)
}

/// Refuses `statement` when it calls `postgres_execute` on a read-only attachment, or in a
/// way QBox cannot tell the target of (the database named by an expression, or inside a
/// statement DuckDB cannot show as a query).
pub(crate) fn refuse_writes_to_read_only(conn: &Connection, statement: &str) -> Result<()> {
    let as_query = match call_target(statement) {
        Some(call) => format!("SELECT * FROM {call}"),
        None => statement.to_string(),
    };
    let Some(tree) = parse_tree(conn, &as_query)? else {
        return Err(refusal(
            "QBox cannot tell which connection it writes to in a statement of this kind",
        ));
    };
    let targets = table_refs(&tree)
        .into_iter()
        .filter_map(|table| match table {
            TableRef::Function(f) if function_name(f).as_deref() == Some(FUNCTION) => {
                Some(first_text_argument(f))
            }
            _ => None,
        });
    for target in targets {
        let Some(database) = target else {
            return Err(refusal(
                "its connection must be written as a plain string for QBox to check it",
            ));
        };
        let read_only: Option<bool> = conn
            .query_row(
                "SELECT readonly FROM duckdb_databases() WHERE lower(database_name) = lower(?)",
                params![database],
                |r| r.get(0),
            )
            .ok();
        if read_only == Some(true) {
            return Err(EngineError::invalid_input(format!(
                "{FUNCTION} on {database} is refused: the connection is read-only. Turn on \
                 Allow writes in its settings to send statements that change the server"
            )));
        }
    }
    Ok(())
}

fn refusal(why: &str) -> EngineError {
    EngineError::invalid_input(format!("{FUNCTION} is refused: {why}"))
}

/// The function call of a `CALL f(...)` statement (DuckDB shows only queries as a tree; a
/// CALL is the same call as a table function). Comments before the keyword are skipped.
fn call_target(statement: &str) -> Option<&str> {
    let mut rest = statement.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else {
            break;
        }
    }
    let keyword = rest.get(..4)?;
    let after = &rest[4..];
    (keyword.eq_ignore_ascii_case("call") && after.starts_with(|c: char| c.is_whitespace()))
        .then_some(after)
}

#[cfg(test)]
mod tests {
    use super::call_target;

    #[test]
    fn a_call_is_read_past_comments() {
        assert_eq!(call_target("CALL f(1)"), Some(" f(1)"));
        assert_eq!(call_target("-- x\n /* y */ call\nf()"), Some("\nf()"));
        assert_eq!(call_target("SELECT 1"), None);
        assert_eq!(call_target("CALLf()"), None);
    }
}
