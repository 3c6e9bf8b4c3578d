//! Catalog load time for a PostgreSQL database with 5,000 tables, with and without QBox's cache.
//! Starts a throwaway cluster (as the tests do; needs root and Debian's postgresql package).
//! Usage: catalog_bench [tables]

use std::time::Instant;

use qbox_engine::{PostgresConfig, SslMode};
use qbox_testkit::postgres;
use qbox_workspace::{ConnectionSettings, Workspace, WorkspaceConfig};

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let tables: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5000);
    let pg = postgres::PgServer::start();
    pg.sql(
        "postgres",
        "CREATE ROLE bench LOGIN PASSWORD 'bench'; CREATE DATABASE wide OWNER bench;",
    );
    let t = Instant::now();
    // In blocks of 500: one transaction holding thousands of new tables runs out of locks.
    let blocks: Vec<String> = (0..tables.div_ceil(500))
        .map(|b| {
            format!(
                "DO $$ BEGIN FOR i IN {}..{} LOOP \
                 EXECUTE format('CREATE TABLE public.t_%s (id int PRIMARY KEY, name text NOT NULL, amount numeric(12,2), \
                 created timestamptz, flag boolean, note varchar(200), qty int, price float8, code char(3), payload jsonb)', i); \
                 END LOOP; END $$;",
                b * 500 + 1,
                ((b + 1) * 500).min(tables)
            )
        })
        .collect();
    pg.sql("wide", &format!("SET ROLE bench;\n{}", blocks.join("\n")));
    eprintln!("created {tables} tables in {:.0} ms", ms(t));

    let dir = tempfile::tempdir().unwrap();
    let mut config = WorkspaceConfig::new(dir.path().join("home"));
    config.extension_repo = std::env::var_os("QBOX_EXTENSION_REPO").map(Into::into);
    config.demo_on_first_run = false;
    let ws = Workspace::open(config).await.unwrap();
    let settings = ConnectionSettings::Postgres(PostgresConfig {
        host: "127.0.0.1".into(),
        port: pg.port,
        database: "wide".into(),
        user: "bench".into(),
        ssl_mode: SslMode::Disable,
        allow_writes: false,
        schemas: Vec::new(),
    });
    ws.create_connection("Wide", settings, Some("bench".into()))
        .await
        .unwrap();

    let t = Instant::now();
    let listed = ws.catalog().await.unwrap();
    let cold = ms(t);
    assert_eq!(
        listed.iter().filter(|t| t.database == "wide").count(),
        tables
    );
    let t = Instant::now();
    ws.catalog().await.unwrap();
    let cached = ms(t);
    ws.catalog_changed();
    let t = Instant::now();
    ws.catalog().await.unwrap();
    let extension_warm = ms(t);
    let t = Instant::now();
    ws.refresh_sources().await.unwrap();
    ws.catalog().await.unwrap();
    let refreshed = ms(t);
    let t = Instant::now();
    let d = ws
        .table_details("wide".into(), "public".into(), "t_4321".into())
        .await
        .unwrap();
    let details_cold = ms(t);
    assert_eq!(d.columns.len(), 10);
    let t = Instant::now();
    ws.table_details("wide".into(), "public".into(), "t_4321".into())
        .await
        .unwrap();
    let details_cached = ms(t);

    println!("| catalog of a PostgreSQL database with {tables} tables × 10 columns | time |");
    println!("| --- | --- |");
    println!("| first load (attach just made) | {cold:.0} ms |");
    println!("| again, from QBox's cache (moka, 5 min) | {cached:.2} ms |");
    println!("| QBox cache dropped, DuckDB's postgres schema cache still warm | {extension_warm:.0} ms |");
    println!("| manual refresh (both caches dropped, read from the server) | {refreshed:.0} ms |");
    println!("| one table's details (types, keys, estimate), first / cached | {details_cold:.1} / {details_cached:.2} ms |");
}
