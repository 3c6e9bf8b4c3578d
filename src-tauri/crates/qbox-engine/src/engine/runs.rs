//! The engine's face for the runs' service (`crate::runs::Runner`).

use crate::base::error::Result;
use crate::runs::events::RunListener;
use crate::runs::{RunOutput, Runner};

use super::Engine;

impl Engine {
    fn runner(&self) -> Runner<'_> {
        Runner {
            db: &self.db,
            store: &self.results,
            runs: &self.runs,
            row_cap: self.row_cap(),
        }
    }

    /// Runs `script` to completion on a fresh connection. `run_id` lets [`Engine::cancel`]
    /// interrupt it from another thread. Blocking: call it from a worker thread.
    pub fn run(&self, run_id: &str, script: &str) -> Result<RunOutput> {
        self.run_watched(run_id, script, &RunListener::none())
    }

    /// [`Engine::run`], telling `listener` how it goes (see [`crate::RunEvent`]); a result still
    /// streaming in when this returns goes on telling until its last row.
    pub fn run_watched(
        &self,
        run_id: &str,
        script: &str,
        listener: &RunListener,
    ) -> Result<RunOutput> {
        self.runner().run_watched(run_id, script, listener)
    }
}
