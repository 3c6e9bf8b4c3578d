//! One turn of the chat: the request (system prompt, history, the user's message), the streamed
//! reply, the model's tool calls answered and sent back, then every SQL block of the reply
//! checked by DuckDB, with up to [`MAX_REPAIR_ROUNDS`] requests asking the model to fix a block
//! that does not bind. Every request body goes into [`TurnOutput::sent`].

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use crate::error::AiError;
use crate::extract::sql_blocks;
use crate::grounding::{Grounding, SqlCheck};
use crate::provider::Provider;
use crate::redact::mask_secrets;
use crate::tools;
use crate::wire::{ChatRequest, ToolCallAssembly, WireMessage, WireToolCall};

/// Requests that ask the model to fix one SQL block DuckDB refused.
pub const MAX_REPAIR_ROUNDS: u32 = 2;
/// Rounds of tool calls in one turn before the model must answer.
const MAX_TOOL_ROUNDS: u32 = 6;
/// Most tables a repair request lists when the SQL names none QBox knows.
const REPAIR_TABLE_LIST: usize = 50;

/// A repair the model made to a block: DuckDB's error on the SQL before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repair {
    pub error: String,
    pub sql: String,
}

/// One SQL block of a reply, as it is offered: the SQL after any repairs and DuckDB's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub sql: String,
    /// The block as the reply first wrote it.
    pub proposed: String,
    pub check: SqlCheck,
    #[serde(default)]
    pub repairs: Vec<Repair>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryMessage {
    pub role: Role,
    pub content: String,
}

pub struct TurnInput {
    pub system: String,
    /// Earlier messages of the chat, oldest first.
    pub history: Vec<HistoryMessage>,
    pub user: String,
    /// Offer the schema tools.
    pub tools: bool,
    /// Offer `sample_values`.
    pub samples: bool,
}

/// What the UI hears while a turn runs.
#[derive(Debug, Clone, PartialEq)]
pub enum TurnEvent {
    /// The next piece of the reply's text.
    Delta(String),
    /// A tool ran ("describe_table file_sales").
    Tool(String),
    /// The reply is complete; DuckDB checks its SQL.
    Checking,
    /// Block `index` did not bind; the model is asked to fix it.
    Repairing { index: usize, round: u32 },
}

#[derive(Debug, Clone, Default)]
pub struct TurnOutput {
    /// The reply's text, as far as it came.
    pub content: String,
    pub suggestions: Vec<Suggestion>,
    /// Every request body, in order (no key: it travels in a header).
    pub sent: Vec<Value>,
    /// The user stopped the turn; `content` is what arrived before.
    pub stopped: bool,
    pub error: Option<AiError>,
    /// The provider refused the request with tools and it was sent again without.
    pub tools_refused: bool,
}

enum Streamed {
    Done {
        text: String,
        calls: Vec<WireToolCall>,
    },
    Stopped(String),
    Failed(AiError, String),
}

/// Reads one streamed reply, passing each text piece on; stops at once when `cancel` fires.
async fn stream_once(
    provider: &Provider,
    request: &ChatRequest,
    cancel: &CancellationToken,
    on_text: &mut (impl FnMut(&str) + Send),
) -> Streamed {
    let mut stream = tokio::select! {
        biased;
        _ = cancel.cancelled() => return Streamed::Stopped(String::new()),
        opened = provider.stream(request) => match opened {
            Ok(s) => s,
            Err(e) => return Streamed::Failed(e, String::new()),
        },
    };
    let mut text = String::new();
    let mut calls = ToolCallAssembly::default();
    loop {
        let next = tokio::select! {
            biased;
            _ = cancel.cancelled() => return Streamed::Stopped(text),
            next = stream.next() => next,
        };
        match next {
            None => break,
            Some(Ok(chunk)) => {
                for choice in chunk.choices {
                    if let Some(piece) = choice.delta.content.filter(|p| !p.is_empty()) {
                        text.push_str(&piece);
                        on_text(&piece);
                    }
                    for call in choice.delta.tool_calls.unwrap_or_default() {
                        calls.add(call);
                    }
                }
            }
            Some(Err(e)) => return Streamed::Failed(provider.error(e), text),
        }
    }
    Streamed::Done {
        text,
        calls: calls.finish(),
    }
}

fn body(request: &ChatRequest) -> Value {
    serde_json::to_value(request).unwrap_or(Value::Null)
}

