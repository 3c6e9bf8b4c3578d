//! A query's rows are streamed into its result: the run returns with the first rows kept, the
//! rest are stored behind them, and the kept result is the query's own, in order and typed.

use std::time::{Duration, Instant};

use arrow::compute::concat_batches;
use arrow::ipc::reader::StreamReader;
use arrow::record_batch::RecordBatch;
use qbox_engine::{ResultView, SortKey, StreamEnd};
use qbox_testkit::engine::{engine, engine_with_cap};
use qbox_testkit::rows::decode;

fn count(t: &qbox_testkit::engine::TestEngine, sql: &str) -> i64 {
    t.rows(sql)[0][0].parse().unwrap()
}

#[test]
fn a_large_result_shows_its_first_rows_before_the_rest_is_kept() {
    let t = engine();
    let started = Instant::now();
    let out = t
        .engine
        .run(
            "big",
            "select range as i, range * 3 as j, 'row ' || range as s from range(5000000)",
        )
        .unwrap();
    let returned = started.elapsed();
    let info = out.into_result().unwrap();
    assert!(!info.complete, "the run returned before every row was kept");
    assert!(info.row_count > 0 && info.row_count < 5_000_000, "{info:?}");
    let first = decode(
        &t.engine
            .results()
            .window(info.id, 0, 3, &ResultView::default())
            .unwrap(),
    );
    assert_eq!(
        first,
        [
            ["0", "0", "row 0"],
            ["1", "3", "row 1"],
            ["2", "6", "row 2"]
        ]
    );
    let first_window = started.elapsed();
    // A window past what is kept waits for its own rows.
    let late = decode(
        &t.engine
            .results()
            .window(info.id, 4_999_998, 5, &ResultView::default())
            .unwrap(),
    );
    assert_eq!(
        late,
        [
            ["4999998", "14999994", "row 4999998"],
            ["4999999", "14999997", "row 4999999"]
        ]
    );
    let whole = t.engine.results().wait_for_result(info.id).unwrap();
    let kept = started.elapsed();
    assert_eq!(whole.row_count, 5_000_000);
    assert!(whole.complete && !whole.capped);
    assert_eq!(
        t.engine.results().result_status(info.id).unwrap().end,
        Some(StreamEnd::Complete)
    );
    // Every row in its place: the stored row number is the query's own.
    let table = format!("qbox_results.main.r_{}", info.id);
    assert_eq!(
        count(&t, &format!("select count(*) from {table} where i <> rowid or j <> 3 * rowid or s <> 'row ' || rowid")),
        0
    );
    eprintln!("run returned after {returned:?}, first window {first_window:?}, all kept {kept:?}");
}

/// A table with a column of every type DuckDB has, 6,000 rows.
fn make_every_type(t: &qbox_testkit::engine::TestEngine) {
    t.engine
        .run(
            "make",
            "create type mood as enum ('sad', 'it''s ok', 'happy');\n\
             create table every_type as select (range % 2 = 0) b, (range % 100)::tinyint ti, \
             range::hugeint * 17014118346046923173168730371588410 h, \
             range::uhugeint * 34028236692093846346337460743176821::uhugeint uh, range::ubigint ub, \
             (range / 7)::float f, (range / 7)::decimal(18,3) d, 'v' || range v, \
             ('\\x00\\xFF' || range)::blob bl, '10101'::bit bt, uuid() u, \
             to_days(range::int) + interval 3 second iv, date '2024-01-01' + range::int dt, \
             time '01:02:03' tm, '01:02:03+05'::timetz ttz, timestamp '2024-01-01' + to_seconds(range) ts, \
             '2024-01-01 01:02:03'::timestamp_s tss, '2024-01-01 01:02:03.123'::timestamp_ms tsm, \
             '2024-01-01 01:02:03.123456789'::timestamp_ns tsn, '2024-01-01 01:02:03+00'::timestamptz tz, \
             [range::int, null] l, ['a', 'b', range::varchar]::varchar[3] a, \
             map {'k': [range / 2]} m, {'x': range::int, 'Y z': ['q']} s, \
             union_value(n := range::int)::union(n integer, t varchar) un, \
             (['sad', 'it''s ok', 'happy'])[range % 3 + 1]::mood e, ('{\"k\": ' || range || '}')::json j, \
             (range * 1000000000000000000000000000000)::bignum bn \
             from range(6000)",
        )
        .unwrap();
}

