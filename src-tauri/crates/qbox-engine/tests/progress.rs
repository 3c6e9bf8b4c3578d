//! Progress of a running script: which statement, and DuckDB's own counter for it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use qbox_testkit::engine::engine;

#[test]
fn a_long_statement_reports_its_progress_while_it_runs() {
    let t = Arc::new(engine());
    let runner = t.clone();
    let worker = std::thread::spawn(move || {
        runner.engine.run(
            "long",
            "create temp table big as select range as x from range(30000000);\n\
             select count(*) from big where md5(x::varchar) like '%ab%'",
        )
    });
    let started = Instant::now();
    let mut seen = Vec::new();
    while !worker.is_finished() {
        if let Some(p) = t.engine.run_progress("long") {
            seen.push((started.elapsed(), p));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = worker.join().unwrap().unwrap();
    assert_eq!(out.statements.len(), 2);
    // Readings while the second statement (the scan) ran, with DuckDB's fraction.
    let with_fraction: Vec<_> = seen
        .iter()
        .filter(|(_, p)| p.statement == 2 && p.statements == 2 && p.fraction.is_some())
        .collect();
    assert!(with_fraction.len() >= 3, "{seen:?}");
    eprintln!(
        "{} readings of the scan with a fraction over {:?}",
        with_fraction.len(),
        started.elapsed()
    );
    // The counter moves forward, and counts rows against the total.
    let first = &with_fraction[0].1;
    let last = &with_fraction[with_fraction.len() - 1].1;
    eprintln!("first / last reading: {first:?} / {last:?}");
    assert!(last.fraction > first.fraction, "{first:?} / {last:?}");
    assert!(last.rows_processed > first.rows_processed);
    assert!(last.rows_processed <= last.total_rows);
    // The largest gap between readings that had a fraction, once the first came.
    let gaps = with_fraction
        .windows(2)
        .map(|w| w[1].0 - w[0].0)
        .max()
        .unwrap_or_default();
    eprintln!("largest gap between progress readings: {gaps:?}");
    assert!(t.engine.run_progress("long").is_none(), "the run is over");
}