/// Runs one turn to its end (or until `cancel`), telling `emit` what happens.
pub async fn run_turn(
    provider: &Provider,
    grounding: &impl Grounding,
    input: TurnInput,
    cancel: &CancellationToken,
    emit: &mut (impl FnMut(TurnEvent) + Send),
) -> TurnOutput {
    let mut out = TurnOutput::default();
    // Secret literals the user typed (in the editor's SQL or a question) never go out.
    let mut messages = vec![WireMessage::text(
        "system",
        mask_secrets(&input.system).into_owned(),
    )];
    for m in &input.history {
        let role = match m.role {
            Role::User => "user",
            Role::Assistant => "assistant",
        };
        messages.push(WireMessage::text(
            role,
            mask_secrets(&m.content).into_owned(),
        ));
    }
    messages.push(WireMessage::text(
        "user",
        mask_secrets(&input.user).into_owned(),
    ));

    let mut with_tools = input.tools;
    let mut tool_rounds = 0;
    loop {
        let offered = (with_tools && tool_rounds < MAX_TOOL_ROUNDS)
            .then(|| tools::definitions(input.samples));
        let request = provider.request(messages.clone(), offered);
        out.sent.push(body(&request));
        let mut on_text = |piece: &str| emit(TurnEvent::Delta(piece.to_string()));
        match stream_once(provider, &request, cancel, &mut on_text).await {
            Streamed::Done { text, calls } => {
                out.content.push_str(&text);
                if calls.is_empty() {
                    if out.content.trim().is_empty() {
                        out.error = Some(AiError::BadReply(
                            "the reply was empty (does the provider stream chat completions?)"
                                .into(),
                        ));
                        return out;
                    }
                    break;
                }
                tool_rounds += 1;
                messages.push(WireMessage {
                    role: "assistant".into(),
                    content: (!text.is_empty()).then_some(text),
                    tool_calls: Some(calls.clone()),
                    tool_call_id: None,
                });
                for call in calls {
                    emit(TurnEvent::Tool(tools::summary(
                        &call.function.name,
                        &call.function.arguments,
                    )));
                    let answer = tools::answer(
                        grounding,
                        &call.function.name,
                        &call.function.arguments,
                        input.samples,
                    )
                    .await;
                    messages.push(WireMessage {
                        role: "tool".into(),
                        content: Some(answer),
                        tool_calls: None,
                        tool_call_id: Some(call.id),
                    });
                }
                if !out.content.is_empty() && !out.content.ends_with('\n') {
                    out.content.push_str("\n\n");
                }
            }
            Streamed::Stopped(text) => {
                out.content.push_str(&text);
                out.stopped = true;
                break;
            }
            Streamed::Failed(e, text) => {
                // Some local servers answer 400 to any request with tools: ask again without.
                let refused_tools = matches!(
                    e,
                    AiError::Provider {
                        status: 400 | 422,
                        ..
                    }
                );
                if with_tools && refused_tools && text.is_empty() && tool_rounds == 0 {
                    with_tools = false;
                    out.tools_refused = true;
                    continue;
                }
                out.content.push_str(&text);
                out.error = Some(e);
                return out;
            }
        }
    }

    let blocks = sql_blocks(&out.content);
    if !blocks.is_empty() {
        emit(TurnEvent::Checking);
    }
    for (index, sql) in blocks.into_iter().enumerate() {
        let mut suggestion = Suggestion {
            check: grounding.check_sql(&sql).await,
            proposed: sql.clone(),
            sql,
            repairs: Vec::new(),
        };
        let mut round = 0;
        while let SqlCheck::Invalid { error } = suggestion.check.clone() {
            if out.stopped || cancel.is_cancelled() || round >= MAX_REPAIR_ROUNDS {
                break;
            }
            round += 1;
            emit(TurnEvent::Repairing { index, round });
            let ask = repair_request(grounding, index, &suggestion.sql, &error).await;
            let mut repair_messages = messages.clone();
            repair_messages.push(WireMessage::text("assistant", &out.content));
            repair_messages.push(WireMessage::text("user", ask));
            let request = provider.request(repair_messages, None);
            out.sent.push(body(&request));
            let fixed = match stream_once(provider, &request, cancel, &mut |_: &str| {}).await {
                Streamed::Done { text, .. } => sql_blocks(&text).into_iter().next(),
                Streamed::Stopped(_) => {
                    out.stopped = true;
                    None
                }
                Streamed::Failed(e, _) => {
                    tracing::warn!("a repair request failed: {e}");
                    None
                }
            };
            let Some(fixed) = fixed else { break };
            suggestion.repairs.push(Repair {
                error,
                sql: std::mem::replace(&mut suggestion.sql, fixed),
            });
            suggestion.check = grounding.check_sql(&suggestion.sql).await;
        }
        out.suggestions.push(suggestion);
    }
    out
}

/// The message asking the model to fix one block: DuckDB's error, and the real columns of the
/// tables the SQL names (or, when it names none QBox knows, which tables there are).
async fn repair_request(
    grounding: &impl Grounding,
    index: usize,
    sql: &str,
    error: &str,
) -> String {
    let mut ask = format!(
        "QBox checked SQL block {} with DuckDB and it does not bind:\n```sql\n{sql}\n```\n\
DuckDB's error: {error}\n",
        index + 1
    );
    let named = grounding.tables_named_in(sql).await;
    if named.is_empty() {
        let names = grounding.list_tables(None).await;
        let shown: Vec<&str> = names
            .iter()
            .take(REPAIR_TABLE_LIST)
            .map(String::as_str)
            .collect();
        ask.push_str(&format!("Tables that exist: {}\n", shown.join(", ")));
    } else {
        ask.push_str("The tables it names, with their real columns:\n");
        for t in named {
            ask.push_str(&format!("- {}\n", t.describe()));
        }
    }
    ask.push_str("Reply with the corrected statement in one ```sql block and nothing else.");
    ask
}
