//! Runs: statement splitting, results, windows, sorting, types, cancel.

use std::time::{Duration, Instant};

use qbox_engine::{EngineError, ResultView, SortKey, StatementKind};
use qbox_testkit::engine::{engine, engine_with_cap};
use qbox_testkit::rows::decode;

#[test]
fn statements_are_split_by_duckdbs_parser() {
    let t = engine();
    let script = "select 'a;b' as s; -- c;d\nselect \"x;y\" from (select 1 as \"x;y\");\n/* ; */ select $$;$$ ;  ";
    let spans = t.engine.split(script).unwrap();
    let texts: Vec<&str> = spans.iter().map(|s| s.text(script)).collect();
    assert_eq!(
        texts,
        [
            "select 'a;b' as s",
            "-- c;d\nselect \"x;y\" from (select 1 as \"x;y\")",
            "/* ; */ select $$;$$"
        ]
    );
    assert!(t.engine.split("  -- only a comment\n").unwrap().is_empty());
}

#[test]
fn statements_report_what_they_did() {
    let t = engine();
    let out = t
        .engine
        .run("r", "create table t as select range as i from range(5);\ninsert into t values (10), (11);\nselect sum(i) as total from t")
        .unwrap();
    let kinds: Vec<_> = out
        .statements
        .iter()
        .map(|s| (s.kind, s.line, s.rows_changed))
        .collect();
    assert_eq!(
        kinds,
        [
            (StatementKind::Create, 1, Some(5)),
            (StatementKind::Insert, 2, Some(2)),
            (StatementKind::Select, 3, None)
        ]
    );
    assert!(out.statements[..2].iter().all(|s| s.result.is_none()));
    let info = out.into_result().unwrap();
    assert_eq!(info.columns[0].name, "total");
    assert_eq!(
        decode(
            &t.engine
                .results()
                .window(info.id, 0, 10, &Default::default())
                .unwrap()
        ),
        [["31"]]
    );

    let dml = t.engine.run("r", "delete from t where i > 3").unwrap();
    assert!(dml.result().is_none());
    assert_eq!(dml.statements[0].rows_changed, Some(3));

    let explain = t.engine.run("r", "explain select 1").unwrap();
    let info = explain.into_result().unwrap();
    assert!(!decode(
        &t.engine
            .results()
            .window(info.id, 0, 10, &Default::default())
            .unwrap()
    )
    .is_empty());
}

#[test]
fn statements_are_classified_by_duckdb_not_by_their_first_word() {
    let t = engine();
    let script = "create table k(i int);\n\
        /* load */ with v as (select 1 as i) insert into k select i from v;\n\
        (select 2);\n\
        from k;\n\
        describe k;\n\
        with d as (select 1) delete from k where i = 1 returning i;\n\
        set threads = 2;\n\
        pragma version;\n\
        copy k to '/dev/null' (format csv);\n\
        explain from k;\n\
        -- a comment first\nvalues (1)";
    let out = t.engine.run("r", script).unwrap();
    let kinds: Vec<_> = out
        .statements
        .iter()
        .map(|s| (s.kind, s.rows_changed))
        .collect();
    use StatementKind::*;
    assert_eq!(
        kinds,
        [
            (Create, None),
            (Insert, Some(1)),
            (Select, None),
            (Select, None),
            (Select, None),
            (Delete, None),
            (Set, None),
            // DuckDB rewrites a PRAGMA that reads into a query.
            (Select, None),
            (Copy, Some(0)),
            (Explain, None),
            (Select, None),
        ]
    );
    assert!(!Select.may_change_catalog() && !Explain.may_change_catalog());
    assert!(
        Insert.may_change_catalog() && Attach.may_change_catalog() && Call.may_change_catalog()
    );

    // The last statement's kind decides its path: a WITH ... INSERT reports rows, a
    // RETURNING keeps them, a FROM-first query is stored as a result table.
    let report = t
        .engine
        .run(
            "r",
            "with v as (select 5 as i) insert into k select i from v",
        )
        .unwrap();
    assert!(report.result().is_none());
    assert_eq!(report.statements[0].rows_changed, Some(1));
    let returning = t
        .engine
        .run(
            "r",
            "insert into k values (6), (7) returning i * 10 as tens",
        )
        .unwrap();
    let info = returning.into_result().unwrap();
    assert_eq!(info.columns[0].name, "tens");
    assert_eq!(
        decode(
            &t.engine
                .results()
                .window(info.id, 0, 10, &Default::default())
                .unwrap()
        ),
        [["60"], ["70"]]
    );
    let query = t.engine.run("r", "from k order by i").unwrap();
    let info = query.into_result().unwrap();
    assert_eq!(info.row_count, 3);
    assert_eq!(info.columns[0].data_type, "INTEGER");
}

