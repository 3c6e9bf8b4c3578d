//! The assistant's side of the workspace: its key in the keychain, each query's chat in the
//! store, and the grounding it gets from the live catalog and DuckDB (checks that bind without
//! running, table descriptions, sample values only where the user allowed them).

use std::sync::Arc;

use qbox_ai::{
    ColumnContext, Grounding, HistoryMessage, ProbeReport, PromptInput, Provider, ProviderSettings,
    Role, SchemaContext, SqlCheck, Suggestion, TableContext, TurnEvent, TurnInput, TurnOutput,
};
use qbox_engine::ident::{quote_ident, sql_name};
use qbox_engine::{CheckedStatement, RelationKind, Sandbox, TableInfo};
use qbox_store::NewChatMessage;
use serde_json::Value;

use crate::connections::SecretInput;
use crate::events::QueryPart;
use crate::settings::AiSettings;
use crate::{blocking, Result, Workspace, WorkspaceError, LOCAL_DATABASE};

/// Distinct values one `sample_values` call returns.
const SAMPLE_VALUES: usize = 5;
/// A sample value is cut to this many characters.
const SAMPLE_CHARS: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatStatus {
    Complete,
    /// The user pressed Stop; the reply is what arrived before.
    Stopped,
    /// The provider failed; the reply can be retried.
    Failed,
}

impl ChatStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Complete => "complete",
            Self::Stopped => "stopped",
            Self::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "stopped" => Self::Stopped,
            "failed" => Self::Failed,
            _ => Self::Complete,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChatMessage {
    pub id: i64,
    pub query_id: i64,
    pub role: Role,
    pub content: String,
    pub suggestions: Vec<Suggestion>,
    /// The request bodies of this reply, as sent (no key).
    pub sent: Vec<Value>,
    pub status: ChatStatus,
    pub error: Option<String>,
    pub created_at: String,
}

impl ChatMessage {
    fn from_row(row: qbox_store::ChatMessage) -> Self {
        Self {
            id: row.id,
            query_id: row.query_id,
            role: if row.role == "user" {
                Role::User
            } else {
                Role::Assistant
            },
            suggestions: serde_json::from_str(&row.suggestions).unwrap_or_default(),
            sent: serde_json::from_str(&row.sent).unwrap_or_default(),
            content: row.content,
            status: ChatStatus::parse(&row.status),
            error: row.error,
            created_at: row.created_at,
        }
    }
}

/// The assistant's key as the keychain keeps it: the key and the origin it was typed for.
#[derive(serde::Serialize, serde::Deserialize)]
struct BoundKey {
    origin: String,
    key: String,
}

/// What the editor holds when the user asks.
#[derive(Debug, Clone, Default)]
pub struct AskContext {
    pub editor_sql: Option<String>,
}

impl Workspace {
    fn ai_key_name(&self) -> String {
        format!("workspace:{}:ai:api-key", self.workspace_id)
    }

    /// The origin the stored API key is bound to, or `None` when no key is stored (the key
    /// itself never leaves the workspace).
    pub fn ai_key_origin(&self) -> Result<Option<String>> {
        Ok(self.stored_ai_key()?.map(|bound| bound.origin))
    }

    /// Stores (or clears) the API key, bound to the origin of `base_url`, the provider it was
    /// typed for: it is sent nowhere else.
    pub fn set_ai_key(&self, key: SecretInput, base_url: &str) -> Result<()> {
        let name = self.ai_key_name();
        match key {
            SecretInput::Keep => Ok(()),
            SecretInput::Set(k) if k.trim().is_empty() => Ok(self.secrets.delete(&name)?),
            SecretInput::Set(k) => {
                let bound = BoundKey {
                    origin: qbox_ai::key_origin(base_url)?,
                    key: k.trim().to_string(),
                };
                let value = serde_json::to_string(&bound)?;
                Ok(self.secrets.set(&name, &value)?)
            }
            SecretInput::Clear => Ok(self.secrets.delete(&name)?),
        }
    }

    /// The stored key with the origin it is bound to. A key stored before keys were bound
    /// (a bare key) is bound to the base URL saved now, which is where it was being sent.
    fn stored_ai_key(&self) -> Result<Option<BoundKey>> {
        let Some(value) = self.secrets.get(&self.ai_key_name())? else {
            return Ok(None);
        };
        if let Ok(bound) = serde_json::from_str::<BoundKey>(&value) {
            return Ok(Some(bound));
        }
        let base_url = self.settings().ai.base_url;
        self.set_ai_key(SecretInput::Set(value), &base_url)?;
        Ok(self
            .secrets
            .get(&self.ai_key_name())?
            .and_then(|v| serde_json::from_str(&v).ok()))
    }

