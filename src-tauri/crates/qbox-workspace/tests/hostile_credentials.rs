//! Hostile credentials and object keys against real servers: PostgreSQL logins whose generated
//! passwords hold quotes, backslashes, spaces, `;`, comment marks, line breaks, unicode and
//! very long runs log in (and a wrong one is refused without showing it); S3 objects whose
//! generated keys hold glob characters, spaces, quotes and unicode are read as exactly that
//! object beside decoys a pattern would also match, or refused clearly. Each prints its count.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

use qbox_engine::ident::quote_ident;
use qbox_engine::{ConnectionFailure, PostgresConfig, S3Config, SslMode};
use qbox_testkit::leaks::leaked;
use qbox_testkit::postgres::{ident, lit, PgServer};
use qbox_testkit::s3::S3Server;
use qbox_testkit::workspace::{config, rows, runtime};
use qbox_workspace::{ConnectionSettings, SecretInput, Workspace, WorkspaceError};

const PIECES: &[&str] = &[
    "'",
    "''",
    "\"",
    "\\",
    "\\'",
    ";",
    "--",
    "/*",
    "*/",
    " ",
    "\t",
    "\n",
    "$$",
    "%",
    "%25",
    "&",
    "=",
    "?",
    "*",
    "[",
    "]",
    "{",
    "}",
    "#",
    "@",
    ":",
    "+",
    ",",
    "é",
    "数据",
    "🔑",
    "\u{202E}",
    "\u{200B}",
    "password=x",
    "host=elsewhere",
    "' OR '1'='1",
];

/// Up to `pieces` hostile pieces or arbitrary characters; `allowed` filters the characters.
fn hostile(pieces: usize, allowed: fn(char) -> bool) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_string),
        2 => "[a-zA-Z0-9]{1,6}",
        1 => any::<char>().prop_map(String::from),
    ];
    prop_oneof![
        10 => prop::collection::vec(piece, 1..pieces),
        1 => Just(vec!["long'\\ ".repeat(120)]),
    ]
    .prop_map(move |p| {
        p.concat()
            .chars()
            .filter(|c| allowed(*c))
            .collect::<String>()
    })
    .prop_filter("not empty", |s| !s.is_empty())
}

const USER: &str = "hostile user";

fn postgres_settings(port: u16) -> ConnectionSettings {
    ConnectionSettings::Postgres(PostgresConfig {
        host: "127.0.0.1".into(),
        port,
        database: "postgres".into(),
        user: USER.into(),
        ssl_mode: SslMode::Disable,
        allow_writes: false,
        schemas: Vec::new(),
    })
}

#[test]
fn any_password_logs_in_and_a_wrong_one_is_refused_without_showing_it() {
    let pg = PgServer::start();
    pg.sql(
        "postgres",
        &format!("CREATE ROLE {} LOGIN PASSWORD 'start'", ident(USER)),
    );
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let ws = rt.block_on(Workspace::open(config(dir.path()))).unwrap();
    const CASES: u32 = 80;
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    // PostgreSQL keeps no NUL in a password. The tail makes each one distinct enough that
    // finding it in a message is a leak, not a coincidence (a password `:` is in any message).
    let passwords = hostile(12, |c| c != '\0').prop_map(|p| format!("{p}Kq7v"));
    proptest!(config, |(password in passwords)| {
        pg.sql(
            "postgres",
            &format!("ALTER ROLE {} PASSWORD {}", ident(USER), lit(&password)),
        );
        let right = rt.block_on(ws.test_connection(
            postgres_settings(pg.port),
            SecretInput::Set(password.clone()),
            None,
        ));
        prop_assert!(right.is_ok(), "{right:?}");
        let wrong = format!("{password}x");
        let refused = rt.block_on(ws.test_connection(
            postgres_settings(pg.port),
            SecretInput::Set(wrong.clone()),
            None,
        ));
        let Err(WorkspaceError::Engine(qbox_engine::EngineError::Connection { reason, message })) =
            refused
        else {
            return Err(TestCaseError::fail(format!("expected a refused login, got {refused:?}")));
        };
        prop_assert_eq!(reason, ConnectionFailure::AuthFailed);
        prop_assert_eq!(leaked(message.as_bytes(), [password.as_str(), wrong.as_str()]), None);
    });
    rt.block_on(ws.close());
    println!("hostile PostgreSQL passwords: {CASES} cases, 0 failures");
}

/// Objects beside each key that a pattern or a prefix would wrongly read too.
const DECOYS: &[&str] = &["a", "ab", "x", "[a]", "a*", "-", "n"];

#[test]
fn an_s3_object_is_read_as_exactly_that_key() {
    let server = S3Server::start();
    server.create_bucket("hostile");
    // S3 keys are UTF-8 of at most 1,024 bytes; control characters are left out (moto's XML
    // replies cannot carry them).
    let stems = {
        let strategy = hostile(8, |c| !c.is_control() && c != '/');
        let mut runner = TestRunner::default();
        (0..150)
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .map(|s: String| s.chars().take(200).collect::<String>())
            .collect::<Vec<_>>()
    };
    let mut keys: Vec<String> = stems.iter().map(|s| format!("k/{s}.csv")).collect();
    keys.sort();
    keys.dedup();
    let mut objects: Vec<(String, String)> = DECOYS
        .iter()
        .map(|d| (format!("k/{d}.csv"), "marker\ndecoy\n".to_string()))
        .collect();
    objects.extend(
        keys.iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), format!("marker\nmine {i}\n"))),
    );
    let listing: String = serde_json::to_string(&objects)
        .unwrap()
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect();
    server.boto(&format!(
        "import json\nfor key, body in json.loads(bytes.fromhex('{listing}').decode()):\n    s3.put_object(Bucket='hostile', Key=key, Body=body.encode())"
    ));

    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let ws = rt.block_on(Workspace::open(config(dir.path()))).unwrap();
    let settings = ConnectionSettings::S3(S3Config {
        bucket: "hostile".into(),
        region: "us-east-1".into(),
        endpoint: Some(server.endpoint()),
        path_style: true,
        use_ssl: false,
        access_key_id: Some("fixture".into()),
        credential_chain: false,
    });
    let c = rt
        .block_on(ws.create_connection("Hostile", settings, Some("fixture".into())))
        .unwrap();
    let mut misses = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let added = rt.block_on(ws.add_s3_objects(c.id, vec![key.clone()], false, None));
        // DuckDB reads what follows a `?` as options of the address, and finds no key with a
        // backslash: both are refused, saying which.
        let refusal = if key.contains('?') {
            Some("contains '?'")
        } else if key.contains('\\') {
            Some("contains a backslash")
        } else {
            None
        };
        if let Some(why) = refusal {
            match added {
                Err(e) if e.to_string().contains(why) => {}
                other => misses.push(format!("{key:?}: expected a refusal, got {other:?}")),
            }
            continue;
        }
        let view = match added {
            Ok(views) => views[0].0.clone(),
            Err(e) => {
                misses.push(format!("{key:?}: {e}"));
                continue;
            }
        };
        let (schema, name) = view.split_once('.').unwrap();
        let sql = format!(
            "SELECT marker FROM {}.{}",
            quote_ident(schema),
            quote_ident(name)
        );
        let got = rt.block_on(rows(&ws, &sql));
        if got != [[format!("mine {i}")]] {
            misses.push(format!("{key:?} read {got:?}"));
        }
    }
    rt.block_on(ws.close());
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
    println!("hostile S3 keys: {} cases, 0 failures", keys.len());
}
