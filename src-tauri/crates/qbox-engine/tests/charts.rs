//! Chart data aggregated by DuckDB over a kept result, compared with hand-written GROUP BY
//! queries over the same rows.

use std::time::Instant;

use qbox_engine::{Aggregate, ChartData, ChartKind, ChartSpec, ResultInfo, ResultView};
use qbox_testkit::engine::{engine, TestEngine};

const SALES: &str = "select \
    ['north', 'south', 'east', 'west', 'centre'][(range % 5) + 1] as region, \
    date '2024-01-01' + (range % 366)::int as day, \
    ((range * 7919) % 10007) / 100.0 as amount, \
    (range % 13)::int as qty, \
    case when range % 3 = 0 then 'web' else 'shop' end as channel, \
    timestamp '2024-01-01' + to_seconds(range * 37) as moment \
    from range(100000)";

fn sales(t: &TestEngine) -> ResultInfo {
    t.engine.run("sales", SALES).unwrap().into_result().unwrap()
}

fn spec(kind: ChartKind, x: usize, y: Option<usize>, aggregate: Aggregate) -> ChartSpec {
    ChartSpec {
        kind,
        x,
        y,
        aggregate,
        color: None,
    }
}

/// The chart's marks over the whole result.
fn chart(t: &TestEngine, info: &ResultInfo, spec: &ChartSpec) -> ChartData {
    t.engine
        .results()
        .chart_data(info.id, &ResultView::default(), spec)
        .unwrap()
}

fn rounded(v: f64) -> String {
    format!("{v:.6}")
}

#[test]
fn a_bar_chart_is_a_group_by_largest_first() {
    let t = engine();
    let info = sales(&t);
    let data = t
        .engine
        .results()
        .chart_data(
            info.id,
            &ResultView::default(),
            &spec(ChartKind::Bar, 0, Some(2), Aggregate::Sum),
        )
        .unwrap();
    let got: Vec<Vec<String>> = data
        .points
        .iter()
        .map(|p| vec![p.x.clone().unwrap(), rounded(p.value.unwrap())])
        .collect();
    let expected: Vec<Vec<String>> = t
        .rows(&format!(
            "select region, sum(amount)::double from ({SALES}) group by region order by 2 desc"
        ))
        .into_iter()
        .map(|r| vec![r[0].clone(), rounded(r[1].parse().unwrap())])
        .collect();
    assert_eq!(got, expected);
    assert!(!data.binned && !data.truncated);
    assert!(data.sql.contains("sum("), "{}", data.sql);
}

#[test]
fn series_split_the_bars_by_the_colour_column() {
    let t = engine();
    let info = sales(&t);
    let mut s = spec(ChartKind::Bar, 0, Some(3), Aggregate::Sum);
    s.color = Some(4);
    let data = chart(&t, &info, &s);
    let mut got: Vec<(String, String, String)> = data
        .points
        .iter()
        .map(|p| {
            (
                p.x.clone().unwrap(),
                p.series.clone().unwrap(),
                rounded(p.value.unwrap()),
            )
        })
        .collect();
    got.sort();
    let mut expected: Vec<(String, String, String)> = t
        .rows(&format!(
            "select region, channel, sum(qty)::double from ({SALES}) group by all"
        ))
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), rounded(r[2].parse().unwrap())))
        .collect();
    expected.sort();
    assert_eq!(got, expected);
}

#[test]
fn a_line_over_days_has_a_point_per_day_in_order() {
    let t = engine();
    let info = sales(&t);
    let data = t
        .engine
        .results()
        .chart_data(
            info.id,
            &ResultView::default(),
            &spec(ChartKind::Line, 1, Some(2), Aggregate::Avg),
        )
        .unwrap();
    let expected = t.rows(&format!(
        "select day::varchar, avg(amount)::double from ({SALES}) group by day order by day"
    ));
    assert_eq!(data.points.len(), 366);
    for (p, e) in data.points.iter().zip(&expected) {
        assert_eq!(p.x.as_deref(), Some(e[0].as_str()));
        assert_eq!(rounded(p.value.unwrap()), rounded(e[1].parse().unwrap()));
    }
}

#[test]
fn a_histogram_counts_every_row_in_equal_buckets() {
    let t = engine();
    let info = sales(&t);
    let data = chart(
        &t,
        &info,
        &spec(ChartKind::Histogram, 2, None, Aggregate::Count),
    );
    assert!(data.binned);
    assert!(data.points.len() > 10 && data.points.len() <= 60);
    let total: f64 = data.points.iter().map(|p| p.value.unwrap()).sum();
    assert_eq!(total, 100_000.0);
    let last = data.points.len() - 1;
    for (i, p) in data.points.iter().enumerate() {
        let (lo, hi) = (p.x.clone().unwrap(), p.x_end.clone().unwrap());
        let upper = if i == last { "<=" } else { "<" };
        let expected: f64 = t.rows(&format!(
            "select count(*) from ({SALES}) where amount::double >= {lo} and amount::double {upper} {hi}"
        ))[0][0]
            .parse()
            .unwrap();
        assert_eq!(p.value.unwrap(), expected, "bucket {i}: {lo}..{hi}");
    }
}

