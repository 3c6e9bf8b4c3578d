//! A DuckDB connection through the C API, for what duckdb-rs does not expose: the type DuckDB
//! gives a prepared statement, the progress of the running statement, and an interrupt that
//! another thread may call. Results are read as Arrow batches the way duckdb-rs reads them.

use std::ffi::{CStr, CString};
use std::os::raw::c_char;
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use arrow::array::StructArray;
use arrow::datatypes::{Schema, SchemaRef};
use arrow::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow::ffi_stream::FFI_ArrowArrayStream;
use arrow::record_batch::{RecordBatch, RecordBatchReader};
use duckdb::ffi;

use crate::base::error::DuckDbMessage;
use crate::base::logical_type::ArrowPath;
use crate::base::statement::StatementKind;
use crate::duck::scratch::{Scratch, ScratchTable};

/// Reads a C string DuckDB owns, or says that DuckDB gave no reason.
unsafe fn message_at(message: *const c_char) -> DuckDbMessage {
    if message.is_null() {
        DuckDbMessage::new("DuckDB gave no reason")
    } else {
        DuckDbMessage::new(unsafe { CStr::from_ptr(message) }.to_string_lossy())
    }
}

type CResult<T> = std::result::Result<T, DuckDbMessage>;

/// Stops whatever a run or export is executing (a connection's `duckdb_interrupt`).
pub(crate) type Interrupter = Arc<dyn Fn() + Send + Sync>;

fn c_string(sql: &str) -> CResult<CString> {
    CString::new(sql).map_err(|_| DuckDbMessage::new("the SQL text contains a NUL byte"))
}

/// A connection whose running statement can be watched and interrupted from other threads,
/// which is what DuckDB's `duckdb_query_progress` and `duckdb_interrupt` are for.
pub(crate) struct RawConnection {
    con: ffi::duckdb_connection,
}

// Safety: one thread runs statements; others only call DuckDB's thread-safe progress and
// interrupt entry points.
unsafe impl Send for RawConnection {}
unsafe impl Sync for RawConnection {}

impl RawConnection {
    /// Safety: `db` must be an open database that outlives the connection.
    pub(crate) unsafe fn connect(db: ffi::duckdb_database) -> Option<Self> {
        let mut con: ffi::duckdb_connection = ptr::null_mut();
        (unsafe { ffi::duckdb_connect(db, &mut con) } == ffi::DuckDBSuccess).then_some(Self { con })
    }

    /// Runs one statement and returns the first value of its first row as an integer (the
    /// row count for COPY and DML).
    pub(crate) fn execute(&self, sql: &str) -> CResult<Option<i64>> {
        let mut result = self.query(sql)?;
        let has_value = result.column_count() > 0 && result.row_count() > 0;
        Ok(has_value.then(|| unsafe { ffi::duckdb_value_int64(&mut result.result, 0, 0) }))
    }

    /// Runs one statement and keeps its result for reading.
    pub(crate) fn query(&self, sql: &str) -> CResult<RawResult> {
        let c_sql = c_string(sql)?;
        unsafe {
            let mut result: ffi::duckdb_result = std::mem::zeroed();
            let rc = ffi::duckdb_query(self.con, c_sql.as_ptr(), &mut result);
            RawResult::take(rc, result)
        }
    }

