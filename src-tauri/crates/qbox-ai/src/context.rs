//! The schema a request carries: the query's selected tables in full (names exactly as SQL must
//! write them, DuckDB types, keys, row estimates) and the names of the other tables, both under
//! a token budget so that a 5,000-table database cannot fill the model's context.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnContext {
    pub name: String,
    pub data_type: String,
    pub nullable: bool,
    pub primary_key: bool,
    /// `schema.table.column` it references, for a foreign key.
    pub references: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableContext {
    /// As a query must write it: `file_sales`, `lake.orders_2024`, `shop.public.customers`.
    pub name: String,
    /// "table", "view", "materialized view", when the source says.
    pub kind: Option<String>,
    pub estimated_rows: Option<u64>,
    pub columns: Vec<ColumnContext>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaContext {
    pub selected: Vec<TableContext>,
    /// Every other table's name, as written in SQL.
    pub others: Vec<String>,
}

/// Tokens for the selected tables' descriptions.
pub const SELECTED_BUDGET: usize = 6_000;
/// Tokens for the names of the other tables.
pub const CATALOG_BUDGET: usize = 1_500;

/// A provider-independent estimate: about four characters a token for names and types, which
/// errs high for English text. No tokenizer fits every model a user may point QBox at.
pub fn estimate_tokens(text: &str) -> usize {
    text.chars().count().div_ceil(4)
}

impl TableContext {
    /// `name (view, ~1,200 rows): col TYPE [PK] [NOT NULL] [-> ref], ...`
    pub fn describe(&self) -> String {
        let mut head = self.name.clone();
        let mut notes = Vec::new();
        if let Some(kind) = &self.kind {
            notes.push(kind.clone());
        }
        if let Some(rows) = self.estimated_rows {
            notes.push(format!("~{rows} rows"));
        }
        if !notes.is_empty() {
            head.push_str(&format!(" ({})", notes.join(", ")));
        }
        let columns: Vec<String> = self
            .columns
            .iter()
            .map(|c| {
                let mut s = format!("{} {}", c.name, c.data_type);
                if c.primary_key {
                    s.push_str(" PK");
                }
                if !c.nullable {
                    s.push_str(" NOT NULL");
                }
                if let Some(r) = &c.references {
                    s.push_str(&format!(" -> {r}"));
                }
                s
            })
            .collect();
        format!("{head}: {}", columns.join(", "))
    }
}

impl SchemaContext {
    /// The text for the system prompt: each selected table on a line, then as many other
    /// names as the budget holds, saying how many were left out.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Selected tables that do not fit are named with the others.
        let mut names: Vec<&str> = Vec::new();
        if self.selected.is_empty() {
            out.push_str("The user selected no tables for this query.\n");
        } else {
            out.push_str("Tables the user selected for this query:\n");
            let mut used = 0;
            for (i, t) in self.selected.iter().enumerate() {
                let line = format!("- {}\n", t.describe());
                let cost = estimate_tokens(&line);
                if used + cost > SELECTED_BUDGET {
                    names.extend(self.selected[i..].iter().map(|t| t.name.as_str()));
                    out.push_str(&format!(
                        "- {} more selected tables, named first below; describe them to see their columns\n",
                        self.selected.len() - i
                    ));
                    break;
                }
                used += cost;
                out.push_str(&line);
            }
        }
        names.extend(self.others.iter().map(String::as_str));
        if !names.is_empty() {
            out.push_str("Other tables in the catalog:");
            let mut used = 0;
            let mut shown = 0;
            for name in &names {
                let cost = estimate_tokens(name) + 1;
                if used + cost > CATALOG_BUDGET {
                    break;
                }
                used += cost;
                shown += 1;
                out.push_str(if shown == 1 { " " } else { ", " });
                out.push_str(name);
            }
            let left = names.len() - shown;
            if left > 0 {
                out.push_str(&format!(" ... and {left} more"));
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, columns: usize) -> TableContext {
        TableContext {
            name: name.into(),
            kind: Some("table".into()),
            estimated_rows: Some(10),
            columns: (0..columns)
                .map(|i| ColumnContext {
                    name: format!("column_{i}"),
                    data_type: "INTEGER".into(),
                    nullable: i != 0,
                    primary_key: i == 0,
                    references: None,
                })
                .collect(),
        }
    }

    #[test]
    fn a_selected_table_is_described_with_its_types_and_keys() {
        let text = table("shop.public.orders", 2).describe();
        assert_eq!(
            text,
            "shop.public.orders (table, ~10 rows): column_0 INTEGER PK NOT NULL, column_1 INTEGER"
        );
    }

    #[test]
    fn five_thousand_tables_stay_within_the_budget() {
        let ctx = SchemaContext {
            selected: (0..200)
                .map(|i| table(&format!("db.s.selected_{i}"), 40))
                .collect(),
            others: (0..5_000)
                .map(|i| format!("db.public.table_number_{i}"))
                .collect(),
        };
        let text = ctx.render();
        let tokens = estimate_tokens(&text);
        assert!(
            tokens <= SELECTED_BUDGET + CATALOG_BUDGET + 200,
            "{tokens} tokens"
        );
        assert!(text.contains("db.public.table_number_0,"));
        assert!(text.contains("more\n"), "says how many were left out");
        assert!(text.contains("more selected tables"));
    }
}
