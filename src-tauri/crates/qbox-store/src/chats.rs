//! Each query's chat with the assistant: messages in order, an assistant message with its
//! suggestions and the request bodies it sent (both JSON, written and read by the workspace).

use sqlx::SqlitePool;

use crate::error::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatMessage {
    pub id: i64,
    pub query_id: i64,
    /// `user` or `assistant`.
    pub role: String,
    pub content: String,
    /// JSON array.
    pub suggestions: String,
    /// JSON array of request bodies.
    pub sent: String,
    /// `complete`, `stopped` or `failed`.
    pub status: String,
    pub error: Option<String>,
    pub created_at: String,
}

/// A message to add.
#[derive(Debug, Clone)]
pub struct NewChatMessage<'a> {
    pub role: &'a str,
    pub content: &'a str,
    pub suggestions: &'a str,
    pub sent: &'a str,
    pub status: &'a str,
    pub error: Option<&'a str>,
}

pub struct Chats<'a> {
    pool: &'a SqlitePool,
}

impl<'a> Chats<'a> {
    pub(crate) fn new(pool: &'a SqlitePool) -> Self {
        Self { pool }
    }

    pub async fn list(&self, query_id: i64) -> Result<Vec<ChatMessage>> {
        Ok(sqlx::query_as!(
            ChatMessage,
            "SELECT id AS \"id!\", query_id, role, content, suggestions, sent, status, error, \
             created_at FROM chat_messages WHERE query_id = ? ORDER BY id",
            query_id
        )
        .fetch_all(self.pool)
        .await?)
    }

    pub async fn get(&self, id: i64) -> Result<ChatMessage> {
        sqlx::query_as!(
            ChatMessage,
            "SELECT id AS \"id!\", query_id, role, content, suggestions, sent, status, error, \
             created_at FROM chat_messages WHERE id = ?",
            id
        )
        .fetch_optional(self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("chat message {id}")))
    }

    pub async fn add(&self, query_id: i64, m: NewChatMessage<'_>) -> Result<ChatMessage> {
        let now = crate::now();
        let id = sqlx::query!(
            "INSERT INTO chat_messages \
             (query_id, role, content, suggestions, sent, status, error, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            query_id,
            m.role,
            m.content,
            m.suggestions,
            m.sent,
            m.status,
            m.error,
            now
        )
        .execute(self.pool)
        .await?
        .last_insert_rowid();
        self.get(id).await
    }

    /// Removes one message (a failed reply about to be retried).
    pub async fn delete(&self, id: i64) -> Result<()> {
        let done = sqlx::query!("DELETE FROM chat_messages WHERE id = ?", id)
            .execute(self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("chat message {id}")));
        }
        Ok(())
    }

    pub async fn clear(&self, query_id: i64) -> Result<()> {
        sqlx::query!("DELETE FROM chat_messages WHERE query_id = ?", query_id)
            .execute(self.pool)
            .await?;
        Ok(())
    }

    /// Whether the user let the assistant read sample values for this query.
    pub async fn samples_allowed(&self, query_id: i64) -> Result<bool> {
        let allowed = sqlx::query_scalar!("SELECT ai_samples FROM queries WHERE id = ?", query_id)
            .fetch_optional(self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("query {query_id}")))?;
        Ok(allowed != 0)
    }

    pub async fn set_samples_allowed(&self, query_id: i64, allowed: bool) -> Result<()> {
        let value = i64::from(allowed);
        let done = sqlx::query!(
            "UPDATE queries SET ai_samples = ? WHERE id = ?",
            value,
            query_id
        )
        .execute(self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("query {query_id}")));
        }
        Ok(())
    }
}
