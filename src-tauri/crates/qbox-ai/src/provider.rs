//! One OpenAI-compatible provider: its base URL, model and key, and the two calls QBox makes
//! (the model list, a streamed chat completion). Nothing is read from the environment: the
//! client library would otherwise pick up `OPENAI_API_KEY` or `OPENAI_BASE_URL` and send a key
//! the user never gave QBox, or send requests to a host the settings do not name.

use std::time::Duration;

use async_openai::config::OpenAIConfig;
use async_openai::types::stream::StreamResponse;
use async_openai::Client;
use serde::{Deserialize, Serialize};

use crate::error::AiError;
use crate::wire::{ChatRequest, Chunk, ModelList};

/// The providers the settings offer, each with its usual base URL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Preset {
    #[default]
    OpenAi,
    Ollama,
    LmStudio,
    OpenRouter,
    Custom,
}

impl Preset {
    pub fn default_base_url(self) -> &'static str {
        match self {
            Preset::OpenAi => "https://api.openai.com/v1",
            Preset::Ollama => "http://localhost:11434/v1",
            Preset::LmStudio => "http://localhost:1234/v1",
            Preset::OpenRouter => "https://openrouter.ai/api/v1",
            Preset::Custom => "",
        }
    }
}

/// What a request needs besides the key.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderSettings {
    pub base_url: String,
    pub model: String,
    pub temperature: Option<f64>,
}

/// Waiting this long for a connection means nothing is there.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// A model may think for a while, but silence this long between bytes is a dead server.
const READ_TIMEOUT: Duration = Duration::from_secs(180);

pub struct Provider {
    client: Client<OpenAIConfig>,
    settings: ProviderSettings,
    key: Option<String>,
}

impl Provider {
    /// Checks the settings (an http(s) URL; a key that can go in a header) and builds a client.
    pub fn new(settings: ProviderSettings, key: Option<String>) -> Result<Self, AiError> {
        let base_url = settings.base_url.trim().trim_end_matches('/').to_string();
        if base_url.is_empty() {
            return Err(AiError::InvalidSettings(
                "set the provider's base URL in Settings".into(),
            ));
        }
        let parsed = url::Url::parse(&base_url).map_err(|e| {
            AiError::InvalidSettings(format!("the base URL \"{base_url}\" is not a URL: {e}"))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(AiError::InvalidSettings(format!(
                "the base URL must start with http:// or https:// and name a host (got \"{base_url}\")"
            )));
        }
        let key = key.map(|k| k.trim().to_string()).filter(|k| !k.is_empty());
        if key.is_some() && parsed.scheme() == "http" && !is_loopback(&parsed) {
            return Err(AiError::InvalidSettings(format!(
                "an API key goes over plain http:// only to this machine (localhost, 127.0.0.1, ::1); use https:// for {}",
                parsed.host_str().unwrap_or_default()
            )));
        }
        if let Some(k) = &key {
            // It goes into an HTTP header: only visible ASCII can.
            if !k.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(AiError::InvalidSettings(
                    "the API key may hold only visible ASCII characters (no spaces or line breaks)"
                        .into(),
                ));
            }
        }
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .build()
            .map_err(|e| AiError::InvalidSettings(format!("cannot make an HTTP client: {e}")))?;
        let config = OpenAIConfig::new()
            .with_api_base(base_url.clone())
            .with_api_key(key.clone().unwrap_or_default())
            .with_org_id("")
            .with_project_id("");
        Ok(Self {
            client: Client::with_config(config).with_http_client(http),
            settings: ProviderSettings {
                base_url,
                ..settings
            },
            key,
        })
    }

    pub fn settings(&self) -> &ProviderSettings {
        &self.settings
    }

    pub(crate) fn error(&self, e: async_openai::error::OpenAIError) -> AiError {
        AiError::from_client(
            e,
            &self.settings.base_url,
            &self.settings.model,
            self.key.as_deref(),
        )
    }

