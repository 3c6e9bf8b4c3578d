//! The types that cross IPC, one module per area as in `commands/`. Core types stay free of
//! serde/specta; they are converted here.

mod ai;
mod app;
mod chart;
mod connections;
mod grid;
mod queries;
mod query;
mod sources;
mod view;
pub use ai::*;
pub use app::*;
pub use chart::*;
pub use connections::*;
pub use grid::*;
pub use queries::*;
pub use query::*;
pub use sources::*;
pub use view::*;

/// Counts and ids are u32 on the wire: TypeScript numbers, no BigInt.
pub(crate) fn wire(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
