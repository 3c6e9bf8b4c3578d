//! The assistant's turn and probe against a real HTTP server speaking the OpenAI protocol (the
//! scripted server). The catalog here is a small fake of the workspace's grounding, to test the
//! turn's own logic; the workspace's tests check the same flows against real DuckDB.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use qbox_ai::{
    probe, run_turn, AiError, CancellationToken, ColumnContext, Grounding, Provider,
    ProviderSettings, SqlCheck, TableContext, TurnEvent, TurnInput, TurnOutput,
};
use qbox_testkit::openai::OpenAiServer;

/// A catalog of one table, `file_sales(region VARCHAR, amount DOUBLE)`; SQL binds when every
/// word that looks like a column is one of those.
#[derive(Default)]
struct FakeCatalog {
    checked: Mutex<Vec<String>>,
}

fn sales() -> TableContext {
    TableContext {
        name: "file_sales".into(),
        kind: Some("view".into()),
        estimated_rows: Some(3),
        columns: ["region", "amount"]
            .iter()
            .map(|c| ColumnContext {
                name: c.to_string(),
                data_type: if *c == "amount" { "DOUBLE" } else { "VARCHAR" }.into(),
                nullable: true,
                primary_key: false,
                references: None,
            })
            .collect(),
    }
}

impl Grounding for FakeCatalog {
    async fn check_sql(&self, sql: &str) -> SqlCheck {
        self.checked.lock().unwrap().push(sql.to_string());
        if sql.contains("revenue") {
            SqlCheck::Invalid {
                error: "Binder Error: Referenced column \"revenue\" not found in FROM clause!"
                    .into(),
            }
        } else if sql.starts_with("DELETE") {
            SqlCheck::Valid {
                kind: "delete".into(),
                changes_data: true,
                effects: vec!["deletes rows".into()],
            }
        } else {
            SqlCheck::Valid {
                kind: "select".into(),
                changes_data: false,
                effects: vec![],
            }
        }
    }
    async fn describe_table(&self, name: &str) -> Result<TableContext, String> {
        if name == "file_sales" {
            Ok(sales())
        } else {
            Err(format!("no table named {name}"))
        }
    }
    async fn list_tables(&self, _filter: Option<&str>) -> Vec<String> {
        vec!["file_sales".into()]
    }
    async fn sample_values(&self, _table: &str, _column: &str) -> Result<Vec<String>, String> {
        Ok(vec!["north".into(), "south".into()])
    }
    async fn tables_named_in(&self, sql: &str) -> Vec<TableContext> {
        if sql.contains("file_sales") {
            vec![sales()]
        } else {
            vec![]
        }
    }
}

fn provider(server: &OpenAiServer, model: &str, key: Option<&str>) -> Provider {
    Provider::new(
        ProviderSettings {
            base_url: server.base_url(),
            model: model.into(),
            temperature: Some(0.1),
        },
        key.map(String::from),
    )
    .unwrap()
}

fn input(user: &str, tools: bool) -> TurnInput {
    TurnInput {
        system: "system prompt".into(),
        history: vec![],
        user: user.into(),
        tools,
        samples: false,
    }
}

async fn turn(
    server: &OpenAiServer,
    catalog: &FakeCatalog,
    input: TurnInput,
) -> (TurnOutput, Vec<TurnEvent>) {
    let mut events = Vec::new();
    let out = run_turn(
        &provider(server, "test-model", None),
        catalog,
        input,
        &CancellationToken::new(),
        &mut |e| events.push(e),
    )
    .await;
    (out, events)
}