#[test]
fn every_type_streams_with_its_type_and_its_values() {
    let t = engine();
    make_every_type(&t);
    // Streamed in (kept on disk), and small enough to end within its first chunk (in memory).
    for (source, rows, database) in [
        ("every_type", 6000, "qbox_results"),
        ("(from every_type limit 1500)", 1500, "qbox_results_memory"),
    ] {
        let out = t
            .engine
            .run("read", &format!("select * from {source}"))
            .unwrap();
        let info = t
            .engine
            .results()
            .wait_for_result(out.into_result().unwrap().id)
            .unwrap();
        let status = t.engine.results().result_status(info.id).unwrap();
        assert_eq!(status.end, Some(StreamEnd::Complete));
        assert_eq!(info.row_count, rows);
        let in_table = |t: &qbox_testkit::engine::TestEngine| {
            t.first_column(&format!(
                "select database_name from duckdb_tables() where table_name = 'r_{}'",
                info.id
            ))
        };
        if database == "qbox_results_memory" {
            // A small result is held as it came until something needs its table.
            assert!(in_table(&t).is_empty(), "no table yet");
            t.engine
                .results()
                .view_rows(
                    info.id,
                    &ResultView::sorted_by(SortKey {
                        column: 4,
                        descending: false,
                    }),
                )
                .unwrap();
        }
        let kept_in = t.first_column(&format!(
            "select database_name from duckdb_tables() where table_name = 'r_{}'",
            info.id
        ));
        assert_eq!(kept_in, [database]);
        let described = t.first_column("select column_type from (describe every_type)");
        let shown: Vec<String> = info.columns.iter().map(|c| c.data_type.clone()).collect();
        assert_eq!(shown, described);
        // The same values, row for row and column by column (as DuckDB's text of each).
        let table = format!("{database}.main.r_{}", info.id);
        let names = t.first_column("select column_name from (describe every_type)");
        let differing: Vec<&String> = names
            .iter()
            .filter(|name| {
                count(
                    &t,
                    &format!(
                        "with a as (select row_number() over () n, \"{name}\"::varchar x from {source}), \
                         b as (select row_number() over () n, \"{name}\"::varchar x from {table}) \
                         select count(*) from a full join b using (n) where a.x is distinct from b.x"
                    ),
                ) > 0
            })
            .collect();
        assert!(
            differing.is_empty(),
            "{source}: columns whose values changed: {differing:?}"
        );
        let sample = t.rows(&format!(
            "select concat_ws('|', *columns(*)) from {table} limit 1"
        ));
        assert!(
            sample[0][0].contains("|happy|") || sample[0][0].contains("|sad|"),
            "{sample:?}"
        );
    }
}

#[test]
fn cancel_keeps_the_rows_that_arrived_and_says_so() {
    let t = engine();
    let out = t
        .engine
        .run(
            "slow",
            "select range as i, md5(md5(md5(range::varchar))) as h from range(300000000)",
        )
        .unwrap();
    let info = out.into_result().unwrap();
    assert!(!info.complete);
    std::thread::sleep(Duration::from_millis(300));
    let asked = Instant::now();
    assert!(t.engine.cancel("slow"), "the stream is still the run's");
    let whole = t.engine.results().wait_for_result(info.id).unwrap();
    eprintln!(
        "stopped after {:?} with {} rows",
        asked.elapsed(),
        whole.row_count
    );
    assert!(asked.elapsed() < Duration::from_secs(2));
    let status = t.engine.results().result_status(info.id).unwrap();
    assert_eq!(status.end, Some(StreamEnd::Stopped));
    assert!(whole.row_count >= info.row_count && whole.row_count < 300_000_000);
    let last = whole.row_count - 1;
    let rows = decode(
        &t.engine
            .results()
            .window(info.id, last, 10, &ResultView::default())
            .unwrap(),
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], last.to_string());
    assert!(t.engine.run_progress("slow").is_none(), "the run is over");
}

#[test]
fn closing_a_result_while_it_streams_stops_it_and_frees_its_table() {
    let t = engine();
    let out = t
        .engine
        .run(
            "slow",
            "select range as i, md5(md5(range::varchar)) as h from range(300000000)",
        )
        .unwrap();
    let info = out.into_result().unwrap();
    let asked = Instant::now();
    t.engine.results().close_result(info.id).unwrap();
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "{:?}",
        asked.elapsed()
    );
    let left = count(
        &t,
        &format!(
            "select count(*) from duckdb_tables() where database_name = 'qbox_results' and table_name = 'r_{}'",
            info.id
        ),
    );
    assert_eq!(left, 0);
}

