//! Views of a kept result: filters, several sort keys and a quick search, computed by DuckDB
//! over the whole result, compared with DuckDB's own answers to the same questions.

use std::time::Instant;

use qbox_engine::{ColumnFilter, EngineError, FilterCondition, ResultInfo, ResultView, SortKey};
use qbox_testkit::engine::{engine, TestEngine};
use qbox_testkit::rows::decode;

const ROWS: &str =
    "select range as i, (range * 7919) % 1000003 as k, 'name_' || (range % 1000) as s, \
     case when range % 10 = 0 then null else range % 97 end as n from range(10000000)";

fn big(t: &TestEngine) -> ResultInfo {
    t.engine.run("big", ROWS).unwrap().into_result().unwrap()
}

fn filter(column: usize, condition: FilterCondition) -> ColumnFilter {
    ColumnFilter { column, condition }
}

/// DuckDB's own count of the rows of [`ROWS`] where `condition` holds.
fn duckdb_count(t: &TestEngine, condition: &str) -> u64 {
    t.rows(&format!("select count(*) from ({ROWS}) where {condition}"))[0][0]
        .parse()
        .unwrap()
}

#[test]
fn filters_over_ten_million_rows_give_duckdbs_counts() {
    let t = engine();
    let info = big(&t);
    let view = ResultView {
        filters: vec![
            filter(
                1,
                FilterCondition::Range {
                    min: Some("1000".into()),
                    max: Some("500000".into()),
                },
            ),
            filter(2, FilterCondition::Contains("ME_12".into())),
        ],
        ..ResultView::default()
    };
    let started = Instant::now();
    let rows = t.engine.results().view_rows(info.id, &view).unwrap();
    let window = decode(&t.engine.results().window(info.id, 0, 100, &view).unwrap());
    eprintln!(
        "first filtered window of 10M rows in {:?}",
        started.elapsed()
    );
    assert_eq!(
        rows,
        duckdb_count(&t, "k between 1000 and 500000 and s ilike '%me_12%'")
    );
    assert!(rows > 0);
    assert!(window
        .iter()
        .all(|r| r[2].contains("_12") && (1000..=500000).contains(&r[1].parse::<u64>().unwrap())));
    // The rows keep the result's order when the view does not sort.
    let ids: Vec<u64> = window.iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));

    let nulls = ResultView {
        filters: vec![filter(3, FilterCondition::IsNull)],
        ..ResultView::default()
    };
    assert_eq!(
        t.engine.results().view_rows(info.id, &nulls).unwrap(),
        1_000_000
    );
    let not_null = ResultView {
        filters: vec![filter(3, FilterCondition::NotNull)],
        ..ResultView::default()
    };
    assert_eq!(
        t.engine.results().view_rows(info.id, &not_null).unwrap(),
        9_000_000
    );
    let equals = ResultView {
        filters: vec![filter(3, FilterCondition::Equals("42".into()))],
        ..ResultView::default()
    };
    assert_eq!(
        t.engine.results().view_rows(info.id, &equals).unwrap(),
        duckdb_count(&t, "n = 42")
    );
}

#[test]
fn several_sort_keys_give_duckdbs_order() {
    let t = engine();
    let info = big(&t);
    let view = ResultView {
        sort: vec![
            SortKey {
                column: 3,
                descending: false,
            },
            SortKey {
                column: 1,
                descending: true,
            },
        ],
        ..ResultView::default()
    };
    let started = Instant::now();
    let first = decode(&t.engine.results().window(info.id, 0, 5, &view).unwrap());
    eprintln!("first window sorted by two keys in {:?}", started.elapsed());
    let expected = t.rows(&format!(
        "select * from ({ROWS}) order by n asc nulls last, k desc, i limit 5"
    ));
    assert_eq!(first, expected);
    let last = decode(
        &t.engine
            .results()
            .window(info.id, 9_999_999, 1, &view)
            .unwrap(),
    );
    let expected_last = t.rows(&format!(
        "select * from ({ROWS}) order by n asc nulls last, k desc, i offset 9999999"
    ));
    assert_eq!(last, expected_last);
    assert_eq!(last[0][3], "NULL", "NULLs come last");
}

#[test]
fn quick_search_matches_any_column_ignoring_case() {
    let t = engine();
    let info = big(&t);
    let view = ResultView {
        search: Some("NAME_999".into()),
        ..ResultView::default()
    };
    let started = Instant::now();
    let rows = t.engine.results().view_rows(info.id, &view).unwrap();
    eprintln!("quick search over 10M rows in {:?}", started.elapsed());
    assert_eq!(
        rows,
        duckdb_count(
            &t,
            "contains(i::varchar, 'name_999') or contains(k::varchar, 'name_999') or contains(s, 'name_999') or contains(n::varchar, 'name_999')"
        )
    );
    assert_eq!(rows, 10_000);
    // A number is found in the number columns too.
    let digits = ResultView {
        search: Some("9999999".into()),
        ..ResultView::default()
    };
    let found = decode(&t.engine.results().window(info.id, 0, 10, &digits).unwrap());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0][0], "9999999");
}

