//! The system prompt: who the assistant is, the DuckDB dialect it writes, how to lay out SQL so
//! QBox can check it, and the schema it may use.

use crate::context::SchemaContext;

pub struct PromptInput<'a> {
    pub duckdb_version: &'a str,
    pub schema: &'a SchemaContext,
    /// The model may call the schema tools.
    pub tools: bool,
    /// `sample_values` is offered (the user allowed sample values for this query).
    pub samples: bool,
    /// The SQL the question is about: the editor's selection, else the statement under the
    /// cursor (the UI picks it; never the whole document of a script), when there is any.
    pub editor_sql: Option<&'a str>,
}

const DIALECT_NOTES: &str = "\
DuckDB dialect notes:
- Identifiers are case-insensitive; quote with double quotes only names that need it.
- String literals use single quotes; escape a quote by doubling it.
- FROM-first queries work (`FROM t SELECT a`); `SELECT * EXCLUDE (c)`, `SELECT * REPLACE (...)`,
  `GROUP BY ALL` and `ORDER BY ALL` exist.
- Dates: `date_trunc('month', ts)`, `strftime(ts, '%Y-%m')`, `ts::DATE`, intervals `INTERVAL 7 DAY`.
- Strings: `||` concatenates; `ilike`, `regexp_matches`, `string_split` are available.
- `QUALIFY` filters window functions; `LIMIT` without `OFFSET` is fine.
- Tables of attached PostgreSQL databases are `connection.schema.table` and are read through DuckDB
  (DuckDB functions apply, not PostgreSQL's).";

/// The system message for one request.
pub fn system_prompt(input: &PromptInput<'_>) -> String {
    let mut out = format!(
        "You are the SQL assistant of QBox, a desktop SQL workbench running DuckDB {}. You write, \
fix and explain DuckDB SQL for the user's data.\n\n\
Rules:\n\
- Put every SQL statement you propose in a fenced block marked ```sql, one statement per block.\n\
- Use only the tables and columns listed below (or that the tools return), written exactly as shown.\n\
- If the schema does not have what the question needs, say so instead of guessing names.\n\
- Keep explanations short. Never include result data you have not been given.\n",
        input.duckdb_version
    );
    if input.tools {
        out.push_str(
            "- Call describe_table for a table's columns when they are not listed, list_tables to \
find tables, and validate_sql to check a statement before proposing it.\n",
        );
        if input.samples {
            out.push_str("- sample_values gives a few distinct values of a column.\n");
        }
    }
    out.push('\n');
    out.push_str(DIALECT_NOTES);
    out.push_str("\n\n");
    out.push_str(&input.schema.render());
    if let Some(sql) = input.editor_sql.filter(|s| !s.trim().is_empty()) {
        out.push_str("\nThe SQL in the editor the question is about (the selection or the statement under the cursor):\n```sql\n");
        out.push_str(sql.trim());
        out.push_str("\n```\n");
    }
    out
}
