//! Results kept for browsing: a query's rows live in a table of a scratch database
//! (`scratch.rs`), and the UI reads windows of them as Arrow IPC bytes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use arrow::array::{Array, ArrayRef, StringArray, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::ipc::writer::StreamWriter;
use arrow::record_batch::RecordBatch;
use arrow::util::display::{ArrayFormatter, FormatOptions};
use duckdb::Connection;

use crate::engine::{table_columns, Column, Engine};
use crate::error::{EngineError, Result};
use crate::ident::quote_ident;
use crate::scratch::{Scratch, ScratchTable, FILE_DB, MEMORY_DB};
use crate::stream::{Feed, StreamEnd, StreamStatus};
use crate::view::ResultView;

/// A result the UI can page through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultInfo {
    pub id: u64,
    pub columns: Vec<Column>,
    /// Rows kept (at most the row cap).
    pub row_count: u64,
    /// True when the query produced more rows than the cap and only the first ones were kept.
    pub capped: bool,
    /// False while rows are still being stored behind the first ones ([`Engine::result_status`]
    /// says how many are kept so far and how the result ended).
    pub complete: bool,
}

/// A result readable as one table, whose columns are `stored_names` (DuckDB's) standing for
/// `info.columns` (what the user sees).
pub(crate) struct ResultTable {
    pub(crate) table: ScratchTable,
    pub(crate) stored_names: Vec<String>,
    /// The stored columns' DuckDB types (VARCHAR for a command's text copy, whatever
    /// `info.columns` says).
    pub(crate) stored_types: Vec<String>,
    pub(crate) info: ResultInfo,
}

impl ResultTable {
    /// The stored name and DuckDB type of column `i`, or an error naming the missing column.
    pub(crate) fn column(&self, i: usize) -> Result<(&str, &str)> {
        match (self.stored_names.get(i), self.stored_types.get(i)) {
            (Some(name), Some(ty)) => Ok((name, ty)),
            _ => Err(EngineError::invalid_input(format!(
                "this result has no column {}",
                i + 1
            ))),
        }
    }

    /// Column names for files and copies: as the user sees them, unless two are equal
    /// (Parquet and JSON need unique ones), then as stored.
    pub(crate) fn output_names(&self) -> Vec<String> {
        let mut shown: Vec<&str> = self.info.columns.iter().map(|c| c.name.as_str()).collect();
        shown.sort_unstable();
        if shown.windows(2).all(|w| w[0] != w[1]) {
            self.info.columns.iter().map(|c| c.name.clone()).collect()
        } else {
            self.stored_names.clone()
        }
    }
}

#[derive(Default)]
pub(crate) struct ResultStore {
    next_id: AtomicU64,
    entries: Mutex<HashMap<u64, Arc<StoredResult>>>,
}

struct StoredResult {
    info: ResultInfo,
    backing: Backing,
    /// Set while (and after) the rows are streamed into the table behind the first ones.
    feed: Option<Arc<Feed>>,
    /// The last view asked for (its rows are in `r_<id>_view`, in the order shown). One per
    /// result, made on demand and reused while the grid keeps asking for it.
    view: Mutex<Option<ViewTable>>,
}

impl StoredResult {
    /// The result as it stands: a streamed result's rows and end so far.
    fn current_info(&self) -> ResultInfo {
        match &self.feed {
            None => self.info.clone(),
            Some(feed) => {
                let status = feed.status();
                ResultInfo {
                    row_count: status.rows,
                    capped: status.end == Some(StreamEnd::Capped),
                    complete: status.end.is_some(),
                    ..self.info.clone()
                }
            }
        }
    }

    /// Waits until every row the result will have is stored.
    fn wait_complete(&self) {
        if let Some(feed) = &self.feed {
            feed.wait_end();
        }
    }
}

struct ViewTable {
    view: ResultView,
    rows: u64,
}

enum Backing {
    /// Rows in a scratch table, rowid = position.
    Table {
        table: ScratchTable,
        stored_names: Vec<String>,
    },
    /// Small results of commands (EXPLAIN, PRAGMA, ... RETURNING), kept as text columns; they
    /// are copied to a table (`r_<id>_text`) only when a view or an export needs one.
    Memory {
        batch: RecordBatch,
        table: Mutex<Option<ScratchTable>>,
    },
}

