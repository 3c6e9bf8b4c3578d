//! The leak check: whole connection workflows over IPC (PostgreSQL: create, test, attach, query,
//! edit, delete; an S3 bucket: test, create, browse, add, query, delete; the assistant: key,
//! settings, Test, a question, what was sent) with known secrets
//! against real servers, with the app's own logging on at debug level. No secret may appear in
//! any IPC response, in any message a command streams on its channel, in any app-wide event, in
//! what the provider receives (bar the API key in its header), or in any file under the workspace
//! folder (SQLite and its WAL, the DuckDB files, the logs).

mod support;

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tauri::ipc::InvokeResponseBody;
use tauri::test::mock_builder;
use tauri::{Listener, Manager};
use tauri_specta::Event;

use qbox_lib::events::WorkspaceChanged;
use qbox_lib::{attach, AppState};
use qbox_testkit::extensions::extension_repo;
use qbox_testkit::leaks::{files_under, leaked};
use qbox_testkit::openai;
use qbox_testkit::postgres::{ident, lit, PgServer};
use qbox_testkit::s3;
use qbox_workspace::{Workspace, WorkspaceConfig};

const FIRST: &str = "first-s3cr3t 'quoted' \\ ü;";
const SECOND: &str = "second-s3cr3t \"dq\" €";
const WRONG: &str = "wrong-s3cr3t-never-valid";
const S3_SECRET: &str = "s3-s3cr3t/+key 'q' ü";
/// An API key goes in an HTTP header: visible ASCII only, quotes and backslashes included.
const AI_KEY: &str = "sk-ai-'s3cr3t'\"dq\"\\;key";

