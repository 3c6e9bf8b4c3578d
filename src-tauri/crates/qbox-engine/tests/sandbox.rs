//! The assistant's check binds SQL where it can reach nothing but the catalog: the probes an
//! attacker would send (a local file, `read_text`, `glob`, a loopback URL, `getenv`, the
//! secrets and settings tables) read nothing, reach nothing, and what comes back says no more
//! than the catalog does. What a statement does is told from what it binds.

use std::io::Read;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use qbox_engine::{Effect, StatementKind};

const HEADER_TOKEN: &str = "tok3n_from_the_header";
const SECOND_LINE: &str = "line_two_secret_value";
const SECRET_NAME: &str = "leaky_secret_name";
const SECRET_KEY_ID: &str = "AKIALEAKYKEYID";

/// Counts the connections a listener on loopback accepts until it is dropped.
struct Listener {
    port: u16,
    accepted: Arc<AtomicUsize>,
}

fn listen() -> Listener {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        let until = Instant::now() + Duration::from_secs(120);
        while Instant::now() < until {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    count.fetch_add(1, Ordering::SeqCst);
                    let mut buf = [0u8; 512];
                    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
                    let _ = stream.read(&mut buf);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    Listener { port, accepted }
}

/// Runs each statement on the live engine, which the sandbox is then made from.
fn setup(t: &qbox_testkit::engine::TestEngine, statements: &[&str]) {
    for sql in statements {
        t.engine
            .run("setup", sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

#[derive(Debug)]
enum Expect {
    /// Not bound: it reaches beyond the catalog.
    Outside,
    /// Bound, and marked as doing more than reading the catalog.
    Marked,
    /// DuckDB refused it.
    Refused,
    Either,
}

#[test]
fn a_check_reads_no_file_reaches_no_url_and_says_no_more_than_the_catalog() {
    let t = qbox_testkit::engine::engine();
    let secret_file = t.write(
        "private/credentials.csv",
        format!("{HEADER_TOKEN},b\n{SECOND_LINE},2\n"),
    );
    let secret_path = secret_file.to_string_lossy().into_owned();
    let folder = secret_file.parent().unwrap().to_string_lossy().into_owned();
    let data_dir = t.dir.path().to_string_lossy().into_owned();
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    setup(
        &t,
        &[
            "CREATE TABLE people (name VARCHAR, age INTEGER)",
            "ATTACH ':memory:' AS shop",
            "CREATE SCHEMA shop.public",
            "CREATE TABLE shop.public.orders (id INTEGER, amount DECIMAL(10,2))",
        ],
    );
    t.engine
        .run(
            "setup",
            &format!(
                "CREATE SECRET {SECRET_NAME} (TYPE s3, KEY_ID '{SECRET_KEY_ID}', SECRET 'shh', SCOPE 's3://leaky')"
            ),
        )
        .unwrap();
    let server = listen();
    let url = format!("http://127.0.0.1:{}/leak?d=x", server.port);
    let catalog = t.engine.catalog().unwrap();
    let sandbox = t.engine.sandbox(&catalog).unwrap();

    // Each probe with what the check must answer: not bound (it reaches a file, a URL or a
    // server), refused by DuckDB with the catalog's words, or either, as long as nothing leaks.
    use Expect::*;
    let probes = [
        (format!("SELECT zzz FROM read_csv('{secret_path}', header=true)"), Outside),
        (format!("SELECT zzz FROM read_csv('{secret_path}', header=true, skip=1)"), Outside),
        (format!("SELECT zzz FROM '{secret_path}'"), Outside),
        (format!("SELECT zzz FROM read_text('{secret_path}')"), Outside),
        (format!("SELECT * FROM range(CAST((SELECT content FROM read_text('{secret_path}')) AS INTEGER))"), Outside),
        (format!("SELECT zzz FROM glob('{folder}/*')"), Outside),
        (format!("SELECT zzz FROM read_csv('{url}')"), Outside),
        (format!("SELECT zzz FROM read_parquet('{url}')"), Outside),
        (format!("SELECT * FROM sniff_csv('{secret_path}')"), Marked),
        ("SELECT getenv('HOME')".to_string(), Refused),
        ("SELECT * FROM range(CAST(getenv('HOME') AS INTEGER))".to_string(), Refused),
        ("SELECT zzz FROM duckdb_secrets()".to_string(), Refused),
        ("SELECT * FROM range(CAST((SELECT name FROM duckdb_secrets() LIMIT 1) AS INTEGER))".to_string(), Either),
        ("SELECT zzz FROM duckdb_settings()".to_string(), Refused),
        ("SELECT * FROM range(CAST(current_setting('temp_directory') AS INTEGER))".to_string(), Refused),
        ("SELECT * FROM range(CAST(current_setting('secret_directory') AS INTEGER))".to_string(), Refused),
        ("SELECT * FROM range(CAST(current_setting('extension_directory') AS INTEGER))".to_string(), Refused),
        ("SELECT * FROM range(CAST(current_setting('home_directory') AS INTEGER))".to_string(), Refused),
        ("SELECT * FROM range(CAST((SELECT path FROM duckdb_databases() WHERE path IS NOT NULL LIMIT 1) AS INTEGER))".to_string(), Either),
        (format!("COPY people TO '{data_dir}/out.csv'"), Either),
        (format!("ATTACH '{data_dir}/other.duckdb' AS other"), Marked),
        ("SET enable_external_access = true".to_string(), Marked),
    ];
    let mut answers = Vec::new();
    let mut times = Vec::new();
    for (probe, expect) in &probes {
        let started = Instant::now();
        let answer = sandbox.check(probe);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        let text = match &answer {
            Ok(statements) => format!("{statements:?}"),
            Err(e) => e.to_string(),
        };
        for leak in [
            HEADER_TOKEN,
            SECOND_LINE,
            SECRET_NAME,
            SECRET_KEY_ID,
            &data_dir,
            &home,
        ] {
            assert!(
                !text.contains(leak) || probe.contains(leak),
                "{probe} told {leak:?}: {text}"
            );
        }
        match (expect, &answer) {
            (Outside, Ok(statements)) => assert!(
                statements
                    .iter()
                    .any(|s| s.kind.is_none() && !s.effects.is_empty()),
                "{probe} was bound: {text}"
            ),
            (Marked, Ok(statements)) => assert!(
                statements.iter().all(|s| !s.only_reads()),
                "{probe} passed as reading only the catalog: {text}"
            ),
            (Refused, Err(qbox_engine::EngineError::Sql(_))) => {}
            (Either, Ok(_) | Err(qbox_engine::EngineError::Sql(_))) => {}
            _ => panic!("{probe}: expected {expect:?}, got {text}"),
        }
        answers.push(format!("{probe}\n    -> {text}"));
    }
    std::thread::sleep(Duration::from_millis(300));
    let requests = server.accepted.load(Ordering::SeqCst);
    times.sort_by(f64::total_cmp);
    println!(
        "sandbox probes: {} probes, {requests} requests to the loopback listener, check median {:.2} ms, worst {:.2} ms\n{}",
        probes.len(),
        times[times.len() / 2],
        times[times.len() - 1],
        answers.join("\n")
    );
    assert_eq!(requests, 0, "a check reached the loopback listener");

    // The live engine still is a full DuckDB for the user's own SQL.
    let live = t.first_column(&format!("SELECT count(*) FROM read_csv('{secret_path}')"));
    assert_eq!(live, ["1"]);
}

#[test]
fn the_sandbox_answers_as_the_catalog_does() {
    let t = qbox_testkit::engine::engine();
    setup(
        &t,
        &[
            "CREATE TABLE people (name VARCHAR, age INTEGER, mood ENUM('calm', 'it''s fine'))",
            "CREATE SCHEMA lake",
            "CREATE VIEW lake.\"order\" AS SELECT 1 AS \"select\", [1, 2] AS list, {'a': 1} AS s",
            "ATTACH ':memory:' AS shop",
            "CREATE SCHEMA shop.public",
            "CREATE TABLE shop.public.orders (id INTEGER, amount DECIMAL(10,2))",
        ],
    );
    let sandbox = t.engine.sandbox(&t.engine.catalog().unwrap()).unwrap();
    for query in [
        "SELECT name, age, mood FROM people WHERE mood = 'calm'",
        "SELECT * FROM qbox.main.people",
        "SELECT \"select\", list[1], s.a FROM lake.\"order\"",
        "SELECT o.amount * 2 FROM shop.public.orders o JOIN people p ON p.age = o.id",
        "SELECT * FROM range(3), duckdb_tables()",
        // DuckDB binds these as two statements (the ENUM of the values, then the query). The
        // stand-ins hold no values: a PIVOT that leaves no other column selects nothing here.
        "PIVOT people ON name USING avg(age)",
        "PIVOT shop.public.orders ON amount USING count(*)",
    ] {
        let statements = sandbox
            .check(query)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        assert!(
            statements.iter().all(|s| s.only_reads()),
            "{query}: {statements:?}"
        );
    }
    let unknown = sandbox
        .check("SELECT zzz FROM people")
        .unwrap_err()
        .to_string();
    assert!(
        unknown.contains("zzz") && ["name", "age", "mood"].iter().any(|c| unknown.contains(c)),
        "{unknown}"
    );
    let pivot = sandbox
        .check("PIVOT people ON zzz USING avg(age)")
        .unwrap_err()
        .to_string();
    assert!(pivot.contains("zzz"), "{pivot}");
    let later = sandbox
        .check("CREATE TABLE t (x INTEGER); SELECT * FROM t")
        .unwrap_err()
        .to_string();
    assert!(
        later.contains("Table with name t does not exist"),
        "{later}"
    );
    // Binding made nothing in the sandbox: the table is still unknown afterwards.
    assert!(sandbox.check("SELECT * FROM t").is_err());
}

#[test]
fn what_a_statement_does_is_told_from_what_it_binds() {
    let t = qbox_testkit::engine::engine();
    let file = t.write("data.csv", "a,b\n1,2\n");
    let path = file.to_string_lossy().into_owned();
    setup(
        &t,
        &[
            "CREATE TABLE people (name VARCHAR)",
            "ATTACH ':memory:' AS shop",
            "CREATE SCHEMA shop.public",
            "CREATE TABLE shop.public.orders (id INTEGER)",
        ],
    );
    let sandbox = t.engine.sandbox(&t.engine.catalog().unwrap()).unwrap();
    let effects = |sql: &str| {
        let statements = sandbox.check(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        (
            statements.iter().map(|s| s.kind).collect::<Vec<_>>(),
            statements
                .iter()
                .flat_map(|s| s.effects.clone())
                .collect::<Vec<_>>(),
        )
    };

    let (kinds, found) =
        effects("SELECT * FROM postgres_execute('shop', 'COMMIT; DROP TABLE orders')");
    assert_eq!(kinds, [None], "not bound: the sandbox reaches no server");
    assert_eq!(
        found,
        [Effect::RunsOnServer {
            function: "postgres_execute".into(),
            database: Some("shop".into()),
            writes: true
        }]
    );
    assert_eq!(
        found[0].to_string(),
        "runs SQL on the PostgreSQL server of shop through postgres_execute, which can change its data"
    );
    let (kinds, found) = effects(&format!(
        "SELECT count(*) FROM read_csv('{path}') JOIN people ON true"
    ));
    assert_eq!(kinds, [None]);
    assert!(
        matches!(&found[..], [Effect::ReadsFiles { function: Some(f), .. }] if f == "read_csv"),
        "{found:?}"
    );
    let (kinds, found) = effects(&format!("SELECT * FROM sniff_csv('{path}')"));
    assert_eq!(
        kinds,
        [Some(StatementKind::Select)],
        "binds, and reads a file when it runs"
    );
    assert!(
        matches!(&found[..], [Effect::ReadsFiles { .. }]),
        "{found:?}"
    );
    let (_, found) = effects("SELECT * FROM query('SELECT 1')");
    assert_eq!(found, [Effect::RunsText]);
    let (kinds, found) = effects("DELETE FROM people");
    assert_eq!(kinds, [Some(StatementKind::Delete)]);
    assert_eq!(found, [Effect::Statement(StatementKind::Delete)]);
    let (_, found) = effects(&format!("COPY people TO '{path}.out'"));
    assert!(!found.is_empty(), "COPY does more than read");
    let (kinds, found) = effects("SELECT * FROM people; SELECT 1");
    assert_eq!(kinds, [Some(StatementKind::Select); 2]);
    assert!(found.is_empty());
}