/// DuckDB types the grid shows natively; every other value is rendered by DuckDB as text so
/// that DECIMAL, HUGEINT, INTERVAL, nested types and time zones keep their exact form.
const NATIVE_TYPES: &[&str] = &[
    "BOOLEAN",
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "DOUBLE",
    "VARCHAR",
];

impl ResultStore {
    fn allocate_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// A new result's id and the name of its table.
    pub(crate) fn allocate_table(&self) -> (u64, String) {
        let id = self.allocate_id();
        (id, format!("r_{id}"))
    }

    /// Registers a result whose rows are (or are being) stored in `table` by a stream.
    pub(crate) fn keep_streamed(
        &self,
        info: ResultInfo,
        table: ScratchTable,
        stored_names: Vec<String>,
        feed: Option<Arc<Feed>>,
    ) -> ResultInfo {
        self.insert(StoredResult {
            info,
            backing: Backing::Table {
                table,
                stored_names,
            },
            feed,
            view: Mutex::new(None),
        })
    }

    fn insert(&self, stored: StoredResult) -> ResultInfo {
        let info = stored.info.clone();
        self.entries
            .lock()
            .expect("results lock")
            .insert(info.id, Arc::new(stored));
        info
    }

    fn get(&self, id: u64) -> Result<Arc<StoredResult>> {
        self.entries
            .lock()
            .expect("results lock")
            .get(&id)
            .cloned()
            .ok_or(EngineError::UnknownResult(id))
    }

    /// Stores the rows of `select` (a query text) as a new result, keeping at most `cap` rows.
    /// `create` runs the `CREATE TABLE ... AS` it is given on the connection the query belongs
    /// to (its temporary tables and settings apply), reports the user's errors and returns the
    /// row count DuckDB answered with; `conn` does
    /// the bookkeeping. `written_names` gives the column names as the user wrote them; it is
    /// asked only when the stored names show DuckDB's de-duplication.
    pub(crate) fn materialize(
        &self,
        conn: &Connection,
        select: &str,
        create: impl FnOnce(&str) -> Result<Option<u64>>,
        written_names: impl FnOnce() -> Option<Vec<String>>,
        cap: u64,
    ) -> Result<ResultInfo> {
        let id = self.allocate_id();
        let table = ScratchTable::new(Scratch::File, format!("r_{id}"));
        let target = table.qualified();
        let reported = create(&format!(
            "CREATE TABLE {target} AS {select}\nLIMIT {}",
            cap.saturating_add(1)
        ))?;
        // DuckDB answers a CREATE TABLE ... AS with its row count; counting again costs a query.
        let created: u64 = match reported {
            Some(n) => n,
            None => conn.query_row(&format!("SELECT count(*) FROM {target}"), [], |r| {
                r.get::<_, i64>(0)
            })? as u64,
        };
        let capped = created > cap;
        if capped {
            conn.execute(&format!("DELETE FROM {target} WHERE rowid >= {cap}"), [])?;
        }
        let stored = table_columns(conn, Some(FILE_DB), "main", &table.name)?;
        let stored_names: Vec<String> = stored.iter().map(|c| c.name.clone()).collect();
        let names = if may_be_deduplicated(&stored_names) {
            written_names()
        } else {
            None
        };
        let columns = match names {
            Some(names) if names.len() == stored.len() => stored
                .into_iter()
                .zip(names)
                .map(|(c, name)| Column {
                    name,
                    data_type: c.data_type,
                })
                .collect(),
            _ => stored,
        };
        let info = ResultInfo {
            id,
            columns,
            row_count: created.min(cap),
            capped,
            complete: true,
        };
        Ok(self.insert(StoredResult {
            info,
            backing: Backing::Table {
                table,
                stored_names,
            },
            feed: None,
            view: Mutex::new(None),
        }))
    }

