//! The scratch databases results are kept in, both attached to the engine's database and
//! emptied with each session. A result that streams in goes to a file, so that its rows can
//! spill to disk instead of growing the app's memory; a result that ended within its first
//! rows (at most [`crate::results::stream::SMALL_ROWS`] of them) goes to memory, where keeping
//! it costs no write to a log.

use crate::base::ident::quote_ident;

/// The scratch database on disk, `scratch/results.duckdb`.
pub(crate) const FILE_DB: &str = "qbox_results";
/// The scratch database in memory, for small results.
pub(crate) const MEMORY_DB: &str = "qbox_results_memory";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scratch {
    File,
    Memory,
}

impl Scratch {
    pub(crate) fn database(self) -> &'static str {
        match self {
            Scratch::File => FILE_DB,
            Scratch::Memory => MEMORY_DB,
        }
    }
}

/// A table in one of the scratch databases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScratchTable {
    pub(crate) scratch: Scratch,
    pub(crate) name: String,
}

impl ScratchTable {
    pub(crate) fn new(scratch: Scratch, name: impl Into<String>) -> Self {
        Self {
            scratch,
            name: name.into(),
        }
    }

    /// The table's name as SQL reads it, quoted.
    pub(crate) fn qualified(&self) -> String {
        format!(
            "{}.main.{}",
            self.scratch.database(),
            quote_ident(&self.name)
        )
    }

    /// Another table in the same database (a view's rows beside the result's own).
    pub(crate) fn beside(&self, name: impl Into<String>) -> Self {
        Self::new(self.scratch, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_qualified_and_quoted() {
        let t = ScratchTable::new(Scratch::Memory, "r_1");
        assert_eq!(t.qualified(), "qbox_results_memory.main.\"r_1\"");
        assert_eq!(
            t.beside("r \"1\"").qualified(),
            "qbox_results_memory.main.\"r \"\"1\"\"\""
        );
        assert_eq!(
            ScratchTable::new(Scratch::File, "r_2").qualified(),
            "qbox_results.main.\"r_2\""
        );
    }
}
