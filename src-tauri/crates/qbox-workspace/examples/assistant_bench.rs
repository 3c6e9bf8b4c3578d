//! The assistant's checks, measured: a fixed set of bad suggestions over the demo files and a
//! PostgreSQL schema, each proposed by a scripted OpenAI-compatible server and followed by its
//! scripted repair. Prints how many DuckDB caught before the editor and how many the repair
//! fixed, the time a check adds per suggestion, and the time from the provider sending its
//! first text to the workspace handing it on. Needs root (a throwaway PostgreSQL cluster) and
//! python3 (the scripted server).

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde_json::json;

use qbox_ai::{SqlCheck, TurnEvent};
use qbox_engine::{PostgresConfig, SslMode};
use qbox_testkit::openai;
use qbox_testkit::postgres;
use qbox_workspace::{AskContext, ConnectionSettings, Workspace, WorkspaceConfig};

/// (what kind of mistake, the bad suggestion, the scripted repair)
const CASES: &[(&str, &str, &str)] = &[
    (
        "column",
        "SELECT categry, count(*) FROM file_products GROUP BY categry",
        "SELECT category, count(*) FROM file_products GROUP BY category",
    ),
    (
        "column",
        "SELECT sum(amount) FROM file_orders",
        "SELECT sum(quantity) FROM file_orders",
    ),
    (
        "column",
        "SELECT customer_name FROM file_customers",
        "SELECT name FROM file_customers",
    ),
    (
        "column",
        "SELECT order_date FROM file_orders",
        "SELECT ordered_at FROM file_orders",
    ),
    (
        "column",
        "SELECT p.title FROM file_products p",
        "SELECT p.name FROM file_products p",
    ),
    (
        "column",
        "SELECT o.qty FROM file_orders o",
        "SELECT o.quantity FROM file_orders o",
    ),
    (
        "column",
        "SELECT city, count(*) FROM file_customers GROUP BY country",
        "SELECT city, count(*) FROM file_customers GROUP BY city",
    ),
    (
        "column",
        "SELECT signup_date FROM file_customers",
        "SELECT signed_up FROM file_customers",
    ),
    (
        "column",
        "SELECT total_amount FROM shop.public.invoices",
        "SELECT total FROM shop.public.invoices",
    ),
    (
        "column",
        "SELECT c.email FROM shop.public.customers c",
        "SELECT c.name FROM shop.public.customers c",
    ),
    ("table", "SELECT * FROM orders", "SELECT * FROM file_orders"),
    (
        "table",
        "SELECT * FROM products",
        "SELECT * FROM file_products",
    ),
    (
        "table",
        "SELECT * FROM file_order",
        "SELECT * FROM file_orders",
    ),
    (
        "table",
        "SELECT * FROM customers",
        "SELECT * FROM file_customers",
    ),
    (
        "table",
        "SELECT * FROM shop.public.invoice",
        "SELECT * FROM shop.public.invoices",
    ),
    (
        "table",
        "SELECT * FROM shop.public.clients",
        "SELECT * FROM shop.public.customers",
    ),
    (
        "table",
        "SELECT count(*) FROM file_sales",
        "SELECT count(*) FROM file_orders",
    ),
    (
        "table",
        "SELECT * FROM file_product p JOIN file_orders o USING (product_id)",
        "SELECT * FROM file_products p JOIN file_orders o USING (product_id)",
    ),
    (
        "qualification",
        "SELECT * FROM public.customers",
        "SELECT * FROM shop.public.customers",
    ),
    (
        "qualification",
        "SELECT * FROM shop.main.customers",
        "SELECT * FROM shop.public.customers",
    ),
    (
        "qualification",
        "SELECT * FROM qbox.public.file_orders",
        "SELECT * FROM qbox.main.file_orders",
    ),
    (
        "qualification",
        "SELECT * FROM shop.public.file_orders",
        "SELECT * FROM file_orders",
    ),
    (
        "qualification",
        "SELECT * FROM public.invoices",
        "SELECT * FROM shop.public.invoices",
    ),
    (
        "qualification",
        "SELECT * FROM memory.main.file_products",
        "SELECT * FROM file_products",
    ),
    (
        "function",
        "SELECT DATEADD(day, 7, ordered_at) FROM file_orders",
        "SELECT ordered_at + INTERVAL 7 DAY FROM file_orders",
    ),
    (
        "function",
        "SELECT NVL(city, '?') FROM file_customers",
        "SELECT coalesce(city, '?') FROM file_customers",
    ),
    ("function", "SELECT GETDATE()", "SELECT now()"),
    (
        "function",
        "SELECT TO_CHAR(ordered_at, 'YYYY-MM') FROM file_orders",
        "SELECT strftime(ordered_at, '%Y-%m') FROM file_orders",
    ),
    (
        "function",
        "SELECT DECODE(category, 'Audio', 1, 0) FROM file_products",
        "SELECT CASE category WHEN 'Audio' THEN 1 ELSE 0 END FROM file_products",
    ),
    (
        "function",
        "SELECT CHARINDEX('a', name) FROM file_products",
        "SELECT strpos(name, 'a') FROM file_products",
    ),
    (
        "function",
        "SELECT DATEDIFF(day, signed_up, current_date) FROM file_customers",
        "SELECT datediff('day', signed_up, current_date) FROM file_customers",
    ),
    (
        "quoting",
        "SELECT `name` FROM file_products",
        "SELECT name FROM file_products",
    ),
    (
        "quoting",
        "SELECT name FROM file_products WHERE category = \"Audio\"",
        "SELECT name FROM file_products WHERE category = 'Audio'",
    ),
    (
        "quoting",
        "SELECT count(*) FROM file_products GROUP BY \"category name\"",
        "SELECT category, count(*) FROM file_products GROUP BY category",
    ),
    (
        "quoting",
        "SELECT * FROM file_products WHERE category = 'Audio",
        "SELECT * FROM file_products WHERE category = 'Audio'",
    ),
    (
        "type",
        "SELECT ordered_at * 2 FROM file_orders",
        "SELECT ordered_at FROM file_orders",
    ),
    (
        "type",
        "SELECT * FROM file_orders WHERE ordered_at > 5",
        "SELECT * FROM file_orders WHERE ordered_at > TIMESTAMP '2024-05-01'",
    ),
    (
        "type",
        "SELECT price + name FROM file_products",
        "SELECT price, name FROM file_products",
    ),
    (
        "type",
        "SELECT avg(city) FROM file_customers",
        "SELECT count(DISTINCT city) FROM file_customers",
    ),
    (
        "type",
        "SELECT * FROM shop.public.invoices WHERE issued_at > 2024",
        "SELECT * FROM shop.public.invoices WHERE issued_at > TIMESTAMPTZ '2024-01-01'",
    ),
    (
        "DDL for a query",
        "DROP TABLE file_orders",
        "SELECT * FROM file_orders",
    ),
    (
        "DDL for a query",
        "DELETE FROM file_orders WHERE quantity = 0",
        "SELECT * FROM file_orders WHERE quantity = 0",
    ),
    (
        "DDL for a query",
        "CREATE TABLE top_products AS SELECT * FROM file_products",
        "SELECT * FROM file_products",
    ),
];