#[test]
fn a_script_keeps_its_connection_state() {
    // Temporary tables and settings belong to the run's connection; the last query sees them.
    let t = engine();
    let out = t
        .engine
        .run(
            "r",
            "create temp table scratch as select 41 as n;\nset variable bump = 1;\nselect n + getvariable('bump') as n from scratch",
        )
        .unwrap();
    let info = out.into_result().unwrap();
    assert_eq!(
        decode(
            &t.engine
                .results()
                .window(info.id, 0, 1, &Default::default())
                .unwrap()
        ),
        [["42"]]
    );
}

#[test]
fn a_pivot_without_an_in_list_runs_as_duckdb_expands_it() {
    // DuckDB makes two statements of it (an ENUM of the pivoted values, then the query).
    let t = engine();
    let pivot = "pivot (select * from (values ('north', 2024, 3), ('south', 2024, 7), ('south', 2025, 5)) s(region, year, amount)) on region using sum(amount) order by year";
    assert_eq!(t.rows(pivot), [["2024", "3", "7"], ["2025", "NULL", "5"]]);
    // In a script, between other statements, and twice on one connection.
    let out = t
        .engine
        .run("r", &format!("select 1;\n{pivot};\n{pivot}"))
        .unwrap();
    assert_eq!(out.statements.len(), 3);
    let info = out.into_result().unwrap();
    assert_eq!(info.columns.len(), 3);
    // A mistake in it is still DuckDB's error, with its line.
    let err = t
        .engine
        .run("r", "select 1;\npivot (select 1 as a) on nope using sum(a)")
        .unwrap_err();
    assert!(err.to_string().contains("nope"), "{err}");
}

#[test]
fn errors_point_at_their_line() {
    let t = engine();
    let err = t
        .engine
        .run("r", "select 1;\nselect 2;\nselec 3")
        .unwrap_err();
    match err {
        EngineError::Sql(e) => {
            assert!(e.message.contains("syntax error"), "{}", e.message);
            assert_eq!(e.line, Some(3));
            assert_eq!(e.column, Some(1));
        }
        other => panic!("{other:?}"),
    }
    let err = t
        .engine
        .run("r", "select 1;\nselect * from missing_table")
        .unwrap_err();
    match err {
        EngineError::Sql(e) => assert!(e.message.contains("missing_table"), "{}", e.message),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        t.engine.run("r", "  "),
        Err(EngineError::InvalidInput(_))
    ));
}

#[test]
fn empty_results_and_duplicate_column_names() {
    let t = engine();
    let out = t
        .engine
        .run("r", "select range as n from range(10) where false")
        .unwrap();
    let info = out.into_result().unwrap();
    assert_eq!(info.row_count, 0);
    assert_eq!(info.columns[0].name, "n");
    assert!(decode(
        &t.engine
            .results()
            .window(info.id, 0, 100, &Default::default())
            .unwrap()
    )
    .is_empty());

    let out = t.engine.run("r", "select 1 a, 2 a").unwrap();
    let info = out.into_result().unwrap();
    assert_eq!(
        info.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["a", "a"]
    );
    assert_eq!(
        decode(
            &t.engine
                .results()
                .window(info.id, 0, 1, &Default::default())
                .unwrap()
        ),
        [["1", "2"]]
    );
}

#[test]
fn values_are_rendered_faithfully() {
    let t = engine();
    let rows = t.rows(
        "select 12345678901234567890.1234567890::DECIMAL(38,10) as d,
                170141183460469231731687303715884105727::HUGEINT as h,
                '\\x00\\xFFab'::BLOB as b,
                [1, 2, NULL] as l,
                {'k': 'v', 'n': 1} as s,
                MAP {'a': 1} as m,
                INTERVAL 1 YEAR + INTERVAL 2 DAY + INTERVAL 3 SECOND as i,
                TIMESTAMPTZ '2024-05-06 07:08:09.123456+00' as tz,
                9007199254740993::BIGINT as big,
                NULL::INTEGER as nothing",
    );
    assert_eq!(
        rows,
        [[
            "12345678901234567890.1234567890",
            "170141183460469231731687303715884105727",
            "\\x00\\xFFab",
            "[1, 2, NULL]",
            "{'k': v, 'n': 1}",
            "{a=1}",
            "1 year 2 days 00:00:03",
            "2024-05-06 07:08:09.123456+00",
            "9007199254740993",
            "NULL"
        ]]
    );
}