    /// Parses and binds one statement without running it.
    pub(crate) fn prepare(&self, sql: &str) -> CResult<Prepared<'_>> {
        let c_sql = c_string(sql)?;
        unsafe {
            let mut raw: ffi::duckdb_prepared_statement = ptr::null_mut();
            let rc = ffi::duckdb_prepare(self.con, c_sql.as_ptr(), &mut raw);
            let prepared = Prepared {
                raw,
                _connection: self,
            };
            if rc != ffi::DuckDBSuccess {
                return Err(message_at(ffi::duckdb_prepare_error(raw)));
            }
            Ok(prepared)
        }
    }

    /// Prepares a statement DuckDB's parser expands into several (a PIVOT without an IN list
    /// first creates an ENUM of the values it pivots on): runs every one but the last, each
    /// bound after the one before it ran, and returns the last one prepared.
    pub(crate) fn prepare_expanded(&self, sql: &str) -> CResult<Prepared<'_>> {
        let c_sql = c_string(sql)?;
        unsafe {
            let mut extracted: ffi::duckdb_extracted_statements = ptr::null_mut();
            let count = ffi::duckdb_extract_statements(self.con, c_sql.as_ptr(), &mut extracted);
            let outcome = (|| {
                if count == 0 {
                    return Err(message_at(ffi::duckdb_extract_statements_error(extracted)));
                }
                for index in 0..count {
                    let mut raw: ffi::duckdb_prepared_statement = ptr::null_mut();
                    let rc = ffi::duckdb_prepare_extracted_statement(
                        self.con, extracted, index, &mut raw,
                    );
                    let mut prepared = Prepared {
                        raw,
                        _connection: self,
                    };
                    if rc != ffi::DuckDBSuccess {
                        return Err(message_at(ffi::duckdb_prepare_error(raw)));
                    }
                    if index + 1 == count {
                        return Ok(prepared);
                    }
                    prepared.execute()?;
                }
                unreachable!("the loop returns at its last statement")
            })();
            ffi::duckdb_destroy_extracted(&mut extracted);
            outcome
        }
    }

    /// How far the running statement is, 0..=1, when DuckDB can tell.
    pub(crate) fn progress(&self) -> Option<f64> {
        self.progress_counts().fraction
    }

    /// DuckDB's progress counter for the running statement.
    pub(crate) fn progress_counts(&self) -> ProgressCounts {
        let p = unsafe { ffi::duckdb_query_progress(self.con) };
        ProgressCounts {
            fraction: (p.percentage >= 0.0).then(|| (p.percentage / 100.0).clamp(0.0, 1.0)),
            rows_processed: p.rows_processed,
            total_rows: p.total_rows_to_process,
        }
    }

    /// Appends the batches `reader` gives to `target` (a quoted table name) in their order,
    /// through DuckDB's Arrow scan (parallel, order kept), and returns how many rows went in.
    /// The view and the insert share one transaction: one commit, each commit to a database
    /// file being a write to its log. The reader is read once, by DuckDB's threads, until it
    /// ends. DuckDB's C API scans a stream through a view it makes in the connection's
    /// default database (not a temporary one), so the connection should `USE` a scratch
    /// database; the view is gone when the transaction ends.
    pub(crate) fn insert_batches(
        &self,
        target: &str,
        reader: Box<dyn RecordBatchReader + Send>,
    ) -> CResult<u64> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!("qbox_batches_{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let c_name = c_string(&name)?;
        let stream = Box::into_raw(Box::new(FFI_ArrowArrayStream::new(reader)));
        let inserted = (|| {
            self.execute("BEGIN TRANSACTION")?;
            let registered = unsafe {
                ffi::duckdb_arrow_scan(
                    self.con,
                    c_name.as_ptr(),
                    stream as ffi::duckdb_arrow_stream,
                )
            };
            if registered != ffi::DuckDBSuccess {
                return Err(DuckDbMessage::new(
                    "DuckDB could not scan the result's rows",
                ));
            }
            let count = self.execute(&format!("INSERT INTO {target} SELECT * FROM {name}"))?;
            self.execute(&format!("DROP VIEW {name}"))?;
            self.execute("COMMIT")?;
            Ok(count.unwrap_or(0).max(0) as u64)
        })();
        if inserted.is_err() {
            let _ = self.execute("ROLLBACK");
        }
        // Safety: DuckDB is done with the stream once the view is gone; dropping it releases it.
        drop(unsafe { Box::from_raw(stream) });
        inserted
    }

    /// Creates `table` by `create` (SQL) and appends `chunks` to it. DuckDB's own chunks go in
    /// through its appender, with no Arrow round trip and no view to make and drop; the
    /// appender casts a column that differs from the table's type (DuckDB's text of a type
    /// that travels through Arrow as text). On disk both steps share one transaction (one
    /// write to the log); in memory a commit costs less than the statements that would
    /// frame it, so each commits on its own and a failed append drops the table.
    pub(crate) fn create_with_chunks(
        &self,
        create: &str,
        table: &ScratchTable,
        chunks: &[DataChunk],
    ) -> CResult<u64> {
        let framed = table.scratch == Scratch::File;
        let created = (|| {
            if framed {
                self.execute("BEGIN TRANSACTION")?;
            }
            self.execute(create)?;
            let rows = self.append_chunks(table, chunks)?;
            if framed {
                self.execute("COMMIT")?;
            }
            Ok(rows)
        })();
        if created.is_err() {
            let undo = if framed {
                "ROLLBACK".to_string()
            } else {
                format!("DROP TABLE IF EXISTS {}", table.qualified())
            };
            let _ = self.execute(&undo);
        }
        created
    }

    /// Appends `chunks` to a scratch table.
    fn append_chunks(&self, table: &ScratchTable, chunks: &[DataChunk]) -> CResult<u64> {
        let (catalog, schema, table) = (
            c_string(table.scratch.database())?,
            c_string("main")?,
            c_string(&table.name)?,
        );
        let mut appender: ffi::duckdb_appender = ptr::null_mut();
        unsafe {
            let created = ffi::duckdb_appender_create_ext(
                self.con,
                catalog.as_ptr(),
                schema.as_ptr(),
                table.as_ptr(),
                &mut appender,
            );
            let appended = if created != ffi::DuckDBSuccess {
                Err(appender_error(appender))
            } else {
                chunks
                    .iter()
                    .try_for_each(|chunk| {
                        if ffi::duckdb_append_data_chunk(appender, chunk.0) == ffi::DuckDBSuccess {
                            Ok(())
                        } else {
                            Err(appender_error(appender))
                        }
                    })
                    .and_then(|()| {
                        // Closing flushes what was appended into the transaction.
                        if ffi::duckdb_appender_close(appender) == ffi::DuckDBSuccess {
                            Ok(())
                        } else {
                            Err(appender_error(appender))
                        }
                    })
            };
            ffi::duckdb_appender_destroy(&mut appender);
            appended?;
        }
        Ok(chunks.iter().map(DataChunk::len).sum())
    }

    pub(crate) fn interrupt(&self) {
        unsafe { ffi::duckdb_interrupt(self.con) };
    }
}

