//! Copy of selected cells of a kept result as text for the clipboard: TSV, CSV and JSON through
//! DuckDB's own writer (`COPY ... TO`), Markdown tables and SQL `INSERT` statements from
//! DuckDB's text for each value. The cells are read from the view the grid shows, so a copy of
//! rows the grid has not loaded yet is the same as of rows it has.

use std::ops::Range;

use crate::base::duck_types::{is_float, is_integer, is_numeric};
use crate::base::error::{EngineError, Result};
use crate::base::ident::{quote_ident, quote_literal};
use crate::results::view::ResultView;
use crate::results::ResultTable;
use crate::results::Results;

/// The text formats a selection can be copied as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyFormat {
    /// Tab-separated, as spreadsheets paste it.
    Tsv,
    Csv,
    /// One JSON array of objects.
    Json,
    /// A GitHub-flavoured Markdown table.
    Markdown,
    /// `INSERT INTO <table> (...) VALUES ...;` statements.
    Insert,
}

/// Which cells to copy: rows by position in the view (half-open ranges, in any order) and
/// columns by their position in the result, in the order they are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSelection {
    pub rows: Vec<Range<u64>>,
    pub columns: Vec<usize>,
}

/// The most cells one copy takes; more belongs in an export, not the clipboard.
pub const COPY_MAX_CELLS: u64 = 1_000_000;

/// Rows per `INSERT` statement, so that a long copy runs in pieces any database accepts.
const INSERT_ROWS_PER_STATEMENT: usize = 1000;

