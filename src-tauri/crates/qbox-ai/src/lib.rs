//! QBox's SQL assistant, without Tauri: a client for any OpenAI-compatible provider, the schema
//! context a request carries, the prompts, the SQL blocks a reply proposes, and the turn that
//! streams a reply, answers the model's tool calls and has every proposed statement checked by
//! DuckDB (through [`Grounding`]) before it is offered, asking the model to repair what fails.

mod context;
mod error;
mod extract;
mod grounding;
mod probe;
mod prompt;
mod provider;
mod redact;
mod tools;
mod turn;
mod wire;

pub use context::{estimate_tokens, ColumnContext, SchemaContext, TableContext, CATALOG_BUDGET};
pub use error::AiError;
pub use extract::{split_reply, sql_blocks, ReplyPart};
pub use grounding::{Grounding, SqlCheck};
pub use probe::{probe, ProbeReport};
pub use prompt::{system_prompt, PromptInput};
pub use provider::{key_origin, Preset, Provider, ProviderSettings};
pub use redact::{mask_secrets, MASK};
pub use turn::{
    run_turn, HistoryMessage, Role, Suggestion, TurnEvent, TurnInput, TurnOutput, MAX_REPAIR_ROUNDS,
};

pub use tokio_util::sync::CancellationToken;
