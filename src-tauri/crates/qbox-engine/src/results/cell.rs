//! One value of a kept result in full, for the value viewer: DuckDB's text for it and, for
//! JSON and nested values (LIST, STRUCT, MAP, UNION, ARRAY), DuckDB's JSON for it so that the
//! viewer can fold it.

use crate::base::error::{EngineError, Result};
use crate::base::ident::quote_ident;
use crate::results::view::ResultView;
use crate::results::Results;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellValue {
    pub data_type: String,
    /// DuckDB's text; None is NULL.
    pub text: Option<String>,
    /// The value as JSON, for JSON and nested types.
    pub json: Option<String>,
}

/// True for the types whose values are trees (DuckDB writes them `INTEGER[]`, `STRUCT(...)`...).
fn is_nested(duck_type: &str) -> bool {
    duck_type.ends_with(']')
        || ["STRUCT(", "MAP(", "UNION("]
            .iter()
            .any(|p| duck_type.starts_with(p))
}

impl Results<'_> {
    /// The value at `row` (a position in `view`) of column `column` of result `id`.
    pub fn cell_value(
        &self,
        id: u64,
        view: &ResultView,
        row: u64,
        column: usize,
    ) -> Result<CellValue> {
        let source = self.result_table(id, view)?;
        let (name, data_type) = source.column(column)?;
        if row >= source.info.row_count {
            return Err(EngineError::invalid_input(format!(
                "this result has no row {}",
                row + 1
            )));
        }
        let c = quote_ident(name);
        let json = if data_type == "JSON" || is_nested(data_type) {
            format!("CAST(to_json({c}) AS VARCHAR)")
        } else {
            "NULL::VARCHAR".into()
        };
        let (text, json) = self.db.connect()?.query_row(
            &format!(
                "SELECT CAST({c} AS VARCHAR), {json} FROM {} WHERE rowid = {row}",
                source.table.qualified()
            ),
            [],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                ))
            },
        )?;
        Ok(CellValue {
            data_type: data_type.to_string(),
            json: json.filter(|_| text.is_some()),
            text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::is_nested;

    #[test]
    fn nested_types_are_known_by_their_names() {
        for t in [
            "INTEGER[]",
            "VARCHAR[3]",
            "STRUCT(a INTEGER)",
            "MAP(VARCHAR, INTEGER)",
            "UNION(a INTEGER, b VARCHAR)",
        ] {
            assert!(is_nested(t), "{t}");
        }
        for t in [
            "VARCHAR",
            "DECIMAL(10,2)",
            "TIMESTAMP WITH TIME ZONE",
            "JSON",
        ] {
            assert!(!is_nested(t), "{t}");
        }
    }
}