#[test]
fn many_timestamps_are_bucketed_in_order() {
    let t = engine();
    let info = sales(&t);
    let data = chart(&t, &info, &spec(ChartKind::Area, 5, None, Aggregate::Count));
    assert!(data.binned);
    assert_eq!(data.points.len(), 60);
    assert_eq!(
        data.points.iter().map(|p| p.value.unwrap()).sum::<f64>(),
        100_000.0
    );
    let starts: Vec<&str> = data
        .points
        .iter()
        .map(|p| p.x.as_deref().unwrap())
        .collect();
    assert_eq!(starts[0], "2024-01-01 00:00:00");
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    // The first bucket holds the rows before the second bucket's start.
    let expected: f64 = t.rows(&format!(
        "select count(*) from ({SALES}) where moment < timestamp '{}'",
        starts[1]
    ))[0][0]
        .parse()
        .unwrap();
    assert_eq!(data.points[0].value.unwrap(), expected);
}

#[test]
fn a_heatmap_counts_rows_per_cell_and_a_scatter_samples_real_points() {
    let t = engine();
    let info = sales(&t);
    let heat = t
        .engine
        .results()
        .chart_data(
            info.id,
            &ResultView::default(),
            &spec(ChartKind::Heatmap, 0, Some(3), Aggregate::Count),
        )
        .unwrap();
    assert_eq!(
        heat.points.iter().map(|p| p.value.unwrap()).sum::<f64>(),
        100_000.0
    );
    assert!(heat.points.iter().all(|p| p.y.is_some()));
    // Five regions across; the 13 quantities, a number, in at most 24 buckets.
    let mut xs: Vec<_> = heat.points.iter().map(|p| p.x.clone()).collect();
    xs.dedup();
    xs.sort();
    xs.dedup();
    assert_eq!(xs.len(), 5);
    let mut ys: Vec<_> = heat.points.iter().map(|p| p.y.clone()).collect();
    ys.sort();
    ys.dedup();
    assert!(ys.len() > 1 && ys.len() <= 24, "{ys:?}");
    let scatter = t
        .engine
        .results()
        .chart_data(
            info.id,
            &ResultView::default(),
            &spec(ChartKind::Scatter, 3, Some(2), Aggregate::Count),
        )
        .unwrap();
    assert_eq!(scatter.points.len(), 5000);
    let p = &scatter.points[0];
    let found: u64 = t.rows(&format!(
        "select count(*) from ({SALES}) where qty = {} and amount::double = {}",
        p.x.as_deref().unwrap(),
        p.value.unwrap()
    ))[0][0]
        .parse()
        .unwrap();
    assert!(found > 0);
    // A measure is needed where the chart aggregates one.
    let err = t
        .engine
        .results()
        .chart_data(
            info.id,
            &ResultView::default(),
            &spec(ChartKind::Bar, 0, None, Aggregate::Sum),
        )
        .unwrap_err();
    assert!(err.to_string().contains("y axis"), "{err}");
}

#[test]
fn a_heatmap_cell_aggregates_the_chosen_measure() {
    let t = engine();
    let info = sales(&t);
    // Region across, channel up, each cell the average amount of its rows.
    let mut s = spec(ChartKind::Heatmap, 0, Some(4), Aggregate::Avg);
    s.color = Some(2);
    let data = chart(&t, &info, &s);
    let mut got: Vec<Vec<String>> = data
        .points
        .iter()
        .map(|p| {
            vec![
                p.x.clone().unwrap(),
                p.y.clone().unwrap(),
                rounded(p.value.unwrap()),
            ]
        })
        .collect();
    got.sort();
    let expected: Vec<Vec<String>> = t
        .rows(&format!(
            "select region, channel, avg(amount)::double from ({SALES}) group by all order by 1, 2"
        ))
        .into_iter()
        .map(|r| vec![r[0].clone(), r[1].clone(), rounded(r[2].parse().unwrap())])
        .collect();
    assert_eq!(got, expected);
    assert!(data.sql.contains("avg("), "{}", data.sql);
}

#[test]
fn a_bar_chart_of_ten_million_rows() {
    let t = engine();
    let info = t
        .engine
        .run(
            "big",
            "select 'name_' || (range % 1000) as s, range % 97 as n from range(10000000)",
        )
        .unwrap()
        .into_result()
        .unwrap();
    let started = Instant::now();
    let data = t
        .engine
        .results()
        .chart_data(
            info.id,
            &ResultView::default(),
            &spec(ChartKind::Bar, 0, Some(1), Aggregate::Sum),
        )
        .unwrap();
    eprintln!("bar chart of 10M rows in {:?}", started.elapsed());
    assert_eq!(data.points.len(), 50);
    assert!(data.truncated, "950 categories were left out");
}
