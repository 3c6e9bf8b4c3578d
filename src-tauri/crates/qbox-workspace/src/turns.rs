//! The assistant's state while the app runs: the turns in flight (so Stop reaches them) and the
//! sandbox made last for checking SQL (kept while the catalog stays the same).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use qbox_ai::CancellationToken;
use qbox_engine::{Sandbox, TableInfo};

/// Turns in flight, by the id their caller chose, so Stop can reach them.
#[derive(Default)]
pub(crate) struct Turns(Mutex<HashMap<String, CancellationToken>>);

impl Turns {
    pub(crate) fn start(&self, id: &str) -> CancellationToken {
        let token = CancellationToken::new();
        self.0
            .lock()
            .expect("turns lock")
            .insert(id.to_string(), token.clone());
        token
    }

    pub(crate) fn end(&self, id: &str) {
        self.0.lock().expect("turns lock").remove(id);
    }

    /// Stops a turn in flight; false when there is none by that id.
    pub(crate) fn stop(&self, id: &str) -> bool {
        match self.0.lock().expect("turns lock").get(id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }
}

/// A sandbox and the catalog it was made from.
pub(crate) type ShapedSandbox = (Arc<Vec<TableInfo>>, Arc<Sandbox>);

/// The sandbox made last, kept while the catalog stays the same.
#[derive(Default)]
pub(crate) struct Sandboxes(std::sync::Mutex<Option<ShapedSandbox>>);

impl Sandboxes {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Option<ShapedSandbox>> {
        self.0.lock().expect("sandboxes lock")
    }
}
