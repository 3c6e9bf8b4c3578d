use qbox_store::{NewFileSource, Store, StoreError};

async fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("qbox.sqlite")).await.unwrap();
    (dir, store)
}

fn source<'a>(view: &'a str, path: &'a str) -> NewFileSource<'a> {
    NewFileSource {
        view_name: view,
        path,
        format: "csv",
        is_folder: false,
        sheet: None,
        encoding: None,
    }
}

#[tokio::test]
async fn file_sources_round_trip_and_survive_reopen() {
    let (dir, store) = open().await;
    let a = store
        .file_sources()
        .insert(source("file_a", "/data/a.csv"))
        .await
        .unwrap();
    let b = store
        .file_sources()
        .insert(NewFileSource {
            sheet: Some("Q'1 🚀"),
            format: "xlsx",
            ..source("file_b", "/data/b.xlsx")
        })
        .await
        .unwrap();
    assert_eq!(a.view_name, "file_a");
    assert!(
        a.created_at.ends_with('Z'),
        "UTC RFC 3339: {}",
        a.created_at
    );
    assert_eq!(b.sheet.as_deref(), Some("Q'1 🚀"));
    store.close().await;

    let store = Store::open(&dir.path().join("qbox.sqlite")).await.unwrap();
    let all = store.file_sources().list().await.unwrap();
    assert_eq!(
        all.iter().map(|s| s.view_name.as_str()).collect::<Vec<_>>(),
        ["file_a", "file_b"]
    );
    assert_eq!(all[1].format, "xlsx");
    // The encoding a user picks is kept.
    let latin1 = store
        .file_sources()
        .set_encoding(all[0].id, Some("latin-1"))
        .await
        .unwrap();
    assert_eq!(latin1.encoding.as_deref(), Some("latin-1"));
    assert_eq!(all[0].encoding, None);
}

#[tokio::test]
async fn duplicate_view_names_are_rejected_with_the_name() {
    let (_dir, store) = open().await;
    store
        .file_sources()
        .insert(source("file_a", "/a.csv"))
        .await
        .unwrap();
    let err = store
        .file_sources()
        .insert(source("file_a", "/other/a.csv"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NameTaken(ref n) if n == "file_a"),
        "{err:?}"
    );
    assert_eq!(store.file_sources().list().await.unwrap().len(), 1);
}

#[tokio::test]
async fn rename_and_delete() {
    let (_dir, store) = open().await;
    let a = store
        .file_sources()
        .insert(source("file_a", "/a.csv"))
        .await
        .unwrap();
    store
        .file_sources()
        .insert(source("file_b", "/b.csv"))
        .await
        .unwrap();
    assert!(matches!(
        store.file_sources().rename(a.id, "file_b").await,
        Err(StoreError::NameTaken(_))
    ));
    let renamed = store.file_sources().rename(a.id, "file_c").await.unwrap();
    assert_eq!(renamed.view_name, "file_c");
    store.file_sources().delete(a.id).await.unwrap();
    assert!(matches!(
        store.file_sources().delete(a.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.file_sources().view_names().await.unwrap(), ["file_b"]);
}

#[tokio::test]
async fn app_state_upserts() {
    let (_dir, store) = open().await;
    assert_eq!(store.app_state().get("k").await.unwrap(), None);
    store.app_state().set("k", "v1").await.unwrap();
    store.app_state().set("k", "v2").await.unwrap();
    assert_eq!(
        store.app_state().get("k").await.unwrap().as_deref(),
        Some("v2")
    );
}
