pub mod app;
pub mod connections;
pub mod log;
pub mod queries;
pub mod query;
pub mod sources;
