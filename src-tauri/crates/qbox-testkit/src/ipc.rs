//! Calls through Tauri's mock IPC, as the UI makes them: the command's name and JSON
//! arguments, through the app's own ACL, answered with JSON, raw bytes or a `{ kind, data }`
//! error.

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

/// Calls `cmd` from `window`.
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

/// Calls `cmd` and returns its JSON answer; panics on an error or raw bytes.
pub fn ok_json(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Value {
    match invoke(window, cmd, args) {
        Ok(InvokeResponseBody::Json(s)) => serde_json::from_str(&s).unwrap(),
        Ok(InvokeResponseBody::Raw(_)) => panic!("{cmd} answered raw bytes"),
        Err(e) => panic!("{cmd} failed: {e}"),
    }
}

/// An answer as text: JSON as sent, raw bytes decoded lossily (for leak checks).
pub fn body_text(body: &InvokeResponseBody) -> String {
    match body {
        InvokeResponseBody::Json(s) => s.clone(),
        InvokeResponseBody::Raw(bytes) => String::from_utf8_lossy(bytes).into_owned(),
    }
}
