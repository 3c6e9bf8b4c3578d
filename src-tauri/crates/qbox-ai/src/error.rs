//! What can go wrong talking to a provider, said so that a user knows what to change.

use async_openai::error::OpenAIError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AiError {
    /// The settings cannot make a request (no base URL, no model, an unusable key).
    #[error("{0}")]
    InvalidSettings(String),
    /// Nothing answered at the base URL (refused, unknown host, timed out).
    #[error("cannot reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
    /// 401 or 403: the key is missing, wrong or not allowed.
    #[error("the provider refused the API key (HTTP {status}): {message}")]
    Unauthorized { status: u16, message: String },
    #[error("the provider has no model named \"{model}\": {message}")]
    UnknownModel { model: String, message: String },
    /// Any other error status.
    #[error("the provider answered HTTP {status}: {message}")]
    Provider { status: u16, message: String },
    /// An answer that is not what the OpenAI protocol says.
    #[error("the provider's reply could not be read: {0}")]
    BadReply(String),
}

impl AiError {
    /// Maps the client's error to what the user can act on. `key` is scrubbed from every
    /// message: some providers echo a part of a refused key.
    pub(crate) fn from_client(e: OpenAIError, url: &str, model: &str, key: Option<&str>) -> Self {
        let scrub = |text: String| match key.filter(|k| !k.is_empty()) {
            Some(k) => text.replace(k, "•••"),
            None => text,
        };
        match e {
            OpenAIError::Reqwest(e) => {
                if e.is_connect() || e.is_timeout() || e.is_request() {
                    AiError::Unreachable {
                        url: url.to_string(),
                        reason: scrub(root_cause(&e)),
                    }
                } else if let Some(status) = e.status() {
                    AiError::Provider {
                        status: status.as_u16(),
                        message: scrub(root_cause(&e)),
                    }
                } else {
                    AiError::BadReply(scrub(root_cause(&e)))
                }
            }
            OpenAIError::ApiError(r) => {
                let status = r.status_code.as_u16();
                let message = scrub(r.api_error.message.trim().to_string());
                let code = r.api_error.code.as_deref().unwrap_or_default();
                match status {
                    401 | 403 => AiError::Unauthorized { status, message },
                    404 if code == "model_not_found"
                        || message.to_lowercase().contains("model") =>
                    {
                        AiError::UnknownModel {
                            model: model.to_string(),
                            message,
                        }
                    }
                    _ => AiError::Provider { status, message },
                }
            }
            OpenAIError::JSONDeserialize(e, content) => AiError::BadReply(scrub(format!(
                "{e} in {}",
                content.chars().take(200).collect::<String>()
            ))),
            OpenAIError::StreamError(e) => AiError::BadReply(scrub(e.to_string())),
            other => AiError::BadReply(scrub(other.to_string())),
        }
    }
}

/// The innermost reason of an HTTP failure ("Connection refused"), which is what a user can
/// act on; reqwest's own message is "error sending request for url (...)".
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
