//! Running a script: split by DuckDB's parser, every statement on the run's own connection,
//! the last statement's rows kept inside DuckDB for browsing.

use std::sync::Arc;
use std::time::Instant;

use duckdb::Connection;

use crate::engine::{Engine, Interrupter};
use crate::error::{EngineError, Result, SqlError};
use crate::results::ResultInfo;
use crate::split::{split_statements, StatementSpan};

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
    /// First keyword of the statement, upper-cased (a label for the user, not a classifier).
    pub verb: String,
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
        let conn = self.db.connect()?;
        let handle = conn.interrupt_handle();
        let _guard = self.register_run(run_id, Arc::new(move || handle.interrupt()))?;
        let mut statements = Vec::with_capacity(spans.len());
        let mut result = None;
        for (i, span) in spans.iter().enumerate() {
            self.check_cancelled(run_id)?;
            let last = i + 1 == spans.len();
            let outcome = if last {
                let (outcome, info) = self
                    .run_last(&conn, script, span)
                    .map_err(|e| self.cancelled_or(run_id, e))?;
                result = info;
                outcome
            } else {
                run_statement(&conn, script, span).map_err(|e| self.cancelled_or(run_id, e))?
            };
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

    /// Runs the last statement. A query's rows go into a result table; any other statement
    /// runs as it is and reports what it did.
    fn run_last(
        &self,
        conn: &Connection,
        script: &str,
        span: &StatementSpan,
    ) -> Result<(StatementOutcome, Option<ResultInfo>)> {
        let text = span.text(script);
        let wrapped = format!("SELECT * FROM (\n{text}\n)");
        if self.db.count_statements(&wrapped) != Ok(1) {
            let (outcome, info) = self.run_command(conn, script, span)?;
            return Ok((outcome, info));
        }
        let info = self
            .results
            // DuckDB renames duplicate columns (a, a_1) when it stores them; only then is the
            // statement described (bound once more) to show the names the user wrote.
            .materialize(
                conn,
                &wrapped,
                || describe_names(conn, text),
                self.row_cap(),
                |e| sql_error(&e, script, span.range.start),
            )?;
        let outcome = StatementOutcome {
            line: line_of(script, span.range.start),
            verb: verb(text),
            rows_changed: None,
        };
        Ok((outcome, Some(info)))
    }

    /// A last statement that is not a query (PRAGMA, EXPLAIN, DML, DDL, ...).
    fn run_command(
        &self,
        conn: &Connection,
        script: &str,
        span: &StatementSpan,
    ) -> Result<(StatementOutcome, Option<ResultInfo>)> {
        let text = span.text(script);
        let mut stmt = conn
            .prepare(text)
            .map_err(|e| sql_error(&e, script, span.range.start))?;
        let batches: Vec<_> = stmt
            .query_arrow([])
            .map_err(|e| sql_error(&e, script, span.range.start))?
            .collect();
        let schema = stmt.schema();
        let mut outcome = StatementOutcome {
            line: line_of(script, span.range.start),
            verb: verb(text),
            rows_changed: None,
        };
        let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
        // DML answers with a single "Count" row: that is a report, not a result to browse.
        if schema.fields().len() == 1 && schema.field(0).name() == "Count" && rows == 1 {
            outcome.rows_changed = count_value(&batches[0]);
            return Ok((outcome, None));
        }
        if schema.fields().is_empty() {
            return Ok((outcome, None));
        }
        let names = stmt.column_names();
        let info = self
            .results
            .keep_batches(schema, batches, Some(names), self.row_cap())?;
        Ok((outcome, Some(info)))
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

fn run_statement(
    conn: &Connection,
    script: &str,
    span: &StatementSpan,
) -> Result<StatementOutcome> {
    let text = span.text(script);
    let mut stmt = conn
        .prepare(text)
        .map_err(|e| sql_error(&e, script, span.range.start))?;
    let changed = stmt
        .execute([])
        .map_err(|e| sql_error(&e, script, span.range.start))?;
    let verb = verb(text);
    let changes_rows = matches!(verb.as_str(), "INSERT" | "UPDATE" | "DELETE" | "MERGE");
    Ok(StatementOutcome {
        line: line_of(script, span.range.start),
        verb,
        rows_changed: changes_rows.then_some(changed as u64),
    })
}

fn describe_names(conn: &Connection, text: &str) -> Option<Vec<String>> {
    let mut stmt = conn.prepare(&format!("DESCRIBE\n{text}")).ok()?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0)).ok()?;
    names.collect::<std::result::Result<Vec<_>, _>>().ok()
}

fn count_value(batch: &arrow::record_batch::RecordBatch) -> Option<u64> {
    use arrow::array::AsArray;
    use arrow::datatypes::Int64Type;
    let col = batch.column(0);
    col.as_primitive_opt::<Int64Type>()
        .map(|a| a.value(0) as u64)
}

pub(crate) fn sql_error(e: &duckdb::Error, script: &str, offset: usize) -> EngineError {
    EngineError::Sql(SqlError::from_duckdb(&e.to_string(), script, offset))
}

fn line_of(script: &str, offset: usize) -> u32 {
    script[..offset].matches('\n').count() as u32 + 1
}

fn verb(text: &str) -> String {
    let mut rest = text.trim_start();
    // Skip leading comments so the label is the statement's own first word.
    loop {
        if let Some(r) = rest.strip_prefix("--") {
            rest = r
                .split_once('\n')
                .map(|(_, t)| t)
                .unwrap_or("")
                .trim_start();
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r
                .split_once("*/")
                .map(|(_, t)| t)
                .unwrap_or("")
                .trim_start();
        } else {
            break;
        }
    }
    rest.split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::verb;

    #[test]
    fn verb_skips_comments() {
        assert_eq!(verb("-- hi\n/* x */ select 1"), "SELECT");
        assert_eq!(verb("insert into t values (1)"), "INSERT");
    }
}