    /// A client for `settings`; `key` replaces the stored key for this call only (the
    /// settings form tests a key before it is saved). The stored key goes only to the origin
    /// it was saved for: another one needs the key typed again.
    fn provider(&self, settings: &AiSettings, key: SecretInput) -> Result<Provider> {
        let key = match key {
            SecretInput::Keep => match self.stored_ai_key()? {
                Some(bound) => {
                    let now = qbox_ai::key_origin(&settings.base_url)?;
                    if now != bound.origin {
                        return Err(WorkspaceError::SecretForAnotherPlace {
                            secret: "API key",
                            saved_for: bound.origin,
                            now,
                        });
                    }
                    Some(bound.key)
                }
                None => None,
            },
            SecretInput::Set(k) => Some(k),
            SecretInput::Clear => None,
        };
        Ok(Provider::new(
            ProviderSettings {
                base_url: settings.base_url.clone(),
                model: settings.model.clone(),
                temperature: Some(settings.temperature),
            },
            key,
        )?)
    }

    /// The provider's models, for the settings form (its unsaved values).
    pub async fn ai_models(&self, draft: AiSettings, key: SecretInput) -> Result<Vec<String>> {
        Ok(self.provider(&draft, key)?.models().await?)
    }

    /// Settings → Test: real small requests, with what works and what does not.
    pub async fn test_ai(&self, draft: AiSettings, key: SecretInput) -> Result<ProbeReport> {
        Ok(qbox_ai::probe(&self.provider(&draft, key)?).await?)
    }

    pub async fn chat(&self, query_id: i64) -> Result<Vec<ChatMessage>> {
        self.store.queries().get(query_id).await?;
        Ok(self
            .store
            .chats()
            .list(query_id)
            .await?
            .into_iter()
            .map(ChatMessage::from_row)
            .collect())
    }

    /// The request bodies one reply sent (read alone: a chat's other replies may hold many).
    pub async fn chat_sent(&self, query_id: i64, message_id: i64) -> Result<Vec<Value>> {
        let row = self.store.chats().get(message_id).await?;
        if row.query_id != query_id {
            return Err(WorkspaceError::NotFound(format!(
                "chat message {message_id} of query {query_id}"
            )));
        }
        Ok(ChatMessage::from_row(row).sent)
    }

    pub async fn clear_chat(&self, query_id: i64) -> Result<()> {
        self.store.queries().get(query_id).await?;
        self.store.chats().clear(query_id).await?;
        self.query_changed(query_id, QueryPart::Chat);
        Ok(())
    }

    pub async fn chat_samples_allowed(&self, query_id: i64) -> Result<bool> {
        Ok(self.store.chats().samples_allowed(query_id).await?)
    }

    pub async fn allow_chat_samples(&self, query_id: i64, allowed: bool) -> Result<()> {
        Ok(self
            .store
            .chats()
            .set_samples_allowed(query_id, allowed)
            .await?)
    }

    /// Stops a turn in flight; false when there is none by that id.
    pub fn stop_turn(&self, turn_id: &str) -> bool {
        self.turns.stop(turn_id)
    }

    /// Asks the assistant in a query's chat: stores the user's message, streams the reply to
    /// `emit`, stores the reply (complete, stopped or failed) and returns both.
    pub async fn ask(
        &self,
        query_id: i64,
        turn_id: &str,
        text: &str,
        context: AskContext,
        emit: impl FnMut(TurnEvent) + Send,
    ) -> Result<(ChatMessage, ChatMessage)> {
        let text = text.trim();
        if text.is_empty() {
            return Err(WorkspaceError::InvalidSetting(
                "write a question for the assistant".into(),
            ));
        }
        let settings = self.settings().ai;
        let provider = self.provider(&settings, SecretInput::Keep)?;
        if settings.model.trim().is_empty() {
            return Err(qbox_ai::AiError::InvalidSettings(
                "choose the assistant's provider and model in Settings".into(),
            )
            .into());
        }
        let history = self.chat(query_id).await?;
        let user = self
            .store
            .chats()
            .add(
                query_id,
                NewChatMessage {
                    role: "user",
                    content: text,
                    suggestions: "[]",
                    sent: "[]",
                    status: "complete",
                    error: None,
                },
            )
            .await?;
        self.query_changed(query_id, QueryPart::Chat);
        let reply = self
            .reply(
                &provider, &settings, query_id, turn_id, &history, text, context, emit,
            )
            .await?;
        Ok((ChatMessage::from_row(user), reply))
    }

