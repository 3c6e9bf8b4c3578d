//! The point of QBox: a PostgreSQL table, an S3 Parquet object and a local CSV file joined in
//! one statement, each source real (a throwaway PostgreSQL cluster, moto's S3 server, a file).

use qbox_engine::{PostgresConfig, S3Config, SslMode};
use qbox_testkit::postgres;
use qbox_testkit::s3;
use qbox_testkit::workspace::{config, rows};
use qbox_workspace::{ConnectionSettings, ConnectionStatus, Workspace};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_s3_parquet_and_a_local_csv_in_one_query() {
    let pg = postgres::PgServer::start();
    pg.sql(
        "postgres",
        "CREATE ROLE crm LOGIN PASSWORD 'crm pw'; CREATE DATABASE crm OWNER crm;",
    );
    pg.sql(
        "crm",
        "SET ROLE crm; CREATE TABLE customers (id int PRIMARY KEY, name text); \
         INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Alan');",
    );
    let s3 = s3::S3Server::start();
    s3.create_bucket("warehouse");

    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    // The Parquet object is written by DuckDB itself, then uploaded through the S3 API.
    let pq = dir.path().join("orders.parquet");
    ws.run(
        "fixture".into(),
        format!(
            "COPY (SELECT * FROM (VALUES (1, 10.0), (1, 5.5), (2, 99.0), (3, 1.0)) t(customer_id, amount)) TO '{}' (FORMAT parquet)",
            pq.display()
        ),
    )
    .await
    .unwrap();
    s3.put(
        "warehouse",
        "orders/2024/orders.parquet",
        &std::fs::read(&pq).unwrap(),
    );
    let csv = dir.path().join("regions.csv");
    std::fs::write(&csv, "customer_id,region\n1,EU\n2,US\n3,EU\n").unwrap();
    ws.add_path(&csv, None).await.unwrap();

    let crm = ws
        .create_connection(
            "CRM",
            ConnectionSettings::Postgres(PostgresConfig {
                host: "127.0.0.1".into(),
                port: pg.port,
                database: "crm".into(),
                user: "crm".into(),
                ssl_mode: SslMode::Prefer,
                allow_writes: false,
                schemas: Vec::new(),
            }),
            Some("crm pw".into()),
        )
        .await
        .unwrap();
    let lake = ws
        .create_connection(
            "Warehouse",
            ConnectionSettings::S3(S3Config {
                bucket: "warehouse".into(),
                region: "us-east-1".into(),
                endpoint: Some(s3.endpoint()),
                path_style: true,
                use_ssl: false,
                access_key_id: Some("AKIA".into()),
                credential_chain: false,
            }),
            Some("warehouse secret".into()),
        )
        .await
        .unwrap();
    assert_eq!(crm.status, ConnectionStatus::Attached);
    assert_eq!(lake.status, ConnectionStatus::Attached);
    ws.add_s3_objects(
        lake.id,
        vec!["orders/2024/orders.parquet".into()],
        false,
        None,
    )
    .await
    .unwrap();

    let joined = rows(
        &ws,
        "SELECT r.region, count(DISTINCT c.id) AS customers, sum(o.amount)::VARCHAR AS revenue \
         FROM crm.public.customers c \
         JOIN warehouse.orders o ON o.customer_id = c.id \
         JOIN file_regions r ON r.customer_id = c.id \
         GROUP BY r.region ORDER BY r.region",
    )
    .await;
    assert_eq!(
        joined,
        vec![vec!["EU", "2", "16.5"], vec!["US", "1", "99.0"]]
    );
}
