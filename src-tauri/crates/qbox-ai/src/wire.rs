//! The parts of the OpenAI chat protocol QBox sends and reads, as its own small types: the
//! request body is exactly what [`serde_json`] makes of [`ChatRequest`], which is also what
//! the "what was sent" view shows.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChatRequest {
    pub(crate) model: String,
    pub(crate) messages: Vec<WireMessage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) temperature: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) max_tokens: Option<u32>,
    pub(crate) stream: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) tools: Option<Vec<WireTool>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct WireMessage {
    pub(crate) role: String,
    /// Null for an assistant message that only calls tools.
    pub(crate) content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) tool_calls: Option<Vec<WireToolCall>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) tool_call_id: Option<String>,
}

impl WireMessage {
    pub(crate) fn text(role: &str, content: impl Into<String>) -> Self {
        Self {
            role: role.to_string(),
            content: Some(content.into()),
            tool_calls: None,
            tool_call_id: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct WireToolCall {
    pub(crate) id: String,
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) function: WireFunctionCall,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct WireFunctionCall {
    pub(crate) name: String,
    /// JSON text, as the model wrote it.
    pub(crate) arguments: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct WireTool {
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) function: WireFunction,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct WireFunction {
    pub(crate) name: &'static str,
    pub(crate) description: &'static str,
    pub(crate) parameters: Value,
}

/// One server-sent event of a streamed reply.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Chunk {
    #[serde(default)]
    pub(crate) choices: Vec<ChunkChoice>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ChunkChoice {
    #[serde(default)]
    pub(crate) delta: Delta,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Delta {
    #[serde(default)]
    pub(crate) content: Option<String>,
    #[serde(default)]
    pub(crate) tool_calls: Option<Vec<ToolCallChunk>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ToolCallChunk {
    #[serde(default)]
    pub(crate) index: u32,
    #[serde(default)]
    pub(crate) id: Option<String>,
    #[serde(default)]
    pub(crate) function: Option<FunctionChunk>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct FunctionChunk {
    #[serde(default)]
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) arguments: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ModelList {
    #[serde(default)]
    pub(crate) data: Vec<ModelEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ModelEntry {
    pub(crate) id: String,
}

/// Tool calls put together from their streamed pieces, in the order the model numbered them.
#[derive(Debug, Default)]
pub(crate) struct ToolCallAssembly {
    calls: Vec<WireToolCall>,
}

impl ToolCallAssembly {
    pub(crate) fn add(&mut self, chunk: ToolCallChunk) {
        let i = chunk.index as usize;
        while self.calls.len() <= i {
            self.calls.push(WireToolCall {
                id: String::new(),
                kind: "function".into(),
                function: WireFunctionCall {
                    name: String::new(),
                    arguments: String::new(),
                },
            });
        }
        let call = &mut self.calls[i];
        if let Some(id) = chunk.id {
            call.id = id;
        }
        if let Some(f) = chunk.function {
            if let Some(name) = f.name {
                call.function.name.push_str(&name);
            }
            if let Some(args) = f.arguments {
                call.function.arguments.push_str(&args);
            }
        }
    }

    pub(crate) fn finish(self) -> Vec<WireToolCall> {
        self.calls
            .into_iter()
            .enumerate()
            .filter(|(_, c)| !c.function.name.is_empty())
            .map(|(i, mut c)| {
                if c.id.is_empty() {
                    c.id = format!("call_{i}");
                }
                c
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_calls_are_put_together_from_their_pieces() {
        let mut a = ToolCallAssembly::default();
        let piece =
            |index, id: Option<&str>, name: Option<&str>, args: Option<&str>| ToolCallChunk {
                index,
                id: id.map(String::from),
                function: Some(FunctionChunk {
                    name: name.map(String::from),
                    arguments: args.map(String::from),
                }),
            };
        a.add(piece(0, Some("a"), Some("describe_table"), Some("")));
        a.add(piece(1, Some("b"), Some("list_tables"), Some("{}")));
        a.add(piece(0, None, None, Some("{\"name\":")));
        a.add(piece(0, None, None, Some("\"x\"}")));
        let calls = a.finish();
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].function.name, "describe_table");
        assert_eq!(calls[0].function.arguments, "{\"name\":\"x\"}");
        assert_eq!(calls[1].id, "b");
    }

    #[test]
    fn a_request_body_leaves_out_what_is_not_set() {
        let body = serde_json::to_value(ChatRequest {
            model: "m".into(),
            messages: vec![WireMessage::text("user", "hi")],
            temperature: Some(0.2),
            max_tokens: None,
            stream: true,
            tools: None,
        })
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"model":"m","messages":[{"role":"user","content":"hi"}],
                "temperature":0.2,"stream":true})
        );
    }
}
