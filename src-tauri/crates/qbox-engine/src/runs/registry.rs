//! The runs and exports in flight, by the id their caller chose: what stops each one, whether
//! it was cancelled (a cancel may arrive before the job starts), and where a run is.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::base::error::{EngineError, Result};
use crate::duck::capi::Interrupter;
use crate::runs::progress::{RunProgress, RunWatch};

/// What a run's connection is set up with: DuckDB's progress counter runs only with its
/// progress bar on (not printed here).
pub(crate) const RUN_SETUP: &str =
    "SET enable_progress_bar = true; SET enable_progress_bar_print = false";

#[derive(Default)]
struct RunSlot {
    interrupt: Option<Interrupter>,
    cancelled: bool,
    /// Where a run is (exports report through their callback).
    watch: Option<Arc<RunWatch>>,
}

/// Shared with a result still streaming when its run returned, so Cancel reaches it.
#[derive(Clone, Default)]
pub(crate) struct RunRegistry(Arc<Mutex<HashMap<String, RunSlot>>>);

impl RunRegistry {
    /// Interrupts a run or an export; returns false when no such job is active. A cancel that
    /// arrives before the job starts executing still stops it.
    pub(crate) fn cancel(&self, run_id: &str) -> bool {
        let mut runs = self.0.lock().expect("runs lock");
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

    /// Registers a job with what stops it, until the guard is dropped; refused when it was
    /// cancelled before it started.
    pub(crate) fn register(&self, run_id: &str, interrupt: Interrupter) -> Result<RunGuard> {
        let mut runs = self.0.lock().expect("runs lock");
        let slot = runs.entry(run_id.to_string()).or_default();
        if slot.cancelled {
            runs.remove(run_id);
            return Err(EngineError::Cancelled);
        }
        slot.interrupt = Some(interrupt);
        Ok(RunGuard {
            registry: self.clone(),
            run_id: run_id.to_string(),
        })
    }

    pub(crate) fn check_cancelled(&self, run_id: &str) -> Result<()> {
        if self.is_cancelled(run_id) {
            Err(EngineError::Cancelled)
        } else {
            Ok(())
        }
    }

    fn is_cancelled(&self, run_id: &str) -> bool {
        self.0
            .lock()
            .map(|r| r.get(run_id).is_some_and(|slot| slot.cancelled))
            .unwrap_or(false)
    }

    /// An interrupted statement fails with DuckDB's "Interrupted" error; report it as a cancel.
    pub(crate) fn cancelled_or(&self, run_id: &str, e: EngineError) -> EngineError {
        if self.is_cancelled(run_id) {
            EngineError::Cancelled
        } else {
            e
        }
    }

    /// How far run `run_id` is; None when no such run is going.
    pub(crate) fn progress(&self, run_id: &str) -> Option<RunProgress> {
        let runs = self.0.lock().expect("runs lock");
        runs.get(run_id)?.watch.as_ref().map(|w| w.read())
    }

    pub(crate) fn watch(&self, run_id: &str, watch: Arc<RunWatch>) {
        if let Some(slot) = self.0.lock().expect("runs lock").get_mut(run_id) {
            slot.watch = Some(watch);
        }
    }
}

/// A registered job; dropping it forgets the job.
pub(crate) struct RunGuard {
    registry: RunRegistry,
    run_id: String,
}

impl RunGuard {
    /// A check that the run was cancelled, for a thread that outlives the call.
    pub(crate) fn cancelled(&self) -> impl Fn() -> bool + Send + 'static {
        let (registry, run_id) = (self.registry.clone(), self.run_id.clone());
        move || registry.is_cancelled(&run_id)
    }
}

impl Drop for RunGuard {
    fn drop(&mut self) {
        if let Ok(mut runs) = self.registry.0.lock() {
            runs.remove(&self.run_id);
        }
    }
}
