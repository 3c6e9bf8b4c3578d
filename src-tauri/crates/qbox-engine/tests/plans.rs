//! Plans of `EXPLAIN (FORMAT json)` and `EXPLAIN (ANALYZE, FORMAT json)` as operator trees.

use qbox_engine::{PlanNode, StatementKind};
use qbox_testkit::engine::engine;

fn find<'a>(node: &'a PlanNode, name: &str) -> Option<&'a PlanNode> {
    if node.name == name {
        return Some(node);
    }
    node.children.iter().find_map(|c| find(c, name))
}

const SETUP: &str = "create table sales as select range as id, range % 7 as shop, range * 1.5 as amount from range(100000);";
const QUERY: &str = "select shop, sum(amount) from sales where id > 10 group by shop order by 2";

#[test]
fn explain_gives_a_tree_with_estimates() {
    let t = engine();
    t.engine.run("setup", SETUP).unwrap();
    let out = t
        .engine
        .run("plan", &format!("EXPLAIN (FORMAT json) {QUERY}"))
        .unwrap();
    let step = &out.statements[0];
    assert_eq!(step.kind, StatementKind::Explain);
    let plan = step.plan.as_ref().expect("a plan");
    assert!(!plan.analyzed);
    assert_eq!(plan.roots.len(), 1);
    let scan = find(&plan.roots[0], "SEQ_SCAN").expect("a scan");
    assert!(scan.children.is_empty());
    assert!(scan
        .details
        .iter()
        .any(|(k, v)| k == "Table" && v.contains("sales")));
    assert!(
        scan.details
            .iter()
            .any(|(k, v)| k == "Filters" && v.contains("id>10")),
        "{:?}",
        scan.details
    );
    assert!(scan.estimated_rows.is_some_and(|n| n > 0));
    assert_eq!(scan.actual_rows, None);
    assert!(find(&plan.roots[0], "ORDER_BY").is_some());
    // The raw output stays browsable as a result too.
    assert!(step.result.is_some());
}

#[test]
fn explain_analyze_gives_actual_rows_and_times() {
    let t = engine();
    t.engine.run("setup", SETUP).unwrap();
    let out = t
        .engine
        .run("plan", &format!("EXPLAIN (ANALYZE, FORMAT json) {QUERY}"))
        .unwrap();
    let plan = out.statements[0].plan.as_ref().expect("a plan");
    assert!(plan.analyzed);
    assert!(plan.total_seconds.is_some_and(|s| s > 0.0));
    let root = &plan.roots[0];
    assert_ne!(root.name, "EXPLAIN_ANALYZE");
    assert_eq!(root.actual_rows, Some(7), "seven shops");
    let scan = find(root, "SEQ_SCAN")
        .or_else(|| find(root, "TABLE_SCAN"))
        .expect("a scan");
    assert_eq!(scan.actual_rows, Some(99_989));
    let mut times = Vec::new();
    fn collect(n: &PlanNode, out: &mut Vec<f64>) {
        out.push(n.seconds.expect("every operator is timed"));
        n.children.iter().for_each(|c| collect(c, out));
    }
    collect(root, &mut times);
    assert!(times.iter().any(|&s| s > 0.0));
}

#[test]
fn the_text_explain_has_no_tree() {
    let t = engine();
    let out = t.engine.run("plan", "EXPLAIN SELECT 42").unwrap();
    assert_eq!(out.statements[0].kind, StatementKind::Explain);
    assert!(out.statements[0].plan.is_none());
    assert!(out.statements[0].result.is_some());
}