/// What `duckdb_query_progress` reports.
pub(crate) struct ProgressCounts {
    pub(crate) fraction: Option<f64>,
    pub(crate) rows_processed: u64,
    pub(crate) total_rows: u64,
}

impl Drop for RawConnection {
    fn drop(&mut self) {
        unsafe { ffi::duckdb_disconnect(&mut self.con) };
    }
}

/// A statement DuckDB parsed and bound on a connection.
pub(crate) struct Prepared<'c> {
    raw: ffi::duckdb_prepared_statement,
    _connection: &'c RawConnection,
}

impl Prepared<'_> {
    /// What DuckDB says the statement is.
    pub(crate) fn kind(&self) -> StatementKind {
        StatementKind::from_duckdb(unsafe { ffi::duckdb_prepared_statement_type(self.raw) })
    }

    /// Each column's SQL type and how it travels through Arrow (None for a type QBox cannot
    /// write or carry).
    pub(crate) fn column_plans(&self) -> Vec<Option<(String, ArrowPath)>> {
        unsafe {
            (0..ffi::duckdb_prepared_statement_column_count(self.raw))
                .map(|i| {
                    let mut lt = ffi::duckdb_prepared_statement_column_logical_type(self.raw, i);
                    let plan = crate::base::logical_type::type_sql(lt)
                        .zip(crate::base::logical_type::arrow_path(lt));
                    ffi::duckdb_destroy_logical_type(&mut lt);
                    plan
                })
                .collect()
        }
    }

    /// The names of the columns the statement will return.
    pub(crate) fn column_names(&self) -> Vec<String> {
        unsafe {
            (0..ffi::duckdb_prepared_statement_column_count(self.raw))
                .map(|i| {
                    let name = ffi::duckdb_prepared_statement_column_name(self.raw, i);
                    let text = if name.is_null() {
                        String::new()
                    } else {
                        CStr::from_ptr(name).to_string_lossy().into_owned()
                    };
                    ffi::duckdb_free(name as *mut std::ffi::c_void);
                    text
                })
                .collect()
        }
    }

    pub(crate) fn execute(&mut self) -> CResult<RawResult> {
        unsafe {
            let mut result: ffi::duckdb_result = std::mem::zeroed();
            let rc = ffi::duckdb_execute_prepared(self.raw, &mut result);
            RawResult::take(rc, result)
        }
    }

    /// Starts the statement and returns a result that DuckDB computes as it is read, so the
    /// first chunk comes as soon as DuckDB has it. The connection runs nothing else until the
    /// result is read to its end or dropped.
    pub(crate) fn execute_streaming(&mut self) -> CResult<RawResult> {
        unsafe {
            let mut pending: ffi::duckdb_pending_result = ptr::null_mut();
            if ffi::duckdb_pending_prepared_streaming(self.raw, &mut pending) != ffi::DuckDBSuccess
            {
                let message = message_at(ffi::duckdb_pending_error(pending));
                ffi::duckdb_destroy_pending(&mut pending);
                return Err(message);
            }
            let mut result: ffi::duckdb_result = std::mem::zeroed();
            let rc = ffi::duckdb_execute_pending(pending, &mut result);
            ffi::duckdb_destroy_pending(&mut pending);
            RawResult::take(rc, result)
        }
    }
}

