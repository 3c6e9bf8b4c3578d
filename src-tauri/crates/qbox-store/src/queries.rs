//! Named queries with their SQL history, table selections and run log.

use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::error::{Result, StoreError};

/// Versions kept per query; older ones are pruned as new ones arrive.
/// SQL versions kept per query unless the settings say otherwise.
pub const DEFAULT_HISTORY_SIZE: u32 = 50;
/// Runs kept per query in the run log.
pub const MAX_RUNS: i64 = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub id: i64,
    pub name: String,
    pub sql: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlVersion {
    pub id: i64,
    pub query_id: i64,
    pub sql: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub id: i64,
    pub query_id: i64,
    pub qualified_name: String,
    /// None when the file source it pointed at was removed: the selection is broken.
    pub file_source_id: Option<i64>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueryRun {
    pub id: i64,
    pub query_id: i64,
    pub sql: String,
    pub started_at: String,
    pub duration_ms: f64,
    pub row_count: Option<i64>,
    pub error: Option<String>,
}

/// What a finished run leaves in the log.
#[derive(Debug, Clone)]
pub struct NewRun<'a> {
    pub sql: &'a str,
    pub started_at: &'a str,
    pub duration_ms: f64,
    pub row_count: Option<i64>,
    pub error: Option<&'a str>,
}

pub struct Queries<'a> {
    pool: &'a SqlitePool,
    /// Versions kept per query.
    keep: u32,
}

fn clean_name(name: &str) -> Result<&str> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(StoreError::Invalid("a query needs a name".into()));
    }
    Ok(trimmed)
}

impl<'a> Queries<'a> {
    pub(crate) fn new(pool: &'a SqlitePool, keep: u32) -> Self {
        Self { pool, keep }
    }

    pub async fn create(&self, name: &str, sql: &str) -> Result<Query> {
        let name = clean_name(name)?;
        let mut tx = self.pool.begin().await?;
        let now = crate::now();
        let id = sqlx::query!(
            "INSERT INTO queries (name, sql, created_at, updated_at) VALUES (?, ?, ?, ?)",
            name,
            sql,
            now,
            now
        )
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        if !sql.is_empty() {
            add_version(&mut tx, id, sql, &now, self.keep).await?;
        }
        tx.commit().await?;
        self.get(id).await
    }

