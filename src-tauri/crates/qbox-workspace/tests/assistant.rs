//! The assistant end to end in the workspace: real DuckDB checks the suggestions against a real
//! catalog, the chat lives in real SQLite, and the provider is a real HTTP server speaking the
//! OpenAI protocol (the scripted server), which records every request it gets.

use std::path::Path;

use serde_json::json;

use qbox_testkit::leaks::{leaked, settled_files_under};
use qbox_testkit::openai::OpenAiServer;
use qbox_testkit::workspace::{config, config_with, loopback_counter, rows};
use qbox_workspace::{AiSettings, AskContext, ChatStatus, MemorySecrets, SecretInput, Workspace};

const KEY: &str = "sk-qbox-'test\"key\\with;marks";
/// Planted in the data: it must never reach the provider unless sample values are allowed.
const MARKER: &str = "MARKER-ROW-7f3a91";

struct Setup {
    ws: Workspace,
    server: OpenAiServer,
    query: i64,
    _dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("sales.csv");
    std::fs::write(
        &csv,
        format!("region,amount,note\nnorth,10.5,{MARKER}\nsouth,20,plain\n"),
    )
    .unwrap();
    let secrets = std::sync::Arc::new(MemorySecrets::default());
    let ws = Workspace::open(config_with(dir.path(), secrets))
        .await
        .unwrap();
    ws.add_path(&csv, None).await.unwrap();
    let query = ws.create_query(Some("Sales"), "").await.unwrap().id;
    ws.select_table(query, "file_sales").await.unwrap();
    let server = OpenAiServer::start(&["--api-key", KEY, "--models", "qbox-test"]).await;
    let mut settings = ws.settings();
    settings.ai = AiSettings {
        preset: qbox_ai::Preset::Custom,
        base_url: server.base_url(),
        model: "qbox-test".into(),
        temperature: 0.0,
        tools: true,
    };
    ws.update_settings(settings).await.unwrap();
    ws.set_ai_key(SecretInput::Set(KEY.into()), &server.base_url())
        .unwrap();
    Setup {
        ws,
        server,
        query,
        _dir: dir,
    }
}