#[test]
fn no_secret_reaches_ipc_responses_logs_or_files() {
    let pg = PgServer::start();
    pg.sql(
        "postgres",
        &format!(
            "CREATE ROLE shopper LOGIN PASSWORD {}; CREATE DATABASE shop OWNER shopper;",
            lit(FIRST)
        ),
    );
    pg.sql(
        "shop",
        &format!(
            "SET ROLE shopper; CREATE TABLE {} (id int); INSERT INTO {} VALUES (1), (2);",
            ident("items"),
            ident("items")
        ),
    );

    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::env::set_var("QBOX_LOG", "debug");
    let _log = qbox_lib::init_logging(&home);
    let mut config = WorkspaceConfig::new(&home);
    config.extension_repo = Some(extension_repo());
    let workspace = tauri::async_runtime::block_on(Workspace::open(config)).unwrap();
    let tap = support::ChannelTap::default();
    let mut app = attach(tap.on(mock_builder()), AppState::new(workspace))
        .build(qbox_lib::context())
        .unwrap();
    // Everything the UI is told without asking: the workspace's events (a connection's status
    // carries the server's error text) and the streamed messages of a command's channel.
    let streamed = Arc::new(Mutex::new(Vec::<String>::new()));
    let events = streamed.clone();
    app.listen_any(WorkspaceChanged::NAME, move |e| {
        events.lock().unwrap().push(e.payload().to_string())
    });
    // The app's set-up (its window, events mounted, the workspace's changes forwarded) runs
    // when its event loop starts, which a mock app's never does: one iteration runs it.
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let window = app.get_webview_window("main").expect("the app's window");
    let mut responses = Vec::<String>::new();
    let mut call = |cmd: &str, args: Value| -> Result<Value, Value> {
        let out = support::invoke(&window, cmd, args);
        responses.push(match &out {
            Ok(body) => body_text(body),
            Err(e) => e.to_string(),
        });
        match out {
            Ok(InvokeResponseBody::Json(s)) => Ok(serde_json::from_str(&s).unwrap()),
            Ok(InvokeResponseBody::Raw(_)) => Ok(Value::Null),
            Err(e) => Err(e),
        }
    };
    let settings = |port: u16| {
        json!({ "kind": "postgres", "host": "127.0.0.1", "port": port, "database": "shop",
                "user": "shopper", "sslMode": "prefer", "allowWrites": false })
    };

    assert_eq!(
        call("connection_identifier", json!({ "name": "Shop DB" })).unwrap(),
        json!("shop_db")
    );
    let err = call(
        "test_connection",
        json!({ "settings": settings(pg.port), "password": { "action": "set", "value": WRONG }, "existing": null }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "Connection");
    assert_eq!(err["data"]["reason"], "authFailed");
    call(
        "test_connection",
        json!({ "settings": settings(pg.port), "password": { "action": "set", "value": FIRST }, "existing": null }),
    )
    .unwrap();
    let created = call(
        "create_connection",
        json!({ "name": "Shop DB", "settings": settings(pg.port), "password": FIRST }),
    )
    .unwrap();
    assert_eq!(created["status"], json!({ "state": "attached" }));
    assert_eq!(created["hasPassword"], true);
    assert_eq!(created["identifier"], "shop_db");
    let id = created["id"].clone();

    let out = call(
        "run_query",
        json!({ "runId": "r", "sql": "SELECT sum(id) AS s FROM shop_db.public.items", "onEvent": "__CHANNEL__:21" }),
    )
    .unwrap();
    assert_eq!(out["statements"][0]["result"]["rowCount"], 1);
    let listed = call("list_connections", json!({})).unwrap();
    assert_eq!(listed[0]["settings"]["user"], "shopper");
    let catalog = call("catalog", json!({})).unwrap();
    assert!(catalog
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["database"] == "shop_db" && t["name"] == "items"));

    // The server's password changes; the edit with the new one re-attaches at once.
    pg.sql(
        "postgres",
        &format!("ALTER ROLE shopper PASSWORD {}", lit(SECOND)),
    );
    let edited = call(
        "update_connection",
        json!({ "id": id, "name": "Shop DB (edited)", "settings": settings(pg.port),
                "password": { "action": "set", "value": WRONG } }),
    )
    .unwrap();
    assert_eq!(edited["status"]["state"], "failed");
    let edited = call(
        "update_connection",
        json!({ "id": id, "name": "Shop DB (edited)", "settings": settings(pg.port),
                "password": { "action": "set", "value": SECOND } }),
    )
    .unwrap();
    assert_eq!(edited["status"], json!({ "state": "attached" }));
    assert_eq!(edited["identifier"], "shop_db");
    call(
        "test_connection",
        json!({ "settings": settings(pg.port), "password": { "action": "keep" }, "existing": id }),
    )
    .unwrap();
    call(
        "run_query",
        json!({ "runId": "r2", "sql": "SELECT * FROM shop_db.public.items", "onEvent": "__CHANNEL__:22" }),
    )
    .unwrap();
    call("delete_connection", json!({ "id": id })).unwrap();
    assert_eq!(call("list_connections", json!({})).unwrap(), json!([]));

    // The same for an S3 bucket's secret access key.
    let lake = s3::S3Server::start();
    lake.create_bucket("lake");
    lake.put("lake", "items.csv", b"id\n1\n2\n");
    let bucket = json!({ "kind": "s3", "bucket": "lake", "region": "us-east-1",
                         "endpoint": lake.endpoint(), "pathStyle": true, "useSsl": false,
                         "accessKeyId": "AKIA-LEAK", "credentialChain": false });
    call(
        "test_connection",
        json!({ "settings": bucket, "password": { "action": "set", "value": S3_SECRET }, "existing": null }),
    )
    .unwrap();
    let created = call(
        "create_connection",
        json!({ "name": "Lake", "settings": bucket, "password": S3_SECRET }),
    )
    .unwrap();
    assert_eq!(created["status"], json!({ "state": "attached" }));
    let views = call(
        "add_s3_objects",
        json!({ "id": created["id"], "keys": ["items.csv"], "many": false, "format": null }),
    )
    .unwrap();
    assert_eq!(views[0]["name"], "lake.items");
    let listing = call(
        "browse_s3",
        json!({ "id": created["id"], "prefix": "", "search": null, "offset": 0, "limit": 10 }),
    )
    .unwrap();
    assert_eq!(listing["total"], 1);
    call(
        "run_query",
        json!({ "runId": "r3", "sql": "SELECT sum(id) FROM lake.items", "onEvent": "__CHANNEL__:23" }),
    )
    .unwrap();
    // A local file beside them, joined with the bucket in one query.
    let local = dir.path().join("names.csv");
    std::fs::write(&local, "id,name\n1,Ada\n2,Grace\n").unwrap();
    let added = call("add_files", json!({ "paths": [local.to_string_lossy()] })).unwrap();
    assert_eq!(added[0]["outcome"], "added", "{added}");
    call(
        "run_query",
        json!({ "runId": "r4", "sql": "SELECT n.name FROM lake.items JOIN file_names n USING (id)", "onEvent": "__CHANNEL__:24" }),
    )
    .unwrap();
    call("delete_connection", json!({ "id": created["id"] })).unwrap();

    // The assistant: key stored, Test, a question and its stored reply, what was sent.
    let ai = tauri::async_runtime::block_on(openai::OpenAiServer::start(&[
        "--api-key",
        AI_KEY,
        "--models",
        "m",
    ]));
    call(
        "set_ai_key",
        json!({ "key": { "action": "set", "value": AI_KEY }, "baseUrl": ai.base_url() }),
    )
    .unwrap();
    assert_eq!(
        call("ai_key_origin", json!({})).unwrap(),
        json!(format!("http://127.0.0.1:{}", ai.port))
    );
    let mut settings = call("settings", json!({})).unwrap();
    settings["ai"] = json!({ "preset": "custom", "baseUrl": ai.base_url(), "model": "m",
                             "temperature": 0.1, "tools": true });
    call("update_settings", json!({ "settings": settings })).unwrap();
    tauri::async_runtime::block_on(
        ai.script(json!([{ "content": "OK" }, { "content": "no tools" }])),
    );
    let report = call(
        "test_ai",
        json!({ "settings": settings["ai"], "key": { "action": "keep" } }),
    )
    .unwrap();
    assert_eq!(report["streaming"], true);
    let wrong = call(
        "test_ai",
        json!({ "settings": settings["ai"], "key": { "action": "set", "value": "sk-wrong" } }),
    )
    .unwrap_err();
    assert_eq!(wrong["data"]["problem"], "unauthorized");
    let query = call("create_query", json!({ "name": "Ask", "sql": "" })).unwrap();
    tauri::async_runtime::block_on(
        ai.script(json!([{ "content": "```sql\nSELECT sum(id) FROM shop_db.public.items\n```" }])),
    );
    let exchange = call(
        "ask_assistant",
        json!({ "queryId": query["id"], "turnId": "t1", "text": "total?", "editorSql": null,
                "onEvent": "__CHANNEL__:9" }),
    )
    .unwrap();
    assert_eq!(exchange["reply"]["status"], "complete");
    call("chat_messages", json!({ "queryId": query["id"] })).unwrap();
    let sent = call(
        "chat_sent",
        json!({ "queryId": query["id"], "messageId": exchange["reply"]["id"] }),
    )
    .unwrap();
    assert!(sent.as_str().unwrap().contains("total?"));
    // A second question, with a secret the user typed in the editor, its reply streamed on
    // its channel.
    let typed = format!(
        "CREATE SECRET lake (TYPE s3, KEY_ID 'AKIA-LEAK', SECRET {});\nSELECT 1",
        lit(S3_SECRET)
    );
    tauri::async_runtime::block_on(
        ai.script(json!([{ "content": "```sql\nSELECT 1 AS one\n```" }])),
    );
    call(
        "ask_assistant",
        json!({ "queryId": query["id"], "turnId": "t2", "text": "and this?", "editorSql": typed,
                "onEvent": "__CHANNEL__:10" }),
    )
    .unwrap();
    streamed
        .lock()
        .unwrap()
        .extend(tap.all().iter().map(Value::to_string));
    let streamed = streamed.lock().unwrap().clone();
    assert!(
        !tap.messages(10).is_empty(),
        "the reply streamed on its channel"
    );
    assert!(
        streamed.iter().any(|m| m.contains("status")),
        "a connection's status reached the UI as an event: {streamed:?}"
    );
    let requests = tauri::async_runtime::block_on(ai.requests());
    assert!(requests.len() >= 5, "the provider was asked: {requests:?}");
    let chat_bodies = tauri::async_runtime::block_on(ai.chat_bodies());
    let last = chat_bodies.last().unwrap().to_string();
    assert!(
        last.contains("CREATE SECRET lake"),
        "the editor's statement was sent: {last}"
    );

    drop(window);
    drop(app);
    drop(_log); // flushes the log file
    for text in &responses {
        let found = leaked(text.as_bytes(), [FIRST, SECOND, WRONG, S3_SECRET, AI_KEY]);
        assert!(
            found.is_none(),
            "an IPC response holds a secret ({found:?}): {text}"
        );
    }
    for text in &streamed {
        let found = leaked(text.as_bytes(), [FIRST, SECOND, WRONG, S3_SECRET, AI_KEY]);
        assert!(
            found.is_none(),
            "a streamed message or event holds a secret ({found:?}): {text}"
        );
    }
    for body in &chat_bodies {
        let text = body.to_string();
        let found = leaked(text.as_bytes(), [FIRST, SECOND, WRONG, S3_SECRET, AI_KEY]);
        assert!(
            found.is_none(),
            "the provider received a secret ({found:?}): {text}"
        );
    }
    let files = files_under(&home);
    assert!(
        files.iter().any(|f| f.starts_with(home.join("logs"))),
        "the log file exists: {files:?}"
    );
    let mut scanned_bytes = 0;
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        scanned_bytes += bytes.len();
        let found = leaked(&bytes, [FIRST, SECOND, WRONG, S3_SECRET, AI_KEY]);
        assert!(
            found.is_none(),
            "{} holds a secret: {found:?}",
            file.display()
        );
    }
    println!(
        "secrets scan: 5 secrets in 4 forms, {} IPC responses, {} streamed messages and events, {} requests to the provider, {} files under the data dir ({scanned_bytes} bytes; DuckDB's secret directory and the logs live there), 0 hits",
        responses.len(),
        streamed.len(),
        chat_bodies.len(),
        files.len()
    );
}

/// An answer as text: JSON as sent, raw bytes decoded lossily (what a leak check reads).
fn body_text(body: &InvokeResponseBody) -> String {
    match body {
        InvokeResponseBody::Json(s) => s.clone(),
        InvokeResponseBody::Raw(bytes) => String::from_utf8_lossy(bytes).into_owned(),
    }
}
