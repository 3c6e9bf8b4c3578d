#![allow(dead_code)] // shared by several test binaries, each using a part
//! A workspace in a temp folder with the shipped extensions, and its results as text rows.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{Array, RecordBatch};
use arrow::ipc::reader::StreamReader;
use qbox_workspace::{MemorySecrets, SecretStore, Workspace, WorkspaceConfig};

/// No demo, the bundled extensions, secrets in memory.
/// A runtime for tests that drive the workspace from plain (not async) code: property tests
/// and tests that manage child processes.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

pub fn config(dir: &Path) -> WorkspaceConfig {
    config_with(dir, Arc::new(MemorySecrets::default()))
}

/// As [`config`], with the given secret store (to keep one across two app sessions).
pub fn config_with(dir: &Path, secrets: Arc<dyn SecretStore>) -> WorkspaceConfig {
    let mut c = WorkspaceConfig::new(dir.join("home"));
    c.secrets = secrets;
    c.extension_repo = Some(
        std::env::var_os("QBOX_EXTENSION_REPO")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../resources/duckdb-extensions")
            }),
    );
    c.demo_on_first_run = false;
    c
}

/// Runs SQL and returns every row of its result as display strings (NULL as "NULL").
pub async fn rows(ws: &Workspace, sql: &str) -> Vec<Vec<String>> {
    let out = ws
        .run("t".into(), sql.into())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let info = out.into_result().expect("a result");
    let bytes = ws
        .window(info.id, 0, info.row_count, Default::default())
        .await
        .unwrap();
    let mut all = Vec::new();
    for batch in StreamReader::try_new(Cursor::new(bytes), None).unwrap() {
        let batch: RecordBatch = batch.unwrap();
        for r in 0..batch.num_rows() {
            all.push(
                batch
                    .columns()
                    .iter()
                    .map(|c| {
                        if c.is_null(r) {
                            return "NULL".to_string();
                        }
                        arrow::util::display::ArrayFormatter::try_new(
                            c.as_ref(),
                            &Default::default(),
                        )
                        .unwrap()
                        .value(r)
                        .to_string()
                    })
                    .collect(),
            );
        }
    }
    all
}

/// Every file below `dir`, for the checks that no secret reached the disk.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The files below `dir` with their contents, once the listing has stopped changing. A
/// workspace's databases finish closing on their own threads (SQLite's WAL is folded into its
/// file and removed, DuckDB checkpoints), so a file listed a moment ago can be gone; reading
/// only a settled listing checks what stays on disk, every file of it.
pub fn settled_files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let listing = |d: &Path| -> Vec<(PathBuf, u64)> {
        let mut files: Vec<_> = files_under(d)
            .into_iter()
            .map(|f| {
                let len = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(u64::MAX);
                (f, len)
            })
            .collect();
        files.sort();
        files
    };
    let mut last = listing(dir);
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let now = listing(dir);
        if now == last {
            return now
                .into_iter()
                .map(|(f, _)| {
                    let bytes = std::fs::read(&f)
                        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", f.display()));
                    (f, bytes)
                })
                .collect();
        }
        last = now;
    }
    panic!("the files under {} kept changing for 5 s", dir.display());
}

/// True when `needle` occurs in `haystack` byte for byte.
pub fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The ways a secret can be written down besides itself: JSON-escaped, SQL-quoted (quotes
/// doubled), URL-encoded. A leak check looks for each.
pub fn secret_forms(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap();
    let url: String = secret
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    let mut forms = vec![
        secret.to_string(),
        json[1..json.len() - 1].to_string(),
        secret.replace('\'', "''"),
        url,
    ];
    forms.dedup();
    forms
}

/// The first form of any of `secrets` that `haystack` holds.
pub fn leaked<'a>(haystack: &[u8], secrets: impl IntoIterator<Item = &'a str>) -> Option<String> {
    secrets
        .into_iter()
        .flat_map(secret_forms)
        .find(|form| holds(haystack, form.as_bytes()))
}

/// A loopback port nothing listens on (the listener that found it is gone).
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// PostgreSQL settings for a server on loopback at `port`, plain TCP, that no real server backs
/// (for the tests of failures and of what a waiting attach holds up).
pub fn postgres_on_loopback(port: u16) -> qbox_workspace::ConnectionSettings {
    qbox_workspace::ConnectionSettings::Postgres(qbox_engine::PostgresConfig {
        host: "127.0.0.1".into(),
        port,
        database: "shop".into(),
        user: "someone".into(),
        ssl_mode: qbox_engine::SslMode::Disable,
        allow_writes: false,
        schemas: Vec::new(),
    })
}

/// A listener on loopback that counts the connections made to it (for a minute at most): a
/// place no secret may reach.
pub fn loopback_counter() -> (u16, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::time::Instant::now() < until {
            match listener.accept() {
                Ok(_) => {
                    seen.fetch_add(1, Ordering::SeqCst);
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(5)),
            }
        }
    });
    (port, count)
}
