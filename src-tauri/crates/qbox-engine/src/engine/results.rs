//! The engine hands out its results' service (`crate::results::Results`): windows, views,
//! cells, copies, profiles, charts, exports and closing a result.

use crate::results::Results;

use super::Engine;

impl Engine {
    pub fn results(&self) -> Results<'_> {
        Results {
            db: &self.db,
            store: &self.results,
            runs: &self.runs,
        }
    }
}
