//! What a run tells whoever started it, as it goes: each statement as it starts, DuckDB's
//! progress a few times a second while a statement takes long, and for a result still
//! streaming in after the run returned, its rows kept so far and how it ended. Pushed, so
//! nobody asks.

use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::results::stream::{StreamEnd, StreamStatus};
use crate::runs::progress::{RunProgress, RunWatch};

/// How often a running statement's progress is read and told. The first reading waits as
/// long, so a quick statement tells none.
pub const PROGRESS_EVERY: Duration = Duration::from_millis(200);
/// The span of readings rows per second are taken over.
const RATE_SPAN: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, PartialEq)]
pub enum RunEvent {
    /// Statement `statement` (1-based) of `statements` started.
    StatementStarted { statement: usize, statements: usize },
    /// How far the running statement is, and the rows per second DuckDB worked through over
    /// the last second (None until there is a second reading that moved).
    Progress {
        progress: RunProgress,
        rows_per_second: Option<f64>,
    },
    /// Rows of result `result` kept so far, while the rest streams in.
    RowsKept { result: u64, rows: u64 },
    /// Result `result` streamed its last row, with `rows` kept; `end` says how.
    ResultEnded {
        result: u64,
        rows: u64,
        end: StreamEnd,
    },
}

/// Who hears a run's events; may be called from any of the run's threads.
#[derive(Clone, Default)]
pub struct RunListener(Option<Arc<dyn Fn(RunEvent) + Send + Sync>>);

impl RunListener {
    pub fn new(hear: impl Fn(RunEvent) + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(hear)))
    }

    /// Nobody listens: nothing is read or sent.
    pub fn none() -> Self {
        Self(None)
    }

    pub(crate) fn is_listening(&self) -> bool {
        self.0.is_some()
    }

    pub(crate) fn tell(&self, event: RunEvent) {
        if let Some(hear) = &self.0 {
            hear(event);
        }
    }

    /// A streaming result's status as the event it is.
    pub(crate) fn tell_stream(&self, result: u64, status: &StreamStatus) {
        self.tell(match &status.end {
            None => RunEvent::RowsKept {
                result,
                rows: status.rows,
            },
            Some(end) => RunEvent::ResultEnded {
                result,
                rows: status.rows,
                end: end.clone(),
            },
        });
    }
}

/// Reads a run's progress every [`PROGRESS_EVERY`] on a thread of its own and tells it when
/// it changed, until dropped.
pub(crate) struct ProgressTicker {
    _stop: Sender<()>,
}

impl ProgressTicker {
    /// None when nobody listens (no thread is started).
    pub(crate) fn start(watch: Arc<RunWatch>, listener: &RunListener) -> Option<Self> {
        if !listener.is_listening() {
            return None;
        }
        let listener = listener.clone();
        let (stop, stopped) = channel::<()>();
        std::thread::Builder::new()
            .name("qbox-run-progress".into())
            .spawn(move || {
                let mut rate = Throughput::default();
                let mut told: Option<RunProgress> = None;
                // Sending on `stop` never happens: its drop ends the wait at once.
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(PROGRESS_EVERY) {
                    let progress = watch.read();
                    let rows_per_second = rate.add(&progress, Instant::now());
                    if told.as_ref() != Some(&progress) {
                        told = Some(progress.clone());
                        listener.tell(RunEvent::Progress {
                            progress,
                            rows_per_second,
                        });
                    }
                }
            })
            .ok()
            .map(|_| Self { _stop: stop })
    }
}

/// Rows per second of the running statement: the rows gained over the last second of
/// readings of DuckDB's rows-processed counter.
#[derive(Default)]
pub(crate) struct Throughput {
    readings: Vec<(usize, u64, Instant)>,
}

impl Throughput {
    /// Adds a reading; the rate over the readings of the same statement within the span.
    pub(crate) fn add(&mut self, progress: &RunProgress, at: Instant) -> Option<f64> {
        let (statement, rows) = (progress.statement, progress.rows_processed);
        self.readings
            .retain(|&(s, r, t)| s == statement && r <= rows && at.duration_since(t) <= RATE_SPAN);
        self.readings.push((statement, rows, at));
        let (_, first_rows, first_at) = self.readings[0];
        let seconds = at.duration_since(first_at).as_secs_f64();
        (seconds > 0.0 && rows > first_rows).then(|| (rows - first_rows) as f64 / seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(statement: usize, rows: u64) -> RunProgress {
        RunProgress {
            statement,
            statements: 2,
            fraction: None,
            rows_processed: rows,
            total_rows: 0,
        }
    }

    #[test]
    fn the_rate_is_the_rows_gained_over_the_last_second_of_one_statement() {
        let mut rate = Throughput::default();
        let t0 = Instant::now();
        assert_eq!(
            rate.add(&at(1, 0), t0),
            None,
            "one reading measures nothing"
        );
        assert_eq!(
            rate.add(&at(1, 500), t0 + Duration::from_millis(500)),
            Some(1000.0)
        );
        // Readings older than a second are let go.
        let r = rate
            .add(&at(1, 2500), t0 + Duration::from_millis(1500))
            .unwrap();
        assert_eq!(r, 2000.0);
        // A new statement starts its own count.
        assert_eq!(rate.add(&at(2, 10), t0 + Duration::from_millis(1700)), None);
    }
}
