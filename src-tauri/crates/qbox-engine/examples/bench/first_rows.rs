//! The benchmark's first-rows part: for each shape of query (a scan, a 1% filter, a join, a
//! sort with LIMIT, an aggregate) over the Parquet file and the CSV, the time from a run's
//! start to the grid's first window in hand, against the DuckDB CLI running the same query under
//! `LIMIT 500` (it stops as soon as it has them) and against the same DuckDB build streaming the
//! query in this process (the first 2,048 rows DuckDB itself hands a streaming reader, its
//! order kept).
//! Then the whole result kept against DuckDB's own `CREATE TABLE … AS` of the same query.

use std::path::Path;
use std::time::Instant;

use qbox_engine::Engine;

use super::{cli_time, median};

const ROUNDS: usize = 5;

/// The shapes, as SQL over `{src}`.
const SHAPES: [(&str, &str); 5] = [
    ("scan", "SELECT * FROM {src}"),
    ("1% filter", "SELECT * FROM {src} WHERE k % 100 = 7"),
    (
        "join with a 1,000-row table",
        "SELECT s.*, g.label FROM {src} s JOIN (SELECT range AS g, 'group ' || range AS label FROM range(1000)) g ON s.k % 1000 = g.g",
    ),
    ("sort with LIMIT 1000", "SELECT * FROM {src} ORDER BY v DESC, id LIMIT 1000"),
    (
        "aggregate (100 groups)",
        "SELECT k % 100 AS g, count(*) AS n, sum(v) AS s, max(name) AS m FROM {src} GROUP BY g ORDER BY g",
    ),
];

pub fn run(cli: &Path, engine: &Engine, sources: &[(&str, String)]) {
    println!();
    println!("| first window (500 rows) in hand, median of {ROUNDS} interleaved rounds | QBox run + window | CLI, `LIMIT 500` | ratio | goal | DuckDB's own stream, first 2,048 rows (same build) | QBox above that |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (label, src) in sources {
        for (shape, template) in SHAPES {
            let sql = template.replace("{src}", src);
            let (mut qbox, mut limit, mut stream) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..ROUNDS {
                limit.push(cli_time(
                    cli,
                    &[],
                    &format!("SELECT * FROM ({sql}) LIMIT 500"),
                ));
                qbox.push(first_window(engine, &sql));
                stream.push(streamed_first_rows(&sql));
            }
            let (qbox, limit, stream) = (median(qbox), median(limit), median(stream));
            println!(
                "| {shape} over {label} | {qbox:.1} ms | {limit:.1} ms | {:.2} | ≤ 1.5 | {stream:.1} ms | {:+.1} ms |",
                qbox / limit,
                qbox - stream
            );
        }
    }
}

/// A run until its first window is in hand (the rest of the result is then let go).
fn first_window(engine: &Engine, sql: &str) -> f64 {
    let started = Instant::now();
    let out = engine.run("bench-first-rows", sql).unwrap();
    let info = out.into_result().unwrap();
    engine
        .results()
        .window(info.id, 0, 500, &Default::default())
        .unwrap();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    engine.results().close_result(info.id).unwrap();
    ms
}

/// The same DuckDB build streaming `sql`: the time until its first 2,048 rows (or all of
/// them, when fewer), what a run reads before it returns. DuckDB hands a filter's first rows
/// in chunks of a few dozen, all within a millisecond of each other.
fn streamed_first_rows(sql: &str) -> f64 {
    let conn = duckdb::Connection::open_in_memory().unwrap();
    let started = Instant::now();
    let mut stmt = conn.prepare(sql).unwrap();
    let mut rows = 0;
    for batch in stmt.stream_arrow([]).unwrap() {
        rows += batch.num_rows();
        if rows >= 2048 {
            break;
        }
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    std::hint::black_box(rows);
    ms
}

/// The whole result of `SELECT *` kept, against DuckDB's own `CREATE TABLE … AS` of it into a
/// database file (results are kept in one), in alternating rounds.
pub fn whole_kept(engine: &Engine, sources: &[(&str, String)]) {
    println!();
    println!("| whole result kept, best of 3 alternating rounds | QBox | `CREATE TABLE … AS` (file) | ratio | goal |");
    println!("| --- | --- | --- | --- | --- |");
    for (label, src) in sources {
        let sql = format!("SELECT * FROM {src}");
        let scratch = tempfile::tempdir().unwrap();
        let (mut whole_ms, mut ctas_ms, mut rows) = (f64::INFINITY, f64::INFINITY, 0);
        for round in 0..3 {
            let started = Instant::now();
            let out = engine.run("bench-whole", &sql).unwrap();
            let id = out.into_result().unwrap().id;
            let whole = engine.results().wait_for_result(id).unwrap();
            whole_ms = whole_ms.min(started.elapsed().as_secs_f64() * 1000.0);
            assert!(
                whole.complete && !whole.capped,
                "the bench keeps whole results"
            );
            rows = whole.row_count;
            engine.results().close_result(id).unwrap();
            let db = duckdb::Connection::open(scratch.path().join(format!("ctas{round}.duckdb")))
                .unwrap();
            let t = Instant::now();
            db.execute_batch(&format!("CREATE TABLE r AS {sql}"))
                .unwrap();
            ctas_ms = ctas_ms.min(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "| SELECT * over {label} ({rows} rows) | {whole_ms:.0} ms | {ctas_ms:.0} ms | {:.2} | ≤ 1.1 |",
            whole_ms / ctas_ms
        );
    }
}
