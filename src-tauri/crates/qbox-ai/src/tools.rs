//! The tools a model that supports them may call: list and describe tables, validate SQL, and
//! (only when the user allowed it for the query) a few distinct values of a column. Answers are
//! schema and DuckDB's messages, never result rows.

use serde::Deserialize;
use serde_json::json;

use crate::grounding::{Grounding, SqlCheck};
use crate::wire::{WireFunction, WireTool};

/// Most names one `list_tables` answer carries.
const LIST_LIMIT: usize = 200;

pub(crate) fn definitions(samples: bool) -> Vec<WireTool> {
    let mut tools = vec![
        tool(
            "list_tables",
            "Lists tables and views by name, as SQL must write them. Optional filter: a case-insensitive substring.",
            json!({"type":"object","properties":{"filter":{"type":"string"}}}),
        ),
        tool(
            "describe_table",
            "The columns of one table with DuckDB types, keys, nullability and an estimated row count.",
            json!({"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}),
        ),
        tool(
            "validate_sql",
            "Parses and binds one SQL statement in DuckDB against the live catalog without running it; returns OK with the statement type, or DuckDB's error.",
            json!({"type":"object","properties":{"sql":{"type":"string"}},"required":["sql"]}),
        ),
    ];
    if samples {
        tools.push(tool(
            "sample_values",
            "A few distinct non-null values of one column.",
            json!({"type":"object","properties":{"table":{"type":"string"},"column":{"type":"string"}},"required":["table","column"]}),
        ));
    }
    tools
}

fn tool(name: &'static str, description: &'static str, parameters: serde_json::Value) -> WireTool {
    WireTool {
        kind: "function",
        function: WireFunction {
            name,
            description,
            parameters,
        },
    }
}

#[derive(Deserialize, Default)]
struct Args {
    #[serde(default)]
    filter: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    sql: Option<String>,
    #[serde(default)]
    table: Option<String>,
    #[serde(default)]
    column: Option<String>,
}

/// Answers one call; a call the model got wrong gets an answer saying so, for the model to fix.
pub(crate) async fn answer(
    grounding: &impl Grounding,
    name: &str,
    arguments: &str,
    samples: bool,
) -> String {
    let args: Args = match serde_json::from_str(if arguments.trim().is_empty() {
        "{}"
    } else {
        arguments
    }) {
        Ok(a) => a,
        Err(e) => return format!("error: the arguments are not valid JSON ({e})"),
    };
    match name {
        "list_tables" => {
            let names = grounding.list_tables(args.filter.as_deref()).await;
            if names.is_empty() {
                return "no tables match".into();
            }
            let shown = names.len().min(LIST_LIMIT);
            let mut out = names[..shown].join("\n");
            if names.len() > shown {
                out.push_str(&format!(
                    "\n... and {} more; pass a filter to narrow the list",
                    names.len() - shown
                ));
            }
            out
        }
        "describe_table" => match args.name {
            Some(n) => match grounding.describe_table(&n).await {
                Ok(t) => t.describe(),
                Err(e) => format!("error: {e}"),
            },
            None => "error: pass the table's name".into(),
        },
        "validate_sql" => match args.sql {
            Some(sql) => match grounding.check_sql(&sql).await {
                SqlCheck::Valid { kind, effects, .. } if effects.is_empty() => {
                    format!("OK ({kind})")
                }
                SqlCheck::Valid { kind, effects, .. } => {
                    format!("OK ({kind}); it {}", effects.join("; "))
                }
                SqlCheck::Outside { effects } => format!(
                    "not checked: it {}; QBox checks SQL against the catalog's tables only",
                    effects.join("; ")
                ),
                SqlCheck::Invalid { error } => format!("error: {error}"),
            },
            None => "error: pass the SQL".into(),
        },
        "sample_values" if samples => match (args.table, args.column) {
            (Some(t), Some(c)) => match grounding.sample_values(&t, &c).await {
                Ok(values) => values.join("\n"),
                Err(e) => format!("error: {e}"),
            },
            _ => "error: pass the table and the column".into(),
        },
        other => format!("error: there is no tool named {other}"),
    }
}

/// One line for the chat: which tool ran, on what.
pub(crate) fn summary(name: &str, arguments: &str) -> String {
    let args: Args = serde_json::from_str(arguments).unwrap_or_default();
    let on = args
        .name
        .or(args.filter)
        .or(match (args.table, args.column) {
            (Some(t), Some(c)) => Some(format!("{t}.{c}")),
            _ => None,
        })
        .or(args.sql.map(|s| s.chars().take(60).collect()));
    match on {
        Some(on) => format!("{name} {on}"),
        None => name.to_string(),
    }
}
