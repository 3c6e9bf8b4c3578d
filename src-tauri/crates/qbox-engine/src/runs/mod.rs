//! Running a script: split by DuckDB's parser, every statement prepared on the run's own
//! connection and handled by the kind DuckDB gives it; each statement that returns rows keeps
//! them inside DuckDB for browsing (at most [`RESULTS_PER_RUN`] of them, the latest).

pub(crate) mod events;
pub(crate) mod plan;
pub(crate) mod progress;
pub(crate) mod registry;
pub(crate) mod server_writes;

use std::sync::Arc;
use std::time::Instant;

use crate::base::columns::Column;
use crate::base::error::DuckDbMessage;
use crate::base::error::{EngineError, Result};
use crate::base::ident::quote_ident;
use crate::base::logical_type::ArrowPath;
use crate::base::statement::StatementKind;
use crate::duck::capi::RawConnection;
use crate::duck::database::Database;
use crate::duck::scratch::{Scratch, ScratchTable};
use crate::duck::split::{split_statements, StatementSpan};
use crate::results::stream::{self, Background, StreamEnd};
use crate::results::{may_be_deduplicated, ResultInfo};
use crate::results::{ResultStore, Results};
use crate::runs::events::{ProgressTicker, RunEvent, RunListener};
use crate::runs::plan::{parse_plan, Plan};
use crate::runs::progress::RunWatch;
use crate::runs::registry::RunGuard;
use crate::runs::registry::RunRegistry;
use crate::runs::server_writes::{mentions_server_writes, refuse_writes_to_read_only};

/// How many statements of one run keep their rows; a longer script keeps the latest ones, so
/// a loop of a thousand SELECTs cannot fill the memory with results nobody opens.
pub const RESULTS_PER_RUN: usize = 20;

/// What a run did.
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// One entry per statement, in order, each with its rows when it returned some.
    pub statements: Vec<StatementOutcome>,
    /// Statements whose rows were let go to stay within [`RESULTS_PER_RUN`].
    pub dropped_results: u32,
    pub elapsed_ms: f64,
}

impl RunOutput {
    /// The last statement's rows, when it returned some.
    pub fn result(&self) -> Option<&ResultInfo> {
        self.statements.last().and_then(|s| s.result.as_ref())
    }

    pub fn into_result(self) -> Option<ResultInfo> {
        self.statements.into_iter().last().and_then(|s| s.result)
    }

