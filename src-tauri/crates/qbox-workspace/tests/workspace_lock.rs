//! One process at a time has a workspace open: a second opener is refused before it touches
//! anything in the folder, and the workspace opens again once the first lets it go.

use qbox_testkit::extensions::extension_repo;
use qbox_testkit::workspace::rows;
use std::time::{Duration, Instant};

use qbox_workspace::{HeldBy, Holder, Workspace, WorkspaceConfig, WorkspaceError, WorkspaceLock};

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
    let Err(WorkspaceError::InUse { data_dir, by }) = second else {
        panic!("a second opener must be refused, got {:?}", second.err());
    };
    assert_eq!(data_dir, dir.path().join("home"));
    let pid = std::process::id();
    assert_eq!(
        by,
        Some(HeldBy {
            holder: Holder::App,
            pid
        }),
        "the lock file says who has it"
    );
    // Opening a workspace deletes the last session's results: the refused opener did not.
    assert!(
        scratch.exists(),
        "the open workspace's results are untouched"
    );
    assert!(matches!(
        WorkspaceLock::acquire(&dir.path().join("home"), Holder::App),
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
    let lock = std::sync::Arc::new(WorkspaceLock::acquire(&home, Holder::App).unwrap());
    let mut with_lock = config(dir.path());
    with_lock.lock = Some(lock.clone());
    let ws = runtime.block_on(Workspace::open(with_lock)).unwrap();
    drop(lock);
    // The workspace holds it still: nobody else can take it until the workspace is closed.
    assert!(matches!(
        WorkspaceLock::acquire(&home, Holder::App),
        Err(WorkspaceError::InUse { .. })
    ));
    drop(ws);
    WorkspaceLock::acquire(&home, Holder::App).expect("free once the workspace is closed");
}

#[test]
fn a_command_that_has_the_workspace_is_waited_for_and_the_app_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let command = WorkspaceLock::acquire(&home, Holder::Command).unwrap();
    let let_go = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(400));
        drop(command);
    });
    let started = Instant::now();
    let mut waited_for = Vec::new();
    let app = WorkspaceLock::wait(&home, Holder::App, Duration::from_secs(20), |by| {
        waited_for.push(*by)
    })
    .expect("the command let it go");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    let pid = std::process::id();
    assert_eq!(
        waited_for,
        [HeldBy {
            holder: Holder::Command,
            pid
        }],
        "told once, who"
    );
    let_go.join().unwrap();

    // The app does not end by itself: a command is refused at once, and told why.
    let started = Instant::now();
    let refused = WorkspaceLock::wait(&home, Holder::Command, Duration::from_secs(20), |_| {
        panic!("nobody waits for the app")
    })
    .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        refused.to_string(),
        format!(
            "QBox (process {pid}) has the workspace in {} open; close it and try again",
            home.display()
        )
    );
    drop(app);
}
