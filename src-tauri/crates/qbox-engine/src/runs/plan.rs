//! Query plans from DuckDB's JSON output (`EXPLAIN (FORMAT json)` and
//! `EXPLAIN (ANALYZE, FORMAT json)`) as a tree of operators with their estimated rows and, when
//! analysed, the rows each produced and the time it took.

use serde_json::{Map, Value};

/// A statement's plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// True when the statement ran (EXPLAIN ANALYZE): nodes carry actual rows and times.
    pub analyzed: bool,
    /// The whole query's time as DuckDB measured it, when analysed.
    pub total_seconds: Option<f64>,
    pub roots: Vec<PlanNode>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanNode {
    /// DuckDB's operator name (SEQ_SCAN, HASH_JOIN, ...).
    pub name: String,
    /// What DuckDB says of the operator (table, filters, projections, join condition...), by
    /// name in alphabetical order.
    pub details: Vec<(String, String)>,
    pub estimated_rows: Option<u64>,
    pub actual_rows: Option<u64>,
    /// Time spent in this operator alone, when analysed.
    pub seconds: Option<f64>,
    pub children: Vec<PlanNode>,
}

const ESTIMATE_KEY: &str = "Estimated Cardinality";

/// Reads DuckDB's JSON plan; None when `json` is not one (e.g. the text rendering of EXPLAIN).
pub fn parse_plan(json: &str) -> Option<Plan> {
    match serde_json::from_str::<Value>(json).ok()? {
        // EXPLAIN: the operators at the top, one per root.
        Value::Array(roots) => Some(Plan {
            analyzed: false,
            total_seconds: None,
            roots: roots.iter().map(node).collect::<Option<_>>()?,
        }),
        // EXPLAIN ANALYZE: the query's profile, whose first operator is EXPLAIN_ANALYZE itself.
        Value::Object(profile) => {
            let children = profile.get("children")?.as_array()?;
            let mut roots = Vec::new();
            for child in children {
                let n = node(child)?;
                if n.name == "EXPLAIN_ANALYZE" {
                    roots.extend(n.children);
                } else {
                    roots.push(n);
                }
            }
            Some(Plan {
                analyzed: true,
                total_seconds: profile.get("latency").and_then(Value::as_f64),
                roots,
            })
        }
        _ => None,
    }
}

fn node(value: &Value) -> Option<PlanNode> {
    let object = value.as_object()?;
    let name = object
        .get("operator_name")
        .or_else(|| object.get("name"))?
        .as_str()?
        .trim()
        .to_string();
    let (details, estimated_rows) = details(object.get("extra_info").and_then(Value::as_object));
    let children = match object.get("children") {
        Some(Value::Array(children)) => children.iter().map(node).collect::<Option<_>>()?,
        _ => Vec::new(),
    };
    Some(PlanNode {
        name,
        details,
        estimated_rows,
        actual_rows: object.get("operator_cardinality").and_then(Value::as_u64),
        seconds: object.get("operator_timing").and_then(Value::as_f64),
        children,
    })
}

/// The operator's details as text (lists one item per line), and its estimated rows apart.
fn details(extra: Option<&Map<String, Value>>) -> (Vec<(String, String)>, Option<u64>) {
    let mut estimate = None;
    let mut out = Vec::new();
    for (key, value) in extra.into_iter().flatten() {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join("\n"),
            other => other.to_string(),
        };
        if key == ESTIMATE_KEY {
            estimate = text.trim().trim_start_matches('~').parse().ok();
        } else {
            out.push((key.clone(), text));
        }
    }
    (out, estimate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_explain_plan() {
        let plan = parse_plan(
            r#"[{"name": "PROJECTION", "children": [{"name": "SEQ_SCAN ", "children": [],
                "extra_info": {"Table": "t", "Projections": ["a", "b"], "Estimated Cardinality": "20"}}],
                "extra_info": {}}]"#,
        )
        .unwrap();
        assert!(!plan.analyzed);
        let scan = &plan.roots[0].children[0];
        assert_eq!(scan.name, "SEQ_SCAN");
        assert_eq!(scan.estimated_rows, Some(20));
        assert_eq!(
            scan.details,
            vec![
                ("Projections".to_string(), "a\nb".to_string()),
                ("Table".to_string(), "t".to_string()),
            ]
        );
    }

    #[test]
    fn the_text_rendering_is_not_a_plan() {
        assert_eq!(parse_plan("┌───┐\n│ SEQ_SCAN │"), None);
        assert_eq!(parse_plan("{\"a\": 1}"), None);
    }
}
