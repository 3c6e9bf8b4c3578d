//! Chart data from a kept result, aggregated by DuckDB over every row the grid shows: the UI
//! gets the marks (a few hundred points at most), never the rows. Numbers and times on the x
//! axis are cut into equal-width buckets when they have more distinct values than a chart can
//! show; text is limited to its largest categories; scatter plots take a fixed-size sample.

use crate::base::duck_types::{is_numeric, is_temporal};
use crate::base::error::{EngineError, Result};
use crate::base::ident::quote_ident;
use crate::results::view::ResultView;
use crate::results::Results;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Bar,
    Line,
    Area,
    Scatter,
    /// Rows per bucket of the x column.
    Histogram,
    /// Rows per (x, y) cell, both columns bucketed or taken by category.
    Heatmap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    Count,
    Sum,
    Avg,
    Min,
    Max,
    CountDistinct,
}

/// What to draw: `x` and `y` are result columns. `y` is the measure (bar, line, area,
/// scatter) or the second dimension (heatmap); `color` splits the marks into series, or in a
/// heatmap is the measure whose `aggregate` colours the cells (rows are counted without one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub x: usize,
    pub y: Option<usize>,
    pub aggregate: Aggregate,
    pub color: Option<usize>,
}

/// One mark: an x value (a bucket's start and end when bucketed), the heatmap's y category, the
/// series it belongs to, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    pub x: Option<String>,
    pub x_end: Option<String>,
    pub y: Option<String>,
    pub series: Option<String>,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// The query DuckDB ran, over the result's table, to show and to check by hand.
    pub sql: String,
    pub points: Vec<ChartPoint>,
    /// True when x values were cut into buckets.
    pub binned: bool,
    /// True when categories, series or points were left out to stay within what a chart shows.
    pub truncated: bool,
}

/// Buckets for a number or time axis.
const BUCKETS: u32 = 60;
const HEATMAP_BUCKETS: u32 = 24;
/// Distinct x values drawn as they are before bucketing starts.
const MAX_EXACT_POINTS: u64 = 2000;
/// Categories of a text axis (the largest ones).
const MAX_CATEGORIES: u32 = 50;
const MAX_HEATMAP_CATEGORIES: u32 = 30;
const MAX_SERIES: u32 = 10;
const SCATTER_SAMPLE: u32 = 5000;

impl Aggregate {
    fn sql(self, measure: Option<&str>) -> Result<String> {
        let m = || {
            measure.ok_or_else(|| {
                EngineError::invalid_input("choose the column to aggregate for the y axis")
            })
        };
        Ok(match self {
            Self::Count => "count(*)::DOUBLE".into(),
            Self::CountDistinct => format!("count(DISTINCT {})::DOUBLE", m()?),
            Self::Sum => format!("sum({})::DOUBLE", m()?),
            Self::Avg => format!("avg({})::DOUBLE", m()?),
            Self::Min => format!("min({})::DOUBLE", m()?),
            Self::Max => format!("max({})::DOUBLE", m()?),
        })
    }
}

/// How an axis column becomes chart positions.
enum Axis {
    /// Values as they are (text, or few distinct numbers and times).
    Exact { column: String },
    /// Equal-width buckets of a number or time between `lo` and `hi` (as SQL literals).
    Buckets {
        column: String,
        temporal: bool,
        lo: f64,
        width: f64,
        count: u32,
        cast: String,
    },
}

impl Axis {
    /// What orders the marks along the axis (a bucket's smallest value, or the value).
    fn order_key(&self) -> String {
        match self {
            Self::Exact { column } => format!("min({column})"),
            Self::Buckets {
                column, temporal, ..
            } if *temporal => format!("min(epoch({column}))"),
            Self::Buckets { column, .. } => format!("min(CAST({column} AS DOUBLE))"),
        }
    }