    /// Asks again for a reply that failed or was stopped: the old reply is replaced, the
    /// user's message is not repeated.
    pub async fn retry_reply(
        &self,
        query_id: i64,
        reply_id: i64,
        turn_id: &str,
        context: AskContext,
        emit: impl FnMut(TurnEvent) + Send,
    ) -> Result<ChatMessage> {
        let messages = self.chat(query_id).await?;
        let at = messages
            .iter()
            .position(|m| m.id == reply_id && m.role == Role::Assistant)
            .ok_or_else(|| WorkspaceError::NotFound(format!("reply {reply_id}")))?;
        let question = messages[..at]
            .iter()
            .rposition(|m| m.role == Role::User)
            .ok_or_else(|| WorkspaceError::NotFound(format!("the question of reply {reply_id}")))?;
        let settings = self.settings().ai;
        let provider = self.provider(&settings, SecretInput::Keep)?;
        self.store.chats().delete(reply_id).await?;
        self.query_changed(query_id, QueryPart::Chat);
        let text = messages[question].content.clone();
        self.reply(
            &provider,
            &settings,
            query_id,
            turn_id,
            &messages[..question],
            &text,
            context,
            emit,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn reply(
        &self,
        provider: &Provider,
        settings: &AiSettings,
        query_id: i64,
        turn_id: &str,
        history: &[ChatMessage],
        text: &str,
        context: AskContext,
        mut emit: impl FnMut(TurnEvent) + Send,
    ) -> Result<ChatMessage> {
        let samples = self.chat_samples_allowed(query_id).await?;
        let grounding = WorkspaceGrounding {
            ws: self,
            query_id,
            catalog: Arc::new(self.catalog().await?),
            sandbox: Default::default(),
        };
        let schema = grounding.schema_for(query_id).await?;
        let version = {
            let engine = self.engine.clone();
            blocking(move || engine.duckdb_version()).await??
        };
        let system = qbox_ai::system_prompt(&PromptInput {
            duckdb_version: &version,
            schema: &schema,
            tools: settings.tools,
            samples,
            editor_sql: context.editor_sql.as_deref(),
        });
        let input = TurnInput {
            system,
            history: history
                .iter()
                .filter(|m| m.status != ChatStatus::Failed && !m.content.trim().is_empty())
                .map(|m| HistoryMessage {
                    role: m.role,
                    content: m.content.clone(),
                })
                .collect(),
            user: text.to_string(),
            tools: settings.tools,
            samples,
        };
        let cancel = self.turns.start(turn_id);
        let out: TurnOutput =
            qbox_ai::run_turn(provider, &grounding, input, &cancel, &mut emit).await;
        self.turns.end(turn_id);
        let status = if out.error.is_some() {
            ChatStatus::Failed
        } else if out.stopped {
            ChatStatus::Stopped
        } else {
            ChatStatus::Complete
        };
        let error = out.error.as_ref().map(|e| e.to_string());
        let suggestions = serde_json::to_string(&out.suggestions)?;
        let sent = serde_json::to_string(&out.sent)?;
        let row = self
            .store
            .chats()
            .add(
                query_id,
                NewChatMessage {
                    role: "assistant",
                    content: &out.content,
                    suggestions: &suggestions,
                    sent: &sent,
                    status: status.as_str(),
                    error: error.as_deref(),
                },
            )
            .await?;
        self.query_changed(query_id, QueryPart::Chat);
        Ok(ChatMessage::from_row(row))
    }
}

/// A catalog table's name as a query writes it: local views bare (`file_sales`), S3 views by
/// their schema (`lake.orders`), attached databases in full (`shop.public.customers`).
pub(crate) fn written_name(t: &TableInfo) -> String {
    if t.database == LOCAL_DATABASE && t.schema == "main" {
        sql_name(&t.name)
    } else if t.database == LOCAL_DATABASE {
        format!("{}.{}", sql_name(&t.schema), sql_name(&t.name))
    } else {
        format!(
            "{}.{}.{}",
            sql_name(&t.database),
            sql_name(&t.schema),
            sql_name(&t.name)
        )
    }
}

/// The names a query may use for a table: written, and as the selections store it
/// (`name`, `schema.name`, `database.schema.name`, unquoted).
fn names_of(t: &TableInfo) -> [String; 4] {
    [
        written_name(t),
        t.name.clone(),
        format!("{}.{}", t.schema, t.name),
        format!("{}.{}.{}", t.database, t.schema, t.name),
    ]
}

struct WorkspaceGrounding<'a> {
    ws: &'a Workspace,
    /// The query the chat belongs to: its ticked tables are the only ones sampled.
    query_id: i64,
    catalog: Arc<Vec<TableInfo>>,
    /// Made at the turn's first check from `catalog`.
    sandbox: tokio::sync::OnceCell<Arc<Sandbox>>,
}

impl Workspace {
    /// A sandbox holding `catalog`'s shapes: the one made last when the catalog has not
    /// changed since, else a new one.
    async fn sandbox_of(&self, catalog: Arc<Vec<TableInfo>>) -> Result<Arc<Sandbox>> {
        if let Some((shapes, sandbox)) = &*self.sandboxes.lock() {
            if **shapes == *catalog {
                return Ok(sandbox.clone());
            }
        }
        let engine = self.engine.clone();
        let tables = catalog.clone();
        let sandbox = Arc::new(blocking(move || engine.sandbox(&tables)).await??);
        *self.sandboxes.lock() = Some((catalog, sandbox.clone()));
        Ok(sandbox)
    }
}

/// The check's answer for a suggestion of one or more statements.
fn verdict(statements: &[CheckedStatement]) -> SqlCheck {
    let effects: Vec<String> = statements
        .iter()
        .flat_map(|s| s.effects.iter().map(ToString::to_string))
        .collect();
    if statements.iter().any(|s| s.kind.is_none()) {
        return SqlCheck::Outside { effects };
    }
    SqlCheck::Valid {
        kind: statements
            .iter()
            .filter_map(|s| s.kind)
            .map(|k| format!("{k:?}").to_lowercase())
            .collect::<Vec<_>>()
            .join(", "),
        changes_data: !statements.iter().all(CheckedStatement::only_reads),
        effects,
    }
}

impl WorkspaceGrounding<'_> {
    async fn sandbox(&self) -> Result<Arc<Sandbox>> {
        self.sandbox
            .get_or_try_init(|| self.ws.sandbox_of(self.catalog.clone()))
            .await
            .cloned()
    }