impl Results<'_> {
    /// The selected cells of result `id`, as `view` shows it, as text in `format`. `header`
    /// adds the column names to TSV and CSV (the other formats always name the columns);
    /// `table` is the table name `INSERT` statements write to.
    pub fn copy_cells(
        &self,
        id: u64,
        view: &ResultView,
        selection: &CellSelection,
        format: CopyFormat,
        header: bool,
        table: &str,
    ) -> Result<String> {
        let source = self.result_table(id, view)?;
        let columns = &selection.columns;
        if columns.is_empty() {
            return Err(EngineError::invalid_input("select the cells to copy"));
        }
        for &c in columns {
            source.column(c)?;
        }
        let rows = clamp_ranges(&selection.rows, source.info.row_count);
        let row_count: u64 = rows.iter().map(|r| r.end - r.start).sum();
        let cells = row_count.saturating_mul(columns.len() as u64);
        if cells > COPY_MAX_CELLS {
            return Err(EngineError::invalid_input(format!(
                "{cells} cells are too many to copy (at most {COPY_MAX_CELLS}); export the result to a file instead"
            )));
        }
        let picked = Picked {
            source: &source,
            columns,
            rows: &rows,
        };
        match format {
            CopyFormat::Tsv if !header && cells == 1 => {
                // One cell pastes as its value, not as a quoted CSV field.
                let texts = self.cell_texts(&picked)?;
                Ok(texts
                    .into_iter()
                    .next()
                    .and_then(|row| row.into_iter().next().flatten())
                    .unwrap_or_default())
            }
            CopyFormat::Tsv | CopyFormat::Csv | CopyFormat::Json => {
                self.copy_with_duckdb(&picked, format, header)
            }
            CopyFormat::Markdown => Ok(markdown(&picked, &self.cell_texts(&picked)?)),
            CopyFormat::Insert => Ok(inserts(&picked, &self.cell_texts(&picked)?, table)),
        }
    }

    /// Writes the cells with DuckDB's `COPY` to a private temporary file and reads them back.
    fn copy_with_duckdb(
        &self,
        picked: &Picked,
        format: CopyFormat,
        header: bool,
    ) -> Result<String> {
        let file = tempfile::Builder::new()
            .prefix("qbox-copy-")
            .tempfile()
            .map_err(|e| {
                EngineError::io("cannot make a temporary file in", std::env::temp_dir(), e)
            })?;
        let names = picked.source.output_names();
        let json = format == CopyFormat::Json;
        let projection = picked
            .columns
            .iter()
            .map(|&c| {
                let value = quote_ident(&picked.source.stored_names[c]);
                let value = if json && is_float(&picked.source.stored_types[c]) {
                    // DuckDB writes NaN and Infinity, which JSON parsers refuse; as text they
                    // parse and keep their meaning.
                    format!("CASE WHEN isfinite({value}) THEN to_json({value}) ELSE to_json(CAST({value} AS VARCHAR)) END")
                } else {
                    value
                };
                format!("{value} AS {}", quote_ident(&names[c]))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let format = match format {
            CopyFormat::Json => "FORMAT json, ARRAY true".to_string(),
            CopyFormat::Tsv => format!("FORMAT csv, HEADER {header}, DELIMITER '\t'"),
            _ => format!("FORMAT csv, HEADER {header}"),
        };
        let sql = format!(
            "COPY (SELECT {projection} FROM {} WHERE {} ORDER BY rowid) TO {} ({format}, USE_TMP_FILE false)",
            picked.from(),
            picked.row_filter(),
            quote_literal(&file.path().to_string_lossy()),
        );
        self.db.connect()?.execute_batch(&sql)?;
        let mut text = std::fs::read_to_string(file.path())
            .map_err(|e| EngineError::io("cannot read the copied cells from", file.path(), e))?;
        // A selection pastes without an empty last line.
        if text.ends_with('\n') {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        Ok(text)
    }

    /// DuckDB's text for each selected cell (None for NULL), row by row.
    fn cell_texts(&self, picked: &Picked) -> Result<Vec<Vec<Option<String>>>> {
        let projection = picked
            .columns
            .iter()
            .map(|&c| {
                format!(
                    "CAST({} AS VARCHAR)",
                    quote_ident(&picked.source.stored_names[c])
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {projection} FROM {} WHERE {} ORDER BY rowid",
            picked.from(),
            picked.row_filter()
        );
        let conn = self.db.connect()?;
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(picked.columns.len());
            for i in 0..picked.columns.len() {
                values.push(row.get::<_, Option<String>>(i)?);
            }
            out.push(values);
        }
        Ok(out)
    }
}

/// A selection resolved against the table that holds the view.
struct Picked<'a> {
    source: &'a ResultTable,
    columns: &'a [usize],
    rows: &'a [Range<u64>],
}

impl Picked<'_> {
    fn from(&self) -> String {
        self.source.table.qualified()
    }

    /// The rows by position; a view's table holds its rows in the order shown.
    fn row_filter(&self) -> String {
        if self.rows.is_empty() {
            return "false".into();
        }
        self.rows
            .iter()
            .map(|r| format!("(rowid >= {} AND rowid < {})", r.start, r.end))
            .collect::<Vec<_>>()
            .join(" OR ")
    }

    fn names(&self) -> Vec<String> {
        self.columns
            .iter()
            .map(|&c| self.source.info.columns[c].name.clone())
            .collect()
    }

    fn types(&self) -> Vec<&str> {
        self.columns
            .iter()
            .map(|&c| self.source.stored_types[c].as_str())
            .collect()
    }
}

/// The ranges cut to the rows that exist, sorted and merged so that no row is copied twice.
fn clamp_ranges(ranges: &[Range<u64>], rows: u64) -> Vec<Range<u64>> {
    let mut cut: Vec<Range<u64>> = ranges
        .iter()
        .map(|r| r.start.min(rows)..r.end.min(rows))
        .filter(|r| r.start < r.end)
        .collect();
    cut.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<u64>> = Vec::with_capacity(cut.len());
    for r in cut {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// A Markdown table; NULL is written `NULL`, like DuckDB's CLI does.
fn markdown(picked: &Picked, texts: &[Vec<Option<String>>]) -> String {
    let line = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    let mut lines = vec![
        line(picked.names().iter().map(|n| markdown_cell(n)).collect()),
        line(
            picked
                .types()
                .iter()
                .map(|t| if is_numeric(t) { "---:" } else { "---" }.to_string())
                .collect(),
        ),
    ];
    lines.extend(texts.iter().map(|row| {
        line(
            row.iter()
                .map(|v| {
                    v.as_deref()
                        .map_or_else(|| "NULL".to_string(), markdown_cell)
                })
                .collect(),
        )
    }));
    lines.join("\n")
}

/// A Markdown table cell: `|` and `\` escaped, line breaks as `<br>` so a row stays one line.
fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

/// `INSERT` statements that recreate the rows in a table with the same columns.
fn inserts(picked: &Picked, texts: &[Vec<Option<String>>], table: &str) -> String {
    let types = picked.types();
    let head = format!(
        "INSERT INTO {} ({}) VALUES\n",
        quote_ident(table),
        picked
            .names()
            .iter()
            .map(|n| quote_ident(n))
            .collect::<Vec<_>>()
            .join(", ")
    );
    texts
        .chunks(INSERT_ROWS_PER_STATEMENT)
        .map(|chunk| {
            let values = chunk
                .iter()
                .map(|row| {
                    let literals = row
                        .iter()
                        .zip(&types)
                        .map(|(v, t)| sql_literal(v.as_deref(), t))
                        .collect::<Vec<_>>()
                        .join(", ");
                    format!("  ({literals})")
                })
                .collect::<Vec<_>>()
                .join(",\n");
            format!("{head}{values};")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A value as a SQL literal of its column's type: integers, booleans, decimals and finite
/// floats as DuckDB writes them, text quoted, anything else DuckDB's text cast back to the type.
fn sql_literal(text: Option<&str>, duck_type: &str) -> String {
    let Some(text) = text else {
        return "NULL".into();
    };
    // A literal past BIGINT's range may be read back as a DOUBLE, so those integers are cast.
    let bare_integer = is_integer(duck_type) && !matches!(duck_type, "HUGEINT" | "UHUGEINT");
    if bare_integer
        || duck_type == "BOOLEAN"
        || duck_type.starts_with("DECIMAL")
        || (is_float(duck_type) && text.parse::<f64>().is_ok_and(f64::is_finite))
    {
        text.to_string()
    } else if duck_type == "VARCHAR" {
        quote_literal(text)
    } else {
        format!("CAST({} AS {duck_type})", quote_literal(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_cut_sorted_and_merged() {
        assert_eq!(
            clamp_ranges(&[8..12, 0..2, 1..4, 20..30], 10),
            vec![0..4, 8..10]
        );
        assert!(clamp_ranges(&[5..5, 12..14], 10).is_empty());
    }

    #[test]
    fn literals_keep_their_type() {
        assert_eq!(sql_literal(None, "INTEGER"), "NULL");
        assert_eq!(sql_literal(Some("42"), "BIGINT"), "42");
        assert_eq!(sql_literal(Some("true"), "BOOLEAN"), "true");
        assert_eq!(sql_literal(Some("1.5"), "DOUBLE"), "1.5");
        assert_eq!(sql_literal(Some("inf"), "DOUBLE"), "CAST('inf' AS DOUBLE)");
        assert_eq!(sql_literal(Some("12.30"), "DECIMAL(10,2)"), "12.30");
        assert_eq!(sql_literal(Some("it's"), "VARCHAR"), "'it''s'");
        assert_eq!(
            sql_literal(Some("2024-01-02"), "DATE"),
            "CAST('2024-01-02' AS DATE)"
        );
    }

    #[test]
    fn markdown_cells_stay_on_one_line() {
        assert_eq!(markdown_cell("a|b\nc\r\nd\\"), "a\\|b<br>c<br>d\\\\");
    }
}
