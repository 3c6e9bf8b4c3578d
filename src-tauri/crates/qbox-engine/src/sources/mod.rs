//! Where data comes from besides local files: PostgreSQL attachments, S3 buckets and their
//! views, the catalog's details of a table, and the demo workspace's files.

pub(crate) mod catalog;
pub mod demo;
pub(crate) mod postgres;
pub(crate) mod s3;
