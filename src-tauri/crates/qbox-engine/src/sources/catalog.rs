//! What the catalog tree shows about one table on demand: columns with DuckDB type, source type,
//! nullability, primary and foreign keys, the kind of relation and an estimated row count, read
//! from the source's own metadata (PostgreSQL's `pg_class.reltuples`, Parquet footers) instead of
//! a `COUNT(*)`.

use duckdb::params;

use super::Sources;
use crate::base::error::Result;
use crate::base::ident::{quote_ident, quote_literal};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnDetail {
    pub name: String,
    /// DuckDB's type, as queries see it.
    pub data_type: String,
    /// The source's own type when it has one (PostgreSQL's `format_type`).
    pub source_type: Option<String>,
    pub nullable: bool,
    pub primary_key: bool,
    /// `schema.table.column` this column references, for a foreign key.
    pub references: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    Table,
    View,
    MaterializedView,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDetails {
    pub kind: Option<RelationKind>,
    pub estimated_rows: Option<u64>,
    pub columns: Vec<ColumnDetail>,
}

/// A PostgreSQL string literal that means the same whatever the server's
/// `standard_conforming_strings`: an escape string (`E'...'`) always reads backslashes as
/// escapes, so both they and quotes are doubled.
fn pg_literal(value: &str) -> String {
    format!("E'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
}

impl Sources<'_> {
    /// Details of `database.schema.table`; `database` is `qbox` for local views and tables, or a
    /// PostgreSQL connection's identifier.
    pub fn table_details(&self, database: &str, schema: &str, table: &str) -> Result<TableDetails> {
        let conn = self.connection()?;
        let qualified = [database, schema, table]
            .iter()
            .map(|p| quote_ident(p))
            .collect::<Vec<_>>()
            .join(".");
        // One table by name, parsed as SQL so that any quoted name works: never a scan of
        // every attached catalog.
        let mut stmt = conn.prepare(&format!("DESCRIBE {qualified}"))?;
        let mut columns: Vec<ColumnDetail> = stmt
            .query_map([], |r| {
                Ok(ColumnDetail {
                    name: r.get(0)?,
                    data_type: r.get(1)?,
                    source_type: None,
                    nullable: r.get::<_, Option<String>>(2)?.as_deref() != Some("NO"),
                    primary_key: r.get::<_, Option<String>>(3)?.as_deref() == Some("PRI"),
                    references: None,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        let kind_of: String = conn.query_row(
            "SELECT type FROM duckdb_databases() WHERE database_name = ?",
            params![database],
            |r| r.get(0),
        )?;
        if kind_of != "postgres" {
            return Ok(TableDetails {
                kind: None,
                estimated_rows: None,
                columns,
            });
        }
        let pg_sql = format!(
            "SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS source_type, NOT a.attnotnull AS nullable, \
               EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p' AND a.attnum = ANY (k.conkey)) AS pk, \
               (SELECT fn.nspname || '.' || fc.relname || '.' || fa.attname FROM pg_constraint k \
                  JOIN pg_class fc ON fc.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
                  JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[array_position(k.conkey, a.attnum)] \
                  WHERE k.conrelid = c.oid AND k.contype = 'f' AND a.attnum = ANY (k.conkey) LIMIT 1) AS refs, \
               c.relkind::text AS kind, c.reltuples::bigint AS tuples \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
             WHERE n.nspname = {} AND c.relname = {} ORDER BY a.attnum",
            pg_literal(schema),
            pg_literal(table)
        );
        let mut stmt = conn.prepare(&format!(
            "SELECT * FROM postgres_query({}, {})",
            quote_literal(database),
            quote_literal(&pg_sql)
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<i64>>(6)?,
            ))
        })?;
        let mut kind = None;
        let mut estimated_rows = None;
        for row in rows {
            let (name, source_type, nullable, pk, references, relkind, tuples) = row?;
            kind = match relkind.as_str() {
                "r" | "p" | "f" => Some(RelationKind::Table),
                "v" => Some(RelationKind::View),
                "m" => Some(RelationKind::MaterializedView),
                _ => kind,
            };
            // -1 means "never analysed"; views have no estimate.
            estimated_rows = tuples.filter(|t| *t >= 0).map(|t| t as u64);
            if let Some(c) = columns.iter_mut().find(|c| c.name == name) {
                c.source_type = source_type;
                c.nullable = nullable;
                c.primary_key = pk;
                c.references = references;
            }
        }
        Ok(TableDetails {
            kind,
            estimated_rows,
            columns,
        })
    }

    /// Makes the postgres extension read attached databases' schemas again (it keeps its own
    /// copy): for a manual refresh after changes made outside QBox.
    pub fn forget_remote_schemas(&self) -> Result<()> {
        let conn = self.connection()?;
        let has_postgres: bool = conn.query_row(
            "SELECT count(*) > 0 FROM duckdb_databases() WHERE type = 'postgres'",
            [],
            |r| r.get(0),
        )?;
        if has_postgres {
            conn.execute_batch("CALL pg_clear_cache()")?;
        }
        Ok(())
    }

    /// Rows in Parquet files by their footers (no data read); `target` is a glob (a single
    /// path through [`crate::files::glob_literal`]).
    pub fn parquet_rows(&self, target: &str) -> Result<u64> {
        Ok(self.connection()?.query_row(
            "SELECT coalesce(sum(num_rows), 0)::BIGINT FROM parquet_file_metadata(?)",
            params![target],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }
}

impl Sources<'_> {
    /// Drops a table or view the user made with SQL in the local database; says which it was.
    /// Names are bound as values to find it and quoted to drop it.
    pub fn drop_local_relation(&self, schema: &str, name: &str) -> Result<RelationKind> {
        let conn = self.connection()?;
        let kind: Option<String> = conn.query_row(
            "SELECT CASE \
               WHEN EXISTS (SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() \
                 AND schema_name = ? AND table_name = ? AND NOT temporary) THEN 'table' \
               WHEN EXISTS (SELECT 1 FROM duckdb_views() WHERE database_name = current_database() \
                 AND schema_name = ? AND view_name = ? AND NOT internal AND NOT temporary) THEN 'view' END",
            params![schema, name, schema, name],
            |r| r.get(0),
        )?;
        let (kind, keyword) = match kind.as_deref() {
            Some("table") => (RelationKind::Table, "TABLE"),
            Some("view") => (RelationKind::View, "VIEW"),
            _ => {
                return Err(crate::base::error::EngineError::invalid_input(format!(
                    "there is no table or view {schema}.{name} in the local database"
                )))
            }
        };
        conn.execute_batch(&format!(
            "DROP {keyword} {}.{}",
            quote_ident(schema),
            quote_ident(name)
        ))?;
        Ok(kind)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn postgres_literals_escape_backslashes_and_quotes() {
        assert_eq!(super::pg_literal(r"a\'; b"), r"E'a\\''; b'");
        assert_eq!(super::pg_literal("plain"), "E'plain'");
    }
}
