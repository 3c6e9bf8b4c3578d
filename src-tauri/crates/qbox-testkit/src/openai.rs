//! The scripted OpenAI-compatible server (`tests/support/openai_server.py`) in a child process,
//! with its control calls: queue replies, read every request it received.

use std::path::PathBuf;
use std::process::Stdio;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub struct OpenAiServer {
    child: Child,
    pub port: u16,
    http: reqwest::Client,
}

/// The repository's `tests/support/openai_server.py`, found from whichever package's tests
/// include this file.
fn script_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|d| d.join("tests/support/openai_server.py"))
        .find(|p| p.exists())
        .expect("tests/support/openai_server.py above the package")
}

impl OpenAiServer {
    /// `args`: `--api-key K`, `--models a,b`.
    pub async fn start(args: &[&str]) -> Self {
        let mut child = Command::new("python3")
            .arg(script_path())
            .args(args)
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start the scripted OpenAI server (python3)");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .await
            .expect("read the port");
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        Self {
            child,
            port,
            http: reqwest::Client::new(),
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    /// Queues replies (see the server's docstring for their shape).
    pub async fn script(&self, replies: Value) {
        let r = self
            .http
            .post(format!("http://127.0.0.1:{}/_script", self.port))
            .body(replies.to_string())
            .header("Content-Type", "application/json")
            .send()
            .await
            .expect("script");
        assert!(r.status().is_success());
    }

    /// Empties the reply queue and the record.
    pub async fn reset(&self) {
        let r = self
            .http
            .post(format!("http://127.0.0.1:{}/_reset", self.port))
            .send()
            .await
            .expect("reset");
        assert!(r.status().is_success());
    }

    /// Every request so far: `{method, path, headers, body}`.
    pub async fn requests(&self) -> Vec<Value> {
        let text = self
            .http
            .get(format!("http://127.0.0.1:{}/_requests", self.port))
            .send()
            .await
            .expect("requests")
            .text()
            .await
            .expect("body");
        serde_json::from_str(&text).expect("json")
    }

    /// The bodies of the chat requests, in order.
    pub async fn chat_bodies(&self) -> Vec<Value> {
        self.requests()
            .await
            .into_iter()
            .filter(|r| {
                r["path"]
                    .as_str()
                    .unwrap_or("")
                    .ends_with("/chat/completions")
            })
            .map(|r| r["body"].clone())
            .collect()
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}
