//! What the app's tests on the mock runtime share: a call through Tauri's mock IPC, as the UI
//! makes it (the command's name and JSON arguments, through the app's own ACL). Kept here, not
//! in `qbox-testkit`, so that the test kit stays free of Tauri like the crates it serves.

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

/// Calls `cmd` from `window`; the answer is JSON or raw bytes, a failure `{ kind, data }`.
pub fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<InvokeResponseBody, Value> {
    tauri::test::get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
}

/// Every message the app sends on a webview channel, by the channel's id, as the UI would
/// receive it (the mock runtime has no webview to run them).
#[derive(Clone, Default)]
#[allow(dead_code)] // each test binary uses what it needs of this module
pub struct ChannelTap(std::sync::Arc<std::sync::Mutex<std::collections::HashMap<u32, Vec<Value>>>>);

#[allow(dead_code)]
impl ChannelTap {
    /// `builder` with its channels' messages kept here instead of sent to a webview.
    pub fn on(&self, builder: tauri::Builder<MockRuntime>) -> tauri::Builder<MockRuntime> {
        let kept = self.0.clone();
        builder.channel_interceptor(move |_, channel, _, body| {
            let message = match body {
                InvokeResponseBody::Json(json) => serde_json::from_str(json).unwrap_or(Value::Null),
                InvokeResponseBody::Raw(bytes) => Value::from(bytes.len()),
            };
            kept.lock()
                .unwrap()
                .entry(channel.0)
                .or_default()
                .push(message);
            true
        })
    }

    /// The messages sent so far on channel `id` (passed as `"__CHANNEL__:<id>"`).
    pub fn messages(&self, id: u32) -> Vec<Value> {
        self.0.lock().unwrap().get(&id).cloned().unwrap_or_default()
    }

    /// Every message sent so far, on any channel.
    pub fn all(&self) -> Vec<Value> {
        self.0.lock().unwrap().values().flatten().cloned().collect()
    }
}
