//! What the grid shows of a kept result: an order over several columns, filters per column and
//! a quick search across every column. DuckDB evaluates them over the whole result (never only
//! the loaded window); the rows of a view are stored once in the order shown, so scrolling
//! reads them by position like the result itself.

use crate::base::duck_types::{is_float, is_integer};
use crate::base::ident::{quote_ident, quote_literal};

/// Order of a view: a column by position, ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SortKey {
    pub column: usize,
    pub descending: bool,
}

/// What a condition on one column keeps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FilterCondition {
    /// The value as text contains this, ignoring case.
    Contains(String),
    /// The value equals this, read as the column's type.
    Equals(String),
    /// The value lies within the bounds (inclusive), read as the column's type.
    Range {
        min: Option<String>,
        max: Option<String>,
    },
    IsNull,
    NotNull,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ColumnFilter {
    pub column: usize,
    pub condition: FilterCondition,
}

/// Sort keys in priority order, filters that must all hold, and a search that any column may
/// match. The default view is the result as it came.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ResultView {
    pub sort: Vec<SortKey>,
    pub filters: Vec<ColumnFilter>,
    pub search: Option<String>,
}

impl ResultView {
    /// A view that only orders by one column (the grid's header click).
    pub fn sorted_by(key: SortKey) -> Self {
        Self {
            sort: vec![key],
            ..Self::default()
        }
    }

    fn search_text(&self) -> Option<&str> {
        self.search.as_deref().filter(|s| !s.trim().is_empty())
    }

    /// True when the view shows the result as it came (nothing to compute).
    pub fn is_identity(&self) -> bool {
        self.sort.is_empty() && self.filters.is_empty() && self.search_text().is_none()
    }

    /// The `SELECT` giving this view of `source`, whose columns are `names` with DuckDB types
    /// `types`. `None` names a column position the result does not have.
    pub(crate) fn select(&self, source: &str, names: &[String], types: &[&str]) -> Option<String> {
        let column = |i: usize| names.get(i).map(|n| quote_ident(n));
        let mut conditions = Vec::new();
        for filter in &self.filters {
            let col = column(filter.column)?;
            let ty = types[filter.column];
            conditions.push(condition_sql(&col, ty, &filter.condition));
        }
        if let Some(text) = self.search_text() {
            let lower = text.to_lowercase();
            // Columns whose text cannot hold the needle (a word in a number or a date) are
            // skipped: casting millions of numbers and dates to text is most of the work.
            let any = names
                .iter()
                .zip(types)
                .filter(|(_, ty)| text_may_hold(ty, &lower))
                .map(|(n, _)| contains_sql(&quote_ident(n), text))
                .collect::<Vec<_>>();
            conditions.push(if any.is_empty() {
                "false".into()
            } else {
                format!("({})", any.join(" OR "))
            });
        }
        let mut order = Vec::new();
        for key in &self.sort {
            let col = column(key.column)?;
            let dir = if key.descending { "DESC" } else { "ASC" };
            order.push(format!("{col} {dir} NULLS LAST"));
        }
        // Ties keep the result's own order, so a view is the same every time it is made.
        order.push("rowid".into());
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        Some(format!(
            "SELECT * FROM {source}{filter} ORDER BY {}",
            order.join(", ")
        ))
    }
}

/// Whether the text of `col` contains `needle`, ignoring case. DuckDB lowers both sides, by
/// one rule (Rust's `İ` lowers to two characters, DuckDB's to one). A needle without letters
/// (digits, dates, amounts) is matched as it is: lowering every value is then wasted work.
fn contains_sql(col: &str, needle: &str) -> String {
    let text = format!("CAST({col} AS VARCHAR)");
    let caseless = needle
        .chars()
        .all(|c| c.is_ascii() && !c.is_ascii_alphabetic());
    if caseless {
        format!("contains({text}, {})", quote_literal(needle))
    } else {
        format!("contains(lower({text}), lower({}))", quote_literal(needle))
    }
}

/// Whether DuckDB's text for a value of `duck_type` can contain `needle` (lower case): numbers,
/// dates and times are written with a few characters only.
fn text_may_hold(duck_type: &str, needle: &str) -> bool {
    let only = |chars: &str| needle.chars().all(|c| chars.contains(c));
    if is_integer(duck_type) {
        only("0123456789-")
    } else if is_float(duck_type) || duck_type.starts_with("DECIMAL") {
        // 1.5, -2e-05, 1e+300, inf, nan
        only("0123456789-+.einfa")
    } else if duck_type == "DATE" || duck_type == "TIME" || duck_type.starts_with("TIMESTAMP") {
        // 2024-01-02 03:04:05.678+02, infinity, 0044-03-15 (BC)
        only("0123456789-+:. ()bcinfty")
    } else if duck_type == "BOOLEAN" {
        "true".contains(needle) || "false".contains(needle)
    } else if duck_type == "UUID" {
        only("0123456789abcdef-")
    } else {
        true
    }
}

