//! What a statement is, as DuckDB's binder says (`duckdb_prepared_statement_type`), not as its
//! first word suggests: `WITH ... INSERT`, `FROM t`, `DESCRIBE t` and comments before a keyword
//! all get the kind DuckDB gives them.

use duckdb::ffi;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatementKind {
    /// SELECT, and what DuckDB reads as one: FROM-first queries, VALUES, TABLE, DESCRIBE, SHOW,
    /// SUMMARIZE.
    Select,
    Insert,
    Update,
    Delete,
    Merge,
    Explain,
    /// CREATE of any object, functions and macros included.
    Create,
    Drop,
    Alter,
    /// COPY of a table or a query, and COPY FROM DATABASE.
    Copy,
    Attach,
    Detach,
    Pragma,
    Call,
    /// SET, RESET and SET VARIABLE.
    Set,
    /// BEGIN, COMMIT, ROLLBACK.
    Transaction,
    /// LOAD, INSTALL, UPDATE EXTENSIONS.
    Extension,
    Export,
    Vacuum,
    Analyze,
    Prepare,
    Execute,
    /// A kind DuckDB has and QBox does not name.
    Other,
}

impl StatementKind {
    pub(crate) fn from_duckdb(kind: ffi::duckdb_statement_type) -> Self {
        use StatementKind::*;
        match kind {
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_SELECT => Select,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_INSERT => Insert,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_UPDATE => Update,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_DELETE => Delete,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_MERGE_INTO => Merge,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_EXPLAIN => Explain,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_CREATE
            | ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_CREATE_FUNC => Create,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_DROP => Drop,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_ALTER => Alter,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_COPY
            | ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_COPY_DATABASE => Copy,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_ATTACH => Attach,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_DETACH => Detach,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_PRAGMA => Pragma,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_CALL => Call,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_SET
            | ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_VARIABLE_SET => Set,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_TRANSACTION => Transaction,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_LOAD
            | ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_UPDATE_EXTENSIONS => Extension,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_EXPORT => Export,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_VACUUM => Vacuum,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_ANALYZE => Analyze,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_PREPARE => Prepare,
            ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_EXECUTE => Execute,
            _ => Other,
        }
    }

    /// INSERT, UPDATE, DELETE and MERGE report how many rows they changed.
    pub fn changes_rows(self) -> bool {
        matches!(
            self,
            Self::Insert | Self::Update | Self::Delete | Self::Merge
        )
    }

    /// Only a query reads without effects; every other kind (a write, DDL, an ATTACH, a
    /// PRAGMA, an EXPLAIN ANALYZE that may run a write) needs a person's say-so before the
    /// assistant's suggestion of it runs.
    pub fn only_reads(self) -> bool {
        matches!(self, Self::Select)
    }

    /// False only for kinds that cannot add, remove or alter a table or view anywhere, so a
    /// cached catalog stays true after them. A PRAGMA may import a database and a CALL may run
    /// DDL on a server; an EXECUTE runs whatever was prepared.
    pub fn may_change_catalog(self) -> bool {
        !matches!(
            self,
            Self::Select
                | Self::Explain
                | Self::Set
                | Self::Transaction
                | Self::Extension
                | Self::Vacuum
                | Self::Analyze
                | Self::Prepare
        )
    }
}
