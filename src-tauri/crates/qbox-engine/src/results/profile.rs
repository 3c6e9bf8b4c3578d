//! A column's profile over every row of a kept result as the grid shows it (filters applied):
//! nulls, distinct values (DuckDB's estimate, as `SUMMARIZE` gives it), minimum, maximum and
//! mean, and how the values spread: a histogram of equal-width bins for numbers and times,
//! the most frequent values for everything else. DuckDB computes it all; the UI gets a few
//! dozen numbers.

use crate::base::duck_types::is_numeric;
use crate::base::error::Result;
use crate::base::ident::quote_ident;
use crate::results::view::ResultView;
use crate::results::Results;

/// Bins asked of DuckDB's `equi_width_bins` (it may round to nicer bounds and give a few more).
const HISTOGRAM_BINS: u32 = 20;
/// Values listed for a column that is not binned.
const TOP_VALUES: u32 = 10;

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnProfile {
    /// Rows the profile covers (the view's rows).
    pub rows: u64,
    pub nulls: u64,
    /// DuckDB's estimate of distinct non-NULL values (`approx_count_distinct`).
    pub distinct: u64,
    /// DuckDB's text for the smallest and largest value.
    pub min: Option<String>,
    pub max: Option<String>,
    /// The mean, for numeric columns.
    pub mean: Option<f64>,
    pub distribution: Distribution,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Distribution {
    /// Counts of values in `(lower, upper]` (the first bin includes its lower bound).
    Histogram(Vec<Bin>),
    /// The most frequent values, most frequent first, and how many rows hold any other value.
    TopValues {
        values: Vec<ValueCount>,
        others: u64,
    },
    /// Nothing to show (every value is NULL).
    Empty,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bin {
    pub lower: String,
    pub upper: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValueCount {
    /// DuckDB's text for the value; None is NULL.
    pub value: Option<String>,
    pub count: u64,
}

/// Types DuckDB can cut into equal-width bins.
fn is_binned(duck_type: &str) -> bool {
    is_numeric(duck_type)
        || matches!(
            duck_type,
            "DATE" | "TIMESTAMP" | "TIMESTAMP WITH TIME ZONE" | "TIMESTAMP_S" | "TIMESTAMP_MS"
        )
}

impl Results<'_> {
    /// The profile of column `column` of result `id` as `view` shows it.
    pub fn profile_column(
        &self,
        id: u64,
        view: &ResultView,
        column: usize,
    ) -> Result<ColumnProfile> {
        let source = self.result_table(id, view)?;
        let (name, duck_type) = source.column(column)?;
        let table = source.table.qualified();
        let c = quote_ident(name);
        let mean = if is_numeric(duck_type) {
            format!("avg({c})::DOUBLE")
        } else {
            "NULL::DOUBLE".into()
        };
        let conn = self.db.connect()?;
        let (rows, values, distinct, min, max, mean) = conn.query_row(
            &format!(
                "SELECT count(*), count({c}), approx_count_distinct({c}), CAST(min({c}) AS VARCHAR), \
                 CAST(max({c}) AS VARCHAR), {mean} FROM {table}"
            ),
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)? as u64,
                    r.get::<_, i64>(1)? as u64,
                    r.get::<_, i64>(2)? as u64,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<f64>>(5)?,
                ))
            },
        )?;
        let distribution = if values == 0 {
            Distribution::Empty
        } else if is_binned(duck_type) {
            let mut stmt = conn.prepare(&format!(
                "WITH bounds AS (SELECT equi_width_bins(min({c}), max({c}), {HISTOGRAM_BINS}, true) AS b FROM {table}), \
                 h AS (SELECT histogram({c}, (SELECT b FROM bounds)) AS h FROM {table}) \
                 SELECT CAST(unnest(map_keys(h)) AS VARCHAR), unnest(map_values(h)) FROM h"
            ))?;
            let uppers = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
                })?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let mut lower = min.clone().unwrap_or_default();
            let mut bins = Vec::with_capacity(uppers.len());
            for (upper, count) in uppers {
                bins.push(Bin {
                    lower: std::mem::replace(&mut lower, upper.clone()),
                    upper,
                    count,
                });
            }
            Distribution::Histogram(bins)
        } else {
            let mut stmt = conn.prepare(&format!(
                "SELECT CAST({c} AS VARCHAR) AS v, count(*) AS n FROM {table} GROUP BY {c} \
                 ORDER BY n DESC, v NULLS LAST LIMIT {TOP_VALUES}"
            ))?;
            let values = stmt
                .query_map([], |r| {
                    Ok(ValueCount {
                        value: r.get(0)?,
                        count: r.get::<_, i64>(1)? as u64,
                    })
                })?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let listed: u64 = values.iter().map(|v| v.count).sum();
            Distribution::TopValues {
                others: rows - listed,
                values,
            }
        };
        Ok(ColumnProfile {
            rows,
            nulls: rows - values,
            distinct,
            min,
            max,
            mean,
            distribution,
        })
    }
}
