//! What QBox's tests share, in one crate instead of files included by path: real servers in
//! throwaway processes ([`postgres`], [`s3`], [`openai`]), the bundled DuckDB extensions
//! ([`extensions`]), results as rows of text ([`rows`]), a test engine ([`engine`]) and
//! workspace ([`workspace`]), and the checks that no secret reached a file ([`leaks`]). Like
//! the crates it serves, it knows nothing of Tauri: the app's mock-IPC call is in `tests/support`.

pub mod engine;
pub mod extensions;
pub mod leaks;
pub mod openai;
pub mod postgres;
pub mod rows;
pub mod s3;
pub mod workspace;