fn block(sql: &str) -> String {
    format!("Here it is:\n\n```sql\n{sql}\n```\n")
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let pg = postgres::PgServer::start();
    pg.sql(
        "postgres",
        "CREATE ROLE bench LOGIN PASSWORD 'bench'; CREATE DATABASE shop OWNER bench;",
    );
    pg.sql(
        "shop",
        "SET ROLE bench; \
         CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, city text); \
         CREATE TABLE invoices (id int PRIMARY KEY, customer_id int REFERENCES customers, \
                                total numeric(12,2), issued_at timestamptz);",
    );
    let dir = tempfile::tempdir().unwrap();
    let mut config = WorkspaceConfig::new(dir.path().join("home"));
    config.extension_repo = std::env::var_os("QBOX_EXTENSION_REPO").map(Into::into);
    config.demo_on_first_run = true;
    let ws = Workspace::open(config).await.unwrap();
    let settings = ConnectionSettings::Postgres(PostgresConfig {
        host: "127.0.0.1".into(),
        port: pg.port,
        database: "shop".into(),
        user: "bench".into(),
        ssl_mode: SslMode::Disable,
        allow_writes: false,
        schemas: Vec::new(),
    });
    ws.create_connection("Shop", settings, Some("bench".into()))
        .await
        .unwrap();
    let server = openai::OpenAiServer::start(&["--models", "bench"]).await;
    let mut s = ws.settings();
    s.ai.base_url = server.base_url();
    s.ai.model = "bench".into();
    s.ai.tools = false;
    ws.update_settings(s).await.unwrap();
    let query = ws.create_query(Some("Bench"), "").await.unwrap().id;
    for t in ["file_orders", "file_products", "shop.public.customers"] {
        ws.select_table(query, t).await.unwrap();
    }

    let (mut caught, mut refused, mut fixed) = (0, 0, 0);
    let mut missed = Vec::new();
    for (kind, bad, good) in CASES {
        ws.clear_chat(query).await.unwrap();
        // A suggestion that binds leaves its repair unasked: start each case afresh.
        server.reset().await;
        server
            .script(json!([{ "content": block(bad) }, { "content": block(good) }]))
            .await;
        let (_, reply) = ws
            .ask(
                query,
                "bench",
                "the question",
                AskContext::default(),
                |_| {},
            )
            .await
            .unwrap();
        let s = &reply.suggestions[0];
        let offered_as_is = s.repairs.is_empty()
            && matches!(
                s.check,
                SqlCheck::Valid {
                    changes_data: false,
                    ..
                }
            );
        let changes = matches!(
            s.check,
            SqlCheck::Valid {
                changes_data: true,
                ..
            }
        );
        if offered_as_is {
            missed.push(format!("{kind}: {bad} -> {:?}", s.check));
        } else {
            caught += 1;
        }
        if !s.repairs.is_empty() {
            refused += 1;
            if s.check.is_valid() && !changes {
                fixed += 1;
            } else {
                missed.push(format!("not repaired ({kind}): {bad} -> {:?}", s.check));
            }
        }
    }

    // What a check costs: every repaired statement on the demo files, bound 20 times.
    let engine = ws.engine().clone();
    let sandbox = engine.sandbox(&ws.catalog().await.unwrap()).unwrap();
    let demo: Vec<&str> = CASES
        .iter()
        .map(|c| c.2)
        .filter(|sql| !sql.contains("shop."))
        .collect();
    let mut per_check = Vec::new();
    for sql in &demo {
        for _ in 0..20 {
            let t = Instant::now();
            sandbox.check(sql).unwrap();
            per_check.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let worst = per_check.iter().cloned().fold(0.0, f64::max);

    // The provider's first text to the workspace's first Delta, 20 turns.
    let mut first = Vec::new();
    for i in 0..20 {
        server
            .script(json!([{ "chunks": ["First ", "words ", "of a reply."], "delay_ms": 20 }]))
            .await;
        let mut at = None;
        ws.ask(
            query,
            "ttft",
            &format!("hello {i}"),
            AskContext::default(),
            |e| {
                if at.is_none() && matches!(e, TurnEvent::Delta(_)) {
                    at = Some(
                        SystemTime::now()
                            .duration_since(UNIX_EPOCH)
                            .unwrap()
                            .as_secs_f64(),
                    );
                }
            },
        )
        .await
        .unwrap();
        let requests = server.requests().await;
        let sent = requests.last().unwrap()["first_delta_at"].as_f64().unwrap();
        first.push((at.unwrap() - sent) * 1000.0);
    }

    println!("| the assistant's checks ({} scripted bad suggestions, demo files + a PostgreSQL schema) | figure |", CASES.len());
    println!("| --- | --- |");
    println!("| caught by DuckDB before the editor (refused, or marked as changing data) | {caught} of {} |", CASES.len());
    println!("| of those DuckDB refused, fixed by the scripted repair (DuckDB's error and the real columns sent back) | {fixed} of {refused} |");
    println!(
        "| a check (parse + bind) on the demo schema, median / worst of {} | {:.2} / {:.2} ms |",
        per_check.len(),
        median(per_check.clone()),
        worst
    );
    println!(
        "| provider's first text → the workspace hands it on, median of 20 | {:.2} ms |",
        median(first)
    );
    for m in &missed {
        println!("  missed: {m}");
    }
    server.stop().await;
}
