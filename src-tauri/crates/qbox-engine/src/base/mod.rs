//! The leaves every other layer uses: errors, identifiers and literals, DuckDB's type names and
//! statement kinds, and the catalog's column and table shapes. Nothing here imports the rest of
//! the engine.

pub(crate) mod columns;
pub(crate) mod duck_types;
pub(crate) mod error;
pub mod ident;
pub(crate) mod logical_type;
pub(crate) mod messages;
pub(crate) mod statement;