/// Types whose values compare as themselves; nested values compare by their text.
fn comparable(ty: &str) -> bool {
    let nested = ["STRUCT", "MAP", "UNION"].iter().any(|p| ty.starts_with(p)) || ty.ends_with(']');
    !nested
}

fn condition_sql(col: &str, ty: &str, condition: &FilterCondition) -> String {
    let typed = |value: &str| {
        if comparable(ty) {
            (
                col.to_string(),
                format!("CAST({} AS {ty})", quote_literal(value)),
            )
        } else {
            (format!("CAST({col} AS VARCHAR)"), quote_literal(value))
        }
    };
    match condition {
        FilterCondition::Contains(text) => contains_sql(col, text),
        FilterCondition::Equals(value) => {
            let (left, right) = typed(value);
            format!("{left} = {right}")
        }
        FilterCondition::Range { min, max } => {
            let mut parts = Vec::new();
            if let Some(min) = min {
                let (left, right) = typed(min);
                parts.push(format!("{left} >= {right}"));
            }
            if let Some(max) = max {
                let (left, right) = typed(max);
                parts.push(format!("{left} <= {right}"));
            }
            if parts.is_empty() {
                "true".into()
            } else {
                format!("({})", parts.join(" AND "))
            }
        }
        FilterCondition::IsNull => format!("{col} IS NULL"),
        FilterCondition::NotNull => format!("{col} IS NOT NULL"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        vec!["id".into(), "Na\"me".into(), "tags".into()]
    }

    #[test]
    fn quotes_every_name_and_value() {
        let view = ResultView {
            sort: vec![SortKey {
                column: 1,
                descending: true,
            }],
            filters: vec![ColumnFilter {
                column: 1,
                condition: FilterCondition::Equals("O'Brien".into()),
            }],
            search: Some("It's".into()),
        };
        let sql = view
            .select("t", &names(), &["INTEGER", "VARCHAR", "VARCHAR[]"])
            .unwrap();
        assert!(
            sql.contains(r#""Na""me" = CAST('O''Brien' AS VARCHAR)"#),
            "{sql}"
        );
        assert!(
            sql.contains("contains(lower(CAST(\"tags\" AS VARCHAR)), lower('It''s'))"),
            "{sql}"
        );
        assert!(
            !sql.contains("CAST(\"id\""),
            "an integer cannot hold letters: {sql}"
        );
        assert!(
            sql.ends_with(r#"ORDER BY "Na""me" DESC NULLS LAST, rowid"#),
            "{sql}"
        );
    }

    #[test]
    fn a_search_without_letters_is_matched_without_lowering() {
        let search = |text: &str| ResultView {
            search: Some(text.into()),
            ..ResultView::default()
        };
        let types = ["INTEGER", "VARCHAR", "VARCHAR[]"];
        let digits = search("2024-01").select("t", &names(), &types).unwrap();
        assert!(
            digits.contains(r#"contains(CAST("id" AS VARCHAR), '2024-01')"#),
            "{digits}"
        );
        assert!(!digits.contains("lower("), "{digits}");
        let word = search("Ünï 1").select("t", &names(), &types).unwrap();
        assert!(
            word.contains(r#"contains(lower(CAST("Na""me" AS VARCHAR)), lower('Ünï 1'))"#),
            "{word}"
        );
    }

    #[test]
    fn nested_values_compare_as_text() {
        let view = ResultView {
            filters: vec![ColumnFilter {
                column: 2,
                condition: FilterCondition::Equals("[a, b]".into()),
            }],
            ..ResultView::default()
        };
        let sql = view
            .select("t", &names(), &["INTEGER", "VARCHAR", "VARCHAR[]"])
            .unwrap();
        assert!(
            sql.contains(r#"CAST("tags" AS VARCHAR) = '[a, b]'"#),
            "{sql}"
        );
    }

    #[test]
    fn an_unknown_column_gives_no_sql() {
        let view = ResultView::sorted_by(SortKey {
            column: 9,
            descending: false,
        });
        assert!(view.select("t", &names(), &["A", "B", "C"]).is_none());
    }

    #[test]
    fn a_blank_search_is_no_search() {
        let view = ResultView {
            search: Some("  ".into()),
            ..ResultView::default()
        };
        assert!(view.is_identity());
    }
}