#[test]
fn a_failure_after_the_first_rows_keeps_them_and_says_why() {
    let t = engine();
    let out = t
        .engine
        .run(
            "fails",
            "select case when range < 150000 then range else error('row ' || range || ' is bad') end as i \
             from range(200000)",
        )
        .unwrap();
    let info = t
        .engine
        .results()
        .wait_for_result(out.into_result().unwrap().id)
        .unwrap();
    let status = t.engine.results().result_status(info.id).unwrap();
    match status.end {
        Some(StreamEnd::Failed(message)) => assert!(message.contains("is bad"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(info.row_count > 0 && info.row_count <= 150_000, "{info:?}");
    // What was kept is the query's first rows.
    let rows = decode(
        &t.engine
            .results()
            .window(info.id, 0, 2, &ResultView::default())
            .unwrap(),
    );
    assert_eq!(rows, [["0"], ["1"]]);
}

#[test]
fn a_statement_before_the_last_is_kept_whole_and_the_cap_holds_past_the_first_rows() {
    let t = engine_with_cap(100_000);
    let out = t
        .engine
        .run(
            "script",
            "select range as i from range(250000);\nselect 'x' as done;",
        )
        .unwrap();
    let first = out.results().next().unwrap().clone();
    assert!(first.complete);
    assert_eq!(first.row_count, 100_000);
    assert!(first.capped);
    let last = decode(
        &t.engine
            .results()
            .window(first.id, 99_999, 5, &ResultView::default())
            .unwrap(),
    );
    assert_eq!(last, [["99999"]]);
    let exact = t
        .engine
        .run("exact", "select range as i from range(100000)")
        .unwrap()
        .into_result()
        .unwrap();
    let exact = t.engine.results().wait_for_result(exact.id).unwrap();
    assert_eq!((exact.row_count, exact.capped), (100_000, false));
}

#[test]
fn a_users_own_type_is_stored_as_the_type_it_stands_for() {
    // The scratch database has no `pt`; the result table is made from the struct it names.
    let t = engine();
    let out = t
        .engine
        .run(
            "own",
            "create type pt as struct(x integer);\nselect {'x': range::int}::pt as p from range(3000)",
        )
        .unwrap();
    let info = t
        .engine
        .results()
        .wait_for_result(out.into_result().unwrap().id)
        .unwrap();
    assert_eq!(info.row_count, 3000);
    let rows = decode(
        &t.engine
            .results()
            .window(info.id, 2999, 1, &ResultView::default())
            .unwrap(),
    );
    assert_eq!(rows, [["{'x': 2999}"]]);
}

#[test]
fn a_small_result_that_comes_at_once_is_kept_whole_before_the_run_returns() {
    let t = engine();
    // 5,000 sorted rows are all there once the sort is done: more than a chunk, kept whole
    // (in memory) rather than streamed into a table behind the first 2,048.
    let info = t
        .engine
        .run(
            "sorted",
            "select range as i from range(5000) order by i desc",
        )
        .unwrap()
        .into_result()
        .unwrap();
    assert!(info.complete && info.row_count == 5000, "{info:?}");
    let last = decode(
        &t.engine
            .results()
            .window(info.id, 4998, 5, &ResultView::default())
            .unwrap(),
    );
    assert_eq!(last, [["1"], ["0"]]);
}

/// The batches of a window, as one.
fn window_batch(t: &qbox_testkit::engine::TestEngine, id: u64, view: &ResultView) -> RecordBatch {
    let bytes = t.engine.results().window(id, 0, 10_000, view).unwrap();
    let reader = StreamReader::try_new(std::io::Cursor::new(bytes), None).unwrap();
    let schema = reader.schema();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    concat_batches(&schema, &batches).unwrap()
}

#[test]
fn windows_of_held_rows_are_those_the_result_table_gives() {
    let t = engine();
    make_every_type(&t);
    // Columns whose text the engine writes itself (DECIMAL, DATE), that came as text (HUGEINT,
    // BIT, TIME WITH TIME ZONE, BIGNUM, JSON, an ENUM's values) and that the grid shows natively.
    // A column of another type (an INTERVAL) leaves the window to the table: both must match it.
    for (columns, held) in [
        (
            "b, ti, h, uh, ub, f, d, v, u, dt, bt, ttz, e, j, bn, d as \"D\", -d as neg",
            true,
        ),
        ("ub, d, iv", false),
    ] {
        let out = t
            .engine
            .run(
                "held",
                &format!("select {columns} from every_type limit 2000"),
            )
            .unwrap();
        let info = out.into_result().unwrap();
        assert!(info.complete && info.row_count == 2000, "{info:?}");
        let shown = window_batch(&t, info.id, &ResultView::default());
        let tables = t.first_column(&format!(
            "select table_name from duckdb_tables() where table_name like 'r_{}%'",
            info.id
        ));
        assert_eq!(
            tables.is_empty(),
            held,
            "{columns}: the window came from the held rows: {held}"
        );
        // Sorted by `ub` (ascending already): the same rows, read from the result's table.
        let by_table = window_batch(
            &t,
            info.id,
            &ResultView::sorted_by(SortKey {
                column: if held { 4 } else { 0 },
                descending: false,
            }),
        );
        assert_eq!(shown.num_rows(), 2000);
        assert_eq!(shown, by_table, "{columns}");
    }
}

#[test]
fn dates_outside_years_one_to_9999_are_shown_as_duckdb_writes_them() {
    let t = engine();
    let info = t
        .engine
        .run(
            "dates",
            "select * from (values (date '2024-02-29'), ('infinity'::date), (date '0044-03-15' - 16500 * 365), (date '12345-01-01'), (null)) v(d)",
        )
        .unwrap()
        .into_result()
        .unwrap();
    let rows = decode(
        &t.engine
            .results()
            .window(info.id, 0, 10, &ResultView::default())
            .unwrap(),
    );
    assert_eq!(
        rows,
        [
            ["2024-02-29"],
            ["infinity"],
            ["16446-02-28 (BC)"],
            ["12345-01-01"],
            ["NULL"]
        ]
    );
}
