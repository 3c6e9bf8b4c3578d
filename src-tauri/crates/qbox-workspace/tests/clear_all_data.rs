//! Clear all data against the real keychain: afterwards no QBox state is left in the data folder
//! and no QBox keychain entry, the user's own files are untouched, and the workspace opens in its
//! first-launch state.

use std::sync::Arc;

use qbox_testkit::workspace::{closed_port, config_with, postgres_on_loopback};
use qbox_workspace::{
    finish_pending_clear, KeychainSecrets, SecretStore, Settings, Theme, Workspace,
};

/// Every item the keychain holds for `service`, as `secret-tool` lists them.
fn keychain_items(service: &str) -> String {
    let out = std::process::Command::new("secret-tool")
        .args(["search", "--all", "service", service])
        .output()
        .expect("secret-tool (libsecret-tools) is installed");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clear_all_data_leaves_no_state_and_no_keychain_entry() {
    let service = format!("qbox-clear-test-{}", std::process::id());
    let keychain: Arc<dyn SecretStore> =
        Arc::new(KeychainSecrets::open(&service).unwrap_or_else(|e| {
            panic!("no Secret Service ({e}); run the tests through scripts/with-keyring.sh")
        }));
    let dir = tempfile::tempdir().unwrap();
    let mut config = config_with(dir.path(), keychain.clone());
    config.demo_on_first_run = true;
    let home = config.data_dir.clone();
    // The user keeps a file of their own in the data folder (QBOX_HOME may be any folder).
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("my notes.csv"), "mine\n1\n").unwrap();

    let ws = Workspace::open(config.clone()).await.unwrap();
    let own = dir.path().join("sales.csv");
    std::fs::write(&own, "region,amount\nnorth,10\n").unwrap();
    ws.add_path(&own, None).await.unwrap();
    ws.add_path(&home.join("my notes.csv"), None).await.unwrap();
    let q = ws.create_query(Some("Kept?"), "select 1").await.unwrap();
    ws.save_query_sql(q.id, "select 2", true).await.unwrap();
    ws.run_for_query(q.id, "r".into(), "select 2".into(), Default::default())
        .await
        .unwrap();
    ws.update_settings(Settings {
        theme: Theme::Dark,
        ..Settings::default()
    })
    .await
    .unwrap();
    ws.create_connection(
        "Shop",
        postgres_on_loopback(closed_port()),
        Some("a password to forget".into()),
    )
    .await
    .unwrap();
    ws.set_ai_key(
        qbox_workspace::SecretInput::Set("an API key to forget".into()),
        "http://127.0.0.1:11434/v1",
    )
    .unwrap();
    let before = keychain_items(&service);
    assert!(
        before.contains("connection:") && before.contains(":ai:api-key"),
        "the password and the API key are in the keychain before: {before}"
    );

    let summary = ws.data_summary().await.unwrap();
    // The demo's query and file sources, plus ours.
    assert_eq!(
        (summary.queries, summary.sources, summary.connections),
        (2, 5, 1)
    );
    assert!(summary.versions >= 2 && summary.runs == 1, "{summary:?}");

    ws.clear_all_data().await.unwrap();
    assert_eq!(
        keychain_items(&service).trim(),
        "",
        "no keychain entry is left"
    );
    ws.close().await;
    drop(ws);

    assert!(finish_pending_clear(&home).unwrap());
    let mut left: Vec<String> = std::fs::read_dir(&home)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["my notes.csv", "qbox.lock"],
        "only the user's own file stays, and the lock file"
    );
    assert_eq!(
        std::fs::read_to_string(home.join("my notes.csv")).unwrap(),
        "mine\n1\n"
    );
    assert!(
        own.exists(),
        "files outside the data folder are never touched"
    );

    // Opened again: the first-launch state (the demo again, default settings, nothing else).
    let ws = Workspace::open(config).await.unwrap();
    assert_eq!(ws.settings(), Settings::default());
    assert!(ws.connections().await.unwrap().is_empty());
    let names: Vec<String> = ws
        .queries(None)
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.name)
        .collect();
    assert_eq!(names, ["Revenue by category"]);
    assert_eq!(
        ws.sources().await.unwrap().len(),
        3,
        "the demo's files only"
    );
}
