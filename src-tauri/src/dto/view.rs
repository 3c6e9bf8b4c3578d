//! How the grid asks to see a result: sort keys, column filters and a quick search.

use serde::Deserialize;
use specta::Type;

use qbox_engine::{ColumnFilter, FilterCondition, ResultView, SortKey};

#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SortDto {
    pub column: u32,
    pub descending: bool,
}

/// What a column filter keeps (see `qbox_engine::FilterCondition`).
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum FilterConditionDto {
    Contains {
        text: String,
    },
    Equals {
        value: String,
    },
    Range {
        min: Option<String>,
        max: Option<String>,
    },
    IsNull,
    NotNull,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FilterDto {
    pub column: u32,
    pub condition: FilterConditionDto,
}

/// Sort keys in priority order, filters that must all hold, a search any column may match.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ViewDto {
    pub sort: Vec<SortDto>,
    pub filters: Vec<FilterDto>,
    pub search: Option<String>,
}

impl From<ViewDto> for ResultView {
    fn from(v: ViewDto) -> Self {
        Self {
            sort: v
                .sort
                .into_iter()
                .map(|s| SortKey {
                    column: s.column as usize,
                    descending: s.descending,
                })
                .collect(),
            filters: v
                .filters
                .into_iter()
                .map(|f| ColumnFilter {
                    column: f.column as usize,
                    condition: match f.condition {
                        FilterConditionDto::Contains { text } => FilterCondition::Contains(text),
                        FilterConditionDto::Equals { value } => FilterCondition::Equals(value),
                        FilterConditionDto::Range { min, max } => {
                            FilterCondition::Range { min, max }
                        }
                        FilterConditionDto::IsNull => FilterCondition::IsNull,
                        FilterConditionDto::NotNull => FilterCondition::NotNull,
                    },
                })
                .collect(),
            search: v.search,
        }
    }
}
