//! One process at a time has a workspace open: a second opener is refused before it touches
//! anything in the folder, and the workspace opens again once the first lets it go.

use qbox_testkit::extensions::extension_repo;
use qbox_testkit::workspace::rows;
use qbox_workspace::{Workspace, WorkspaceConfig, WorkspaceError, WorkspaceLock};

fn config(dir: &std::path::Path) -> WorkspaceConfig {
    let mut c = WorkspaceConfig::new(dir.join("home"));
    c.extension_repo = Some(extension_repo());
    c.demo_on_first_run = false;
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_opener_is_refused_before_it_touches_the_open_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let first = Workspace::open(config(dir.path())).await.unwrap();
    let out = first
        .run("r".into(), "select 41 + 1 as answer".into())
        .await
        .unwrap();
    let kept = out.into_result().unwrap();
    let scratch = dir.path().join("home/scratch/results.duckdb");
    assert!(
        scratch.exists(),
        "the open workspace keeps its results here"
    );

    let second = Workspace::open(config(dir.path())).await;
    let Err(WorkspaceError::InUse { data_dir }) = second else {
        panic!("a second opener must be refused, got {:?}", second.err());
    };
    assert_eq!(data_dir, dir.path().join("home"));
    // Opening a workspace deletes the last session's results: the refused opener did not.
    assert!(
        scratch.exists(),
        "the open workspace's results are untouched"
    );
    assert!(matches!(
        WorkspaceLock::acquire(&dir.path().join("home")),
        Err(WorkspaceError::InUse { .. })
    ));
    // The first one goes on as before.
    assert_eq!(first.result_status(kept.id).unwrap().rows, 1);
    assert_eq!(rows(&first, "select 1 + 1").await, [["2"]]);

    drop(first);
    let again = Workspace::open(config(dir.path())).await.unwrap();
    assert_eq!(rows(&again, "select 'open again'").await, [["open again"]]);
}

#[test]
fn a_lock_taken_ahead_is_the_one_the_workspace_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let runtime = qbox_testkit::workspace::runtime();
    let lock = std::sync::Arc::new(WorkspaceLock::acquire(&home).unwrap());
    let mut with_lock = config(dir.path());
    with_lock.lock = Some(lock.clone());
    let ws = runtime.block_on(Workspace::open(with_lock)).unwrap();
    drop(lock);
    // The workspace holds it still: nobody else can take it until the workspace is closed.
    assert!(matches!(
        WorkspaceLock::acquire(&home),
        Err(WorkspaceError::InUse { .. })
    ));
    drop(ws);
    WorkspaceLock::acquire(&home).expect("free once the workspace is closed");
}
