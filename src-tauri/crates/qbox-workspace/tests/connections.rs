//! PostgreSQL connections against a real server (a throwaway cluster per test), with hostile
//! names and passwords, read-only attachment, a join with a local file, failures that name
//! their cause without the password, edits that apply at once, and no secret left in any file.

use qbox_engine::{ConnectionFailure, PostgresConfig, SslMode};
use qbox_testkit::leaks::{leaked, settled_files_under};
use qbox_testkit::postgres::{ident, lit, PgServer};
use qbox_testkit::workspace::{config, config_with, loopback_counter, rows};
use qbox_workspace::{
    ConnectionSettings, ConnectionStatus, SecretInput, Workspace, WorkspaceError,
};

/// A role name with quotes, a backslash, a space, `;` and unicode (PostgreSQL keeps 63 bytes).
const USER: &str = "o'brien \"x\"; \\ ü";
const SCHEMA: &str = "sales; dept's \"ü\"";
const TABLE: &str = "order items";

/// 300 characters with quotes, backslashes, spaces, `;` and unicode.
fn password() -> String {
    let mut p = String::from("pa'ss\"wo rd\\; DROP TABLE x; -- ü€🔑 ");
    while p.chars().count() < 300 {
        p.push('z');
    }
    p
}

fn fixtures(pg: &PgServer) {
    pg.sql(
        "postgres",
        &format!(
            "CREATE ROLE {u} LOGIN PASSWORD {p}; CREATE DATABASE shop OWNER {u};",
            u = ident(USER),
            p = lit(&password())
        ),
    );
    pg.sql(
        "shop",
        &format!(
            "SET ROLE {u};
             CREATE SCHEMA {s};
             CREATE TABLE {s}.{t} (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric(10,2));
             INSERT INTO {s}.{t} VALUES (1, 1, 12.50), (2, 2, 99.99), (3, 1, 0.01);
             CREATE VIEW public.big_orders AS SELECT * FROM {s}.{t} WHERE amount > 10;",
            u = ident(USER),
            s = ident(SCHEMA),
            t = ident(TABLE)
        ),
    );
}

fn settings(port: u16) -> ConnectionSettings {
    ConnectionSettings::Postgres(PostgresConfig {
        host: "127.0.0.1".into(),
        port,
        database: "shop".into(),
        user: USER.into(),
        ssl_mode: SslMode::Prefer,
        allow_writes: false,
        schemas: Vec::new(),
    })
}

