//! A connection's keychain entry belongs to that connection alone: row ids restart at 1 in
//! another data folder or after Clear all data, and the keychain is shared by all of them.

use std::sync::Arc;

use qbox_testkit::workspace::{closed_port, config_with, postgres_on_loopback};
use qbox_workspace::{MemorySecrets, SecretStore, Workspace};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_connection_never_finds_another_workspaces_password() {
    // One keychain, as on one machine; two data folders (a second QBOX_HOME, or the same one
    // after Clear all data).
    let keychain: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let settings = postgres_on_loopback(closed_port());

    let ws = Workspace::open(config_with(first.path(), keychain.clone()))
        .await
        .unwrap();
    let a = ws
        .create_connection("Warehouse", settings.clone(), Some("first-secret".into()))
        .await
        .unwrap();
    assert!(a.has_password);
    ws.connections_settled().await;
    ws.close().await;

    let other = Workspace::open(config_with(second.path(), keychain.clone()))
        .await
        .unwrap();
    let b = other
        .create_connection("Warehouse", settings, None)
        .await
        .unwrap();
    assert_eq!(a.id, b.id, "the ids collide, as they do after a reset");
    assert!(
        !b.has_password,
        "a connection saved without a password must not show one stored"
    );
    other.connections_settled().await;
    other.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_named_by_row_id_moves_to_a_name_of_its_own() {
    let keychain: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config_with(dir.path(), keychain.clone()))
        .await
        .unwrap();
    let c = ws
        .create_connection("Old", postgres_on_loopback(closed_port()), None)
        .await
        .unwrap();
    ws.connections_settled().await;
    ws.close().await;
    drop(ws);

    // As a connection saved by an earlier QBox: no entry name in its row, the password under
    // the row id.
    let store = qbox_store::Store::open(&dir.path().join("home/qbox.sqlite"))
        .await
        .unwrap();
    store
        .execute_raw_for_tests("UPDATE connections SET secret_key = ''")
        .await
        .unwrap();
    store.close().await;
    let legacy = format!("connection:{}:password", c.id);
    keychain.set(&legacy, "kept-secret").unwrap();

    let ws = Workspace::open(config_with(dir.path(), keychain.clone()))
        .await
        .unwrap();
    let moved = &ws.connections().await.unwrap()[0];
    assert!(moved.has_password, "the password moved with the connection");
    assert_eq!(
        keychain.get(&legacy).unwrap(),
        None,
        "nothing left under the old name"
    );
    ws.connections_settled().await;
    ws.close().await;
}