#[test]
fn a_filter_value_the_column_cannot_hold_is_a_clear_error() {
    let t = engine();
    let info = t
        .engine
        .run("r", "select 1 as n")
        .unwrap()
        .into_result()
        .unwrap();
    let view = ResultView {
        filters: vec![filter(0, FilterCondition::Equals("abc".into()))],
        ..ResultView::default()
    };
    let err = t.engine.results().view_rows(info.id, &view).unwrap_err();
    assert!(matches!(err, EngineError::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("abc"), "{err}");
    let outside = ResultView::sorted_by(SortKey {
        column: 4,
        descending: false,
    });
    assert!(t.engine.results().view_rows(info.id, &outside).is_err());
}

#[test]
fn hostile_filter_values_are_only_values() {
    let t = engine();
    let info = t
        .engine
        .run(
            "r",
            "select * from (values ('it''s'), ('x''); drop table y; --')) v(s)",
        )
        .unwrap()
        .into_result()
        .unwrap();
    for needle in ["it's", "'); drop table y; --"] {
        let view = ResultView {
            filters: vec![filter(0, FilterCondition::Contains(needle.into()))],
            ..ResultView::default()
        };
        assert_eq!(
            t.engine.results().view_rows(info.id, &view).unwrap(),
            1,
            "{needle}"
        );
    }
}

#[test]
fn a_commands_rows_can_be_filtered_and_sorted() {
    let t = engine();
    t.engine
        .run(
            "c",
            "create table wide as select 1 as alpha, 2 as beta, 3 as gamma",
        )
        .unwrap();
    let info = t
        .engine
        .run("r", "pragma table_info('wide')")
        .unwrap()
        .into_result()
        .unwrap();
    let view = ResultView {
        sort: vec![SortKey {
            column: 1,
            descending: true,
        }],
        filters: vec![filter(1, FilterCondition::Contains("A".into()))],
        ..ResultView::default()
    };
    assert_eq!(t.engine.results().view_rows(info.id, &view).unwrap(), 3);
    let names: Vec<String> = decode(&t.engine.results().window(info.id, 0, 10, &view).unwrap())
        .into_iter()
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(names, ["gamma", "beta", "alpha"]);
}

#[test]
fn quick_search_skips_only_columns_that_cannot_match() {
    // Every needle is counted by DuckDB over every column's text; skipping a column whose
    // type cannot hold the needle must never lose a row.
    let t = engine();
    let data = "select * from (values
        (1, 1.5::double, 12.50::decimal(8,2), date '2024-01-02', timestamp '2024-01-02 12:30:00.5', timestamptz '2024-01-02 12:30:00+02', true, 'e3e8b3c2-7f0c-4c57-9a3a-2b6d5f3e1a10'::uuid, 'Name one', time '12:30:00'),
        (-2, 1e300, -0.01, date '0044-03-15 (BC)', 'infinity'::timestamp, null, false, null, 'nan', time '23:59:59'),
        (3, 'nan'::double, null, 'infinity'::date, null, null, null, null, 'True story', null),
        (4, '-inf'::double, 0, null, timestamp '1999-12-31 23:59:59', null, null, null, '12:30', null)
    ) t(i, f, d, dt, ts, tz, b, u, s, tm)";
    let info = t.engine.run("r", data).unwrap().into_result().unwrap();
    let columns = ["i", "f", "d", "dt", "ts", "tz", "b", "u", "s", "tm"];
    for needle in [
        "1.5", "2024-01", "e+", "inf", "nan", "true", "rue", "(bc)", "infinity", "12:30", "ab",
        "-0", "fal", "e3e8", "2.5", "name", "-", "+02", "1e", "0.01", ":", " ",
    ] {
        let any = columns
            .iter()
            .map(|c| format!("contains(lower({c}::varchar), '{needle}')"))
            .collect::<Vec<_>>()
            .join(" or ");
        let expected: u64 = t.rows(&format!("select count(*) from ({data}) where {any}"))[0][0]
            .parse()
            .unwrap();
        let view = ResultView {
            search: Some(needle.to_uppercase()),
            ..ResultView::default()
        };
        assert_eq!(
            t.engine.results().view_rows(info.id, &view).unwrap(),
            expected,
            "{needle}"
        );
    }
}
