pub mod app;
pub mod query;
pub mod sources;
