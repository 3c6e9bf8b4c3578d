//! Running a script: split by DuckDB's parser, every statement prepared on the run's own
//! connection and handled by the kind DuckDB gives it, the last statement's rows kept inside
//! DuckDB for browsing.

use std::sync::Arc;
use std::time::Instant;

use crate::capi::{DuckDbMessage, RawConnection};
use crate::engine::{Engine, Interrupter};
use crate::error::{EngineError, Result, SqlError};
use crate::results::ResultInfo;
use crate::split::{split_statements, StatementSpan};
use crate::statement::StatementKind;

/// What a run did.
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// One entry per statement, in order; the last one's rows are in `result`.
    pub statements: Vec<StatementOutcome>,
    pub result: Option<ResultInfo>,
    pub elapsed_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementOutcome {
    /// 1-based line where the statement starts in the script.
    pub line: u32,
    /// What DuckDB's binder says the statement is.
    pub kind: StatementKind,
    /// Rows inserted/updated/deleted, when the statement changes rows.
    pub rows_changed: Option<u64>,
}

impl Engine {
    /// Runs `script` to completion on a fresh connection. `run_id` lets [`Engine::cancel`]
    /// interrupt it from another thread. Blocking: call it from a worker thread.
    pub fn run(&self, run_id: &str, script: &str) -> Result<RunOutput> {
        let started = Instant::now();
        let spans = split_statements(&self.db, script).map_err(EngineError::Sql)?;
        if spans.is_empty() {
            return Err(EngineError::invalid_input(
                "there is no SQL statement to run",
            ));
        }
        let conn = Arc::new(self.db.connect_raw()?);
        let interrupter = conn.clone();
        let _guard = self.register_run(run_id, Arc::new(move || interrupter.interrupt()))?;
        let mut statements = Vec::with_capacity(spans.len());
        let mut result = None;
        for (i, span) in spans.iter().enumerate() {
            self.check_cancelled(run_id)?;
            let step = Step {
                conn: &conn,
                script,
                span,
            };
            let last = i + 1 == spans.len();
            let (outcome, info) = self
                .run_step(&step, last)
                .map_err(|e| self.cancelled_or(run_id, e))?;
            result = info;
            statements.push(outcome);
        }
        Ok(RunOutput {
            statements,
            result,
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// Interrupts a run or an export; returns false when no such job is active. A cancel that
    /// arrives before the job starts executing still stops it.
    pub fn cancel(&self, run_id: &str) -> bool {
        let mut runs = self.runs.lock().expect("runs lock");
        let slot = runs.entry(run_id.to_string()).or_default();
        slot.cancelled = true;
        match &slot.interrupt {
            Some(interrupt) => {
                interrupt();
                true
            }
            None => false,
        }
    }

    pub(crate) fn register_run(
        &self,
        run_id: &str,
        interrupt: Interrupter,
    ) -> Result<RunGuard<'_>> {
        let mut runs = self.runs.lock().expect("runs lock");
        let slot = runs.entry(run_id.to_string()).or_default();
        if slot.cancelled {
            runs.remove(run_id);
            return Err(EngineError::Cancelled);
        }
        slot.interrupt = Some(interrupt);
        Ok(RunGuard {
            engine: self,
            run_id: run_id.to_string(),
        })
    }

    pub(crate) fn check_cancelled(&self, run_id: &str) -> Result<()> {
        let runs = self.runs.lock().expect("runs lock");
        match runs.get(run_id) {
            Some(slot) if slot.cancelled => Err(EngineError::Cancelled),
            _ => Ok(()),
        }
    }

    /// An interrupted statement fails with DuckDB's "Interrupted" error; report it as a cancel.
    pub(crate) fn cancelled_or(&self, run_id: &str, e: EngineError) -> EngineError {
        if self.check_cancelled(run_id).is_err() {
            EngineError::Cancelled
        } else {
            e
        }
    }

    /// Runs one statement. The last statement's rows are kept: a query's in a result table,
    /// any other statement's (EXPLAIN, PRAGMA, CALL, RETURNING...) as it returned them.
    fn run_step(&self, step: &Step, last: bool) -> Result<(StatementOutcome, Option<ResultInfo>)> {
        let text = step.text();
        let line = line_of(step.script, step.span.range.start);
        if last {
            // DuckDB's parser takes only a query as a subquery, so such a statement is a SELECT
            // and is stored at once, bound a single time (binding a CSV read runs its sniffer).
            let wrapped = format!("SELECT * FROM (\n{text}\n)");
            if self.db.count_statements(&wrapped) == Ok(1) {
                let outcome = StatementOutcome {
                    line,
                    kind: StatementKind::Select,
                    rows_changed: None,
                };
                return Ok((outcome, Some(self.keep_query(step, &wrapped)?)));
            }
        }
        let mut prepared = step.conn.prepare(text).map_err(|e| step.user_error(e))?;
        let kind = prepared.kind();
        let mut outcome = StatementOutcome {
            line,
            kind,
            rows_changed: None,
        };
        let mut executed = prepared.execute().map_err(|e| step.user_error(e))?;
        let names = executed.column_names();
        // DML and COPY answer with a single "Count" row: a report, not a result to browse.
        let reports_count =
            names == ["Count"] && (kind.changes_rows() || kind == StatementKind::Copy);
        if reports_count && kind.changes_rows() {
            outcome.rows_changed = Some(executed.rows_changed());
            return Ok((outcome, None));
        }
        if names.is_empty() || !(last || reports_count) {
            return Ok((outcome, None));
        }
        let (schema, batches) = executed.into_batches().map_err(|e| step.user_error(e))?;
        if reports_count {
            outcome.rows_changed = batches.first().and_then(count_value);
            return Ok((outcome, None));
        }
        let info = self
            .results
            .keep_batches(schema, batches, None, self.row_cap())?;
        Ok((outcome, Some(info)))
    }

    /// Stores a query's rows as a result table, created on the run's connection.
    fn keep_query(&self, step: &Step, wrapped: &str) -> Result<ResultInfo> {
        let bookkeeping = self.db.connect()?;
        self.results.materialize(
            &bookkeeping,
            wrapped,
            |create| {
                step.conn
                    .execute(create)
                    .map(drop)
                    .map_err(|e| step.user_error(e))
            },
            // DuckDB renames duplicate columns (a, a_1) when it stores them; only then is the
            // statement described (bound once more) to show the names the user wrote.
            || describe_names(step.conn, step.text()),
            self.row_cap(),
        )
    }
}

/// One statement of a script, on the run's connection.
struct Step<'a> {
    conn: &'a RawConnection,
    script: &'a str,
    span: &'a StatementSpan,
}

impl Step<'_> {
    fn text(&self) -> &str {
        self.span.text(self.script)
    }

    /// DuckDB's error in this statement, placed in the script the user ran.
    fn user_error(&self, e: DuckDbMessage) -> EngineError {
        EngineError::Sql(SqlError::from_duckdb(
            &e.message,
            self.script,
            self.span.range.start,
        ))
    }
}

/// Unregisters a run when it ends, however it ends.
pub(crate) struct RunGuard<'a> {
    engine: &'a Engine,
    run_id: String,
}

impl Drop for RunGuard<'_> {
    fn drop(&mut self) {
        if let Ok(mut runs) = self.engine.runs.lock() {
            runs.remove(&self.run_id);
        }
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
