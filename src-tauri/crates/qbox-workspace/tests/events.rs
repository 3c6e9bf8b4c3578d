//! The workspace announces what changed, once per change, on one stream.

use std::time::Duration;

use tokio::sync::broadcast::Receiver;

use qbox_engine::ConnectionFailure;
use qbox_testkit::workspace::{closed_port, config, postgres_on_loopback};
use qbox_workspace::{ConnectionStatus, Workspace, WorkspaceEvent};

/// Every event already sent, without waiting for more.
fn drain(rx: &mut Receiver<WorkspaceEvent>) -> Vec<WorkspaceEvent> {
    let mut out = Vec::new();
    while let Ok(e) = rx.try_recv() {
        out.push(e);
    }
    out
}

async fn next(rx: &mut Receiver<WorkspaceEvent>) -> WorkspaceEvent {
    tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("an event within 20 s")
        .expect("the stream is open")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_changes_are_announced_once_per_action() {
    use WorkspaceEvent::{CatalogChanged, SourcesChanged};
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let mut rx = ws.subscribe();
    let paths: Vec<_> = (0..4)
        .map(|i| {
            let p = dir.path().join(format!("f{i}.csv"));
            std::fs::write(&p, "a\n1\n").unwrap();
            p
        })
        .collect();

    // Four files dropped at once: one announcement, not four.
    ws.add_paths(&paths).await;
    assert_eq!(drain(&mut rx), [SourcesChanged, CatalogChanged]);

    let id = ws.sources().await.unwrap()[0].id;
    ws.rename_source(id, "renamed").await.unwrap();
    assert_eq!(drain(&mut rx), [SourcesChanged, CatalogChanged]);
    ws.remove_source(id).await.unwrap();
    assert_eq!(drain(&mut rx), [SourcesChanged, CatalogChanged]);

    // Reading changes nothing; DDL changes the catalog; a failed drop announces nothing.
    // What a statement is comes from DuckDB, not from its first word.
    for read in [
        "SELECT * FROM file_f1",
        "/* report */ FROM file_f1",
        "(SELECT 1)",
        "SET threads = 2; EXPLAIN SELECT 1",
    ] {
        ws.run("r".into(), read.into()).await.unwrap();
    }
    ws.sources().await.unwrap();
    assert_eq!(drain(&mut rx), []);
    ws.run("r".into(), "CREATE TABLE t AS SELECT 1 AS x".into())
        .await
        .unwrap();
    assert_eq!(drain(&mut rx), [CatalogChanged]);
    ws.run(
        "r".into(),
        "-- load\nWITH v AS (SELECT 2 AS x) INSERT INTO t SELECT x FROM v".into(),
    )
    .await
    .unwrap();
    assert_eq!(drain(&mut rx), [CatalogChanged]);
    ws.add_paths(&[dir.path().join("missing.csv")]).await;
    assert_eq!(drain(&mut rx), []);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_announces_each_status_with_its_typed_failure() {
    let port = closed_port();
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let mut rx = ws.subscribe();
    let settings = postgres_on_loopback(port);
    let c = ws
        .create_connection("Closed", settings, None)
        .await
        .unwrap();
    assert_eq!(
        next(&mut rx).await,
        WorkspaceEvent::ConnectionStatusChanged {
            id: c.id,
            status: ConnectionStatus::Connecting
        }
    );
    match next(&mut rx).await {
        WorkspaceEvent::ConnectionStatusChanged {
            id,
            status:
                ConnectionStatus::Failed {
                    reason: ConnectionFailure::HostUnreachable,
                    message,
                },
        } if id == c.id => assert!(message.contains("cannot reach"), "{message}"),
        other => panic!("expected the typed failure, got {other:?}"),
    }
    assert_eq!(next(&mut rx).await, WorkspaceEvent::CatalogChanged);
    assert_eq!(c.status, ws.connections().await.unwrap()[0].status);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_querys_parts_are_announced_by_the_operation_that_changes_them() {
    use qbox_workspace::QueryPart::{Runs, Selections, Versions};
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("sales.csv");
    std::fs::write(&csv, "amount\n5\n").unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    ws.add_path(&csv, None).await.unwrap();
    let q = ws.create_query(None, "").await.unwrap();
    let mut rx = ws.subscribe();
    let changed = |part| WorkspaceEvent::QueryChanged { id: q.id, part };

    let sel = ws.select_table(q.id, "file_sales").await.unwrap();
    assert_eq!(drain(&mut rx), [changed(Selections)]);
    ws.unselect_table(sel.id).await.unwrap();
    assert_eq!(drain(&mut rx), [changed(Selections)]);
    // Typing saves quietly; a checkpoint makes a version, and a restore another.
    ws.save_query_sql(q.id, "select 1", false).await.unwrap();
    assert_eq!(drain(&mut rx), []);
    ws.save_query_sql(q.id, "select 2", true).await.unwrap();
    assert_eq!(drain(&mut rx), [changed(Versions)]);
    let version = ws.query_versions(q.id).await.unwrap()[0].id;
    ws.restore_version(q.id, version).await.unwrap();
    assert_eq!(drain(&mut rx), [changed(Versions)]);
    // A run is logged, a failed one too.
    ws.run_for_query(q.id, "r".into(), "select 1".into(), Default::default())
        .await
        .unwrap();
    assert_eq!(drain(&mut rx), [changed(Runs)]);
    ws.run_for_query(q.id, "r".into(), "selec".into(), Default::default())
        .await
        .unwrap_err();
    assert_eq!(drain(&mut rx), [changed(Runs)]);
    // A streamed result's row count, logged once kept, is announced again when it is.
    ws.run_for_query(
        q.id,
        "r".into(),
        "select range from range(3000000)".into(),
        Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(next(&mut rx).await, changed(Runs));
    assert_eq!(next(&mut rx).await, changed(Runs));
}
