//! Copy of selected cells: each format read back (CSV by DuckDB's reader, JSON by a JSON
//! parser, INSERTs run into an empty table) gives the rows that were copied.
#![allow(clippy::single_range_in_vec_init)] // a selection of one row range is the usual case

use std::time::Instant;

use qbox_engine::{
    CellSelection, CopyFormat, EngineError, ResultInfo, ResultView, SortKey, COPY_MAX_CELLS,
};
use qbox_testkit::engine::{engine, TestEngine};

/// Values that break naive writers: separators, quotes, line breaks, NULLs, nested types.
const TRICKY: &str = "select * from (values
    (1, 'plain', 1.5::double, 12.30::decimal(10,2), date '2024-01-02', timestamp '2024-01-02 03:04:05.678',
     [1, 2], {'a': 1, 'b': 'x'}, map {'k': 2}, true, 'inf'::double, interval 3 days, '\\xAA'::blob,
     timestamptz '2024-05-06 07:08:09+02', 'e3e8b3c2-7f0c-4c57-9a3a-2b6d5f3e1a10'::uuid),
    (2, 'comma, \"quote\" and ''single''', -0.25, -1.00, null, null,
     [], {'a': null, 'b': 'y|z'}, map {}, false, 'nan'::double, interval 90 minutes, null, null, null),
    (3, E'line\\nbreak\\ttab | pipe', null, null, date '1970-01-01', timestamp '1999-12-31 23:59:59',
     null, null, null, null, null, null, '\\x00\\x01'::blob, null, null),
    (4, '', 1e300, 99999999.99, date '2099-12-31', null, [null], {'a': 3, 'b': ''}, map {'x': null},
     null, -0.0, null, '', null, null)
) t(id, txt, f, d, dt, ts, l, st, m, b, special, iv, bl, tz, u)";

fn tricky(t: &TestEngine) -> ResultInfo {
    t.engine
        .run("tricky", TRICKY)
        .unwrap()
        .into_result()
        .unwrap()
}

fn all(info: &ResultInfo) -> CellSelection {
    CellSelection {
        rows: vec![0..info.row_count],
        columns: (0..info.columns.len()).collect(),
    }
}

fn copy(t: &TestEngine, info: &ResultInfo, sel: &CellSelection, format: CopyFormat) -> String {
    t.engine
        .results()
        .copy_cells(info.id, &ResultView::default(), sel, format, true, "copied")
        .unwrap()
}

/// Rows of a query as DuckDB's text, for comparing one way of reading with another.
fn texts(t: &TestEngine, sql: &str) -> Vec<Vec<String>> {
    t.rows(sql)
}

#[test]
fn csv_and_tsv_read_back_by_duckdb_give_the_copied_rows() {
    let t = engine();
    let info = tricky(&t);
    let sel = CellSelection {
        rows: vec![0..4],
        columns: vec![0, 1, 2, 3, 4, 5, 9],
    };
    let expected = texts(
        &t,
        &format!("select id::varchar, txt, f::varchar, d::varchar, dt::varchar, ts::varchar, b::varchar from ({TRICKY})"),
    );
    for (format, delimiter) in [(CopyFormat::Csv, ","), (CopyFormat::Tsv, "\t")] {
        let text = copy(&t, &info, &sel, format);
        assert!(
            text.starts_with(&format!("id{delimiter}txt{delimiter}")),
            "{text}"
        );
        assert!(!text.ends_with('\n'));
        let file = t.write("copied.csv", &text);
        let back = texts(
            &t,
            &format!(
                "select * from read_csv('{}', delim = '{delimiter}', header = true, all_varchar = true, allow_quoted_nulls = false)",
                file.display()
            ),
        );
        // NULL is written as nothing and the empty text as "", which a reader that keeps
        // quoted empty fields (as spreadsheets do) reads back as empty text.
        assert_eq!(back, expected, "{format:?}:\n{text}");
    }
}

#[test]
fn json_parses_back_to_the_copied_values() {
    let t = engine();
    let info = tricky(&t);
    let text = copy(&t, &info, &all(&info), CopyFormat::Json);
    let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows = parsed.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1]["txt"], "comma, \"quote\" and 'single'");
    assert_eq!(rows[2]["txt"], "line\nbreak\ttab | pipe");
    assert_eq!(rows[0]["l"], serde_json::json!([1, 2]));
    assert_eq!(rows[0]["st"], serde_json::json!({"a": 1, "b": "x"}));
    assert_eq!(rows[2]["f"], serde_json::Value::Null);
    assert_eq!(rows[3]["txt"], "");
    // NaN and infinities, which DuckDB writes as JSON cannot hold them, come as text.
    assert_eq!(rows[0]["special"], "inf");
    assert_eq!(rows[1]["special"], "nan");
    assert_eq!(rows[3]["special"], -0.0);
    // Every other value is DuckDB's own JSON for it.
    let duckdb: Vec<serde_json::Value> = texts(
        &t,
        &format!("select to_json(t)::varchar from (select * exclude (special) from ({TRICKY})) t"),
    )
    .into_iter()
    .map(|r| serde_json::from_str(&r[0]).unwrap())
    .collect();
    let without_special: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.as_object_mut().unwrap().remove("special");
            r
        })
        .collect();
    assert_eq!(without_special, duckdb);
}

