//! A workspace in a temp folder with the shipped extensions and secrets in memory, its results
//! as text rows, and loopback addresses that no server backs.

use std::path::Path;
use std::sync::Arc;

use qbox_workspace::{MemorySecrets, SecretStore, Workspace, WorkspaceConfig};

use crate::extensions::extension_repo;
use crate::rows::decode;

/// A runtime for tests that drive the workspace from plain (not async) code: property tests
/// and tests that manage child processes.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// No demo, the bundled extensions, secrets in memory.
pub fn config(dir: &Path) -> WorkspaceConfig {
    config_with(dir, Arc::new(MemorySecrets::default()))
}

/// As [`config`], with the given secret store (to keep one across two app sessions).
pub fn config_with(dir: &Path, secrets: Arc<dyn SecretStore>) -> WorkspaceConfig {
    let mut c = WorkspaceConfig::new(dir.join("home"));
    c.secrets = secrets;
    c.extension_repo = Some(extension_repo());
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
    decode(&bytes)
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
