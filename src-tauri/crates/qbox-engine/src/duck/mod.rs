//! DuckDB itself: the database and its connections, the C API QBox needs beyond duckdb-rs,
//! the parser (statement counts and spans, parse trees) and the scratch databases' names.

pub(crate) mod capi;
pub(crate) mod database;
pub(crate) mod parse_tree;
pub(crate) mod scratch;
pub(crate) mod split;