    /// Every kept result, in statement order.
    pub fn results(&self) -> impl Iterator<Item = &ResultInfo> {
        self.statements.iter().filter_map(|s| s.result.as_ref())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatementOutcome {
    /// 1-based line where the statement starts in the script.
    pub line: u32,
    /// The statement's start, whitespace folded, to name its result.
    pub preview: String,
    /// What DuckDB's binder says the statement is.
    pub kind: StatementKind,
    /// Rows inserted/updated/deleted, when the statement changes rows.
    pub rows_changed: Option<u64>,
    /// The rows it returned, kept for browsing.
    pub result: Option<ResultInfo>,
    /// The plan, for an `EXPLAIN` whose output is DuckDB's JSON (`FORMAT json`).
    pub plan: Option<Plan>,
    pub elapsed_ms: f64,
}

const PREVIEW_CHARS: usize = 60;

fn preview(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.char_indices().nth(PREVIEW_CHARS) {
        Some((end, _)) => format!("{}…", &folded[..end]),
        None => folded,
    }
}

/// The runs' service: a script run on its own connection, its results kept in the store, and
/// its registration (cancel, progress) in the registry.
pub(crate) struct Runner<'a> {
    pub(crate) db: &'a Database,
    pub(crate) store: &'a ResultStore,
    pub(crate) runs: &'a RunRegistry,
    /// At most this many rows of a result are kept.
    pub(crate) row_cap: u64,
}

impl Runner<'_> {
    fn results(&self) -> Results<'_> {
        Results {
            db: self.db,
            store: self.store,
            runs: self.runs,
        }
    }

    fn close_result(&self, id: u64) -> Result<()> {
        self.results().close_result(id)
    }

    fn row_cap(&self) -> u64 {
        self.row_cap
    }

    /// Runs `script` to completion on a fresh connection, telling `listener` how it goes (see
    /// [`RunEvent`]); a result still streaming in when this returns goes on telling until its
    /// last row. Blocking: call it from a worker thread.
    pub(crate) fn run_watched(
        &self,
        run_id: &str,
        script: &str,
        listener: &RunListener,
    ) -> Result<RunOutput> {
        let started = Instant::now();
        let spans = split_statements(self.db, script).map_err(EngineError::Sql)?;
        if spans.is_empty() {
            return Err(EngineError::invalid_input(
                "there is no SQL statement to run",
            ));
        }
        let conn = Arc::new(self.db.run_connection()?);
        let interrupter = conn.clone();
        // The last statement's result may go on streaming after the run returns; it then
        // takes the registration with it.
        let mut guard = Some(
            self.runs
                .register(run_id, Arc::new(move || interrupter.interrupt()))?,
        );
        let watch = Arc::new(RunWatch::new(conn.clone(), spans.len()));
        self.runs.watch(run_id, watch.clone());
        let _ticker = ProgressTicker::start(watch.clone(), listener);
        let mut kept = KeptResults {
            results: self.results(),
            statements: Vec::with_capacity(spans.len()),
            dropped: 0,
        };
        for (index, span) in spans.iter().enumerate() {
            watch.at(index);
            self.runs.check_cancelled(run_id)?;
            listener.tell(RunEvent::StatementStarted {
                statement: index + 1,
                statements: spans.len(),
            });
            let last = index + 1 == spans.len();
            let step = Step {
                conn: &conn,
                script,
                span,
                run_id,
                guard: last.then_some(&mut guard),
                listener,
            };
            let outcome = self
                .run_step(step)
                .map_err(|e| self.runs.cancelled_or(run_id, e))?;
            kept.push(outcome);
        }
        Ok(kept.finish(started))
    }

    /// Runs one statement and keeps its rows: a query's in a result table, any other
    /// statement's (EXPLAIN, PRAGMA, CALL, RETURNING...) as it returned them.
    fn run_step(&self, mut step: Step) -> Result<StatementOutcome> {
        let started = Instant::now();
        let text = step.text();
        let mut outcome = StatementOutcome {
            line: line_of(step.script, step.span.range.start),
            preview: preview(text),
            kind: StatementKind::Select,
            rows_changed: None,
            result: None,
            plan: None,
            elapsed_ms: 0.0,
        };
        let finish = |mut outcome: StatementOutcome| {
            outcome.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
            Ok(outcome)
        };
        if mentions_server_writes(text) {
            refuse_writes_to_read_only(&self.db.connect()?, text)?;
        }
        // DuckDB's parser takes only a query as a subquery, so such a statement is a SELECT
        // and is stored at once, bound a single time (binding a CSV read runs its sniffer).
        let wrapped = format!("SELECT * FROM (\n{text}\n)");
        if self.db.count_statements(&wrapped) == Ok(1) {
            outcome.result = Some(self.keep_query(&mut step, &wrapped)?);
            return finish(outcome);
        }
        let prepared = if self.db.count_statements(text).is_ok_and(|n| n > 1) {
            step.conn.prepare_expanded(text)
        } else {
            step.conn.prepare(text)
        };
        let mut prepared = prepared.map_err(|e| step.user_error(e))?;
        let kind = prepared.kind();
        outcome.kind = kind;
        let mut executed = prepared.execute().map_err(|e| step.user_error(e))?;
        let names = executed.column_names();
        let types = executed.column_types();
        // DML, COPY and CREATE ... AS answer with a single "Count" row: a report, not a
        // result to browse.
        let reports_count = names == ["Count"]
            && (kind.changes_rows() || matches!(kind, StatementKind::Copy | StatementKind::Create));
        if reports_count && kind.changes_rows() {
            outcome.rows_changed = Some(executed.rows_changed());
            return finish(outcome);
        }
        if names.is_empty() {
            return finish(outcome);
        }
        let (schema, batches) = executed.into_batches().map_err(|e| step.user_error(e))?;
        if reports_count {
            outcome.rows_changed = batches.first().and_then(count_value);
            return finish(outcome);
        }
        if kind == StatementKind::Explain {
            outcome.plan = explained_plan(&schema, &batches);
        }
        outcome.result =
            Some(
                self.store
                    .keep_batches(schema, batches, None, &types, self.row_cap())?,
            );
        finish(outcome)
    }

    /// Keeps a query's rows: a small result's as they came, a longer one's streamed into a
    /// result table behind its first rows (held to show at once), or stored whole by
    /// `CREATE TABLE … AS` when a column's type cannot be written out.
    fn keep_query(&self, step: &mut Step, wrapped: &str) -> Result<ResultInfo> {
        let mut prepared = step.conn.prepare(wrapped).map_err(|e| step.user_error(e))?;
        let mut names = prepared.column_names();
        // The wrapping SELECT * renames duplicate columns (a, a_1); only then is the statement
        // described (bound once more) for the names the user wrote, before the connection is
        // busy streaming.
        if may_be_deduplicated(&names) {
            if let Some(written) = describe_names(step.conn, step.text()) {
                if written.len() == names.len() {
                    names = written;
                }
            }
        }
        let Some(plans) = prepared
            .column_plans()
            .into_iter()
            .collect::<Option<Vec<_>>>()
        else {
            drop(prepared);
            return self.keep_query_whole(step, wrapped);
        };
        // Columns that only travel through Arrow as text are streamed as DuckDB's text and
        // cast back to their type by the table they go into.
        if let Some(projection) = text_cast_projection(&prepared.column_names(), &plans) {
            drop(prepared);
            prepared = step
                .conn
                .prepare(&format!("SELECT {projection} FROM ({wrapped})"))
                .map_err(|e| step.user_error(e))?;
        }
        let types: Vec<String> = plans.into_iter().map(|(ty, _)| ty).collect();
        let executed = prepared
            .execute_streaming()
            .map_err(|e| step.user_error(e))?;
        let stored_names = storable_names(&names);
        let columns = column_definitions(&stored_names, &types);
        let chunks = executed.into_chunks().map_err(|e| step.user_error(e))?;
        // The query is read on a thread of its own, which frees the statement after it.
        let started = stream::start(
            chunks,
            prepared.into_owned(),
            step.conn.clone(),
            self.row_cap(),
        )
        .map_err(|e| step.user_error(e))?;
        let mut info = ResultInfo {
            id: self.store.allocate_id(),
            columns: names
                .into_iter()
                .zip(types)
                .map(|(name, data_type)| Column { name, data_type })
                .collect(),
            row_count: started.first_rows.num_rows() as u64,
            capped: started.end == StreamEnd::Capped,
            complete: true,
        };
        let Some(rest) = started.rest else {
            // A result that ended within its first rows is small: its rows are kept as they
            // are, and a table is made of them only when something needs one.
            return Ok(self.store.keep_rows(
                info,
                started.first,
                started.first_rows,
                columns,
                stored_names,
            ));
        };
        // The table is made (with the first rows) and filled behind them on a thread of its
        // own; the run returns with the first rows held.
        let table = ScratchTable::new(Scratch::File, format!("r_{}", info.id));
        let create = format!("CREATE TABLE {} ({columns})", table.qualified());
        let store_conn = self.db.connect_raw()?;
        let (id, kept, held) = (info.id, info.row_count, started.first_rows);
        let background = step.guard.take().and_then(Option::take);
        let check = background.as_ref().map(RunGuard::cancelled);
        let cancelled = move || check.as_ref().is_some_and(|cancelled| cancelled());
        let last = background.is_some();
        // Only the last statement's result streams on after the run returns; an earlier one
        // ends before the next statement starts, so its rows are told with the run's output.
        let listener = if last {
            step.listener.clone()
        } else {
            RunListener::none()
        };
        let feed = stream::continue_in_background(
            rest,
            kept,
            Background {
                query_conn: step.conn.clone(),
                store_conn,
                table: table.clone(),
                create,
                first: started.first,
                hold: Box::new(background),
                notify: Box::new(move |status| listener.tell_stream(id, status)),
            },
            cancelled,
        );
        if last {
            info.complete = false;
            return Ok(self
                .store
                .keep_streamed(info, table, stored_names, held, Some(feed)));
        }
        // A statement before the last one ends before the next one starts on the connection.
        let status = feed.wait_end();
        let kept = self
            .store
            .keep_streamed(info, table, stored_names, held, Some(feed));
        match status.end {
            Some(StreamEnd::Failed(message)) => {
                let _ = self.close_result(kept.id);
                Err(step.user_error(DuckDbMessage { message }))
            }
            Some(StreamEnd::Stopped) => {
                let _ = self.close_result(kept.id);
                self.runs.check_cancelled(step.run_id)?;
                Err(EngineError::Cancelled)
            }
            _ => Ok(ResultInfo {
                row_count: status.rows,
                capped: status.end == Some(StreamEnd::Capped),
                ..kept
            }),
        }
    }

    /// Stores a query's rows as a result table, created on the run's connection.
    fn keep_query_whole(&self, step: &Step, wrapped: &str) -> Result<ResultInfo> {
        let bookkeeping = self.db.connect()?;
        self.store.materialize(
            &bookkeeping,
            wrapped,
            |create| {
                step.conn
                    .execute(create)
                    .map(|count| count.map(|n| n.max(0) as u64))
                    .map_err(|e| step.user_error(e))
            },
            // DuckDB renames duplicate columns (a, a_1) when it stores them; only then is the
            // statement described (bound once more) to show the names the user wrote.
            || describe_names(step.conn, step.text()),
            self.row_cap(),
        )
    }
}