    /// Keeps the rows a command returned, rendered as text (they are small by nature).
    /// `types` are DuckDB's names for the columns' types, shown in the headers.
    pub(crate) fn keep_batches(
        &self,
        schema: SchemaRef,
        batches: Vec<RecordBatch>,
        names: Option<Vec<String>>,
        types: &[Option<String>],
        cap: u64,
    ) -> Result<ResultInfo> {
        let total: u64 = batches.iter().map(|b| b.num_rows() as u64).sum();
        let kept = total.min(cap) as usize;
        let mut builders: Vec<StringBuilder> = schema
            .fields()
            .iter()
            .map(|_| StringBuilder::new())
            .collect();
        let options = FormatOptions::default().with_null("");
        let mut left = kept;
        for batch in &batches {
            let n = batch.num_rows().min(left);
            for (col, builder) in batch.columns().iter().zip(builders.iter_mut()) {
                let fmt = ArrayFormatter::try_new(col.as_ref(), &options)?;
                for row in 0..n {
                    if col.is_null(row) {
                        builder.append_null();
                    } else {
                        builder.append_value(fmt.value(row).to_string());
                    }
                }
            }
            left -= n;
        }
        let fields: Vec<Field> = schema
            .fields()
            .iter()
            .map(|f| Field::new(f.name(), DataType::Utf8, true))
            .collect();
        let columns_arrays: Vec<ArrayRef> = builders
            .into_iter()
            .map(|mut b| Arc::new(b.finish()) as ArrayRef)
            .collect();
        let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns_arrays)?;
        let names =
            names.unwrap_or_else(|| schema.fields().iter().map(|f| f.name().clone()).collect());
        let columns = schema
            .fields()
            .iter()
            .zip(names)
            .enumerate()
            .map(|(i, (f, name))| Column {
                name,
                data_type: types
                    .get(i)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| arrow_type_label(f.data_type())),
            })
            .collect();
        let info = ResultInfo {
            id: self.allocate_id(),
            columns,
            row_count: kept as u64,
            capped: total > cap,
            complete: true,
        };
        Ok(self.insert(StoredResult {
            info,
            backing: Backing::Memory {
                batch,
                table: Mutex::new(None),
            },
            feed: None,
            view: Mutex::new(None),
        }))
    }

    fn remove(&self, id: u64) -> Option<Arc<StoredResult>> {
        self.entries.lock().expect("results lock").remove(&id)
    }
}

/// True when some name is another name plus `_<n>`, the way DuckDB renames duplicates.
pub(crate) fn may_be_deduplicated(names: &[String]) -> bool {
    names.iter().any(|n| {
        n.rsplit_once('_').is_some_and(|(stem, num)| {
            !num.is_empty()
                && num.bytes().all(|b| b.is_ascii_digit())
                && names.iter().any(|m| m == stem)
        })
    })
}

fn arrow_type_label(t: &DataType) -> String {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "VARCHAR".into(),
        DataType::Int64 => "BIGINT".into(),
        DataType::Int32 => "INTEGER".into(),
        DataType::Float64 => "DOUBLE".into(),
        DataType::Boolean => "BOOLEAN".into(),
        other => other.to_string(),
    }
}

impl Engine {
    /// Rows `[offset, offset + limit)` of a result as `view` shows it, as an Arrow IPC stream.
    /// While a result is still being stored, a window waits only for its own rows (and any
    /// other view for the whole result).
    pub fn window(&self, id: u64, offset: u64, limit: u64, view: &ResultView) -> Result<Vec<u8>> {
        let stored = self.results.get(id)?;
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
        let stored = self.results.get(id)?;
        Ok(self.view_table(&stored, view)?.info.row_count)
    }

    /// The result once every row it will have is stored (at once for most results).
    pub fn wait_for_result(&self, id: u64) -> Result<ResultInfo> {
        let stored = self.results.get(id)?;
        stored.wait_complete();
        Ok(stored.current_info())
    }

    /// How many rows of a result are kept so far, and how it ended once it has.
    pub fn result_status(&self, id: u64) -> Result<StreamStatus> {
        let stored = self.results.get(id)?;
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
        let stored = self.results.get(id)?;
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
        serde_json::to_vec(&out).map_err(|e| EngineError::Internal(e.to_string()))
    }

    /// A result's rows as a table, as `view` shows them, for work that
    /// reads them whole such as export.
    pub(crate) fn result_table(&self, id: u64, view: &ResultView) -> Result<ResultTable> {
        let stored = self.results.get(id)?;
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
            Backing::Table { .. } => info.columns.iter().map(|c| c.data_type.clone()).collect(),
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
        let Some(stored) = self.results.remove(id) else {
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

fn encode_ipc(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<Vec<u8>> {
    let mut writer = StreamWriter::try_new(Vec::new(), schema)?;
    for b in batches {
        writer.write(b)?;
    }
    writer.finish()?;
    Ok(writer.into_inner()?)
}