    /// The catalog table a name means, however the model or a selection wrote it.
    fn find(&self, name: &str) -> Option<&TableInfo> {
        let wanted = name.trim().trim_end_matches(';');
        let unquoted = wanted.replace('"', "");
        self.catalog.iter().find(|t| {
            names_of(t)
                .iter()
                .any(|n| n == wanted || n.eq_ignore_ascii_case(&unquoted))
        })
    }

    async fn context_of(&self, t: &TableInfo) -> TableContext {
        let details = self
            .ws
            .table_details(t.database.clone(), t.schema.clone(), t.name.clone())
            .await;
        match details {
            Ok(d) => TableContext {
                name: written_name(t),
                kind: d.kind.map(|k| {
                    match k {
                        RelationKind::Table => "table",
                        RelationKind::View => "view",
                        RelationKind::MaterializedView => "materialized view",
                    }
                    .to_string()
                }),
                estimated_rows: d.estimated_rows,
                columns: d
                    .columns
                    .into_iter()
                    .map(|c| ColumnContext {
                        name: sql_name(&c.name),
                        data_type: c.data_type,
                        nullable: c.nullable,
                        primary_key: c.primary_key,
                        references: c.references,
                    })
                    .collect(),
            },
            // The catalog's own columns still say what the table holds.
            Err(e) => {
                tracing::debug!("no details for {}: {e}", t.name);
                TableContext {
                    name: written_name(t),
                    kind: None,
                    estimated_rows: None,
                    columns: t
                        .columns
                        .iter()
                        .map(|c| ColumnContext {
                            name: sql_name(&c.name),
                            data_type: c.data_type.clone(),
                            nullable: true,
                            primary_key: false,
                            references: None,
                        })
                        .collect(),
                }
            }
        }
    }

    /// The query's selected tables in full and the other tables by name.
    async fn schema_for(&self, query_id: i64) -> Result<SchemaContext> {
        let selections = self.ws.store.queries().selections(query_id).await?;
        let mut selected = Vec::new();
        let mut chosen = std::collections::HashSet::new();
        for s in selections {
            if let Some(t) = self.find(&s.qualified_name) {
                chosen.insert(written_name(t));
                selected.push(self.context_of(t).await);
            }
        }
        let others = self
            .catalog
            .iter()
            .map(written_name)
            .filter(|n| !chosen.contains(n))
            .collect();
        Ok(SchemaContext { selected, others })
    }
}