fn qualified(identifier: &str) -> String {
    format!("{identifier}.{}.{}", ident(SCHEMA), ident(TABLE))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_names_attach_read_only_and_join_a_local_file() {
    let pg = PgServer::start();
    fixtures(&pg);
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();

    // A 300-character display name with quotes, `;` and unicode gives a plain 50-char SQL name.
    let name = format!("Shop DB 'prod'; ü {}", "x".repeat(300 - 18));
    assert_eq!(name.chars().count(), 300);
    let identifier = ws.connection_identifier(&name).await.unwrap();
    assert!(identifier.starts_with("shop_db_prod_u_xxx"), "{identifier}");
    assert!(identifier.len() <= 50);
    let c = ws
        .create_connection(&name, settings(pg.port), Some(password()))
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached);
    assert!(c.has_password);
    assert_eq!(c.identifier, identifier);

    // The table with hostile schema and table names, joined with a local CSV.
    let csv = dir.path().join("customers.csv");
    std::fs::write(&csv, "customer_id,name\n1,Ada\n2,Grace\n").unwrap();
    ws.add_path(&csv, None).await.unwrap();
    let joined = rows(
        &ws,
        &format!(
            "SELECT c.name, sum(o.amount)::VARCHAR FROM {} o JOIN file_customers c USING (customer_id) GROUP BY 1 ORDER BY 1",
            qualified(&identifier)
        ),
    )
    .await;
    assert_eq!(joined, vec![vec!["Ada", "12.51"], vec!["Grace", "99.99"]]);

    // PostgreSQL views are in the catalog next to the tables.
    let catalog = ws.catalog().await.unwrap();
    let pg_tables: Vec<(String, String)> = catalog
        .iter()
        .filter(|t| t.database == identifier)
        .map(|t| (t.schema.clone(), t.name.clone()))
        .collect();
    assert!(
        pg_tables.contains(&(SCHEMA.to_string(), TABLE.to_string())),
        "{pg_tables:?}"
    );
    assert!(
        pg_tables.contains(&("public".to_string(), "big_orders".to_string())),
        "{pg_tables:?}"
    );

    // Read-only unless writes are allowed.
    let err = ws
        .run(
            "w".into(),
            format!("INSERT INTO {} VALUES (4, 1, 1)", qualified(&identifier)),
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().to_lowercase().contains("read-only")
            || err.to_string().to_lowercase().contains("read only"),
        "{err}"
    );

    // A schema list limits what is listed: with one schema only it is attached at all.
    let mut one_schema = settings(pg.port);
    let ConnectionSettings::Postgres(p) = &mut one_schema else {
        unreachable!()
    };
    p.schemas = vec![SCHEMA.to_string()];
    let only = ws
        .create_connection("Shop sales only", one_schema, Some(password()))
        .await
        .unwrap();
    assert_eq!(only.status, ConnectionStatus::Attached, "{only:?}");
    let listed: Vec<(String, String)> = ws
        .catalog()
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.database == only.identifier)
        .map(|t| (t.schema, t.name))
        .collect();
    assert_eq!(listed, vec![(SCHEMA.to_string(), TABLE.to_string())]);

    // The same name again collides, with a message that says so.
    let err = ws.connection_identifier(&name).await.unwrap_err();
    assert!(matches!(err, WorkspaceError::InvalidName(_)), "{err:?}");
    for reserved in ["main", "Temp", "qbox", "  ", "!!!"] {
        assert!(
            ws.connection_identifier(reserved).await.is_err(),
            "{reserved}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_name_their_cause_and_never_the_password() {
    let pg = PgServer::start();
    fixtures(&pg);
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let wrong = format!("{}-wrong", password());

    let err = ws
        .test_connection(settings(pg.port), SecretInput::Set(wrong.clone()), None)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("refused the login"), "{text}");
    assert!(!text.contains(&wrong) && !text.contains("pa'ss"), "{text}");

    let mut missing_db = settings(pg.port);
    let ConnectionSettings::Postgres(p) = &mut missing_db else {
        unreachable!()
    };
    p.database = "no_such_db".into();
    let err = ws
        .test_connection(missing_db, SecretInput::Set(password()), None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no database named"), "{err}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let err = ws
        .test_connection(settings(port), SecretInput::Set(password()), None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("cannot reach"), "{err}");

    let mut tls = settings(pg.port);
    let ConnectionSettings::Postgres(p) = &mut tls else {
        unreachable!()
    };
    p.ssl_mode = SslMode::Require;
    let err = ws
        .test_connection(tls, SecretInput::Set(password()), None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("disagree on TLS"), "{err}");

    let ok = ws
        .test_connection(settings(pg.port), SecretInput::Set(password()), None)
        .await;
    assert!(ok.is_ok(), "{ok:?}");
    // A test leaves nothing attached behind.
    assert!(ws
        .catalog()
        .await
        .unwrap()
        .iter()
        .all(|t| t.database == "qbox"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sql_in_the_editor_cannot_borrow_a_stored_login() {
    let pg = PgServer::start();
    fixtures(&pg);
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let c = ws
        .create_connection("Shop", settings(pg.port), Some(password()))
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached, "{c:?}");

    // No DuckDB secret holds the login once the database is attached...
    assert_eq!(
        rows(
            &ws,
            "SELECT count(*) FROM duckdb_secrets() WHERE type = 'postgres'"
        )
        .await,
        vec![vec!["0"]]
    );
    // ...so typed SQL can neither log in to another host (here: another database) with it,
    // nor attach the database again without READ_ONLY.
    for borrow in [
        "ATTACH 'dbname=postgres' AS stolen (TYPE postgres, SECRET qbox_secret_shop)".to_string(),
        format!(
            "ATTACH 'host=127.0.0.1 port={} dbname=shop' AS writable (TYPE postgres)",
            pg.port
        ),
    ] {
        let err = ws.run("r".into(), borrow.clone()).await.unwrap_err();
        assert!(!err.to_string().contains(&password()), "{err}");
        let attached = rows(
            &ws,
            "SELECT count(*) FROM duckdb_databases() WHERE database_name IN ('stolen', 'writable')",
        )
        .await;
        assert_eq!(attached, vec![vec!["0"]], "{borrow} attached: {err}");
    }

    // postgres_execute on a connection without Allow writes is refused before DuckDB sees it,
    // however it is written: a CALL, a SELECT that ends the read-only transaction first, a
    // name in capitals, a name that is not a plain string.
    for write in [
        "CALL postgres_execute('shop', 'CREATE TABLE public.sneaky(i int)')",
        "/* x */ call postgres_execute('shop', 'CREATE TABLE public.sneaky(i int)')",
        "SELECT * FROM postgres_execute('shop', 'COMMIT; CREATE TABLE public.sneaky(i int)')",
        "SELECT * FROM POSTGRES_EXECUTE('SHOP', 'COMMIT; CREATE TABLE public.sneaky(i int)')",
        "WITH x AS (SELECT * FROM postgres_execute('sh' || 'op', 'COMMIT; CREATE TABLE public.sneaky(i int)')) SELECT * FROM x",
    ] {
        let err = ws.run("r".into(), write.into()).await.unwrap_err().to_string();
        assert!(err.contains("postgres_execute") && err.contains("refused"), "{write}: {err}");
    }
    let sneaky = rows(
        &ws,
        "SELECT count(*) FROM postgres_query('shop', 'SELECT 1 FROM pg_tables WHERE tablename = ''sneaky''')",
    )
    .await;
    assert_eq!(sneaky, vec![vec!["0"]], "a write reached the server");

    // The attachment keeps working: queries at once (its pool opens more sessions), and after
    // the server dropped every session of the role.
    let count = format!("SELECT count(*) FROM {}", qualified("shop"));
    let (a, b, c3, d) = tokio::join!(
        rows(&ws, &count),
        rows(&ws, &count),
        rows(&ws, &count),
        rows(&ws, &count)
    );
    assert_eq!(
        [a, b, c3, d],
        [
            vec![vec!["3"]],
            vec![vec!["3"]],
            vec![vec!["3"]],
            vec![vec!["3"]]
        ]
    );
    pg.sql(
        "postgres",
        &format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = {}",
            lit(USER)
        ),
    );
    assert_eq!(rows(&ws, &count).await, vec![vec!["3"]]);
    assert_eq!(
        rows(
            &ws,
            "SELECT count(*) FROM duckdb_secrets() WHERE type = 'postgres'"
        )
        .await,
        vec![vec!["0"]]
    );
}

/// The names of every table the catalog lists.
async fn catalog_names(ws: &Workspace) -> Vec<String> {
    ws.catalog()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect()
}

/// A server with the fixtures, and a workspace with it connected as "Shop".
async fn shop_connected() -> (PgServer, tempfile::TempDir, Workspace) {
    let pg = PgServer::start();
    fixtures(&pg);
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    ws.create_connection("Shop", settings(pg.port), Some(password()))
        .await
        .unwrap();
    (pg, dir, ws)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_stopped_mid_session_gives_a_clear_error_and_the_app_goes_on() {
    let (pg, dir, ws) = shop_connected().await;
    assert_eq!(
        rows(&ws, &format!("SELECT count(*) FROM {}", qualified("shop"))).await,
        vec![vec!["3"]]
    );
    pg.stop();
    let err = ws
        .run(
            "r".into(),
            format!("SELECT count(*) FROM {}", qualified("shop")),
        )
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("(shop) was lost: cannot reach"), "{text}");
    assert!(!text.contains(&password()), "{text}");
    let listed = ws.connections().await.unwrap();
    assert!(
        matches!(&listed[0].status, ConnectionStatus::Failed { reason: ConnectionFailure::HostUnreachable, message } if message.contains("cannot reach")),
        "{listed:?}"
    );
    // Local work is unaffected, and the catalog still lists the local views.
    let csv = dir.path().join("local.csv");
    std::fs::write(&csv, "a\n1\n").unwrap();
    ws.add_path(&csv, None).await.unwrap();
    assert_eq!(
        rows(&ws, "SELECT a + 41 FROM file_local").await,
        vec![vec!["42"]]
    );
    assert_eq!(catalog_names(&ws).await, ["file_local"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catalog_read_after_a_server_stopped_detaches_it_and_lists_the_rest() {
    let (pg, dir, ws) = shop_connected().await;
    let csv = dir.path().join("local.csv");
    std::fs::write(&csv, "a\n1\n").unwrap();
    ws.add_path(&csv, None).await.unwrap();
    assert!(
        ws.catalog().await.unwrap().len() > 1,
        "the server's tables are listed"
    );
    pg.stop();
    // Nothing cached: the catalog reads the server, which has gone (a typed ServerLost).
    ws.catalog_changed();
    assert_eq!(catalog_names(&ws).await, ["file_local"]);
    let listed = ws.connections().await.unwrap();
    assert!(
        matches!(
            &listed[0].status,
            ConnectionStatus::Failed {
                reason: ConnectionFailure::HostUnreachable,
                ..
            }
        ),
        "{listed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_apply_at_once_and_nothing_secret_reaches_a_file() {
    let pg = PgServer::start();
    fixtures(&pg);
    let dir = tempfile::tempdir().unwrap();
    // One keychain for both app sessions, as on a real machine.
    let secrets: std::sync::Arc<dyn qbox_workspace::SecretStore> =
        std::sync::Arc::new(qbox_workspace::MemorySecrets::default());
    let ws = Workspace::open(config_with(dir.path(), secrets.clone()))
        .await
        .unwrap();
    let wrong = "not-the-password-€".to_string();

    // Saved with a wrong password: kept, and shown as failed with the reason.
    let c = ws
        .create_connection("Shop", settings(pg.port), Some(wrong.clone()))
        .await
        .unwrap();
    let ConnectionStatus::Failed {
        reason: ConnectionFailure::AuthFailed,
        message: why,
    } = &c.status
    else {
        panic!("expected a refused login, got {:?}", c.status);
    };
    assert!(
        why.contains("refused the login") && !why.contains(&wrong),
        "{why}"
    );

    // The right password: re-attached at once, tables reachable; the SQL name never changes.
    let c = ws
        .update_connection(
            c.id,
            "Shop (renamed)",
            settings(pg.port),
            SecretInput::Set(password()),
        )
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached);
    assert_eq!(c.identifier, "shop");
    let count = rows(&ws, &format!("SELECT count(*) FROM {}", qualified("shop"))).await;
    assert_eq!(count, vec![vec!["3"]]);
    // Blank password field: the stored one is kept.
    let c = ws
        .update_connection(c.id, "Shop (renamed)", settings(pg.port), SecretInput::Keep)
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached);

    // A saved query that uses the table keeps it as a broken selection after the delete.
    let q = ws.create_query(Some("orders"), "select 1").await.unwrap();
    ws.select_table(q.id, &format!("shop.{SCHEMA}.{TABLE}"))
        .await
        .unwrap();

    // A restart attaches it again in the background.
    ws.close().await;
    drop(ws);
    let ws = Workspace::open(config_with(dir.path(), secrets.clone()))
        .await
        .unwrap();
    ws.connections_settled().await;
    let listed = ws.connections().await.unwrap();
    assert_eq!(listed[0].status, ConnectionStatus::Attached, "{listed:?}");
    let sel = ws.query_selections(q.id).await.unwrap();
    assert!(!sel[0].broken, "{sel:?}");

    ws.delete_connection(c.id).await.unwrap();
    assert!(ws.connections().await.unwrap().is_empty());
    let sel = ws.query_selections(q.id).await.unwrap();
    assert!(sel[0].broken, "{sel:?}");
    ws.close().await;
    drop(ws);

    // No secret in any file the app wrote: SQLite (with its WAL), DuckDB, logs.
    for (file, bytes) in settled_files_under(&dir.path().join("home")) {
        let (right, wrong) = (password(), wrong.clone());
        let found = leaked(&bytes, [right.as_str(), wrong.as_str()]);
        assert!(
            found.is_none(),
            "{} holds a secret: {found:?}",
            file.display()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_password_goes_only_to_the_server_it_was_saved_for_and_never_in_clear_text() {
    let pg = PgServer::start();
    fixtures(&pg);
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let c = ws
        .create_connection("Shop", settings(pg.port), Some(password()))
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached);

    // Another port (or host) with the password left blank: refused before anything connects.
    let (decoy, connections) = loopback_counter();
    let moved = settings(decoy);
    let err = ws
        .test_connection(moved.clone(), SecretInput::Keep, Some(c.id))
        .await
        .unwrap_err();
    assert!(
        matches!(err, WorkspaceError::SecretForAnotherPlace { .. })
            && err.to_string().contains("type it again"),
        "{err}"
    );
    let err = ws
        .update_connection(c.id, "Shop", moved, SecretInput::Keep)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains(&format!("127.0.0.1:{decoy}")),
        "{err}"
    );
    let ConnectionSettings::Postgres(mut other_host) = settings(pg.port) else {
        unreachable!()
    };
    other_host.host = "localhost".into();
    let err = ws
        .update_connection(
            c.id,
            "Shop",
            ConnectionSettings::Postgres(other_host.clone()),
            SecretInput::Keep,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, WorkspaceError::SecretForAnotherPlace { .. }),
        "{err}"
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(
        connections.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "the decoy server was reached"
    );
    // The saved connection is unchanged, and typing the password again moves it.
    assert_eq!(
        ws.connections().await.unwrap()[0].settings,
        settings(pg.port)
    );
    let c = ws
        .update_connection(
            c.id,
            "Shop",
            ConnectionSettings::Postgres(other_host),
            SecretInput::Set(password()),
        )
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached, "{:?}", c.status);
    // Edits that keep the server keep the password.
    let ConnectionSettings::Postgres(mut same) = c.settings.clone() else {
        unreachable!()
    };
    same.allow_writes = true;
    let c = ws
        .update_connection(
            c.id,
            "Shop",
            ConnectionSettings::Postgres(same),
            SecretInput::Keep,
        )
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached, "{:?}", c.status);
    // With Allow writes on, postgres_execute reaches the server.
    ws.run(
        "w".into(),
        "CALL postgres_execute('shop', 'CREATE TABLE public.allowed (i int)')".into(),
    )
    .await
    .unwrap();

    // A server that asks for the password in clear text never gets it.
    pg.sql(
        "postgres",
        "CREATE ROLE cleartext LOGIN PASSWORD 'plain-pw'; GRANT CONNECT ON DATABASE shop TO cleartext;",
    );
    pg.prepend_hba("host all cleartext 127.0.0.1/32 password");
    let ConnectionSettings::Postgres(mut clear) = settings(pg.port) else {
        unreachable!()
    };
    clear.user = "cleartext".into();
    let err = ws
        .test_connection(
            ConnectionSettings::Postgres(clear),
            SecretInput::Set("plain-pw".into()),
            None,
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("in clear text"), "{err}");
    assert!(!err.contains("plain-pw"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn table_details_come_from_metadata_and_remote_catalogs_are_cached() {
    let pg = PgServer::start();
    fixtures(&pg);
    pg.sql(
        "shop",
        &format!(
            "SET ROLE {u};
             CREATE TABLE public.customers (id int PRIMARY KEY, name varchar(40) NOT NULL);
             INSERT INTO public.customers SELECT g, 'c' || g FROM generate_series(1, 500) g;
             ALTER TABLE {s}.{t} ADD CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES public.customers (id);
             CREATE MATERIALIZED VIEW public.totals AS SELECT customer_id, sum(amount) AS total FROM {s}.{t} GROUP BY 1;
             ANALYZE public.customers;",
            u = ident(USER),
            s = ident(SCHEMA),
            t = ident(TABLE)
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    ws.create_connection("Shop", settings(pg.port), Some(password()))
        .await
        .unwrap();

    let orders = ws
        .table_details("shop".into(), SCHEMA.into(), TABLE.into())
        .await
        .unwrap();
    assert_eq!(orders.kind, Some(qbox_engine::RelationKind::Table));
    let col = |name: &str| {
        orders
            .columns
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .clone()
    };
    assert!(col("id").primary_key && !col("id").nullable);
    assert_eq!(col("amount").source_type.as_deref(), Some("numeric(10,2)"));
    assert_eq!(col("amount").data_type, "DECIMAL(10,2)");
    assert!(col("amount").nullable);
    assert_eq!(
        col("customer_id").references.as_deref(),
        Some("public.customers.id")
    );

    let customers = ws
        .table_details("shop".into(), "public".into(), "customers".into())
        .await
        .unwrap();
    assert_eq!(
        customers.estimated_rows,
        Some(500),
        "from pg_class.reltuples"
    );
    assert_eq!(
        customers.columns[1].source_type.as_deref(),
        Some("character varying(40)")
    );
    let totals = ws
        .table_details("shop".into(), "public".into(), "totals".into())
        .await
        .unwrap();
    assert_eq!(
        totals.kind,
        Some(qbox_engine::RelationKind::MaterializedView)
    );
    let view = ws
        .table_details("shop".into(), "public".into(), "big_orders".into())
        .await
        .unwrap();
    assert_eq!(view.kind, Some(qbox_engine::RelationKind::View));

    // System schemas are not listed; the materialized view is.
    let listed: Vec<(String, String)> = ws
        .catalog()
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.database == "shop")
        .map(|t| (t.schema, t.name))
        .collect();
    assert!(
        listed
            .iter()
            .all(|(s, _)| s != "pg_catalog" && s != "information_schema"),
        "{listed:?}"
    );
    assert!(
        listed.contains(&("public".into(), "totals".into())),
        "{listed:?}"
    );

    // The remote catalog is cached: a table dropped on the server stays listed until a refresh.
    pg.sql("shop", "DROP MATERIALIZED VIEW public.totals");
    let cached = ws.catalog().await.unwrap();
    assert!(cached
        .iter()
        .any(|t| t.database == "shop" && t.name == "totals"));
    ws.refresh_sources().await.unwrap();
    let fresh = ws.catalog().await.unwrap();
    assert!(!fresh
        .iter()
        .any(|t| t.database == "shop" && t.name == "totals"));

    // A local Parquet file's estimate comes from its footer.
    let pq = dir.path().join("numbers.parquet");
    ws.run(
        "w".into(),
        format!(
            "COPY (SELECT * FROM range(1234)) TO '{}' (FORMAT parquet)",
            pq.display()
        ),
    )
    .await
    .unwrap();
    ws.add_path(&pq, None).await.unwrap();
    let local = ws
        .table_details("qbox".into(), "main".into(), "file_numbers".into())
        .await
        .unwrap();
    assert_eq!(local.estimated_rows, Some(1234));
    assert_eq!(local.columns[0].name, "range");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn details_of_names_with_backslashes_hold_whatever_the_servers_string_setting() {
    let pg = PgServer::start();
    fixtures(&pg);
    // With standard_conforming_strings off, a plain '…' literal reads a backslash as an escape:
    // the names below would become other names, and their keys and types would be lost.
    let (schema, table) = (r"back\slash's", r"t\n ü");
    pg.sql(
        "shop",
        &format!(
            "SET ROLE {u}; CREATE SCHEMA {s}; CREATE TABLE {s}.{t} (id int PRIMARY KEY, v text NOT NULL);",
            u = ident(USER),
            s = ident(schema),
            t = ident(table)
        ),
    );
    pg.sql(
        "postgres",
        "ALTER DATABASE shop SET standard_conforming_strings = off",
    );
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let c = ws
        .create_connection("Shop", settings(pg.port), Some(password()))
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached, "{c:?}");
    let setting = rows(
        &ws,
        "SELECT * FROM postgres_query('shop', 'SELECT current_setting(''standard_conforming_strings'')')",
    )
    .await;
    assert_eq!(
        setting,
        vec![vec!["off"]],
        "the server reads backslashes as escapes"
    );
    let d = ws
        .table_details("shop".into(), schema.into(), table.into())
        .await
        .unwrap();
    assert_eq!(d.kind, Some(qbox_engine::RelationKind::Table), "{d:?}");
    let id = &d.columns[0];
    assert!(id.primary_key, "{d:?}");
    assert_eq!(id.source_type.as_deref(), Some("integer"));
    assert!(!d.columns[1].nullable, "{d:?}");
}