    /// The bucket's start, as the column's type, and its end.
    fn select(&self) -> (String, String) {
        match self {
            Self::Exact { column } => (format!("CAST({column} AS VARCHAR)"), "NULL".into()),
            Self::Buckets {
                column,
                temporal,
                lo,
                width,
                count,
                cast,
            } => {
                let value = if *temporal {
                    format!("epoch({column})")
                } else {
                    format!("CAST({column} AS DOUBLE)")
                };
                // The largest value closes the last bucket rather than opening one of its own.
                let index = format!("least(floor(({value} - {lo}) / {width}), {})", count - 1);
                let edge = |offset: &str| {
                    let n = format!("({lo} + ({index} + {offset}) * {width})");
                    if !*temporal {
                        format!("CAST({n} AS VARCHAR)")
                    } else if cast == "TIMESTAMP WITH TIME ZONE" {
                        format!("CAST(to_timestamp({n}) AS VARCHAR)")
                    } else {
                        // Seconds since the epoch back to the column's type, with no time zone
                        // in between.
                        format!("CAST(CAST(make_timestamp(CAST({n} * 1000000 AS BIGINT)) AS {cast}) AS VARCHAR)")
                    }
                };
                (edge("0"), edge("1"))
            }
        }
    }
}

impl Results<'_> {
    /// The marks of `spec` over result `id` as `view` shows it.
    pub fn chart_data(&self, id: u64, view: &ResultView, spec: &ChartSpec) -> Result<ChartData> {
        let source = self.result_table(id, view)?;
        let table = source.table.qualified();
        let column = |i: usize| -> Result<(String, &str)> {
            source.column(i).map(|(name, ty)| (quote_ident(name), ty))
        };
        let (x, x_type) = column(spec.x)?;
        let y = spec.y.map(column).transpose()?;
        let color = spec.color.map(column).transpose()?;
        let conn = self.db.connect()?;

        // The x axis: buckets for numbers and times with many values (always for histograms
        // and heatmaps), else the values themselves.
        let axis_for = |col: &str, ty: &str, buckets: u32, always: bool| -> Result<Axis> {
            let orderable = is_numeric(ty) || is_temporal(ty);
            if !orderable {
                return Ok(Axis::Exact {
                    column: col.to_string(),
                });
            }
            let temporal = is_temporal(ty);
            let value = if temporal {
                format!("epoch({col})")
            } else {
                format!("CAST({col} AS DOUBLE)")
            };
            let (lo, hi, distinct) = conn.query_row(
                &format!(
                    "SELECT min({value}), max({value}), approx_count_distinct({col}) FROM {table}"
                ),
                [],
                |r| {
                    Ok((
                        r.get::<_, Option<f64>>(0)?,
                        r.get::<_, Option<f64>>(1)?,
                        r.get::<_, i64>(2)? as u64,
                    ))
                },
            )?;
            let (Some(lo), Some(hi)) = (lo, hi) else {
                return Ok(Axis::Exact {
                    column: col.to_string(),
                });
            };
            if (!always && distinct <= MAX_EXACT_POINTS) || hi <= lo {
                return Ok(Axis::Exact {
                    column: col.to_string(),
                });
            }
            Ok(Axis::Buckets {
                column: col.to_string(),
                temporal,
                lo,
                width: (hi - lo) / f64::from(buckets),
                count: buckets,
                cast: ty.to_string(),
            })
        };

        let mut left_out = false;
        let (sql, binned, limit) = match spec.kind {
            ChartKind::Scatter => {
                let (y, _) = y.ok_or_else(|| {
                    EngineError::invalid_input("a scatter plot needs a column for the y axis")
                })?;
                let series = color
                    .as_ref()
                    .map_or("NULL".to_string(), |(c, _)| format!("CAST({c} AS VARCHAR)"));
                (
                    format!(
                        "SELECT CAST({x} AS VARCHAR) AS x, NULL AS x_end, NULL AS y, {series} AS series, \
                         CAST({y} AS DOUBLE) AS value FROM {table} WHERE {x} IS NOT NULL AND {y} IS NOT NULL \
                         USING SAMPLE reservoir({SCATTER_SAMPLE} ROWS) REPEATABLE (7)"
                    ),
                    false,
                    SCATTER_SAMPLE,
                )
            }
            ChartKind::Heatmap => {
                let (y, y_type) = y.ok_or_else(|| {
                    EngineError::invalid_input("a heatmap needs a column for the y axis")
                })?;
                let x_axis = axis_for(&x, x_type, HEATMAP_BUCKETS, true)?;
                let y_axis = axis_for(&y, y_type, HEATMAP_BUCKETS, true)?;
                let (xs, xe) = x_axis.select();
                let (ys, _) = y_axis.select();
                let value = match &color {
                    Some((measure, _)) => spec.aggregate.sql(Some(measure))?,
                    None => Aggregate::Count.sql(None)?,
                };
                // Text axes keep their most frequent values.
                let top = |axis: &Axis, col: &str| {
                    match axis {
                    Axis::Exact { .. } => format!(
                        " AND {col} IN (SELECT {col} FROM {table} GROUP BY ALL ORDER BY count(*) DESC LIMIT {MAX_HEATMAP_CATEGORIES})"
                    ),
                    Axis::Buckets { .. } => String::new(),
                }
                };
                (
                    format!(
                        "SELECT {xs} AS x, {xe} AS x_end, {ys} AS y, NULL AS series, {value} AS value, \
                         {} AS x_order, {} AS y_order \
                         FROM {table} WHERE {x} IS NOT NULL AND {y} IS NOT NULL{}{} GROUP BY ALL ORDER BY x_order, y_order",
                        x_axis.order_key(),
                        y_axis.order_key(),
                        top(&x_axis, &x),
                        top(&y_axis, &y)
                    ),
                    matches!(x_axis, Axis::Buckets { .. }),
                    MAX_HEATMAP_CATEGORIES * MAX_HEATMAP_CATEGORIES,
                )
            }
            ChartKind::Bar | ChartKind::Line | ChartKind::Area | ChartKind::Histogram => {
                let histogram = spec.kind == ChartKind::Histogram;
                let axis = axis_for(&x, x_type, BUCKETS, histogram)?;
                let value = if histogram {
                    "count(*)::DOUBLE".to_string()
                } else {
                    spec.aggregate.sql(y.as_ref().map(|(c, _)| c.as_str()))?
                };
                let (xs, xe) = axis.select();
                let text_x = !is_numeric(x_type) && !is_temporal(x_type);
                let (series, series_filter) = match &color {
                    Some((c, _)) => (
                        format!("CAST({c} AS VARCHAR)"),
                        format!(
                            " AND {c} IN (SELECT {c} FROM {table} GROUP BY ALL ORDER BY count(*) DESC LIMIT {MAX_SERIES})"
                        ),
                    ),
                    None => ("NULL".to_string(), String::new()),
                };
                // Text: the largest categories, a bar chart largest first; numbers and times
                // in their own order.
                let category_filter = if text_x {
                    format!(
                        " AND {x} IN (SELECT {x} FROM {table} GROUP BY ALL ORDER BY {value} DESC NULLS LAST LIMIT {MAX_CATEGORIES})"
                    )
                } else {
                    String::new()
                };
                // Whether categories or series were left out, to say so under the chart.
                let counted = |col: &str| -> Result<u64> {
                    Ok(conn.query_row(
                        &format!("SELECT count(DISTINCT {col}) FROM {table}"),
                        [],
                        |r| r.get::<_, i64>(0),
                    )? as u64)
                };
                left_out = (text_x && counted(&x)? > u64::from(MAX_CATEGORIES))
                    || match &color {
                        Some((c, _)) => counted(c)? > u64::from(MAX_SERIES),
                        None => false,
                    };
                let order_by = match (text_x, spec.kind) {
                    (true, ChartKind::Bar) => "x_total DESC, x, series",
                    (true, _) => "x, series",
                    (false, _) => "x_order, series",
                };
                (
                    format!(
                        "SELECT x, x_end, NULL AS y, series, value FROM (\
                         SELECT *, sum(value) OVER (PARTITION BY x) AS x_total FROM (\
                         SELECT {xs} AS x, {xe} AS x_end, {series} AS series, {value} AS value, {} AS x_order \
                         FROM {table} WHERE {x} IS NOT NULL{category_filter}{series_filter} GROUP BY ALL)) \
                         ORDER BY {order_by}",
                        axis.order_key()
                    ),
                    matches!(axis, Axis::Buckets { .. }),
                    MAX_EXACT_POINTS as u32 * MAX_SERIES,
                )
            }
        };

        let mut stmt = conn.prepare(&format!("{sql} LIMIT {}", limit + 1))?;
        let mut points = stmt
            .query_map([], |r| {
                Ok(ChartPoint {
                    x: r.get(0)?,
                    x_end: r.get(1)?,
                    y: r.get(2)?,
                    series: r.get(3)?,
                    value: r.get(4)?,
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let truncated = left_out || points.len() > limit as usize;
        points.truncate(limit as usize);
        Ok(ChartData {
            sql,
            points,
            binned,
            truncated,
        })
    }
}