/// The wrapped query's columns with those that travel through Arrow only as text cast to it,
/// or None when every column travels as itself.
fn text_cast_projection(names: &[String], plans: &[(String, ArrowPath)]) -> Option<String> {
    plans
        .iter()
        .any(|(_, path)| *path == ArrowPath::Text)
        .then(|| {
            names
                .iter()
                .zip(plans)
                .map(|(name, (_, path))| {
                    let q = quote_ident(name);
                    match path {
                        ArrowPath::Exact => q,
                        ArrowPath::Text => format!("CAST({q} AS VARCHAR) AS {q}"),
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
}

/// `"name" TYPE, …` for a CREATE TABLE.
fn column_definitions(names: &[String], types: &[String]) -> String {
    names
        .iter()
        .zip(types)
        .map(|(name, ty)| format!("{} {ty}", quote_ident(name)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Column names a table can hold: the result's own, with later duplicates (DuckDB compares
/// names without case) suffixed `_1`, `_2`…, and a blank name given one.
fn storable_names(names: &[String]) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let stem = if name.is_empty() {
                format!("column{}", i + 1)
            } else {
                name.clone()
            };
            let mut candidate = stem.clone();
            let mut n = 0;
            while !taken.insert(candidate.to_lowercase()) {
                n += 1;
                candidate = format!("{stem}_{n}");
            }
            candidate
        })
        .collect()
}

/// The outcomes of a run so far. Only the latest [`RESULTS_PER_RUN`] results are kept, and a
/// run that fails or is cancelled frees the ones it made (the UI never sees them).
struct KeptResults<'a> {
    results: Results<'a>,
    statements: Vec<StatementOutcome>,
    dropped: u32,
}

impl KeptResults<'_> {
    fn push(&mut self, outcome: StatementOutcome) {
        let had_rows = outcome.result.is_some();
        self.statements.push(outcome);
        if !had_rows {
            return;
        }
        if self
            .statements
            .iter()
            .filter(|s| s.result.is_some())
            .count()
            > RESULTS_PER_RUN
        {
            if let Some(oldest) = self.statements.iter_mut().find_map(|s| s.result.take()) {
                let _ = self.results.close_result(oldest.id);
                self.dropped += 1;
            }
        }
    }

    fn finish(mut self, started: Instant) -> RunOutput {
        RunOutput {
            statements: std::mem::take(&mut self.statements),
            dropped_results: self.dropped,
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        }
    }
}

impl Drop for KeptResults<'_> {
    fn drop(&mut self) {
        for result in self.statements.iter().filter_map(|s| s.result.as_ref()) {
            if let Err(e) = self.results.close_result(result.id) {
                tracing::warn!(
                    result = result.id,
                    "could not free a failed run's result: {e}"
                );
            }
        }
    }
}

/// One statement of a script, on the run's connection.
struct Step<'a> {
    conn: &'a Arc<RawConnection>,
    script: &'a str,
    span: &'a StatementSpan,
    run_id: &'a str,
    /// The run's registration, offered to the last statement: a result that goes on
    /// streaming after the run returns takes it and keeps it until its last row.
    guard: Option<&'a mut Option<RunGuard>>,
    listener: &'a RunListener,
}

impl Step<'_> {
    fn text(&self) -> &str {
        self.span.text(self.script)
    }

    /// DuckDB's error in this statement, placed in the script the user ran.
    fn user_error(&self, e: DuckDbMessage) -> EngineError {
        EngineError::from_user_sql(&e.message, self.script, self.span.range.start)
    }
}

