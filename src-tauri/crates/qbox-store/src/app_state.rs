//! Small key/value state of the app.

use sqlx::SqlitePool;

use crate::error::Result;

pub struct AppState<'a> {
    pool: &'a SqlitePool,
}

impl<'a> AppState<'a> {
    pub(crate) fn new(pool: &'a SqlitePool) -> Self {
        Self { pool }
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar!("SELECT value FROM app_state WHERE key = ?", key)
                .fetch_optional(self.pool)
                .await?,
        )
    }

    pub async fn set(&self, key: &str, value: &str) -> Result<()> {
        sqlx::query!(
            "INSERT INTO app_state (key, value) VALUES (?, ?) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            key,
            value
        )
        .execute(self.pool)
        .await?;
        Ok(())
    }
}
