//! Results kept for browsing: a query's rows live in a table of a scratch database
//! (`scratch.rs`), and the UI reads windows of them as Arrow IPC bytes.

pub(crate) mod cell;
pub(crate) mod chart;
pub(crate) mod copy;
pub(crate) mod export;
mod held;
pub(crate) mod profile;
pub(crate) mod stream;
pub(crate) mod view;
mod windows;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use arrow::array::{Array, ArrayRef, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use arrow::util::display::{ArrayFormatter, FormatOptions};
use duckdb::Connection;

use crate::base::columns::{table_columns, Column};
use crate::base::error::{EngineError, Result};
use crate::duck::capi::DataChunk;
use crate::duck::database::Database;
use crate::duck::scratch::{Scratch, ScratchTable, FILE_DB};
use crate::results::held::HeldRows;
use crate::results::stream::{Feed, StreamEnd};
use crate::results::view::ResultView;
use crate::runs::registry::RunRegistry;

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
    /// A query's first rows (a small result's every row), which answer the grid's windows
    /// over them.
    held: Option<HeldRows>,
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

    /// The stored columns' names, when the result is a query's.
    fn stored_names(&self) -> Option<&[String]> {
        match &self.backing {
            Backing::Table { stored_names, .. } | Backing::Rows { stored_names, .. } => {
                Some(stored_names)
            }
            Backing::Memory { .. } => None,
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
    /// A query's small result, every row held (see `held`); its table (in memory) is made
    /// from DuckDB's own chunks the first time a view, a profile or an export needs one.
    Rows {
        table: Mutex<RowsTable>,
        /// The table's column definitions (`"name" TYPE, …`).
        definitions: String,
        stored_names: Vec<String>,
    },
    /// Small results of commands (EXPLAIN, PRAGMA, ... RETURNING), kept as text columns; they
    /// are copied to a table (`r_<id>_text`) only when a view or an export needs one.
    Memory {
        batch: RecordBatch,
        table: Mutex<Option<ScratchTable>>,
    },
}

/// A small result's table: its rows as DuckDB gave them until it is made.
enum RowsTable {
    Pending(Vec<DataChunk>),
    Made(ScratchTable),
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
    pub(crate) fn allocate_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Registers a result whose rows are (or are being) stored in `table` by a stream, its
    /// first rows `held`.
    pub(crate) fn keep_streamed(
        &self,
        info: ResultInfo,
        table: ScratchTable,
        stored_names: Vec<String>,
        held: RecordBatch,
        feed: Option<Arc<Feed>>,
    ) -> ResultInfo {
        self.insert(StoredResult {
            info,
            backing: Backing::Table {
                table,
                stored_names,
            },
            feed,
            held: Some(HeldRows::new(held)),
            view: Mutex::new(None),
        })
    }

    /// Registers a small result whose every row is in hand: DuckDB's `chunks` (for its table,
    /// made when needed with columns `definitions`) and the same rows in Arrow (`held`).
    pub(crate) fn keep_rows(
        &self,
        info: ResultInfo,
        chunks: Vec<DataChunk>,
        held: RecordBatch,
        definitions: String,
        stored_names: Vec<String>,
    ) -> ResultInfo {
        self.insert(StoredResult {
            info,
            backing: Backing::Rows {
                table: Mutex::new(RowsTable::Pending(chunks)),
                definitions,
                stored_names,
            },
            feed: None,
            held: Some(HeldRows::new(held)),
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
            held: None,
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
            held: None,
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

/// The results' service: reading kept results (windows, views, cells, copies, profiles,
/// charts), exporting and closing them, over the store, the database and the registry that
/// lets an export be cancelled.
pub struct Results<'a> {
    pub(crate) db: &'a Database,
    pub(crate) store: &'a ResultStore,
    pub(crate) runs: &'a RunRegistry,
}
