//! Large inputs: a big CSV registers at once and aggregates at DuckDB's own speed (the ratio
//! against DuckDB alone, in this process, is printed), and a folder of 1,000 Parquet files is
//! one table. The data is generated here and removed with the test's folder. `npm test` uses a
//! 500 MB file; `npm run soak` sets `QBOX_LARGE_CSV_MB=5000`.

use std::time::Instant;

use qbox_testkit::workspace::{config, rows};
use qbox_workspace::{AddOutcome, Workspace};

fn megabytes() -> u64 {
    std::env::var("QBOX_LARGE_CSV_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

const AGGREGATE: &str = "SELECT k, count(*), sum(v), max(note) FROM {from} GROUP BY k ORDER BY k";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_csv_registers_at_once_and_aggregates_at_duckdbs_speed() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let path = dir.path().join("big.csv");
    // About 45 bytes a row.
    let rows_wanted = megabytes() * 1_000_000 / 45;
    let started = Instant::now();
    ws.run(
        "gen".into(),
        format!(
            "COPY (SELECT i % 100 AS k, i AS v, 'note number ' || (i % 977) || ' of the large file' AS note \
             FROM range({rows_wanted}) t(i)) TO '{}' (HEADER)",
            path.display()
        ),
    )
    .await
    .unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    let generated = started.elapsed();

    let started = Instant::now();
    let outcome = ws.add_path(&path, None).await.unwrap();
    let registered = started.elapsed();
    let AddOutcome::Added { source, .. } = outcome else {
        panic!("not added: {outcome:?}");
    };
    let view = source.view_name;

    // DuckDB alone, in this process, over the same file; rounds interleaved with QBox's.
    let plain = duckdb::Connection::open_in_memory().unwrap();
    let direct = AGGREGATE.replace("{from}", &format!("read_csv('{}')", path.display()));
    let through_qbox = AGGREGATE.replace("{from}", &view);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let mut answers = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let t = Instant::now();
        answers.0 = rows(&ws, &through_qbox).await;
        ours.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let mut stmt = plain.prepare(&direct).unwrap();
        answers.1 = stmt
            .query_map([], |r| {
                Ok(vec![
                    r.get::<_, i64>(0)?.to_string(),
                    r.get::<_, i64>(1)?.to_string(),
                    r.get::<_, i128>(2)?.to_string(),
                    r.get::<_, String>(3)?,
                ])
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        theirs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    assert_eq!(answers.0, answers.1, "QBox and DuckDB disagree");
    assert_eq!(answers.0.len(), 100);
    let total: u64 = answers.0.iter().map(|r| r[1].parse::<u64>().unwrap()).sum();
    assert_eq!(total, rows_wanted);
    let (ours, theirs) = (median(ours), median(theirs));
    println!(
        "large CSV: {:.0} MB, {rows_wanted} rows (generated in {:.1} s); registered in {} ms; \
         GROUP BY through QBox {ours:.0} ms, DuckDB alone {theirs:.0} ms (median of 3): ratio {:.2}",
        size as f64 / 1e6,
        generated.as_secs_f64(),
        registered.as_millis(),
        ours / theirs
    );
    // Generous bounds on a shared machine; the figures above are the measurement.
    assert!(
        registered.as_secs_f64() < 10.0,
        "registering took {registered:?}"
    );
    assert!(
        ours / theirs < 3.0,
        "QBox took {ours:.0} ms, DuckDB {theirs:.0} ms"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_of_a_thousand_parquet_files_is_one_table() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let folder = dir.path().join("parts");
    std::fs::create_dir(&folder).unwrap();
    let script: String = (0..1000)
        .map(|i| {
            format!(
                "COPY (SELECT {i} AS part, j AS v FROM range(100) t(j)) TO '{}' (FORMAT parquet);\n",
                folder.join(format!("part-{i:04}.parquet")).display()
            )
        })
        .collect();
    ws.run("gen".into(), script).await.unwrap();
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1000);

    let started = Instant::now();
    let outcome = ws.add_path(&folder, None).await.unwrap();
    let registered = started.elapsed();
    let AddOutcome::Added { source, .. } = outcome else {
        panic!("not added: {outcome:?}");
    };
    let started = Instant::now();
    let counted = rows(
        &ws,
        &format!(
            "SELECT count(*), count(DISTINCT part), sum(v) FROM {}",
            source.view_name
        ),
    )
    .await;
    let queried = started.elapsed();
    assert_eq!(counted, vec![vec!["100000", "1000", "4950000"]]);
    println!(
        "1,000 Parquet files: registered as one table in {} ms, counted in {} ms",
        registered.as_millis(),
        queried.as_millis()
    );
}
