//! Settings → *Test*: real small requests that say exactly what works (the model list, a
//! streamed reply, a tool call) and, for what does not, why.

use futures::StreamExt;
use serde_json::json;

use crate::error::AiError;
use crate::provider::Provider;
use crate::wire::{ChatRequest, WireFunction, WireMessage, WireTool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeReport {
    /// The provider's models (empty when it does not list them).
    pub models: Vec<String>,
    /// The configured model is among them.
    pub model_listed: bool,
    /// A streamed request produced text.
    pub streaming: bool,
    /// The model called the tool it was asked to call; the assistant works without tools too,
    /// only less sure of names.
    pub tool_calls: bool,
    /// Why tool calls did not work, when they did not.
    pub tool_problem: Option<String>,
}

/// Fails with the first thing that makes the assistant unusable: unreachable, a refused key,
/// an unknown model, no streaming. Tool support is reported, not required.
pub async fn probe(provider: &Provider) -> Result<ProbeReport, AiError> {
    let model = provider.settings().model.trim().to_string();
    let models = match provider.models().await {
        Ok(models) => models,
        // Some servers have no model list; the chat request below still tells.
        Err(AiError::Provider { status: 404, .. } | AiError::UnknownModel { .. }) => Vec::new(),
        Err(e) => return Err(e),
    };
    if model.is_empty() {
        return Err(AiError::InvalidSettings(
            "choose a model: the provider answered with its list".into(),
        ));
    }
    let model_listed = models.contains(&model);

    let hello = ChatRequest {
        max_tokens: Some(16),
        ..provider.request(vec![WireMessage::text("user", "Reply with: OK")], None)
    };
    let mut stream = provider.stream(&hello).await?;
    let mut pieces = 0;
    while let Some(next) = stream.next().await {
        let chunk = next.map_err(|e| provider.error(e))?;
        pieces += chunk
            .choices
            .iter()
            .filter(|c| c.delta.content.as_deref().is_some_and(|t| !t.is_empty()))
            .count();
    }
    if pieces == 0 {
        return Err(AiError::BadReply(
            "the provider answered without streaming any text; QBox needs streamed chat completions".into(),
        ));
    }

    let ping = ChatRequest {
        max_tokens: Some(64),
        ..provider.request(
            vec![WireMessage::text(
                "user",
                "Call the ping tool once. Do not write anything else.",
            )],
            Some(vec![WireTool {
                kind: "function",
                function: WireFunction {
                    name: "ping",
                    description: "Answers pong.",
                    parameters: json!({"type":"object","properties":{}}),
                },
            }]),
        )
    };
    let (tool_calls, tool_problem) = match provider.stream(&ping).await {
        Err(e) => (false, Some(format!("a request with tools failed: {e}"))),
        Ok(mut stream) => {
            let mut called = false;
            let mut problem = None;
            while let Some(next) = stream.next().await {
                match next {
                    Ok(chunk) => {
                        called |= chunk
                            .choices
                            .iter()
                            .any(|c| c.delta.tool_calls.as_ref().is_some_and(|t| !t.is_empty()));
                    }
                    Err(e) => {
                        problem = Some(provider.error(e).to_string());
                        break;
                    }
                }
            }
            let problem = problem.or((!called)
                .then(|| "the model answered with text instead of calling the tool".to_string()));
            (called, problem)
        }
    };
    Ok(ProbeReport {
        models,
        model_listed,
        streaming: true,
        tool_calls,
        tool_problem,
    })
}