    pub async fn get(&self, id: i64) -> Result<Query> {
        sqlx::query_as!(
            Query,
            "SELECT id AS \"id!\", name, sql, created_at, updated_at FROM queries WHERE id = ?",
            id
        )
        .fetch_optional(self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("query {id}")))
    }

    /// Newest-edited first; `search` matches names case-insensitively.
    pub async fn list(&self, search: Option<&str>) -> Result<Vec<Query>> {
        let pattern = format!(
            "%{}%",
            search
                .unwrap_or("")
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        Ok(sqlx::query_as!(
            Query,
            "SELECT id AS \"id!\", name, sql, created_at, updated_at \
             FROM queries WHERE name LIKE ? ESCAPE '\\' ORDER BY updated_at DESC, id DESC",
            pattern
        )
        .fetch_all(self.pool)
        .await?)
    }

    pub async fn rename(&self, id: i64, name: &str) -> Result<Query> {
        let name = clean_name(name)?;
        let now = crate::now();
        let done = sqlx::query!(
            "UPDATE queries SET name = ?, updated_at = ? WHERE id = ?",
            name,
            now,
            id
        )
        .execute(self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("query {id}")));
        }
        self.get(id).await
    }

    /// Saves the SQL text alone, without a history version: the editor's write-through while
    /// the user types, so a crash loses nothing. [`Queries::save_sql`] makes the checkpoint.
    pub async fn save_text(&self, id: i64, sql: &str) -> Result<Query> {
        let mut conn = self.pool.acquire().await?;
        set_text(&mut conn, id, sql, &crate::now()).await?;
        drop(conn);
        self.get(id).await
    }

    /// Saves the SQL; a text that differs from the newest version becomes a new version, and
    /// only the newest (the history size) are kept. One transaction.
    pub async fn save_sql(&self, id: i64, sql: &str) -> Result<Query> {
        let mut tx = self.pool.begin().await?;
        let now = crate::now();
        set_text(&mut tx, id, sql, &now).await?;
        let newest: Option<String> = sqlx::query_scalar!(
            "SELECT sql FROM sql_versions WHERE query_id = ? ORDER BY id DESC LIMIT 1",
            id
        )
        .fetch_optional(&mut *tx)
        .await?;
        if newest.as_deref() != Some(sql) {
            add_version(&mut tx, id, sql, &now, self.keep).await?;
        }
        tx.commit().await?;
        self.get(id).await
    }

    /// Newest first.
    pub async fn versions(&self, id: i64) -> Result<Vec<SqlVersion>> {
        Ok(sqlx::query_as!(
            SqlVersion,
            "SELECT id AS \"id!\", query_id, sql, created_at \
             FROM sql_versions WHERE query_id = ? ORDER BY id DESC",
            id
        )
        .fetch_all(self.pool)
        .await?)
    }

    /// Makes an old version current again; the restore is itself the newest version, so it can
    /// be undone the same way.
    pub async fn restore(&self, id: i64, version_id: i64) -> Result<Query> {
        let sql: Option<String> = sqlx::query_scalar!(
            "SELECT sql FROM sql_versions WHERE id = ? AND query_id = ?",
            version_id,
            id
        )
        .fetch_optional(self.pool)
        .await?;
        let sql =
            sql.ok_or_else(|| StoreError::NotFound(format!("version {version_id} of query {id}")))?;
        self.save_sql(id, &sql).await
    }

    /// "<name> (copy)" with the same SQL, selections and chat, all or nothing.
    pub async fn duplicate(&self, id: i64) -> Result<Query> {
        let original = self.get(id).await?;
        let mut tx = self.pool.begin().await?;
        let now = crate::now();
        let copy_name = format!("{} (copy)", original.name);
        let copy_id = sqlx::query!(
            "INSERT INTO queries (name, sql, created_at, updated_at) VALUES (?, ?, ?, ?)",
            copy_name,
            original.sql,
            now,
            now
        )
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        if !original.sql.is_empty() {
            add_version(&mut tx, copy_id, &original.sql, &now, self.keep).await?;
        }
        sqlx::query!(
            "INSERT INTO selections (query_id, qualified_name, file_source_id, created_at) \
             SELECT ?, qualified_name, file_source_id, ? FROM selections \
             WHERE query_id = ? ORDER BY id",
            copy_id,
            now,
            id
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO chat_messages \
             (query_id, role, content, suggestions, sent, status, error, created_at) \
             SELECT ?, role, content, suggestions, sent, status, error, created_at \
             FROM chat_messages WHERE query_id = ? ORDER BY id",
            copy_id,
            id
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "UPDATE queries SET ai_samples = (SELECT ai_samples FROM queries WHERE id = ?) \
             WHERE id = ?",
            id,
            copy_id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.get(copy_id).await
    }

    /// Deletes the query with its versions, selections and run log; sources stay.
    pub async fn delete(&self, id: i64) -> Result<()> {
        let done = sqlx::query!("DELETE FROM queries WHERE id = ?", id)
            .execute(self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("query {id}")));
        }
        Ok(())
    }

    pub async fn select_table(
        &self,
        id: i64,
        qualified_name: &str,
        file_source_id: Option<i64>,
    ) -> Result<Selection> {
        let now = crate::now();
        sqlx::query!(
            "INSERT INTO selections (query_id, qualified_name, file_source_id, created_at) \
             VALUES (?, ?, ?, ?) ON CONFLICT (query_id, qualified_name) \
             DO UPDATE SET file_source_id = excluded.file_source_id",
            id,
            qualified_name,
            file_source_id,
            now
        )
        .execute(self.pool)
        .await?;
        Ok(sqlx::query_as!(
            Selection,
            "SELECT id AS \"id!\", query_id, qualified_name, file_source_id, created_at \
             FROM selections WHERE query_id = ? AND qualified_name = ?",
            id,
            qualified_name
        )
        .fetch_one(self.pool)
        .await?)
    }

    pub async fn selections(&self, id: i64) -> Result<Vec<Selection>> {
        Ok(sqlx::query_as!(
            Selection,
            "SELECT id AS \"id!\", query_id, qualified_name, file_source_id, created_at \
             FROM selections WHERE query_id = ? ORDER BY id",
            id
        )
        .fetch_all(self.pool)
        .await?)
    }

    /// Removes a selection; returns the query it belonged to.
    pub async fn unselect(&self, selection_id: i64) -> Result<i64> {
        sqlx::query_scalar!(
            "DELETE FROM selections WHERE id = ? RETURNING query_id",
            selection_id
        )
        .fetch_optional(self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("selection {selection_id}")))
    }

    /// Logs a run and returns its id; only the newest [`MAX_RUNS`] per query are kept.
    pub async fn record_run(&self, id: i64, run: NewRun<'_>) -> Result<i64> {
        let mut tx = self.pool.begin().await?;
        let run_id = sqlx::query!(
            "INSERT INTO query_runs (query_id, sql, started_at, duration_ms, row_count, error) \
             VALUES (?, ?, ?, ?, ?, ?)",
            id,
            run.sql,
            run.started_at,
            run.duration_ms,
            run.row_count,
            run.error
        )
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        sqlx::query!(
            "DELETE FROM query_runs WHERE query_id = ? AND id NOT IN \
             (SELECT id FROM query_runs WHERE query_id = ? ORDER BY id DESC LIMIT ?)",
            id,
            id,
            MAX_RUNS
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(run_id)
    }

    /// Sets a logged run's row count: a result that streamed in after its run returned.
    /// A run no longer logged (fallen out of the newest) is left alone.
    pub async fn set_run_rows(&self, run_id: i64, row_count: i64) -> Result<()> {
        sqlx::query!(
            "UPDATE query_runs SET row_count = ? WHERE id = ?",
            row_count,
            run_id
        )
        .execute(self.pool)
        .await?;
        Ok(())
    }

    /// Newest first.
    pub async fn runs(&self, id: i64) -> Result<Vec<QueryRun>> {
        Ok(sqlx::query_as!(
            QueryRun,
            "SELECT id AS \"id!\", query_id, sql, started_at, duration_ms, row_count, error \
             FROM query_runs WHERE query_id = ? ORDER BY id DESC",
            id
        )
        .fetch_all(self.pool)
        .await?)
    }
}

async fn add_version(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
    sql: &str,
    now: &str,
    keep: u32,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO sql_versions (query_id, sql, created_at) VALUES (?, ?, ?)",
        id,
        sql,
        now
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "DELETE FROM sql_versions WHERE query_id = ? AND id NOT IN \
         (SELECT id FROM sql_versions WHERE query_id = ? ORDER BY id DESC LIMIT ?)",
        id,
        id,
        keep
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores a query's SQL text; NotFound when the query is gone.
async fn set_text(conn: &mut sqlx::SqliteConnection, id: i64, sql: &str, now: &str) -> Result<()> {
    let done = sqlx::query!(
        "UPDATE queries SET sql = ?, updated_at = ? WHERE id = ?",
        sql,
        now,
        id
    )
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("query {id}")));
    }
    Ok(())
}
