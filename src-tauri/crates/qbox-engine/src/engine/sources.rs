//! The engine hands out its sources' service (`crate::sources::Sources`): attachments, S3
//! listings and views, and the catalog's details of a table.

use crate::sources::Sources;

use super::Engine;

impl Engine {
    pub fn sources(&self) -> Sources<'_> {
        Sources { db: &self.db }
    }
}
