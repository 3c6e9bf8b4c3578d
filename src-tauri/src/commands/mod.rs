pub mod app;
pub mod log;
pub mod query;
pub mod sources;
