//! What QBox's tests share, in one crate instead of files included by path: real servers in
//! throwaway processes ([`postgres`], [`s3`], [`openai`]), the bundled DuckDB extensions
//! ([`extensions`]), results as rows of text ([`rows`]), a test engine ([`engine`]) and
//! workspace ([`workspace`]), the checks that no secret reached a file ([`leaks`]), and, with the
//! `ipc` feature, calls through Tauri's mock IPC ([`ipc`]).

pub mod engine;
pub mod extensions;
#[cfg(feature = "ipc")]
pub mod ipc;
pub mod leaks;
pub mod openai;
pub mod postgres;
pub mod rows;
pub mod s3;
pub mod workspace;
