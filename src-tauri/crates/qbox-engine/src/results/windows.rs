//! A kept result read through the engine: windows of its rows (Arrow IPC), its status while it
//! streams, the table a view of it is, and closing it.

use arrow::array::{Array, StringArray};
use arrow::datatypes::SchemaRef;
use arrow::ipc::writer::StreamWriter;
use arrow::record_batch::RecordBatch;

use crate::base::error::{EngineError, Result};
use crate::base::ident::quote_ident;
use crate::duck::scratch::{Scratch, ScratchTable, MEMORY_DB};
use crate::results::stream::{StreamEnd, StreamStatus};
use crate::results::view::ResultView;
use crate::results::Results;
use crate::results::{ResultInfo, ResultTable};

use super::{Backing, RowsTable, StoredResult, ViewTable, NATIVE_TYPES};

impl Results<'_> {
    /// Rows `[offset, offset + limit)` of a result as `view` shows it, as an Arrow IPC stream.
    /// While a result is still being stored, a window waits only for its own rows (and any
    /// other view for the whole result).
    pub fn window(&self, id: u64, offset: u64, limit: u64, view: &ResultView) -> Result<Vec<u8>> {
        let stored = self.store.get(id)?;
        if view.is_identity() {
            if let Some(rows) = held_window(&stored, offset, limit) {
                // The held rows' own schema: a slice of none has one too.
                return encode_ipc(&rows.schema(), &[rows]);
            }
        }
        if let (Some(feed), true) = (&stored.feed, view.is_identity()) {
            feed.wait_rows(offset.saturating_add(limit));
        }
        if let (true, Backing::Memory { batch, .. }) = (view.is_identity(), &stored.backing) {
            let start = (offset as usize).min(batch.num_rows());
            let len = (limit as usize).min(batch.num_rows() - start);
            return encode_ipc(&batch.schema(), &[batch.slice(start, len)]);
        }
        let source = self.view_table(&stored, view)?;
        let projection = source
            .info
            .columns
            .iter()
            .zip(&source.stored_names)
            .map(|(c, name)| {
                let q = quote_ident(name);
                if NATIVE_TYPES.contains(&c.data_type.as_str()) {
                    q
                } else {
                    format!("CAST({q} AS VARCHAR) AS {q}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let end = offset.saturating_add(limit);
        let sql = format!(
            "SELECT {projection} FROM {} WHERE rowid >= {offset} AND rowid < {end} ORDER BY rowid",
            source.table.qualified()
        );
        let conn = self.db.connect()?;
        let mut stmt = conn.prepare(&sql)?;
        let batches: Vec<RecordBatch> = stmt.query_arrow([])?.collect();
        encode_ipc(&stmt.schema(), &batches)
    }

    /// How many rows `view` of a result shows; the view is computed here when it is new, so
    /// the windows read after this are quick. While a result is still being stored, the
    /// unfiltered view counts the rows kept so far; any other waits for the whole result.
    pub fn view_rows(&self, id: u64, view: &ResultView) -> Result<u64> {
        let stored = self.store.get(id)?;
        Ok(self.view_table(&stored, view)?.info.row_count)
    }

    /// The result once every row it will have is stored (at once for most results).
    pub fn wait_for_result(&self, id: u64) -> Result<ResultInfo> {
        let stored = self.store.get(id)?;
        stored.wait_complete();
        Ok(stored.current_info())
    }

    /// How many rows of a result are kept so far, and how it ended once it has.
    pub fn result_status(&self, id: u64) -> Result<StreamStatus> {
        let stored = self.store.get(id)?;
        Ok(match &stored.feed {
            Some(feed) => feed.status(),
            None => StreamStatus {
                rows: stored.info.row_count,
                end: Some(if stored.info.capped {
                    StreamEnd::Capped
                } else {
                    StreamEnd::Complete
                }),
            },
        })
    }

    /// The same window as rows of JSON values (the shape a JSON IPC answer would have). Kept to
    /// measure the Arrow path against; the UI never uses it.
    pub fn window_as_json(&self, id: u64, offset: u64, limit: u64) -> Result<Vec<u8>> {
        let stored = self.store.get(id)?;
        let Backing::Table { table, .. } = &stored.backing else {
            return Err(EngineError::invalid_input("only table-backed results"));
        };
        let sql = format!(
            "SELECT * FROM {} WHERE rowid >= {offset} AND rowid < {} ORDER BY rowid",
            table.qualified(),
            offset.saturating_add(limit)
        );
        let conn = self.db.connect()?;
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let mut out: Vec<Vec<serde_json::Value>> = Vec::new();
        while let Some(row) = rows.next()? {
            let n = row.as_ref().column_count();
            let mut values = Vec::with_capacity(n);
            for i in 0..n {
                use duckdb::types::ValueRef;
                values.push(match row.get_ref(i)? {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Boolean(b) => b.into(),
                    ValueRef::BigInt(v) => v.into(),
                    ValueRef::Int(v) => v.into(),
                    ValueRef::Double(v) => v.into(),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                    other => format!("{other:?}").into(),
                });
            }
            out.push(values);
        }
        Ok(serde_json::to_vec(&out)?)
    }

    /// A result's rows as a table, as `view` shows them, for work that
    /// reads them whole such as export.
    pub(crate) fn result_table(&self, id: u64, view: &ResultView) -> Result<ResultTable> {
        let stored = self.store.get(id)?;
        stored.wait_complete();
        self.view_table(&stored, view)
    }

    /// The table holding `view` of a stored result: the result's own table for the identity
    /// view, else the view's table, made once and reused while the same view is asked for.
    fn view_table(&self, stored: &StoredResult, view: &ResultView) -> Result<ResultTable> {
        if !view.is_identity() {
            stored.wait_complete();
        }
        let (table, stored_names) = self.base_table(stored)?;
        let info = stored.current_info();
        // A command's text copy holds text whatever its columns' labels say.
        let stored_types: Vec<String> = match stored.backing {
            Backing::Table { .. } | Backing::Rows { .. } => {
                info.columns.iter().map(|c| c.data_type.clone()).collect()
            }
            Backing::Memory { .. } => vec!["VARCHAR".to_string(); stored_names.len()],
        };
        if view.is_identity() {
            return Ok(ResultTable {
                table,
                stored_names,
                stored_types,
                info,
            });
        }
        let name = table.beside(format!("r_{}_view", info.id));
        let mut current = stored.view.lock().expect("view lock");
        let rows = match current.as_ref() {
            Some(made) if made.view == *view => made.rows,
            _ => {
                let types: Vec<&str> = stored_types.iter().map(String::as_str).collect();
                let source = table.qualified();
                let select = view.select(&source, &stored_names, &types).ok_or_else(|| {
                    EngineError::invalid_input("the view names a column this result does not have")
                })?;
                let target = name.qualified();
                let conn = self.db.connect()?;
                conn.execute_batch(&format!("CREATE OR REPLACE TABLE {target} AS {select}"))
                    .map_err(|e| {
                        EngineError::invalid_input(format!("this filter cannot be applied: {e}"))
                    })?;
                let rows = conn.query_row(&format!("SELECT count(*) FROM {target}"), [], |r| {
                    r.get::<_, i64>(0)
                })? as u64;
                *current = Some(ViewTable {
                    view: view.clone(),
                    rows,
                });
                rows
            }
        };
        Ok(ResultTable {
            table: name,
            stored_names,
            stored_types,
            info: ResultInfo {
                row_count: rows,
                ..info
            },
        })
    }

    /// The table a result's rows are in, with its stored column names; a command's rows are
    /// copied into one as text the first time it is needed.
    fn base_table(&self, stored: &StoredResult) -> Result<(ScratchTable, Vec<String>)> {
        match &stored.backing {
            Backing::Table {
                table,
                stored_names,
            } => Ok((table.clone(), stored_names.clone())),
            Backing::Rows {
                table,
                definitions,
                stored_names,
            } => {
                let mut rows = table.lock().expect("rows table lock");
                let chunks = match &*rows {
                    RowsTable::Made(name) => return Ok((name.clone(), stored_names.clone())),
                    RowsTable::Pending(chunks) => chunks,
                };
                let name = ScratchTable::new(Scratch::Memory, format!("r_{}", stored.info.id));
                self.db
                    .connect_raw()?
                    .create_with_chunks(
                        &format!("CREATE TABLE {} ({definitions})", name.qualified()),
                        &name,
                        chunks,
                    )
                    .map_err(|source| EngineError::CApi {
                        what: "cannot keep the result's rows in a table",
                        source,
                    })?;
                // The chunks are in the table now.
                *rows = RowsTable::Made(name.clone());
                Ok((name, stored_names.clone()))
            }
            Backing::Memory { batch, table } => {
                let stored_names: Vec<String> =
                    (0..batch.num_columns()).map(|i| format!("c{i}")).collect();
                let mut made = table.lock().expect("text table lock");
                if let Some(name) = made.as_ref() {
                    return Ok((name.clone(), stored_names));
                }
                let name = ScratchTable::new(Scratch::Memory, format!("r_{}_text", stored.info.id));
                let conn = self.db.connect()?;
                let columns = stored_names
                    .iter()
                    .map(|n| format!("{} VARCHAR", quote_ident(n)))
                    .collect::<Vec<_>>()
                    .join(", ");
                conn.execute_batch(&format!(
                    "CREATE OR REPLACE TABLE {} ({columns})",
                    name.qualified()
                ))?;
                let mut appender =
                    conn.appender_to_catalog_and_db(&name.name, MEMORY_DB, "main")?;
                let texts: Vec<&StringArray> = batch
                    .columns()
                    .iter()
                    .map(|c| c.as_any().downcast_ref().expect("text columns"))
                    .collect();
                for row in 0..batch.num_rows() {
                    appender.append_row(duckdb::appender_params_from_iter(
                        texts
                            .iter()
                            .map(|c| (!c.is_null(row)).then(|| c.value(row))),
                    ))?;
                }
                appender.flush()?;
                *made = Some(name.clone());
                Ok((name, stored_names))
            }
        }
    }

    /// Frees a result's storage (its rows, its view and its text copy).
    pub fn close_result(&self, id: u64) -> Result<()> {
        let Some(stored) = self.store.remove(id) else {
            return Ok(());
        };
        if let Some(feed) = &stored.feed {
            feed.stop();
        }
        // Only the tables this result made: each DROP is a write to the scratch database.
        let mut tables = Vec::new();
        if let Backing::Table { table, .. } = &stored.backing {
            tables.push(table.clone());
        }
        if let Backing::Memory { table, .. } = &stored.backing {
            tables.extend(table.lock().expect("text table lock").clone());
        }
        if let Backing::Rows { table, .. } = &stored.backing {
            if let RowsTable::Made(name) = &*table.lock().expect("rows table lock") {
                tables.push(name.clone());
            }
        }
        // A view's table is made beside the table it was made from.
        let view = tables
            .first()
            .filter(|_| stored.view.lock().expect("view lock").is_some())
            .map(|base| base.beside(format!("r_{id}_view")));
        tables.extend(view);
        if tables.is_empty() {
            return Ok(());
        }
        let drops = tables
            .iter()
            .map(|t| format!("DROP TABLE IF EXISTS {};", t.qualified()))
            .collect::<String>();
        self.db.connect()?.execute_batch(&drops)?;
        Ok(())
    }
}

/// Rows `[offset, offset + limit)` from the result's held rows, shown as its table would
/// show them; None when they are not all held or a column's type is left to the table.
fn held_window(stored: &StoredResult, offset: u64, limit: u64) -> Option<RecordBatch> {
    let held = stored.held.as_ref()?;
    // A small result's held rows are all it has; a streamed result's are its first ones.
    let whole = matches!(stored.backing, Backing::Rows { .. });
    if !whole && offset.saturating_add(limit) > held.len() {
        return None;
    }
    let types: Vec<&str> = stored
        .info
        .columns
        .iter()
        .map(|c| c.data_type.as_str())
        .collect();
    held.window(offset, limit, stored.stored_names()?, &types)
}

fn encode_ipc(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<Vec<u8>> {
    let mut writer = StreamWriter::try_new(Vec::new(), schema)?;
    for b in batches {
        writer.write(b)?;
    }
    writer.finish()?;
    Ok(writer.into_inner()?)
}
