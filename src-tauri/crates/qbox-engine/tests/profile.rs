//! Column profiles of a kept result: the figures equal DuckDB's `SUMMARIZE` of the same rows,
//! the histogram's bins hold the rows a hand-written count finds, and the top values are a
//! GROUP BY's.

use std::time::Instant;

use qbox_engine::{ColumnFilter, Distribution, FilterCondition, ResultInfo, ResultView};
use qbox_testkit::engine::{engine, TestEngine};

const DATA: &str = "select range as i, (range * 7919) % 1000 / 10.0 as price, \
    date '2024-01-01' + (range % 365)::int as day, \
    case when range % 4 = 0 then null else 'group_' || (range % 13) end as grp, \
    [range % 3] as tags from range(200000)";

fn data(t: &TestEngine) -> ResultInfo {
    t.engine.run("data", DATA).unwrap().into_result().unwrap()
}

/// SUMMARIZE's row for `column`: min, max, approx_unique, count, null_percentage.
fn summarize(t: &TestEngine, from: &str, column: &str) -> Vec<String> {
    t.rows(&format!(
        "select min, max, approx_unique::varchar, count::varchar, null_percentage::varchar \
         from (summarize {from}) where column_name = '{column}'"
    ))
    .remove(0)
}

fn count(t: &TestEngine, sql: &str) -> u64 {
    t.rows(sql)[0][0].parse().unwrap()
}

#[test]
fn the_profile_equals_summarize() {
    let t = engine();
    let info = data(&t);
    for (column, name) in [(0, "i"), (1, "price"), (2, "day"), (3, "grp"), (4, "tags")] {
        let p = t
            .engine
            .results()
            .profile_column(info.id, &ResultView::default(), column)
            .unwrap();
        let s = summarize(&t, &format!("({DATA})"), name);
        let null_share = format!("{:.2}", 100.0 * p.nulls as f64 / p.rows as f64);
        assert_eq!(
            vec![
                p.min.clone().unwrap_or("NULL".into()),
                p.max.clone().unwrap_or("NULL".into()),
                p.distinct.to_string(),
                p.rows.to_string(),
                null_share
            ],
            s,
            "{name}"
        );
    }
}

#[test]
fn histogram_bins_hold_the_rows_a_count_finds() {
    let t = engine();
    let info = data(&t);
    for (column, name) in [(1, "price"), (2, "day")] {
        let p = t
            .engine
            .results()
            .profile_column(info.id, &ResultView::default(), column)
            .unwrap();
        let Distribution::Histogram(bins) = &p.distribution else {
            panic!("{name}: {:?}", p.distribution)
        };
        assert!(bins.len() >= 5, "{name}: {bins:?}");
        let total: u64 = bins.iter().map(|b| b.count).sum();
        assert_eq!(total, p.rows - p.nulls);
        let cast = if name == "day" { "date" } else { "double" };
        for (i, bin) in bins.iter().enumerate() {
            let lower_op = if i == 0 { ">=" } else { ">" };
            let expected = count(
                &t,
                &format!(
                    "select count(*) from ({DATA}) where {name} {lower_op} '{}'::{cast} and {name} <= '{}'::{cast}",
                    bin.lower, bin.upper
                ),
            );
            assert_eq!(bin.count, expected, "{name} bin {i}: {bin:?}");
        }
    }
}

#[test]
fn top_values_are_a_group_by_and_follow_the_filters() {
    let t = engine();
    let info = data(&t);
    let view = ResultView {
        filters: vec![ColumnFilter {
            column: 0,
            condition: FilterCondition::Range {
                min: None,
                max: Some("999".into()),
            },
        }],
        ..ResultView::default()
    };
    let p = t
        .engine
        .results()
        .profile_column(info.id, &view, 3)
        .unwrap();
    assert_eq!(p.rows, 1000);
    assert_eq!(p.nulls, 250);
    assert_eq!(p.mean, None);
    let Distribution::TopValues { values, others } = &p.distribution else {
        panic!("{:?}", p.distribution)
    };
    let expected = t.rows(&format!(
        "select coalesce(grp, 'NULL'), count(*)::varchar from ({DATA}) where i <= 999 \
         group by grp order by count(*) desc, grp nulls last limit 10"
    ));
    let got: Vec<Vec<String>> = values
        .iter()
        .map(|v| {
            vec![
                v.value.clone().unwrap_or("NULL".into()),
                v.count.to_string(),
            ]
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(
        values[0].value, None,
        "NULL is the most frequent value here"
    );
    assert_eq!(values.iter().map(|v| v.count).sum::<u64>() + others, 1000);
    assert!(*others > 0);
}

#[test]
fn a_column_of_nulls_and_a_missing_column() {
    let t = engine();
    let info = t
        .engine
        .run("n", "select null::int as n, 1 as one from range(5)")
        .unwrap()
        .into_result()
        .unwrap();
    let p = t
        .engine
        .results()
        .profile_column(info.id, &ResultView::default(), 0)
        .unwrap();
    assert_eq!((p.rows, p.nulls, p.distinct), (5, 5, 0));
    assert_eq!(p.distribution, Distribution::Empty);
    let one = t
        .engine
        .results()
        .profile_column(info.id, &ResultView::default(), 1)
        .unwrap();
    assert_eq!(one.mean, Some(1.0));
    let Distribution::Histogram(bins) = one.distribution else {
        panic!()
    };
    assert_eq!(bins.iter().map(|b| b.count).sum::<u64>(), 5);
    let err = t
        .engine
        .results()
        .profile_column(info.id, &ResultView::default(), 7)
        .unwrap_err();
    assert!(err.to_string().contains("no column 8"), "{err}");
}

#[test]
fn profiles_of_ten_million_rows() {
    let t = engine();
    let info = t
        .engine
        .run(
            "big",
            "select range as i, (range * 7919) % 1000003 as k, 'name_' || (range % 1000) as s from range(10000000)",
        )
        .unwrap()
        .into_result()
        .unwrap();
    for column in 0..3 {
        let started = Instant::now();
        let p = t
            .engine
            .results()
            .profile_column(info.id, &ResultView::default(), column)
            .unwrap();
        eprintln!(
            "profile of column {column} over 10M rows in {:?}",
            started.elapsed()
        );
        assert_eq!(p.rows, 10_000_000);
    }
}