fn deltas(events: &[TurnEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            TurnEvent::Delta(d) => Some(d.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn deltas_arrive_in_order_and_make_the_reply() {
    let server = OpenAiServer::start(&[]).await;
    let chunks = [
        "Sales ",
        "by ",
        "region:\n\n```sql\n",
        "SELECT region, ",
        "sum(amount) FROM file_sales GROUP BY ALL\n```\n",
    ];
    server.script(json!([{ "chunks": chunks }])).await;
    let (out, events) = turn(
        &server,
        &FakeCatalog::default(),
        input("sales by region", false),
    )
    .await;
    assert_eq!(deltas(&events), chunks);
    assert_eq!(out.content, chunks.concat());
    assert_eq!(out.error, None);
    assert_eq!(out.suggestions.len(), 1);
    assert_eq!(
        out.suggestions[0].sql,
        "SELECT region, sum(amount) FROM file_sales GROUP BY ALL"
    );
    assert!(out.suggestions[0].check.is_valid());
    assert!(events.contains(&TurnEvent::Checking));
    // What was sent is the body the server received.
    let bodies = server.chat_bodies().await;
    assert_eq!(bodies, out.sent);
    assert_eq!(
        bodies[0]["messages"][1],
        json!({"role":"user","content":"sales by region"})
    );
    assert_eq!(bodies[0]["stream"], json!(true));
}

#[tokio::test]
async fn stop_ends_the_stream_at_once_and_keeps_the_partial_reply() {
    let server = OpenAiServer::start(&[]).await;
    let chunks: Vec<String> = (0..40).map(|i| format!("word{i} ")).collect();
    server
        .script(json!([{ "chunks": chunks, "delay_ms": 100 }]))
        .await;
    let cancel = CancellationToken::new();
    let mut got = Vec::new();
    let started = Instant::now();
    let mut stopped_at = None;
    let out = run_turn(
        &provider(&server, "test-model", None),
        &FakeCatalog::default(),
        input("long", false),
        &cancel,
        &mut |e| {
            if let TurnEvent::Delta(d) = e {
                got.push(d);
                if got.len() == 3 {
                    cancel.cancel();
                    stopped_at = Some(Instant::now());
                }
            }
        },
    )
    .await;
    let after_stop = stopped_at.expect("three deltas").elapsed();
    assert!(out.stopped);
    assert_eq!(out.content, "word0 word1 word2 ");
    assert_eq!(got.len(), 3, "nothing arrives after Stop");
    println!(
        "stop: turn ended {:?} after Stop (the whole reply takes 4 s; {:?} in all)",
        after_stop,
        started.elapsed()
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the turn ended long before the reply would have"
    );
}

#[tokio::test]
async fn a_missing_column_is_caught_and_repaired_with_the_real_names() {
    let server = OpenAiServer::start(&[]).await;
    server
        .script(json!([
            { "content": "```sql\nSELECT region, sum(revenue) FROM file_sales GROUP BY region\n```" },
            { "content": "```sql\nSELECT region, sum(amount) FROM file_sales GROUP BY region\n```" }
        ]))
        .await;
    let (out, events) = turn(
        &server,
        &FakeCatalog::default(),
        input("revenue by region", false),
    )
    .await;
    let s = &out.suggestions[0];
    assert_eq!(
        s.sql,
        "SELECT region, sum(amount) FROM file_sales GROUP BY region"
    );
    assert!(s.check.is_valid());
    assert_eq!(s.repairs.len(), 1);
    assert!(s.repairs[0].error.contains("revenue"));
    assert!(s.proposed.contains("revenue"));
    assert!(events.contains(&TurnEvent::Repairing { index: 0, round: 1 }));
    let bodies = server.chat_bodies().await;
    assert_eq!(bodies.len(), 2);
    let ask = last_user_message(&bodies[1]);
    assert!(
        ask.contains("Referenced column \"revenue\" not found"),
        "{ask}"
    );
    assert!(
        ask.contains("file_sales (view, ~3 rows): region VARCHAR, amount DOUBLE"),
        "{ask}"
    );
    assert!(
        bodies[1].get("tools").is_none(),
        "a repair asks for SQL only"
    );
}

#[tokio::test]
async fn sql_that_cannot_be_repaired_is_never_valid() {
    let server = OpenAiServer::start(&[]).await;
    let bad = "```sql\nSELECT sum(revenue) FROM file_sales\n```";
    server
        .script(json!([{ "content": bad }, { "content": bad }, { "content": bad }]))
        .await;
    let catalog = FakeCatalog::default();
    let (out, _) = turn(&server, &catalog, input("revenue", false)).await;
    let s = &out.suggestions[0];
    assert!(matches!(&s.check, SqlCheck::Invalid { error } if error.contains("revenue")));
    assert_eq!(s.repairs.len(), 2, "two repair rounds, then it stops");
    assert_eq!(server.chat_bodies().await.len(), 3);
    assert_eq!(catalog.checked.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn a_data_changing_suggestion_is_marked() {
    let server = OpenAiServer::start(&[]).await;
    server
        .script(json!([{ "content": "```sql\nDELETE FROM file_sales\n```" }]))
        .await;
    let (out, _) = turn(&server, &FakeCatalog::default(), input("clear it", false)).await;
    assert_eq!(
        out.suggestions[0].check,
        SqlCheck::Valid {
            kind: "delete".into(),
            changes_data: true,
            effects: vec!["deletes rows".into()]
        }
    );
}

fn last_user_message(body: &Value) -> String {
    body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn tool_calls_are_answered_from_the_catalog() {
    let server = OpenAiServer::start(&[]).await;
    server
        .script(json!([
            { "tool_calls": [{ "name": "describe_table", "arguments": { "name": "file_sales" } },
                             { "name": "validate_sql", "arguments": { "sql": "SELECT revenue FROM file_sales" } }] },
            { "content": "```sql\nSELECT amount FROM file_sales\n```" }
        ]))
        .await;
    let (out, events) = turn(&server, &FakeCatalog::default(), input("amounts", true)).await;
    assert!(events.contains(&TurnEvent::Tool("describe_table file_sales".into())));
    assert!(out.suggestions[0].check.is_valid());
    let bodies = server.chat_bodies().await;
    assert_eq!(bodies.len(), 2);
    let names: Vec<&str> = bodies[0]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["function"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["list_tables", "describe_table", "validate_sql"],
        "no sample_values unless allowed"
    );
    let messages = bodies[1]["messages"].as_array().unwrap();
    let tool_answers: Vec<&str> = messages
        .iter()
        .filter(|m| m["role"] == "tool")
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(tool_answers.len(), 2);
    assert!(tool_answers[0].starts_with("file_sales (view, ~3 rows): region VARCHAR"));
    assert!(
        tool_answers[1].starts_with("error: Binder Error"),
        "{}",
        tool_answers[1]
    );
    let call = messages.iter().find(|m| m["role"] == "assistant").unwrap();
    assert_eq!(
        call["tool_calls"][0]["function"]["arguments"],
        r#"{"name": "file_sales"}"#
    );
    assert_eq!(messages[3]["tool_call_id"], call["tool_calls"][0]["id"]);
}

#[tokio::test]
async fn sample_values_are_offered_only_when_allowed() {
    let server = OpenAiServer::start(&[]).await;
    server
        .script(json!([
            { "tool_calls": [{ "name": "sample_values", "arguments": { "table": "file_sales", "column": "region" } }] },
            { "content": "ok" },
            { "tool_calls": [{ "name": "sample_values", "arguments": { "table": "file_sales", "column": "region" } }] },
            { "content": "ok" }
        ]))
        .await;
    let catalog = FakeCatalog::default();
    let _ = turn(&server, &catalog, input("regions", true)).await;
    let _ = turn(
        &server,
        &catalog,
        TurnInput {
            samples: true,
            ..input("regions", true)
        },
    )
    .await;
    let bodies = server.chat_bodies().await;
    let offered = |b: &Value| b["tools"].to_string().contains("sample_values");
    let answer = |b: &Value| {
        b["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["role"] == "tool")
            .map(|m| m["content"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert!(!offered(&bodies[0]));
    assert!(
        answer(&bodies[1]).starts_with("error: there is no tool"),
        "{}",
        answer(&bodies[1])
    );
    assert!(offered(&bodies[2]));
    assert_eq!(answer(&bodies[3]), "north\nsouth");
}

#[tokio::test]
async fn a_provider_that_refuses_tools_is_asked_again_without() {
    let server = OpenAiServer::start(&[]).await;
    server
        .script(
            json!([{ "status": 400, "error": "tools are not supported" }, { "content": "plain" }]),
        )
        .await;
    let (out, _) = turn(&server, &FakeCatalog::default(), input("hi", true)).await;
    assert!(out.tools_refused);
    assert_eq!(out.content, "plain");
    let bodies = server.chat_bodies().await;
    assert!(bodies[0].get("tools").is_some());
    assert!(bodies[1].get("tools").is_none());
}

#[tokio::test]
async fn a_server_error_is_retried_then_ends_the_turn_with_the_providers_message() {
    let server = OpenAiServer::start(&[]).await;
    // The client retries a 5xx three times (with backoff) before giving up.
    let overloaded = json!({ "status": 500, "error": "overloaded" });
    server
        .script(json!([overloaded, overloaded, overloaded, overloaded]))
        .await;
    let (out, _) = turn(&server, &FakeCatalog::default(), input("hi", false)).await;
    assert!(
        matches!(&out.error, Some(AiError::Provider { status: 500, message }) if message.contains("overloaded")),
        "{:?} {:?}",
        out.error,
        out.content
    );
    assert_eq!(server.chat_bodies().await.len(), 4);
}

#[tokio::test]
async fn the_key_goes_in_the_header_only() {
    let key = "sk-test-\"quoted\"\\key";
    let server = OpenAiServer::start(&["--api-key", key]).await;
    server.script(json!([{ "content": "hello" }])).await;
    let mut events = Vec::new();
    let out = run_turn(
        &provider(&server, "test-model", Some(key)),
        &FakeCatalog::default(),
        input("hi", false),
        &CancellationToken::new(),
        &mut |e| events.push(e),
    )
    .await;
    assert_eq!(out.error, None);
    let requests = server.requests().await;
    let authorization = requests[0]["headers"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.clone());
    assert_eq!(authorization, Some(json!(format!("Bearer {key}"))));
    let sent = serde_json::to_string(&out.sent).unwrap();
    for form in [
        key.to_string(),
        serde_json::to_string(key).unwrap(),
        key.replace('\'', "''"),
    ] {
        assert!(
            !sent.contains(form.trim_matches('"')),
            "the key is in what was sent"
        );
    }
}

#[tokio::test]
async fn test_tells_unreachable_refused_key_and_unknown_model_apart() {
    // Nothing listens on this port.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let nowhere = Provider::new(
        ProviderSettings {
            base_url: format!("http://127.0.0.1:{closed}/v1"),
            model: "m".into(),
            temperature: None,
        },
        None,
    )
    .unwrap();
    let e = probe(&nowhere).await.unwrap_err();
    assert!(matches!(e, AiError::Unreachable { .. }), "{e:?}");

    let server = OpenAiServer::start(&["--api-key", "right-key", "--models", "known"]).await;
    let e = probe(&provider(&server, "known", Some("wrong-key")))
        .await
        .unwrap_err();
    assert!(
        matches!(e, AiError::Unauthorized { status: 401, .. }),
        "{e:?}"
    );
    assert!(!e.to_string().contains("wrong-key"));

    let e = probe(&provider(&server, "missing", Some("right-key")))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, AiError::UnknownModel { model, .. } if model == "missing"),
        "{e:?}"
    );

    server
        .script(json!([{ "content": "OK" }, { "tool_calls": [{ "name": "ping" }] }]))
        .await;
    let report = probe(&provider(&server, "known", Some("right-key")))
        .await
        .unwrap();
    assert_eq!(report.models, ["known"]);
    assert!(report.model_listed && report.streaming && report.tool_calls);

    server
        .script(json!([{ "content": "OK" }, { "content": "I would rather not." }]))
        .await;
    let report = probe(&provider(&server, "known", Some("right-key")))
        .await
        .unwrap();
    assert!(report.streaming && !report.tool_calls);
    assert!(report.tool_problem.unwrap().contains("instead of calling"));

    server
        .script(json!([{ "content": "OK", "no_stream": true }]))
        .await;
    let e = probe(&provider(&server, "known", Some("right-key")))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("without streaming"), "{e}");
}
