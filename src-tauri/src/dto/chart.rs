//! Charts of a kept result: what to draw, and the marks DuckDB aggregated for it.

use serde::{Deserialize, Serialize};
use specta::Type;

use qbox_engine::{Aggregate, ChartData, ChartKind, ChartPoint, ChartSpec};

#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ChartKindDto {
    Bar,
    Line,
    Area,
    Scatter,
    Histogram,
    Heatmap,
}

#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum AggregateDto {
    Count,
    Sum,
    Avg,
    Min,
    Max,
    CountDistinct,
}

/// What to draw: `x` and `y` are result columns; `y` is the measure, or a heatmap's second
/// dimension; `color` splits the marks into series, or is the measure a heatmap's cells aggregate.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ChartSpecDto {
    pub kind: ChartKindDto,
    pub x: u32,
    pub y: Option<u32>,
    pub aggregate: AggregateDto,
    pub color: Option<u32>,
}

impl From<ChartSpecDto> for ChartSpec {
    fn from(s: ChartSpecDto) -> Self {
        Self {
            kind: match s.kind {
                ChartKindDto::Bar => ChartKind::Bar,
                ChartKindDto::Line => ChartKind::Line,
                ChartKindDto::Area => ChartKind::Area,
                ChartKindDto::Scatter => ChartKind::Scatter,
                ChartKindDto::Histogram => ChartKind::Histogram,
                ChartKindDto::Heatmap => ChartKind::Heatmap,
            },
            x: s.x as usize,
            y: s.y.map(|y| y as usize),
            aggregate: match s.aggregate {
                AggregateDto::Count => Aggregate::Count,
                AggregateDto::Sum => Aggregate::Sum,
                AggregateDto::Avg => Aggregate::Avg,
                AggregateDto::Min => Aggregate::Min,
                AggregateDto::Max => Aggregate::Max,
                AggregateDto::CountDistinct => Aggregate::CountDistinct,
            },
            color: s.color.map(|c| c as usize),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ChartPointDto {
    pub x: Option<String>,
    /// A bucket's end, when the x axis was cut into buckets.
    pub x_end: Option<String>,
    /// A heatmap's y category.
    pub y: Option<String>,
    pub series: Option<String>,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ChartDataDto {
    /// The query DuckDB ran over the result's table.
    pub sql: String,
    pub points: Vec<ChartPointDto>,
    pub binned: bool,
    pub truncated: bool,
}

impl From<ChartData> for ChartDataDto {
    fn from(d: ChartData) -> Self {
        Self {
            sql: d.sql,
            points: d
                .points
                .into_iter()
                .map(|p: ChartPoint| ChartPointDto {
                    x: p.x,
                    x_end: p.x_end,
                    y: p.y,
                    series: p.series,
                    value: p.value,
                })
                .collect(),
            binned: d.binned,
            truncated: d.truncated,
        }
    }
}