impl Grounding for WorkspaceGrounding<'_> {
    async fn check_sql(&self, sql: &str) -> SqlCheck {
        let sandbox = match self.sandbox().await {
            Ok(sandbox) => sandbox,
            Err(e) => {
                return SqlCheck::Invalid {
                    error: format!("QBox could not check it: {e}"),
                }
            }
        };
        let text = sql.to_string();
        match blocking(move || sandbox.check(&text)).await {
            Ok(Ok(statements)) => verdict(&statements),
            Ok(Err(e)) => SqlCheck::Invalid {
                error: e.to_string(),
            },
            Err(e) => SqlCheck::Invalid {
                error: e.to_string(),
            },
        }
    }

    async fn describe_table(&self, name: &str) -> std::result::Result<TableContext, String> {
        match self.find(name) {
            Some(t) => Ok(self.context_of(t).await),
            None => Err(format!(
                "there is no table named {name}; list_tables gives the names"
            )),
        }
    }

    async fn list_tables(&self, filter: Option<&str>) -> Vec<String> {
        let needle = filter.map(str::to_lowercase).unwrap_or_default();
        self.catalog
            .iter()
            .map(written_name)
            .filter(|n| n.to_lowercase().contains(&needle))
            .collect()
    }

    async fn sample_values(
        &self,
        table: &str,
        column: &str,
    ) -> std::result::Result<Vec<String>, String> {
        let t = self
            .find(table)
            .ok_or_else(|| format!("there is no table named {table}"))?;
        // Values are read only from the tables the user ticked for this query.
        let selections = self
            .ws
            .store
            .queries()
            .selections(self.query_id)
            .await
            .map_err(|e| e.to_string())?;
        let ticked = selections
            .iter()
            .any(|s| self.find(&s.qualified_name).is_some_and(|s| s == t));
        if !ticked {
            return Err(format!(
                "{} is not one of the query's chosen tables; values are sampled only from those",
                written_name(t)
            ));
        }
        let unquoted = column.trim().replace('"', "");
        let c = t
            .columns
            .iter()
            .find(|c| c.name == column || c.name.eq_ignore_ascii_case(&unquoted))
            .ok_or_else(|| format!("{} has no column named {column}", written_name(t)))?;
        // Every part quoted: names come from the catalog, never from the model's text.
        let sql = format!(
            "SELECT DISTINCT CAST({col} AS VARCHAR) FROM {db}.{schema}.{table} \
             WHERE {col} IS NOT NULL LIMIT {SAMPLE_VALUES}",
            col = quote_ident(&c.name),
            db = quote_ident(&t.database),
            schema = quote_ident(&t.schema),
            table = quote_ident(&t.name),
        );
        let engine = self.ws.engine.clone();
        let values = blocking(move || engine.text_column(&sql))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        Ok(values
            .into_iter()
            .map(|v| v.chars().take(SAMPLE_CHARS).collect())
            .collect())
    }

    async fn tables_named_in(&self, sql: &str) -> Vec<TableContext> {
        let lowered = sql.to_lowercase().replace('"', "");
        let mut out = Vec::new();
        for t in self.catalog.iter() {
            let named = names_of(t).iter().any(|n| {
                let n = n.to_lowercase().replace('"', "");
                contains_word(&lowered, &n)
            });
            if named {
                out.push(self.context_of(t).await);
            }
            if out.len() >= 10 {
                break;
            }
        }
        out
    }
}

/// `needle` occurs in `haystack` with no identifier character right before or after it.
fn contains_word(haystack: &str, needle: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(|c| is_ident(c) || c == '.') && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_name_is_found_as_a_whole_word() {
        assert!(contains_word("select * from file_sales", "file_sales"));
        assert!(contains_word(
            "from shop.public.orders o",
            "shop.public.orders"
        ));
        assert!(!contains_word("from file_sales_2", "file_sales"));
        assert!(!contains_word("from x.file_sales", "file_sales"));
    }

    #[test]
    fn names_are_written_as_sql_needs_them() {
        let t = |db: &str, schema: &str, name: &str| TableInfo {
            database: db.into(),
            schema: schema.into(),
            name: name.into(),
            columns: vec![],
        };
        assert_eq!(written_name(&t("qbox", "main", "file_sales")), "file_sales");
        assert_eq!(written_name(&t("qbox", "lake", "orders")), "lake.orders");
        assert_eq!(
            written_name(&t("shop", "Sales Data", "Order")),
            "shop.\"Sales Data\".\"Order\""
        );
    }
}
