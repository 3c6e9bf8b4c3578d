//! Registered local files.

use sqlx::SqlitePool;

use crate::error::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSource {
    pub id: i64,
    pub view_name: String,
    pub path: String,
    pub format: String,
    pub is_folder: bool,
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone)]
pub struct NewFileSource<'a> {
    pub view_name: &'a str,
    pub path: &'a str,
    pub format: &'a str,
    pub is_folder: bool,
    pub sheet: Option<&'a str>,
    pub encoding: Option<&'a str>,
}

pub struct FileSources<'a> {
    pool: &'a SqlitePool,
}

impl<'a> FileSources<'a> {
    pub(crate) fn new(pool: &'a SqlitePool) -> Self {
        Self { pool }
    }

    pub async fn list(&self) -> Result<Vec<FileSource>> {
        Ok(sqlx::query_as!(
            FileSource,
            "SELECT id AS \"id!\", view_name, path, format, is_folder AS \"is_folder: bool\", \
             sheet, encoding, created_at \
             FROM file_sources ORDER BY view_name"
        )
        .fetch_all(self.pool)
        .await?)
    }

    pub async fn get(&self, id: i64) -> Result<FileSource> {
        sqlx::query_as!(
            FileSource,
            "SELECT id AS \"id!\", view_name, path, format, is_folder AS \"is_folder: bool\", \
             sheet, encoding, created_at \
             FROM file_sources WHERE id = ?",
            id
        )
        .fetch_optional(self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("file source {id}")))
    }

    pub async fn view_names(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar!("SELECT view_name FROM file_sources")
            .fetch_all(self.pool)
            .await?)
    }

    pub async fn insert(&self, new: NewFileSource<'_>) -> Result<FileSource> {
        let now = crate::now();
        let id = sqlx::query!(
            "INSERT INTO file_sources (view_name, path, format, is_folder, sheet, encoding, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
            new.view_name,
            new.path,
            new.format,
            new.is_folder,
            new.sheet,
            new.encoding,
            now
        )
        .execute(self.pool)
        .await
        .map_err(|e| StoreError::unique_or(e, new.view_name))?
        .last_insert_rowid();
        self.get(id).await
    }

    pub async fn rename(&self, id: i64, view_name: &str) -> Result<FileSource> {
        let done = sqlx::query!(
            "UPDATE file_sources SET view_name = ? WHERE id = ?",
            view_name,
            id
        )
        .execute(self.pool)
        .await
        .map_err(|e| StoreError::unique_or(e, view_name))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("file source {id}")));
        }
        self.get(id).await
    }

    pub async fn set_encoding(&self, id: i64, encoding: Option<&str>) -> Result<FileSource> {
        let done = sqlx::query!(
            "UPDATE file_sources SET encoding = ? WHERE id = ?",
            encoding,
            id
        )
        .execute(self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("file source {id}")));
        }
        self.get(id).await
    }

    pub async fn delete(&self, id: i64) -> Result<()> {
        let done = sqlx::query!("DELETE FROM file_sources WHERE id = ?", id)
            .execute(self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("file source {id}")));
        }
        Ok(())
    }
}
