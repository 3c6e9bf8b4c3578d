//! Results of a script: one per statement that returns rows, bounded per run, freed when the
//! run fails.

use qbox_engine::{EngineError, StatementKind, RESULTS_PER_RUN};
use qbox_testkit::engine::engine;
use qbox_testkit::rows::decode;

#[test]
fn each_statement_that_returns_rows_keeps_its_own_result() {
    let t = engine();
    let out = t
        .engine
        .run(
            "r",
            "select 1 as a;\ncreate table t as select 5 as v;\n  select   'x' as b,\n 2 as c;\nexplain select * from t",
        )
        .unwrap();
    let summary: Vec<_> = out
        .statements
        .iter()
        .map(|s| (s.line, s.kind, s.preview.as_str(), s.result.is_some()))
        .collect();
    assert_eq!(
        summary,
        [
            (1, StatementKind::Select, "select 1 as a", true),
            (
                2,
                StatementKind::Create,
                "create table t as select 5 as v",
                false
            ),
            (3, StatementKind::Select, "select 'x' as b, 2 as c", true),
            (5, StatementKind::Explain, "explain select * from t", true),
        ]
    );
    let rows = |i: usize| {
        let info = out.statements[i].result.as_ref().unwrap();
        decode(
            &t.engine
                .results()
                .window(info.id, 0, 10, &Default::default())
                .unwrap(),
        )
    };
    assert_eq!(rows(0), [["1"]]);
    assert_eq!(rows(2), [["x", "2"]]);
    assert!(!rows(3).is_empty(), "the plan is a result too");
    assert_eq!(
        out.statements[1].rows_changed,
        Some(1),
        "CREATE ... AS reports its rows"
    );
    assert_eq!(out.results().count(), 3);
    assert_eq!(out.dropped_results, 0);
    assert!(out.statements.iter().all(|s| s.elapsed_ms >= 0.0));
}

#[test]
fn a_long_preview_is_cut() {
    let t = engine();
    let long = format!("select '{}' as x", "y".repeat(200));
    let out = t.engine.run("r", &long).unwrap();
    let preview = &out.statements[0].preview;
    assert_eq!(preview.chars().count(), 61, "{preview}");
    assert!(preview.ends_with('…'));
}

#[test]
fn a_run_keeps_the_latest_results_only() {
    let t = engine();
    let script: String = (0..RESULTS_PER_RUN + 5)
        .map(|i| format!("select {i} as n;\n"))
        .collect();
    let out = t.engine.run("r", &script).unwrap();
    assert_eq!(out.dropped_results, 5);
    assert!(out.statements[..5].iter().all(|s| s.result.is_none()));
    let kept: Vec<_> = out.results().collect();
    assert_eq!(kept.len(), RESULTS_PER_RUN);
    let first = decode(
        &t.engine
            .results()
            .window(kept[0].id, 0, 1, &Default::default())
            .unwrap(),
    );
    assert_eq!(first, [["5"]]);
}

#[test]
fn a_failed_run_frees_the_results_it_made() {
    let t = engine();
    // Counted outside a run: a run's own result table may already be in the catalog its
    // query reads.
    let count = || {
        t.engine
            .text_column(
                "select count(*)::varchar from duckdb_tables() where database_name = 'qbox_results'",
            )
            .unwrap()
    };
    let before = count();
    let err = t
        .engine
        .run("r", "select 1;\nselect 2;\nselect * from no_such_table")
        .unwrap_err();
    assert!(matches!(err, EngineError::Sql(_)), "{err:?}");
    assert_eq!(count(), before, "no result table left behind");
}

#[test]
fn a_value_comes_whole_with_json_for_nested_and_json_types() {
    let t = engine();
    let long = "x".repeat(100_000);
    let info = t
        .engine
        .run(
            "v",
            &format!(
                "select '{long}' as txt, {{'a': [1, 2], 'b': {{'c': null}}}} as st, \
                 '{{\"k\": [true, 1.5]}}'::json as js, [map {{'m': 1}}] as l, null::int[] as none"
            ),
        )
        .unwrap()
        .into_result()
        .unwrap();
    let view = qbox_engine::ResultView::default();
    let txt = t.engine.results().cell_value(info.id, &view, 0, 0).unwrap();
    assert_eq!(txt.text.as_deref(), Some(long.as_str()));
    assert_eq!(txt.json, None);
    let st = t.engine.results().cell_value(info.id, &view, 0, 1).unwrap();
    assert_eq!(st.json.as_deref(), Some(r#"{"a":[1,2],"b":{"c":null}}"#));
    assert_eq!(st.text.as_deref(), Some("{'a': [1, 2], 'b': {'c': NULL}}"));
    let js = t.engine.results().cell_value(info.id, &view, 0, 2).unwrap();
    assert_eq!(js.data_type, "JSON");
    assert_eq!(js.json.as_deref(), Some(r#"{"k":[true,1.5]}"#));
    let l = t.engine.results().cell_value(info.id, &view, 0, 3).unwrap();
    assert_eq!(l.json.as_deref(), Some(r#"[{"m":1}]"#));
    let none = t.engine.results().cell_value(info.id, &view, 0, 4).unwrap();
    assert_eq!((none.text, none.json), (None, None));
    let err = t
        .engine
        .results()
        .cell_value(info.id, &view, 1, 0)
        .unwrap_err();
    assert!(err.to_string().contains("no row 2"), "{err}");
}

#[test]
fn a_commands_columns_carry_duckdbs_own_type_names() {
    // RETURNING rows come back as a command's result; their headers must name each type as
    // DuckDB's DESCRIBE of the table does, nested and parameterised types included.
    let t = engine();
    t.engine
        .run(
            "make",
            "create type mood as enum ('sad', 'it''s ok', 'happy');\n\
             create table every_type (b boolean, ti tinyint, h hugeint, uh uhugeint, ub ubigint, f float, \
             d decimal(18,3), v varchar, bl blob, bt bit, u uuid, iv interval, dt date, tm time, \
             ttz timetz, ts timestamp, tss timestamp_s, tsm timestamp_ms, tsn timestamp_ns, tz timestamptz, \
             l integer[], a varchar[3], m map(varchar, double[]), s struct(x integer, \"Y z\" varchar[]), \
             un union(n integer, t varchar), e mood, j json, bn bignum)",
        )
        .unwrap();
    let out = t
        .engine
        .run(
            "insert",
            "insert into every_type (b, v) values (true, 'x') returning *",
        )
        .unwrap();
    let info = out.into_result().expect("RETURNING rows");
    let described = t.first_column("select column_type from (describe every_type)");
    let shown: Vec<String> = info.columns.iter().map(|c| c.data_type.clone()).collect();
    assert_eq!(shown, described);
}
