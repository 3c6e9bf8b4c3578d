//! What the grid asks of a kept result besides its rows: copies of selected cells, one whole
//! value, a column's profile, and the plan an EXPLAIN returned.

use serde::{Deserialize, Serialize};
use specta::Type;

use qbox_engine::{
    Bin, CellSelection, CellValue, ColumnProfile, CopyFormat, Distribution, Plan, PlanNode,
    ValueCount,
};

use super::wire;

#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum CopyFormatDto {
    Tsv,
    Csv,
    Json,
    Markdown,
    Insert,
}

impl From<CopyFormatDto> for CopyFormat {
    fn from(f: CopyFormatDto) -> Self {
        match f {
            CopyFormatDto::Tsv => Self::Tsv,
            CopyFormatDto::Csv => Self::Csv,
            CopyFormatDto::Json => Self::Json,
            CopyFormatDto::Markdown => Self::Markdown,
            CopyFormatDto::Insert => Self::Insert,
        }
    }
}

/// Rows `[start, end)` by position in the view.
#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RowRangeDto {
    pub start: u32,
    pub end: u32,
}

/// Which cells to copy: row ranges of the view, and result columns in the order shown.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CellSelectionDto {
    pub rows: Vec<RowRangeDto>,
    pub columns: Vec<u32>,
}

impl From<CellSelectionDto> for CellSelection {
    fn from(s: CellSelectionDto) -> Self {
        Self {
            rows: s
                .rows
                .into_iter()
                .map(|r| u64::from(r.start)..u64::from(r.end))
                .collect(),
            columns: s.columns.into_iter().map(|c| c as usize).collect(),
        }
    }
}

/// What a copy put on the clipboard.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CopySummaryDto {
    pub cells: u32,
    pub chars: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CellValueDto {
    pub data_type: String,
    /// DuckDB's text; null is NULL.
    pub text: Option<String>,
    /// The value as JSON, for JSON and nested types.
    pub json: Option<String>,
}

impl From<CellValue> for CellValueDto {
    fn from(v: CellValue) -> Self {
        Self {
            data_type: v.data_type,
            text: v.text,
            json: v.json,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BinDto {
    pub lower: String,
    pub upper: String,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ValueCountDto {
    pub value: Option<String>,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DistributionDto {
    Histogram {
        bins: Vec<BinDto>,
    },
    TopValues {
        values: Vec<ValueCountDto>,
        others: u32,
    },
    Empty,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ColumnProfileDto {
    pub rows: u32,
    pub nulls: u32,
    /// DuckDB's estimate of distinct values (as SUMMARIZE's approx_unique).
    pub distinct: u32,
    pub min: Option<String>,
    pub max: Option<String>,
    pub mean: Option<f64>,
    pub distribution: DistributionDto,
}

impl From<ColumnProfile> for ColumnProfileDto {
    fn from(p: ColumnProfile) -> Self {
        let bin = |b: Bin| BinDto {
            lower: b.lower,
            upper: b.upper,
            count: wire(b.count),
        };
        let value = |v: ValueCount| ValueCountDto {
            value: v.value,
            count: wire(v.count),
        };
        Self {
            rows: wire(p.rows),
            nulls: wire(p.nulls),
            distinct: wire(p.distinct),
            min: p.min,
            max: p.max,
            mean: p.mean,
            distribution: match p.distribution {
                Distribution::Histogram(bins) => DistributionDto::Histogram {
                    bins: bins.into_iter().map(bin).collect(),
                },
                Distribution::TopValues { values, others } => DistributionDto::TopValues {
                    values: values.into_iter().map(value).collect(),
                    others: wire(others),
                },
                Distribution::Empty => DistributionDto::Empty,
            },
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanDto {
    /// True when the statement ran (EXPLAIN ANALYZE): operators carry rows and times.
    pub analyzed: bool,
    pub total_seconds: Option<f64>,
    pub roots: Vec<PlanNodeDto>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanDetailDto {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanNodeDto {
    pub name: String,
    pub details: Vec<PlanDetailDto>,
    pub estimated_rows: Option<f64>,
    pub actual_rows: Option<f64>,
    pub seconds: Option<f64>,
    pub children: Vec<PlanNodeDto>,
}

impl From<Plan> for PlanDto {
    fn from(p: Plan) -> Self {
        Self {
            analyzed: p.analyzed,
            total_seconds: p.total_seconds,
            roots: p.roots.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<PlanNode> for PlanNodeDto {
    fn from(n: PlanNode) -> Self {
        Self {
            name: n.name,
            details: n
                .details
                .into_iter()
                .map(|(key, value)| PlanDetailDto { key, value })
                .collect(),
            // Row counts can pass u32 in a plan; f64 keeps them exact to 2^53.
            estimated_rows: n.estimated_rows.map(|r| r as f64),
            actual_rows: n.actual_rows.map(|r| r as f64),
            seconds: n.seconds,
            children: n.children.into_iter().map(Into::into).collect(),
        }
    }
}