#[test]
fn insert_statements_recreate_the_rows_in_an_empty_table() {
    let t = engine();
    let info = tricky(&t);
    let inserts = copy(&t, &info, &all(&info), CopyFormat::Insert);
    assert!(
        inserts.starts_with("INSERT INTO \"copied\" (\"id\", \"txt\""),
        "{inserts}"
    );
    t.engine
        .run(
            "make",
            &format!("create table copied as select * from ({TRICKY}) limit 0"),
        )
        .unwrap();
    t.engine
        .run("insert", &inserts)
        .unwrap_or_else(|e| panic!("{e}\n{inserts}"));
    let differ = |a: &str, b: &str| {
        texts(
            &t,
            &format!("select count(*) from (select * from {a} except all select * from {b})"),
        )[0][0]
            .clone()
    };
    let original = format!("({TRICKY})");
    assert_eq!(differ(&original, "copied"), "0");
    assert_eq!(differ("copied", &original), "0");
    // NaN is not equal to itself in EXCEPT: check it came back as NaN, not NULL.
    assert_eq!(
        texts(&t, "select count(*) from copied where isnan(special)")[0][0],
        "1"
    );
}

#[test]
fn markdown_escapes_pipes_and_keeps_each_row_on_one_line() {
    let t = engine();
    let info = tricky(&t);
    let sel = CellSelection {
        rows: vec![1..3],
        columns: vec![0, 1, 7],
    };
    let text = copy(&t, &info, &sel, CopyFormat::Markdown);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        vec![
            "| id | txt | st |",
            "| ---: | --- | --- |",
            "| 2 | comma, \"quote\" and 'single' | {'a': NULL, 'b': y\\|z} |",
            "| 3 | line<br>break\ttab \\| pipe | NULL |",
        ]
    );
}

#[test]
fn a_copy_takes_the_rows_as_the_view_shows_them() {
    let t = engine();
    let info = t
        .engine
        .run("r", "select range as i, range % 3 as g from range(10)")
        .unwrap()
        .into_result()
        .unwrap();
    let view = ResultView::sorted_by(SortKey {
        column: 0,
        descending: true,
    });
    let sel = CellSelection {
        rows: vec![1..3, 0..1, 8..20],
        columns: vec![1, 0],
    };
    let text = t
        .engine
        .results()
        .copy_cells(info.id, &view, &sel, CopyFormat::Csv, false, "r")
        .unwrap();
    // Rows 0..3 and 8..10 of the descending order, each once, columns in the order asked.
    assert_eq!(text, "0,9\n2,8\n1,7\n1,1\n0,0");
    let one = CellSelection {
        rows: vec![0..1],
        columns: vec![0],
    };
    let cell = t
        .engine
        .results()
        .copy_cells(info.id, &view, &one, CopyFormat::Tsv, false, "r")
        .unwrap();
    assert_eq!(cell, "9");
}

#[test]
fn one_cell_pastes_as_its_value() {
    let t = engine();
    let info = tricky(&t);
    let sel = CellSelection {
        rows: vec![1..2],
        columns: vec![1],
    };
    let text = t
        .engine
        .results()
        .copy_cells(
            info.id,
            &ResultView::default(),
            &sel,
            CopyFormat::Tsv,
            false,
            "x",
        )
        .unwrap();
    assert_eq!(text, "comma, \"quote\" and 'single'");
}

#[test]
fn too_many_cells_ask_for_an_export_and_copy_100k_cells_quickly() {
    let t = engine();
    let info = t
        .engine
        .run(
            "big",
            "select range as i, range * 2 as j, 'row ' || range as s, range / 3 as k from range(2000000)",
        )
        .unwrap()
        .into_result()
        .unwrap();
    let info = t.engine.results().wait_for_result(info.id).unwrap();
    let everything = all(&info);
    let err = t
        .engine
        .results()
        .copy_cells(
            info.id,
            &ResultView::default(),
            &everything,
            CopyFormat::Csv,
            true,
            "x",
        )
        .unwrap_err();
    assert!(matches!(err, EngineError::InvalidInput(_)), "{err}");
    assert!(
        err.to_string().contains(&COPY_MAX_CELLS.to_string()),
        "{err}"
    );
    assert!(err.to_string().contains("export"), "{err}");

    let sel = CellSelection {
        rows: vec![500_000..525_000],
        columns: vec![0, 1, 2, 3],
    };
    let started = Instant::now();
    let text = t
        .engine
        .results()
        .copy_cells(
            info.id,
            &ResultView::default(),
            &sel,
            CopyFormat::Csv,
            false,
            "x",
        )
        .unwrap();
    eprintln!("100k cells as CSV in {:?}", started.elapsed());
    assert_eq!(text.lines().count(), 25_000);
    assert!(
        text.starts_with("500000,1000000,row 500000,"),
        "{}",
        &text[..40]
    );
}
