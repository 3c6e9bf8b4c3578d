pub mod app;
pub mod log;
pub mod queries;
pub mod query;
pub mod sources;
