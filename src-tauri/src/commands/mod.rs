pub mod app;
pub mod assistant;
pub mod connections;
pub mod data;
pub mod log;
pub mod queries;
pub mod query;
pub mod sources;