impl Prepared<'_> {
    /// The statement without the borrow of its connection, to keep beside a result another
    /// thread reads. The caller keeps the connection alive (an `Arc`) for as long.
    pub(crate) fn into_owned(self) -> OwnedStatement {
        let owned = OwnedStatement { raw: self.raw };
        std::mem::forget(self);
        owned
    }
}

/// A prepared statement kept alive beside its streaming result.
pub(crate) struct OwnedStatement {
    raw: ffi::duckdb_prepared_statement,
}

// Safety: only destroyed, by whichever thread holds it last.
unsafe impl Send for OwnedStatement {}

impl Drop for OwnedStatement {
    fn drop(&mut self) {
        unsafe { ffi::duckdb_destroy_prepare(&mut self.raw) };
    }
}

impl Drop for Prepared<'_> {
    fn drop(&mut self) {
        unsafe { ffi::duckdb_destroy_prepare(&mut self.raw) };
    }
}

/// A statement's complete result, owned and destroyed here.
pub(crate) struct RawResult {
    result: ffi::duckdb_result,
}

impl RawResult {
    /// Takes ownership of `result`, turning a failed call into DuckDB's message.
    unsafe fn take(rc: ffi::duckdb_state, result: ffi::duckdb_result) -> CResult<Self> {
        let mut owned = Self { result };
        if rc != ffi::DuckDBSuccess {
            return Err(unsafe { message_at(ffi::duckdb_result_error(&mut owned.result)) });
        }
        Ok(owned)
    }

    /// Rows an INSERT, UPDATE, DELETE or MERGE changed.
    pub(crate) fn rows_changed(&mut self) -> u64 {
        unsafe { ffi::duckdb_rows_changed(&mut self.result) }
    }

    pub(crate) fn column_count(&mut self) -> usize {
        unsafe { ffi::duckdb_column_count(&mut self.result) as usize }
    }

    fn row_count(&mut self) -> u64 {
        unsafe { ffi::duckdb_row_count(&mut self.result) }
    }

    pub(crate) fn column_names(&mut self) -> Vec<String> {
        (0..self.column_count())
            .map(|i| unsafe {
                let name = ffi::duckdb_column_name(&mut self.result, i as u64);
                if name.is_null() {
                    String::new()
                } else {
                    CStr::from_ptr(name).to_string_lossy().into_owned()
                }
            })
            .collect()
    }