    /// The provider's model ids, sorted.
    pub async fn models(&self) -> Result<Vec<String>, AiError> {
        let list: ModelList = self
            .client
            .models()
            .list_byot()
            .await
            .map_err(|e| self.error(e))?;
        let mut ids: Vec<String> = list.data.into_iter().map(|m| m.id).collect();
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// Sends a streamed chat completion request; the stream yields its chunks.
    pub(crate) async fn stream(
        &self,
        request: &ChatRequest,
    ) -> Result<StreamResponse<Chunk>, AiError> {
        if self.settings.model.trim().is_empty() {
            return Err(AiError::InvalidSettings(
                "choose a model in Settings (the provider's list, or type its id)".into(),
            ));
        }
        self.client
            .chat()
            .create_stream_byot(request)
            .await
            .map_err(|e| self.error(e))
    }

    pub(crate) fn request(
        &self,
        messages: Vec<crate::wire::WireMessage>,
        tools: Option<Vec<crate::wire::WireTool>>,
    ) -> ChatRequest {
        ChatRequest {
            model: self.settings.model.trim().to_string(),
            messages,
            temperature: self.settings.temperature,
            max_tokens: None,
            stream: true,
            tools,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> ProviderSettings {
        ProviderSettings {
            base_url: url.into(),
            model: "m".into(),
            temperature: None,
        }
    }

    #[test]
    fn settings_that_cannot_make_a_request_are_refused_clearly() {
        for (url, key, says) in [
            ("", None, "base URL"),
            ("localhost:11434", None, "http://"),
            ("ftp://host/v1", None, "http://"),
            (
                "http://localhost:1/v1",
                Some("sk-1\nX-Evil: 1"),
                "visible ASCII",
            ),
            ("http://localhost:1/v1", Some("clé"), "visible ASCII"),
        ] {
            let e = Provider::new(settings(url), key.map(String::from))
                .err()
                .unwrap_or_else(|| panic!("{url} {key:?} was accepted"));
            assert!(e.to_string().contains(says), "{url}: {e}");
        }
        let p = Provider::new(settings(" http://localhost:1/v1/ "), Some(" k ".into())).unwrap();
        assert_eq!(p.settings().base_url, "http://localhost:1/v1");
    }
}

/// Where a base URL sends requests, as `scheme://host[:port]` (the default port left out): a
/// stored key is bound to the origin it was entered for and goes nowhere else.
pub fn key_origin(base_url: &str) -> Result<String, AiError> {
    let url = url::Url::parse(base_url.trim()).map_err(|e| {
        AiError::InvalidSettings(format!(
            "the base URL \"{}\" is not a URL: {e}",
            base_url.trim()
        ))
    })?;
    match url.origin() {
        origin @ url::Origin::Tuple(..) => Ok(origin.ascii_serialization()),
        url::Origin::Opaque(_) => Err(AiError::InvalidSettings(format!(
            "the base URL must start with http:// or https:// and name a host (got \"{}\")",
            base_url.trim()
        ))),
    }
}

/// A host on this machine: plain http to it never crosses a network.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;

    fn with_key(base_url: &str) -> Result<Provider, AiError> {
        Provider::new(
            ProviderSettings {
                base_url: base_url.into(),
                model: String::new(),
                temperature: None,
            },
            Some("sk-test".into()),
        )
    }

    #[test]
    fn a_key_goes_over_plain_http_only_to_this_machine() {
        for local in [
            "http://localhost:11434/v1",
            "http://127.0.0.1:1234/v1",
            "http://[::1]:8080/v1",
            "https://api.openai.com/v1",
        ] {
            assert!(with_key(local).is_ok(), "{local}");
        }
        for remote in ["http://192.168.1.20:1234/v1", "http://api.example.com/v1"] {
            let e = with_key(remote).err().expect(remote).to_string();
            assert!(e.contains("only to this machine"), "{remote}: {e}");
        }
        // Without a key, a local model on another machine of the network is fine.
        assert!(Provider::new(
            ProviderSettings {
                base_url: "http://192.168.1.20:11434/v1".into(),
                model: String::new(),
                temperature: None,
            },
            None
        )
        .is_ok());
    }

    #[test]
    fn origins_name_scheme_host_and_port() {
        assert_eq!(
            key_origin("https://api.openai.com/v1").unwrap(),
            "https://api.openai.com"
        );
        assert_eq!(
            key_origin("https://API.openai.com:443/other").unwrap(),
            "https://api.openai.com"
        );
        assert_eq!(
            key_origin("http://127.0.0.1:9/v1").unwrap(),
            "http://127.0.0.1:9"
        );
        assert_ne!(
            key_origin("https://api.openai.com.evil.example/v1").unwrap(),
            key_origin("https://api.openai.com/v1").unwrap()
        );
    }
}