async fn ask(s: &Setup, text: &str) -> qbox_workspace::ChatMessage {
    let (_, reply) =
        s.ws.ask(s.query, "turn", text, AskContext::default(), |_| {})
            .await
            .unwrap();
    reply
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_column_is_caught_by_duckdb_and_repaired_with_the_real_columns() {
    let s = setup().await;
    s.server
        .script(json!([
            { "content": "Here:\n```sql\nSELECT region, sum(revenue) FROM file_sales GROUP BY region\n```" },
            { "content": "```sql\nSELECT region, sum(amount) AS revenue FROM file_sales GROUP BY region\n```" }
        ]))
        .await;
    let reply = ask(&s, "revenue by region").await;
    assert_eq!(reply.status, ChatStatus::Complete);
    let suggestion = &reply.suggestions[0];
    assert_eq!(
        suggestion.sql,
        "SELECT region, sum(amount) AS revenue FROM file_sales GROUP BY region"
    );
    assert_eq!(
        suggestion.check,
        qbox_ai::SqlCheck::Valid {
            kind: "select".into(),
            changes_data: false,
            effects: vec![]
        }
    );
    // DuckDB's own binder message went back, with the table's real columns.
    assert!(
        suggestion.repairs[0].error.contains("revenue"),
        "{:?}",
        suggestion.repairs
    );
    let bodies = s.server.chat_bodies().await;
    let repair = bodies[1]["messages"].to_string();
    assert!(repair.contains("Binder Error"), "{repair}");
    assert!(
        repair.contains("- file_sales: region VARCHAR, amount DOUBLE, note VARCHAR"),
        "{repair}"
    );
    // The first request carried the selected table exactly as SQL writes it.
    let system = bodies[0]["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("- file_sales"), "{system}");
    assert!(system.contains("amount DOUBLE"), "{system}");

    // An unknown table cannot be repaired into existence: never valid.
    let bad = "```sql\nSELECT * FROM file_nowhere\n```";
    s.server
        .script(json!([{ "content": bad }, { "content": bad }, { "content": bad }]))
        .await;
    let reply = ask(&s, "something else").await;
    assert!(matches!(
        &reply.suggestions[0].check,
        qbox_ai::SqlCheck::Invalid { error } if error.contains("file_nowhere")
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suggestion_that_changes_data_is_marked_and_not_run() {
    let s = setup().await;
    rows(&s.ws, "CREATE TABLE notes (x INTEGER); SELECT 1").await;
    s.server
        .script(json!([{ "content": "```sql\nINSERT INTO notes VALUES (1)\n```" }]))
        .await;
    let reply = ask(&s, "add a note").await;
    assert_eq!(
        reply.suggestions[0].check,
        qbox_ai::SqlCheck::Valid {
            kind: "insert".into(),
            changes_data: true,
            effects: vec!["writes rows".into()]
        }
    );
    assert_eq!(rows(&s.ws, "SELECT count(*) FROM notes").await, [["0"]]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_assistants_checks_read_no_file_and_reach_no_url_in_a_suggestion_a_tool_call_or_a_repair(
) {
    let s = setup().await;
    let private = s._dir.path().join("private.csv");
    std::fs::write(&private, "tok3n_in_a_header,b\nsecond_line_value,2\n").unwrap();
    let private = private.to_string_lossy().into_owned();
    let (port, requests) = loopback_counter();
    let url = format!("http://127.0.0.1:{port}/leak?d=x");
    let read_header = format!("SELECT zzz FROM read_csv('{private}', header=true)");
    let read_url = format!("SELECT zzz FROM read_csv('{url}')");
    s.server
        .script(json!([
            { "tool_calls": [
                { "name": "validate_sql", "arguments": { "sql": read_header } },
                { "name": "validate_sql", "arguments": { "sql": read_url } },
                { "name": "validate_sql", "arguments": { "sql": "SELECT getenv('HOME')" } }
            ] },
            { "content": format!(
                "```sql\nSELECT zzz FROM read_csv('{private}', header=true, skip=1)\n```\n\
                 ```sql\nSELECT * FROM postgres_execute('shop', 'COMMIT; DROP TABLE orders')\n```\n\
                 ```sql\nSELECT zzz FROM file_sales\n```") },
            { "content": format!("```sql\nSELECT zzz FROM read_text('{private}')\n```") }
        ]))
        .await;
    let reply = ask(&s, "what is in my files?").await;
    std::thread::sleep(std::time::Duration::from_millis(300));

    let everything = serde_json::to_string(&s.server.requests().await).unwrap();
    for leak in ["tok3n_in_a_header", "second_line_value"] {
        assert!(!everything.contains(leak), "{leak} reached the provider");
        assert!(
            !format!("{reply:?}").contains(leak),
            "{leak} is in the reply or what was sent"
        );
    }
    assert_eq!(
        requests.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a check reached the loopback listener"
    );
    // The tool's answers say what the statement reaches, not what the file holds.
    assert!(
        everything.contains("not checked: it reads files or URLs"),
        "{everything}"
    );
    assert!(everything.contains("getenv does not exist"), "{everything}");
    let checks: Vec<_> = reply.suggestions.iter().map(|s| s.check.clone()).collect();
    assert!(
        matches!(&checks[0], qbox_ai::SqlCheck::Outside { effects } if effects[0].contains("through read_csv")),
        "{checks:?}"
    );
    assert!(
        matches!(&checks[1], qbox_ai::SqlCheck::Outside { effects } if effects[0].contains("which can change its data")),
        "{checks:?}"
    );
    // The repair round's SQL was checked in the sandbox too.
    assert_eq!(
        reply.suggestions[2].repairs.len(),
        1,
        "{:?}",
        reply.suggestions[2]
    );
    assert!(
        matches!(&checks[2], qbox_ai::SqlCheck::Outside { effects } if effects[0].contains("read_text")),
        "{checks:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_request_holds_a_data_value_unless_sample_values_are_allowed() {
    let s = setup().await;
    let sample = json!({ "tool_calls": [{ "name": "sample_values", "arguments": { "table": "file_sales", "column": "note" } }] });
    s.server.script(json!([sample, { "content": "ok" }])).await;
    ask(&s, "what notes are there?").await;
    let everything = serde_json::to_string(&s.server.requests().await).unwrap();
    assert!(
        !everything.contains(MARKER),
        "a data value reached the provider"
    );
    assert!(everything.contains("there is no tool named sample_values"));

    s.ws.allow_chat_samples(s.query, true).await.unwrap();
    s.server.script(json!([sample, { "content": "ok" }])).await;
    ask(&s, "and now?").await;
    let bodies = s.server.chat_bodies().await;
    let last = bodies.last().unwrap().to_string();
    assert!(last.contains(MARKER), "sample values once allowed: {last}");

    // Only the query's ticked tables are sampled, even once samples are allowed.
    rows(
        &s.ws,
        "CREATE TABLE unticked AS SELECT 'MARKER-UNTICKED' AS v; SELECT 1",
    )
    .await;
    let other = json!({ "tool_calls": [{ "name": "sample_values", "arguments": { "table": "unticked", "column": "v" } }] });
    s.server.script(json!([other, { "content": "ok" }])).await;
    ask(&s, "and the other table?").await;
    let everything = serde_json::to_string(&s.server.requests().await).unwrap();
    assert!(
        !everything.contains("MARKER-UNTICKED"),
        "an unticked table was sampled"
    );
    assert!(
        everything.contains("unticked is not one of the query's chosen tables"),
        "{everything}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_literals_typed_in_sql_are_masked_in_what_is_sent() {
    let s = setup().await;
    let editor = "CREATE SECRET s3k (TYPE s3, KEY_ID 'AKIAMASKME', SECRET 'wJalrMASKME');\n\
                  ATTACH 'host=db user=me password=hunter2MASKME dbname=x' AS pg (TYPE postgres);\n\
                  SELECT * FROM file_sales";
    s.server.script(json!([{ "content": "ok" }])).await;
    let (_, reply) =
        s.ws.ask(
            s.query,
            "turn",
            "why does ATTACH 'postgresql://me:urlMASKME@db/shop' fail?",
            AskContext {
                editor_sql: Some(editor.into()),
            },
            |_| {},
        )
        .await
        .unwrap();
    let everything = serde_json::to_string(&s.server.requests().await).unwrap();
    assert!(
        everything.contains("SELECT * FROM file_sales"),
        "{everything}"
    );
    for secret in ["AKIAMASKME", "wJalrMASKME", "hunter2MASKME", "urlMASKME"] {
        assert!(!everything.contains(secret), "{secret} was sent");
        let shown = format!("{reply:?}");
        assert!(
            !shown.contains(secret),
            "{secret} is in what was sent: {shown}"
        );
    }
    assert!(everything.contains("SECRET '***'"), "{everything}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_goes_only_in_the_header_to_the_configured_host() {
    let s = setup().await;
    s.server.script(json!([{ "content": "hello" }])).await;
    let reply = ask(&s, "hi").await;
    assert_eq!(reply.status, ChatStatus::Complete, "{:?}", reply.error);
    let requests = s.server.requests().await;
    assert_eq!(requests.len(), 1);
    let auth = requests[0]["headers"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.as_str().unwrap().to_string());
    assert_eq!(auth, Some(format!("Bearer {KEY}")));
    // Not in what was sent, nor anywhere in the data folder (SQLite, DuckDB, logs).
    let sent = serde_json::to_string(&reply.sent).unwrap();
    assert_eq!(leaked(sent.as_bytes(), [KEY]), None);
    assert!(s.ws.ai_key_origin().unwrap().is_some());
    s.ws.close().await;
    for (file, bytes) in settled_files_under(&s._dir.path().join("home")) {
        assert_eq!(leaked(&bytes, [KEY]), None, "{}", file.display());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stored_key_goes_only_to_the_provider_it_was_saved_for() {
    let s = setup().await;
    let other = OpenAiServer::start(&["--api-key", KEY, "--models", "qbox-test"]).await;
    let mut moved = s.ws.settings().ai;
    moved.base_url = other.base_url();
    // Test, the model list and a saved change all need the key typed again.
    let err =
        s.ws.test_ai(moved.clone(), SecretInput::Keep)
            .await
            .unwrap_err();
    assert!(
        matches!(
            err,
            qbox_workspace::WorkspaceError::SecretForAnotherPlace { .. }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains(&s.server.base_url().replace("/v1", "")),
        "{err}"
    );
    s.ws.ai_models(moved.clone(), SecretInput::Keep)
        .await
        .unwrap_err();
    let mut settings = s.ws.settings();
    settings.ai = moved.clone();
    s.ws.update_settings(settings).await.unwrap();
    s.server.script(json!([{ "content": "hello" }])).await;
    let asked =
        s.ws.ask(s.query, "turn", "hi", AskContext::default(), |_| {})
            .await;
    assert!(asked.is_err(), "asked with a key saved for another host");
    assert!(
        other.requests().await.is_empty(),
        "the other provider was reached"
    );
    // Typed for it, the key goes there.
    let models =
        s.ws.ai_models(moved.clone(), SecretInput::Set(KEY.into()))
            .await
            .unwrap();
    assert_eq!(models, ["qbox-test"]);
    s.ws.set_ai_key(SecretInput::Set(KEY.into()), &moved.base_url)
        .unwrap();
    other.script(json!([{ "content": "hello" }])).await;
    let reply = ask(&s, "hi again").await;
    assert_eq!(reply.status, ChatStatus::Complete, "{:?}", reply.error);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_reply_is_retried_in_place() {
    let s = setup().await;
    let down = json!({ "status": 503, "error": "model is loading" });
    s.server.script(json!([down, down, down, down])).await;
    let reply = ask(&s, "hello?").await;
    assert_eq!(reply.status, ChatStatus::Failed);
    assert!(reply.error.as_deref().unwrap().contains("model is loading"));
    s.server.script(json!([{ "content": "here now" }])).await;
    let retried =
        s.ws.retry_reply(s.query, reply.id, "turn2", AskContext::default(), |_| {})
            .await
            .unwrap();
    assert_eq!(retried.status, ChatStatus::Complete);
    let chat = s.ws.chat(s.query).await.unwrap();
    let texts: Vec<&str> = chat.iter().map(|m| m.content.as_str()).collect();
    assert_eq!(
        texts,
        ["hello?", "here now"],
        "the question is not repeated"
    );
    // The retried request did not carry the failed reply as history.
    let last = s.server.chat_bodies().await.pop().unwrap();
    assert_eq!(last["messages"].as_array().unwrap().len(), 2, "{last}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chat_survives_a_restart_and_goes_with_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let secrets: std::sync::Arc<MemorySecrets> = std::sync::Arc::new(MemorySecrets::default());
    let server = OpenAiServer::start(&[]).await;
    let home = |d: &Path| config_with(d, secrets.clone());
    let query = {
        let ws = Workspace::open(home(dir.path())).await.unwrap();
        let mut settings = ws.settings();
        settings.ai.base_url = server.base_url();
        settings.ai.model = "test-model".into();
        ws.update_settings(settings).await.unwrap();
        let q = ws.create_query(Some("Q"), "SELECT 1").await.unwrap().id;
        server
            .script(json!([{ "content": "```sql\nSELECT 42\n```" }]))
            .await;
        ws.ask(q, "t", "the answer", AskContext::default(), |_| {})
            .await
            .unwrap();
        ws.allow_chat_samples(q, true).await.unwrap();
        ws.close().await;
        q
    };
    let ws = Workspace::open(home(dir.path())).await.unwrap();
    let chat = ws.chat(query).await.unwrap();
    assert_eq!(chat.len(), 2);
    assert_eq!(chat[1].suggestions[0].sql, "SELECT 42");
    assert_eq!(chat[1].sent.len(), 1, "what was sent is kept");
    let copy = ws.duplicate_query(query).await.unwrap();
    let copied = ws.chat(copy.id).await.unwrap();
    assert_eq!(
        copied.iter().map(|m| &m.content).collect::<Vec<_>>(),
        chat.iter().map(|m| &m.content).collect::<Vec<_>>()
    );
    assert!(ws.chat_samples_allowed(copy.id).await.unwrap());
    ws.clear_chat(query).await.unwrap();
    assert!(ws.chat(query).await.unwrap().is_empty());
    assert_eq!(
        ws.chat(copy.id).await.unwrap().len(),
        2,
        "the copy keeps its own"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_without_a_model_says_to_choose_one() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let q = ws.create_query(Some("Q"), "").await.unwrap().id;
    let e = ws
        .ask(q, "t", "hi", AskContext::default(), |_| {})
        .await
        .unwrap_err();
    assert!(e.to_string().contains("Settings"), "{e}");
    assert!(ws.chat(q).await.unwrap().is_empty(), "nothing stored");
}