    /// Each column's DuckDB type as SQL writes it (None for a type QBox cannot name).
    pub(crate) fn column_types(&mut self) -> Vec<Option<String>> {
        (0..self.column_count())
            .map(|i| unsafe {
                let mut lt = ffi::duckdb_column_logical_type(&mut self.result, i as u64);
                let name = crate::base::logical_type::type_sql(lt);
                ffi::duckdb_destroy_logical_type(&mut lt);
                name
            })
            .collect()
    }

    /// The whole result as Arrow batches, in DuckDB's own Arrow conversion.
    pub(crate) fn into_batches(self) -> CResult<(SchemaRef, Vec<RecordBatch>)> {
        let mut chunks = self.into_chunks()?;
        let mut batches = Vec::new();
        while let Some(batch) = chunks.next_batch()? {
            batches.push(batch);
        }
        Ok((chunks.schema(), batches))
    }

    /// The result read chunk by chunk as Arrow batches (a streaming result is computed as it
    /// is read).
    pub(crate) fn into_chunks(mut self) -> CResult<ArrowChunks> {
        unsafe {
            let options = ArrowOptions(ffi::duckdb_result_get_arrow_options(&mut self.result));
            if options.0.is_null() {
                return Err(DuckDbMessage::new(
                    "DuckDB gave no Arrow options for a result",
                ));
            }
            let count = self.column_count();
            let names: Vec<CString> = self
                .column_names()
                .into_iter()
                .map(|n| CString::new(n).unwrap_or_default())
                .collect();
            let mut name_ptrs: Vec<*const c_char> = names.iter().map(|n| n.as_ptr()).collect();
            let mut types: Vec<ffi::duckdb_logical_type> = (0..count)
                .map(|i| ffi::duckdb_column_logical_type(&mut self.result, i as u64))
                .collect();
            let mut ffi_schema = FFI_ArrowSchema::empty();
            let exported = error_data(ffi::duckdb_to_arrow_schema(
                options.0,
                types.as_mut_ptr(),
                name_ptrs.as_mut_ptr(),
                count as ffi::idx_t,
                &mut ffi_schema as *mut FFI_ArrowSchema as *mut ffi::ArrowSchema,
            ));
            for t in types.iter_mut() {
                ffi::duckdb_destroy_logical_type(t);
            }
            exported?;
            let schema = Arc::new(
                Schema::try_from(&ffi_schema).map_err(|e| DuckDbMessage::new(e.to_string()))?,
            );
            Ok(ArrowChunks {
                result: self,
                converter: Arc::new(ChunkConverter {
                    options,
                    ffi_schema,
                    schema,
                }),
            })
        }
    }
}

/// DuckDB's reason for an appender's failure.
unsafe fn appender_error(appender: ffi::duckdb_appender) -> DuckDbMessage {
    if appender.is_null() {
        return DuckDbMessage::new("DuckDB could not make an appender");
    }
    unsafe {
        let mut data = ffi::duckdb_appender_error_data(appender);
        let message = if ffi::duckdb_error_data_has_error(data) {
            message_at(ffi::duckdb_error_data_message(data))
        } else {
            DuckDbMessage::new("DuckDB's appender failed without a reason")
        };
        ffi::duckdb_destroy_error_data(&mut data);
        message
    }
}

/// One chunk of a result as DuckDB produced it.
pub(crate) struct DataChunk(ffi::duckdb_data_chunk);

// Safety: a chunk is owned data, read or changed by one thread at a time (its owner's).
unsafe impl Send for DataChunk {}

impl DataChunk {
    pub(crate) fn len(&self) -> u64 {
        unsafe { ffi::duckdb_data_chunk_get_size(self.0) }
    }

    /// Keeps the first `rows` rows.
    pub(crate) fn truncate(&mut self, rows: u64) {
        if rows < self.len() {
            unsafe { ffi::duckdb_data_chunk_set_size(self.0, rows) };
        }
    }
}