#[test]
fn windows_over_ten_million_rows_and_sorting() {
    let t = engine();
    let started = Instant::now();
    let out = t
        .engine
        .run(
            "big",
            "select range as i, (range * 7919) % 1000003 as k from range(10000000)",
        )
        .unwrap();
    // The run returns with its first rows kept; the rest are stored behind them.
    let info = t
        .engine
        .results()
        .wait_for_result(out.into_result().unwrap().id)
        .unwrap();
    assert_eq!(info.row_count, 10_000_000);
    assert!(!info.capped);
    eprintln!("10M-row result kept in {:?}", started.elapsed());

    let first = decode(
        &t.engine
            .results()
            .window(info.id, 0, 3, &Default::default())
            .unwrap(),
    );
    assert_eq!(first, [["0", "0"], ["1", "7919"], ["2", "15838"]]);
    let middle = decode(
        &t.engine
            .results()
            .window(info.id, 5_000_000, 2, &Default::default())
            .unwrap(),
    );
    assert_eq!(middle[0][0], "5000000");
    assert_eq!(
        middle[0][1],
        ((5_000_000u64 * 7919) % 1_000_003).to_string()
    );
    let last = decode(
        &t.engine
            .results()
            .window(info.id, 9_999_998, 100, &Default::default())
            .unwrap(),
    );
    assert_eq!(last.len(), 2);
    assert_eq!(last[1][0], "9999999");

    // Sorting orders the whole result, not the visible window.
    let desc = SortKey {
        column: 1,
        descending: true,
    };
    let top = decode(
        &t.engine
            .results()
            .window(info.id, 0, 2, &ResultView::sorted_by(desc))
            .unwrap(),
    );
    assert_eq!(top[0][1], "1000002");
    let asc = SortKey {
        column: 1,
        descending: false,
    };
    let bottom = decode(
        &t.engine
            .results()
            .window(info.id, 0, 1, &ResultView::sorted_by(asc))
            .unwrap(),
    );
    assert_eq!(bottom[0][1], "0");
    let tail = decode(
        &t.engine
            .results()
            .window(info.id, 9_999_999, 1, &ResultView::sorted_by(asc))
            .unwrap(),
    );
    assert_eq!(tail[0][1], "1000002");

    t.engine.results().close_result(info.id).unwrap();
    assert!(matches!(
        t.engine
            .results()
            .window(info.id, 0, 1, &Default::default()),
        Err(EngineError::UnknownResult(_))
    ));
}

#[test]
fn the_row_cap_bounds_what_is_kept() {
    let t = engine_with_cap(1000);
    let info = t
        .engine
        .run("r", "select range from range(5000)")
        .unwrap()
        .into_result()
        .unwrap();
    assert_eq!(info.row_count, 1000);
    assert!(info.capped);
    let exact = t
        .engine
        .run("r", "select range from range(1000)")
        .unwrap()
        .into_result()
        .unwrap();
    assert!(!exact.capped);
    assert_eq!(exact.row_count, 1000);
}

#[test]
fn cancel_interrupts_a_long_query() {
    let t = engine();
    let engine = &t.engine;
    std::thread::scope(|s| {
        let run = s.spawn(|| {
            let started = Instant::now();
            let r = engine.run(
                "long",
                "select sum(a.range * b.range) from range(1000000) a, range(1000000) b",
            );
            (r, started.elapsed())
        });
        std::thread::sleep(Duration::from_millis(500));
        let asked = Instant::now();
        assert!(engine.cancel("long"));
        let (result, total) = run.join().unwrap();
        assert!(matches!(result, Err(EngineError::Cancelled)), "{result:?}");
        eprintln!("cancel took {:?} (run lasted {:?})", asked.elapsed(), total);
    });
    // The engine stays usable, and a cancel before the run starts still stops it.
    assert!(!engine.cancel("early"));
    assert!(matches!(
        engine.run("early", "select 1"),
        Err(EngineError::Cancelled)
    ));
    assert!(engine.run("after", "select 1").is_ok());
}

#[test]
fn secrets_typed_in_sql_stay_in_the_data_folder_and_community_extensions_are_off() {
    let t = engine();
    t.engine
        .run(
            "r",
            "CREATE PERSISTENT SECRET typed (TYPE s3, KEY_ID 'k', SECRET 'typed-secret')",
        )
        .unwrap();
    let dir = t.engine.data_dir().join("duckdb-secrets");
    let written: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(
        written.len(),
        1,
        "the persistent secret is written in {dir:?}"
    );
    assert_eq!(
        t.rows("SELECT current_setting('allow_community_extensions')::VARCHAR"),
        [["false"]]
    );
    // Once off, SQL cannot turn it back on.
    assert!(t
        .engine
        .run("r", "SET allow_community_extensions = true")
        .is_err());
}
