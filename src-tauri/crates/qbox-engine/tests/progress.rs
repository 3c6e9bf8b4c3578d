//! Progress of a running script, told as it goes: which statement, DuckDB's own counter for
//! it and the rows per second, a few times a second.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use qbox_engine::{RunEvent, RunListener, RunProgress, PROGRESS_EVERY};
use qbox_testkit::engine::engine;

#[test]
fn a_long_statement_tells_its_progress_while_it_runs() {
    let t = engine();
    let heard = Arc::new(Mutex::new(Vec::new()));
    let into = heard.clone();
    let started = Instant::now();
    let listener = RunListener::new(move |e| into.lock().unwrap().push((started.elapsed(), e)));
    let out = t
        .engine
        .run_watched(
            "long",
            "create temp table big as select range as x from range(30000000);\n\
             select count(*) from big where md5(x::varchar) like '%ab%'",
            &listener,
        )
        .unwrap();
    assert_eq!(out.statements.len(), 2);
    assert!(t.engine.run_progress("long").is_none(), "the run is over");
    let heard = heard.lock().unwrap().clone();
    let started: Vec<_> = heard
        .iter()
        .filter_map(|(_, e)| match e {
            RunEvent::StatementStarted {
                statement,
                statements,
            } => Some((*statement, *statements)),
            _ => None,
        })
        .collect();
    assert_eq!(started, [(1, 2), (2, 2)]);
    // Readings while the second statement (the scan) ran, with DuckDB's fraction.
    let scan: Vec<(std::time::Duration, &RunProgress, Option<f64>)> = heard
        .iter()
        .filter_map(|(at, e)| match e {
            RunEvent::Progress {
                progress,
                rows_per_second,
            } if progress.statement == 2 && progress.fraction.is_some() => {
                Some((*at, progress, *rows_per_second))
            }
            _ => None,
        })
        .collect();
    assert!(scan.len() >= 3, "{heard:?}");
    let (first, last) = (scan[0].1, scan[scan.len() - 1].1);
    eprintln!(
        "{} readings of the scan; first / last: {first:?} / {last:?}",
        scan.len()
    );
    // The counter moves forward, counts rows against the total, and gives a rate.
    assert!(last.fraction > first.fraction, "{first:?} / {last:?}");
    assert!(last.rows_processed > first.rows_processed);
    assert!(last.rows_processed <= last.total_rows);
    assert!(
        scan.iter()
            .any(|(_, _, rate)| rate.is_some_and(|r| r > 0.0)),
        "{scan:?}"
    );
    // Told at the ticker's pace, never faster.
    let closest = scan
        .windows(2)
        .map(|w| w[1].0 - w[0].0)
        .min()
        .unwrap_or_default();
    assert!(
        closest >= PROGRESS_EVERY / 2,
        "{closest:?} between two readings"
    );
}

#[test]
fn a_quick_run_tells_its_statements_and_no_progress() {
    let t = engine();
    let heard = Arc::new(Mutex::new(Vec::new()));
    let into = heard.clone();
    let listener = RunListener::new(move |e| into.lock().unwrap().push(e));
    t.engine
        .run_watched("quick", "select 1; select 2", &listener)
        .unwrap();
    assert_eq!(
        *heard.lock().unwrap(),
        [
            RunEvent::StatementStarted {
                statement: 1,
                statements: 2
            },
            RunEvent::StatementStarted {
                statement: 2,
                statements: 2
            },
        ]
    );
}
