//! Where data comes from besides local files: PostgreSQL attachments, S3 buckets and their
//! views, the catalog's details of a table, and the demo workspace's files.

pub(crate) mod catalog;
pub mod demo;
pub(crate) mod postgres;
pub(crate) mod s3;

use std::sync::atomic::{AtomicU64, Ordering};

use duckdb::Connection;

use crate::base::error::Result;
use crate::duck::database::Database;

/// The sources' service: attachments, S3 views and the catalog's details, over the database
/// alone (it needs nothing else of the engine).
pub struct Sources<'a> {
    pub(crate) db: &'a Database,
}

impl Sources<'_> {
    fn connection(&self) -> Result<Connection> {
        self.db.connect()
    }
}

/// A throwaway attachment name for trying a connection's settings; unique, so that two tries
/// at once (two Test clicks) never replace each other's secret.
fn probe_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("qbox_probe_{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
