//! DuckDB's parse tree of a statement (`json_serialize_sql`), for telling what a statement
//! calls without binding it: binding runs table functions' bind steps, parsing reads nothing.
//! DuckDB serializes SELECT statements only.

use duckdb::{params, Connection};
use serde_json::Value;

use crate::base::error::Result;

/// The statement's parse tree, or `None` when DuckDB cannot show it as one (not a query, or
/// not valid SQL). The text is a bound value, never part of the SQL that asks.
pub(crate) fn parse_tree(conn: &Connection, statement: &str) -> Result<Option<Value>> {
    let tree: String = conn.query_row(
        "SELECT json_serialize_sql(?::VARCHAR)",
        params![statement],
        |r| r.get(0),
    )?;
    let tree: Value = serde_json::from_str(&tree)?;
    Ok((tree["error"] == Value::Bool(false)).then(|| tree["statements"].clone()))
}

/// A table the statement reads: a table function's call, or a name in the catalog's place.
pub(crate) enum TableRef<'a> {
    /// The `function` object of a `TABLE_FUNCTION` node (`function_name`, `children`).
    Function(&'a Value),
    /// An unqualified name (DuckDB reads one that is a path with a file reader).
    Name(&'a str),
}

/// Every table the tree reads, subqueries and CTEs included.
pub(crate) fn table_refs(tree: &Value) -> Vec<TableRef<'_>> {
    let mut found = Vec::new();
    collect(tree, &mut found);
    found
}

fn collect<'a>(node: &'a Value, found: &mut Vec<TableRef<'a>>) {
    match node {
        Value::Object(map) => {
            match map.get("type").and_then(Value::as_str) {
                Some("TABLE_FUNCTION") => found.push(TableRef::Function(&map["function"])),
                Some("BASE_TABLE")
                    if map.get("catalog_name").and_then(Value::as_str) == Some("")
                        && map.get("schema_name").and_then(Value::as_str) == Some("") =>
                {
                    if let Some(name) = map.get("table_name").and_then(Value::as_str) {
                        found.push(TableRef::Name(name));
                    }
                }
                _ => {}
            }
            map.values().for_each(|v| collect(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, found)),
        _ => {}
    }
}

/// A table function's name, lower-cased.
pub(crate) fn function_name(function: &Value) -> Option<String> {
    function["function_name"].as_str().map(str::to_lowercase)
}

/// A table function's first argument when it is a string constant.
pub(crate) fn first_text_argument(function: &Value) -> Option<&str> {
    function["children"]
        .as_array()
        .and_then(|args| args.first())
        .filter(|arg| arg["class"] == "CONSTANT")
        .and_then(|arg| arg["value"]["value"].as_str())
}
