//! The assistant's types on the wire: its settings, Test's report, a chat's messages with their
//! checked suggestions, and the events of a reply as it streams.

use serde::{Deserialize, Serialize};
use specta::Type;

use qbox_ai::{Preset, ProbeReport, ReplyPart, Role, SqlCheck, Suggestion, TurnEvent};
use qbox_workspace::{AiSettings, ChatMessage, ChatStatus};

use super::wire;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum AiPresetDto {
    OpenAi,
    Ollama,
    LmStudio,
    OpenRouter,
    Custom,
}

impl From<Preset> for AiPresetDto {
    fn from(p: Preset) -> Self {
        match p {
            Preset::OpenAi => Self::OpenAi,
            Preset::Ollama => Self::Ollama,
            Preset::LmStudio => Self::LmStudio,
            Preset::OpenRouter => Self::OpenRouter,
            Preset::Custom => Self::Custom,
        }
    }
}

impl From<AiPresetDto> for Preset {
    fn from(p: AiPresetDto) -> Self {
        match p {
            AiPresetDto::OpenAi => Self::OpenAi,
            AiPresetDto::Ollama => Self::Ollama,
            AiPresetDto::LmStudio => Self::LmStudio,
            AiPresetDto::OpenRouter => Self::OpenRouter,
            AiPresetDto::Custom => Self::Custom,
        }
    }
}

/// The assistant's provider; the API key is set apart (`set_ai_key`) and never sent back.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AiSettingsDto {
    pub preset: AiPresetDto,
    pub base_url: String,
    pub model: String,
    pub temperature: f64,
    pub tools: bool,
}

impl From<AiSettings> for AiSettingsDto {
    fn from(s: AiSettings) -> Self {
        Self {
            preset: s.preset.into(),
            base_url: s.base_url,
            model: s.model,
            temperature: s.temperature,
            tools: s.tools,
        }
    }
}

impl From<AiSettingsDto> for AiSettings {
    fn from(s: AiSettingsDto) -> Self {
        Self {
            preset: s.preset.into(),
            base_url: s.base_url,
            model: s.model,
            temperature: s.temperature,
            tools: s.tools,
        }
    }
}

/// Settings → Test.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AiTestReportDto {
    pub models: Vec<String>,
    pub model_listed: bool,
    pub streaming: bool,
    pub tool_calls: bool,
    pub tool_problem: Option<String>,
}

impl From<ProbeReport> for AiTestReportDto {
    fn from(r: ProbeReport) -> Self {
        Self {
            models: r.models,
            model_listed: r.model_listed,
            streaming: r.streaming,
            tool_calls: r.tool_calls,
            tool_problem: r.tool_problem,
        }
    }
}

/// DuckDB's verdict on a suggestion.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum SqlCheckDto {
    /// It binds; `changesData` when it does anything but read the catalog's tables (confirm
    /// before running), and `effects` says what, in words.
    #[serde(rename_all = "camelCase")]
    Valid {
        kind: String,
        changes_data: bool,
        effects: Vec<String>,
    },
    /// Not checked: binding it would reach beyond the catalog (`effects` says what it reaches).
    Outside {
        effects: Vec<String>,
    },
    Invalid {
        error: String,
    },
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RepairDto {
    /// DuckDB's error on the SQL before the repair.
    pub error: String,
    pub sql: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SuggestionDto {
    pub sql: String,
    pub proposed: String,
    pub check: SqlCheckDto,
    pub repairs: Vec<RepairDto>,
}

impl From<Suggestion> for SuggestionDto {
    fn from(s: Suggestion) -> Self {
        Self {
            sql: s.sql,
            proposed: s.proposed,
            check: match s.check {
                SqlCheck::Valid {
                    kind,
                    changes_data,
                    effects,
                } => SqlCheckDto::Valid {
                    kind,
                    changes_data,
                    effects,
                },
                SqlCheck::Outside { effects } => SqlCheckDto::Outside { effects },
                SqlCheck::Invalid { error } => SqlCheckDto::Invalid { error },
            },
            repairs: s
                .repairs
                .into_iter()
                .map(|r| RepairDto {
                    error: r.error,
                    sql: r.sql,
                })
                .collect(),
        }
    }
}

/// A reply laid out: Markdown prose between its SQL blocks (by suggestion index).
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ReplyPartDto {
    Text { text: String },
    Sql { index: u32 },
}

#[derive(Debug, Clone, Copy, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ChatRoleDto {
    User,
    Assistant,
}

#[derive(Debug, Clone, Copy, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ChatStatusDto {
    Complete,
    Stopped,
    Failed,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessageDto {
    pub id: u32,
    pub role: ChatRoleDto,
    pub content: String,
    pub parts: Vec<ReplyPartDto>,
    pub suggestions: Vec<SuggestionDto>,
    pub status: ChatStatusDto,
    pub error: Option<String>,
    pub created_at: String,
    /// Requests this reply sent (read them with `chat_sent`).
    pub requests: u32,
}

impl From<ChatMessage> for ChatMessageDto {
    fn from(m: ChatMessage) -> Self {
        let parts = match m.role {
            Role::User => vec![ReplyPartDto::Text {
                text: m.content.clone(),
            }],
            Role::Assistant => qbox_ai::split_reply(&m.content)
                .into_iter()
                .map(|p| match p {
                    ReplyPart::Text { text } => ReplyPartDto::Text { text },
                    ReplyPart::Sql { index } => ReplyPartDto::Sql {
                        index: wire(index as u64),
                    },
                })
                .collect(),
        };
        Self {
            id: wire(m.id as u64),
            role: match m.role {
                Role::User => ChatRoleDto::User,
                Role::Assistant => ChatRoleDto::Assistant,
            },
            parts,
            suggestions: m.suggestions.into_iter().map(Into::into).collect(),
            content: m.content,
            status: match m.status {
                ChatStatus::Complete => ChatStatusDto::Complete,
                ChatStatus::Stopped => ChatStatusDto::Stopped,
                ChatStatus::Failed => ChatStatusDto::Failed,
            },
            error: m.error,
            created_at: m.created_at,
            requests: wire(m.sent.len() as u64),
        }
    }
}

/// A question and its reply, as stored.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ChatExchangeDto {
    pub question: ChatMessageDto,
    pub reply: ChatMessageDto,
}

/// What a reply does while it streams.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ChatEventDto {
    /// The next piece of text.
    Delta { text: String },
    /// A tool ran ("describe_table file_sales").
    Tool { summary: String },
    /// The reply is in; DuckDB checks its SQL.
    Checking,
    /// Block `index` did not bind; the model is asked to fix it (`round` 1 or 2).
    Repairing { index: u32, round: u32 },
}

impl From<TurnEvent> for ChatEventDto {
    fn from(e: TurnEvent) -> Self {
        match e {
            TurnEvent::Delta(text) => Self::Delta { text },
            TurnEvent::Tool(summary) => Self::Tool { summary },
            TurnEvent::Checking => Self::Checking,
            TurnEvent::Repairing { index, round } => Self::Repairing {
                index: wire(index as u64),
                round,
            },
        }
    }
}