fn describe_names(conn: &RawConnection, text: &str) -> Option<Vec<String>> {
    use arrow::util::display::array_value_to_string;
    let (_, batches) = conn
        .query(&format!("DESCRIBE\n{text}"))
        .ok()?
        .into_batches()
        .ok()?;
    let mut names = Vec::new();
    for batch in &batches {
        for row in 0..batch.num_rows() {
            names.push(array_value_to_string(batch.column(0), row).ok()?);
        }
    }
    Some(names)
}

/// The JSON plan in an EXPLAIN's `explain_value` column, when it is one.
fn explained_plan(
    schema: &arrow::datatypes::SchemaRef,
    batches: &[arrow::record_batch::RecordBatch],
) -> Option<Plan> {
    use arrow::array::AsArray;
    let column = schema.index_of("explain_value").ok()?;
    let batch = batches.iter().find(|b| b.num_rows() > 0)?;
    let values = batch.column(column).as_string_opt::<i32>()?;
    parse_plan(values.value(0))
}

fn count_value(batch: &arrow::record_batch::RecordBatch) -> Option<u64> {
    use arrow::array::AsArray;
    use arrow::datatypes::Int64Type;
    let col = batch.column(0);
    col.as_primitive_opt::<Int64Type>()
        .map(|a| a.value(0) as u64)
}

fn line_of(script: &str, offset: usize) -> u32 {
    script[..offset].matches('\n').count() as u32 + 1
}