impl Drop for DataChunk {
    fn drop(&mut self) {
        unsafe { ffi::duckdb_destroy_data_chunk(&mut self.0) };
    }
}

/// A result being read as Arrow batches, one DuckDB chunk each.
pub(crate) struct ArrowChunks {
    result: RawResult,
    converter: Arc<ChunkConverter>,
}

// Safety: the result is read by one thread at a time (the owner of this value).
unsafe impl Send for ArrowChunks {}

impl ArrowChunks {
    pub(crate) fn schema(&self) -> SchemaRef {
        self.converter.schema.clone()
    }

    /// What turns this result's chunks into Arrow, for a thread other than the reader's.
    pub(crate) fn converter(&self) -> Arc<ChunkConverter> {
        self.converter.clone()
    }

    /// The next chunk as DuckDB produced it, None at the end; DuckDB's error when the
    /// statement failed on the way (or was interrupted).
    pub(crate) fn next_chunk(&mut self) -> CResult<Option<DataChunk>> {
        unsafe {
            let chunk = ffi::duckdb_fetch_chunk(self.result.result);
            if !chunk.is_null() && ffi::duckdb_data_chunk_get_size(chunk) > 0 {
                return Ok(Some(DataChunk(chunk)));
            }
            if !chunk.is_null() {
                drop(DataChunk(chunk));
            }
            let error = ffi::duckdb_result_error(&mut self.result.result);
            if !error.is_null() {
                return Err(message_at(error));
            }
            Ok(None)
        }
    }

    /// The next chunk as an Arrow batch, None at the end.
    pub(crate) fn next_batch(&mut self) -> CResult<Option<RecordBatch>> {
        self.next_chunk()?.map(|c| self.to_batch(&c)).transpose()
    }

    /// A chunk of this result in DuckDB's Arrow conversion.
    pub(crate) fn to_batch(&self, chunk: &DataChunk) -> CResult<RecordBatch> {
        self.converter.to_batch(chunk)
    }
}

/// DuckDB's Arrow conversion of one result's chunks: its Arrow options and schema.
pub(crate) struct ChunkConverter {
    options: ArrowOptions,
    ffi_schema: FFI_ArrowSchema,
    schema: SchemaRef,
}

// Safety: the options and the schema are only read once made (DuckDB's conversion copies the
// chunk's values into a new array), so threads may share them.
unsafe impl Send for ChunkConverter {}
unsafe impl Sync for ChunkConverter {}

impl ChunkConverter {
    pub(crate) fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// A chunk in DuckDB's Arrow conversion.
    pub(crate) fn to_batch(&self, chunk: &DataChunk) -> CResult<RecordBatch> {
        unsafe {
            let mut array = FFI_ArrowArray::empty();
            error_data(ffi::duckdb_data_chunk_to_arrow(
                self.options.0,
                chunk.0,
                &mut array as *mut FFI_ArrowArray as *mut ffi::ArrowArray,
            ))?;
            let data =
                from_ffi(array, &self.ffi_schema).map_err(|e| DuckDbMessage::new(e.to_string()))?;
            Ok(RecordBatch::from(StructArray::from(data)))
        }
    }
}

impl Drop for RawResult {
    fn drop(&mut self) {
        unsafe { ffi::duckdb_destroy_result(&mut self.result) };
    }
}

struct ArrowOptions(ffi::duckdb_arrow_options);

impl Drop for ArrowOptions {
    fn drop(&mut self) {
        if !self.0.is_null() {
            unsafe { ffi::duckdb_destroy_arrow_options(&mut self.0) };
        }
    }
}

/// DuckDB's error-data handle as a result (and destroyed).
unsafe fn error_data(mut data: ffi::duckdb_error_data) -> CResult<()> {
    if data.is_null() {
        return Ok(());
    }
    unsafe {
        let outcome = if ffi::duckdb_error_data_has_error(data) {
            Err(message_at(ffi::duckdb_error_data_message(data)))
        } else {
            Ok(())
        };
        ffi::duckdb_destroy_error_data(&mut data);
        outcome
    }
}
