//! The assistant: its provider settings and key (the key goes in, never out), Test, and each
//! query's chat, whose replies stream over a channel and can be stopped at once.

use tauri::ipc::Channel;
use tauri::State;

use qbox_workspace::AskContext;

use crate::dto::{
    AiSettingsDto, AiTestReportDto, ChatEventDto, ChatExchangeDto, ChatMessageDto, PasswordInputDto,
};
use crate::error::{AppError, AppResult};
use crate::AppState;

/// The provider's models, for the settings form's unsaved values (`key` Keep uses the stored one).
#[tauri::command]
#[specta::specta]
pub async fn ai_models(
    state: State<'_, AppState>,
    settings: AiSettingsDto,
    key: PasswordInputDto,
) -> AppResult<Vec<String>> {
    Ok(state
        .workspace
        .ai_models(settings.into(), key.into())
        .await?)
}

/// Real small requests to the provider: what works, or exactly what does not.
#[tauri::command]
#[specta::specta]
pub async fn test_ai(
    state: State<'_, AppState>,
    settings: AiSettingsDto,
    key: PasswordInputDto,
) -> AppResult<AiTestReportDto> {
    Ok(state
        .workspace
        .test_ai(settings.into(), key.into())
        .await?
        .into())
}

/// The origin (`https://host[:port]`) the stored API key is sent to, or null when no key is
/// stored (the key itself is never sent to the UI).
#[tauri::command]
#[specta::specta]
pub fn ai_key_origin(state: State<'_, AppState>) -> AppResult<Option<String>> {
    Ok(state.workspace.ai_key_origin()?)
}

/// Stores the API key for the provider at `base_url`: it is sent to that origin only.
#[tauri::command]
#[specta::specta]
pub fn set_ai_key(
    state: State<'_, AppState>,
    key: PasswordInputDto,
    base_url: String,
) -> AppResult<()> {
    Ok(state.workspace.set_ai_key(key.into(), &base_url)?)
}

#[tauri::command]
#[specta::specta]
pub async fn chat_messages(
    state: State<'_, AppState>,
    query_id: u32,
) -> AppResult<Vec<ChatMessageDto>> {
    Ok(state
        .workspace
        .chat(query_id.into())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Asks in a query's chat; the reply streams over `on_event` and comes back stored.
/// `turn_id` names the turn for `stop_reply`.
#[tauri::command]
#[specta::specta]
pub async fn ask_assistant(
    state: State<'_, AppState>,
    query_id: u32,
    turn_id: String,
    text: String,
    editor_sql: Option<String>,
    on_event: Channel<ChatEventDto>,
) -> AppResult<ChatExchangeDto> {
    let (question, reply) = state
        .workspace
        .ask(
            query_id.into(),
            &turn_id,
            &text,
            AskContext { editor_sql },
            move |e| {
                // A closed window drops the channel; the reply is stored regardless.
                let _ = on_event.send(e.into());
            },
        )
        .await?;
    Ok(ChatExchangeDto {
        question: question.into(),
        reply: reply.into(),
    })
}

/// Asks again for a failed or stopped reply, replacing it (the question is not repeated).
#[tauri::command]
#[specta::specta]
pub async fn retry_reply(
    state: State<'_, AppState>,
    query_id: u32,
    reply_id: u32,
    turn_id: String,
    editor_sql: Option<String>,
    on_event: Channel<ChatEventDto>,
) -> AppResult<ChatMessageDto> {
    Ok(state
        .workspace
        .retry_reply(
            query_id.into(),
            reply_id.into(),
            &turn_id,
            AskContext { editor_sql },
            move |e| {
                let _ = on_event.send(e.into());
            },
        )
        .await?
        .into())
}

/// Stops a streaming reply at once; what arrived is kept. False when it had ended.
#[tauri::command]
#[specta::specta]
pub fn stop_reply(state: State<'_, AppState>, turn_id: String) -> bool {
    state.workspace.stop_turn(&turn_id)
}

#[tauri::command]
#[specta::specta]
pub async fn clear_chat(state: State<'_, AppState>, query_id: u32) -> AppResult<()> {
    Ok(state.workspace.clear_chat(query_id.into()).await?)
}

/// Exactly what a reply sent to the provider: its request bodies as pretty JSON (the key
/// travels in a header and is not part of them).
#[tauri::command]
#[specta::specta]
pub async fn chat_sent(
    state: State<'_, AppState>,
    query_id: u32,
    message_id: u32,
) -> AppResult<String> {
    let sent = state
        .workspace
        .chat_sent(query_id.into(), message_id.into())
        .await?;
    serde_json::to_string_pretty(&sent).map_err(|e| AppError::Internal(e.to_string()))
}

/// Whether the assistant may read a few distinct values of a column for this query.
#[tauri::command]
#[specta::specta]
pub async fn chat_samples_allowed(state: State<'_, AppState>, query_id: u32) -> AppResult<bool> {
    Ok(state
        .workspace
        .chat_samples_allowed(query_id.into())
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn allow_chat_samples(
    state: State<'_, AppState>,
    query_id: u32,
    allowed: bool,
) -> AppResult<()> {
    Ok(state
        .workspace
        .allow_chat_samples(query_id.into(), allowed)
        .await?)
}
