//! A PostgreSQL server that accepts the connection and then never answers holds up nothing
//! else: while the attach waits for libpq's timeout, the catalog, a file drop, a local query and
//! the source list answer at once. Prints the figures.

use std::sync::Arc;
use std::time::{Duration, Instant};

use qbox_engine::ConnectionFailure;
use qbox_testkit::workspace::{config, postgres_on_loopback, rows};
use qbox_workspace::{AddOutcome, ConnectionStatus, Workspace};

/// Accepts connections on loopback and keeps them open without a byte in reply.
fn silent_server() -> (u16, std::sync::mpsc::Receiver<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (accepted, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in listener.incoming().flatten() {
            open.push(stream);
            let _ = accepted.send(());
        }
    });
    (port, rx)
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_that_never_answers_holds_up_nothing_else() {
    let (port, accepted) = silent_server();
    let dir = tempfile::tempdir().unwrap();
    let ws = Arc::new(Workspace::open(config(dir.path())).await.unwrap());
    let early = dir.path().join("early.csv");
    std::fs::write(&early, "n\n1\n2\n").unwrap();
    ws.add_path(&early, None).await.unwrap();

    let settings = postgres_on_loopback(port);
    let started = Instant::now();
    let attach = {
        let ws = ws.clone();
        tokio::spawn(async move {
            ws.create_connection("Silent", settings, Some("pw".into()))
                .await
        })
    };
    // From here on the attach is waiting for a reply that never comes.
    accepted
        .recv_timeout(Duration::from_secs(10))
        .expect("the attach reached the server");

    let t = Instant::now();
    let catalog = ws.catalog().await.unwrap();
    let catalog_ms = ms(t);
    assert!(
        catalog.iter().any(|t| t.name == "file_early"),
        "{catalog:?}"
    );

    let dropped = dir.path().join("dropped.csv");
    std::fs::write(&dropped, "n\n40\n").unwrap();
    let t = Instant::now();
    let outcomes = ws.add_paths(&[dropped]).await;
    let drop_ms = ms(t);
    assert!(
        matches!(&outcomes[..], [AddOutcome::Added { .. }]),
        "{outcomes:?}"
    );

    let t = Instant::now();
    let answer = rows(
        &ws,
        "SELECT sum(n) FROM (SELECT n FROM file_early UNION ALL SELECT n FROM file_dropped)",
    )
    .await;
    let query_ms = ms(t);
    assert_eq!(answer, vec![vec!["43"]]);

    let t = Instant::now();
    let sources = ws.sources().await.unwrap();
    let sources_ms = ms(t);
    assert_eq!(sources.len(), 2);

    // Everything above answered while the attach was still waiting on the server.
    assert!(
        !attach.is_finished(),
        "the attach ended before the other requests were measured, so they proved nothing"
    );
    let connection = attach.await.unwrap().unwrap();
    let attach_ms = ms(started);
    assert!(
        matches!(
            &connection.status,
            ConnectionStatus::Failed {
                reason: ConnectionFailure::HostUnreachable,
                ..
            }
        ),
        "{:?}",
        connection.status
    );
    println!(
        "while an attach waited {attach_ms:.0} ms on a server that never answers: \
         catalog {catalog_ms:.1} ms, file drop {drop_ms:.1} ms, local query {query_ms:.1} ms, \
         source list {sources_ms:.1} ms"
    );
}
