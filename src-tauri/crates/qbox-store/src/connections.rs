//! Connections to external sources: their names, SQL identifiers and non-secret settings.

use sqlx::SqlitePool;

use crate::error::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionRow {
    pub id: i64,
    pub name: String,
    pub identifier: String,
    /// `postgres` or `s3`.
    pub kind: String,
    /// JSON; never holds a secret.
    pub settings: String,
    /// The name of the connection's keychain entry ('' for a row from before such names).
    pub secret_key: String,
    pub created_at: String,
    pub updated_at: String,
}

pub struct Connections<'a> {
    pool: &'a SqlitePool,
}

impl<'a> Connections<'a> {
    pub(crate) fn new(pool: &'a SqlitePool) -> Self {
        Self { pool }
    }

    pub async fn list(&self) -> Result<Vec<ConnectionRow>> {
        Ok(sqlx::query_as!(
            ConnectionRow,
            "SELECT id AS \"id!\", name, identifier, kind, settings, secret_key, \
             created_at, updated_at FROM connections ORDER BY name COLLATE NOCASE, id"
        )
        .fetch_all(self.pool)
        .await?)
    }

    pub async fn get(&self, id: i64) -> Result<ConnectionRow> {
        sqlx::query_as!(
            ConnectionRow,
            "SELECT id AS \"id!\", name, identifier, kind, settings, secret_key, \
             created_at, updated_at FROM connections WHERE id = ?",
            id
        )
        .fetch_optional(self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("connection {id}")))
    }

    pub async fn identifiers(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar!("SELECT identifier FROM connections")
            .fetch_all(self.pool)
            .await?)
    }

    pub async fn insert(
        &self,
        name: &str,
        identifier: &str,
        kind: &str,
        settings: &str,
        secret_key: &str,
    ) -> Result<ConnectionRow> {
        let now = crate::now();
        let id = sqlx::query!(
            "INSERT INTO connections \
             (name, identifier, kind, settings, secret_key, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
            name,
            identifier,
            kind,
            settings,
            secret_key,
            now,
            now
        )
        .execute(self.pool)
        .await
        .map_err(|e| StoreError::unique_or(e, identifier))?
        .last_insert_rowid();
        self.get(id).await
    }

    /// A new name and settings; the identifier stays as it was, so saved SQL keeps working.
    pub async fn update(&self, id: i64, name: &str, settings: &str) -> Result<ConnectionRow> {
        let now = crate::now();
        let done = sqlx::query!(
            "UPDATE connections SET name = ?, settings = ?, updated_at = ? WHERE id = ?",
            name,
            settings,
            now,
            id
        )
        .execute(self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("connection {id}")));
        }
        self.get(id).await
    }

    /// Names the keychain entry of a row from before entries had names of their own.
    pub async fn set_secret_key(&self, id: i64, secret_key: &str) -> Result<()> {
        sqlx::query!(
            "UPDATE connections SET secret_key = ? WHERE id = ?",
            secret_key,
            id
        )
        .execute(self.pool)
        .await?;
        Ok(())
    }

    pub async fn delete(&self, id: i64) -> Result<()> {
        let done = sqlx::query!("DELETE FROM connections WHERE id = ?", id)
            .execute(self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("connection {id}")));
        }
        Ok(())
    }
}
