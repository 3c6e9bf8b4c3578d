//! Saved queries against a real SQLite file: history cap, restore, duplicate and delete as
//! transactions, selections that outlive their source, the run log.

use qbox_store::{
    FileSource, NewFileSource, NewRun, Store, StoreError, DEFAULT_HISTORY_SIZE, MAX_RUNS,
};

async fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("qbox.sqlite")).await.unwrap();
    (dir, store)
}

#[tokio::test]
async fn fifty_five_saves_keep_the_newest_fifty_versions() {
    let (_dir, store) = open().await;
    let q = store.queries().create("Revenue", "select 0").await.unwrap();
    for i in 1..=55 {
        store
            .queries()
            .save_sql(q.id, &format!("select {i}"))
            .await
            .unwrap();
    }
    // Saving the same text again adds no version.
    store.queries().save_sql(q.id, "select 55").await.unwrap();
    let versions = store.queries().versions(q.id).await.unwrap();
    assert_eq!(versions.len(), DEFAULT_HISTORY_SIZE as usize);
    assert_eq!(versions.first().unwrap().sql, "select 55");
    assert_eq!(versions.last().unwrap().sql, "select 6");
    assert_eq!(store.queries().get(q.id).await.unwrap().sql, "select 55");
}

#[tokio::test]
async fn a_smaller_history_size_trims_at_the_next_save() {
    let (_dir, store) = open().await;
    let q = store.queries().create("Trim", "select 0").await.unwrap();
    for i in 1..=10 {
        store
            .queries()
            .save_sql(q.id, &format!("select {i}"))
            .await
            .unwrap();
    }
    store.set_history_size(3);
    store.queries().save_sql(q.id, "select 11").await.unwrap();
    let kept: Vec<String> = store
        .queries()
        .versions(q.id)
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.sql)
        .collect();
    assert_eq!(kept, ["select 11", "select 10", "select 9"]);
}

#[tokio::test]
async fn text_saves_keep_every_keystroke_and_checkpoints_make_versions() {
    let (_dir, store) = open().await;
    let q = store.queries().create("Typing", "").await.unwrap();
    for text in ["s", "se", "sel", "select 1"] {
        let saved = store.queries().save_text(q.id, text).await.unwrap();
        assert_eq!(saved.sql, text);
    }
    // An empty new query has no history; text saves add none until a checkpoint.
    assert_eq!(store.queries().versions(q.id).await.unwrap().len(), 0);
    store.queries().save_sql(q.id, "select 1").await.unwrap();
    let versions = store.queries().versions(q.id).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].sql, "select 1");
    assert!(matches!(
        store.queries().save_text(q.id + 100, "x").await,
        Err(qbox_store::StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn restore_becomes_the_newest_version_and_missing_versions_are_reported() {
    let (_dir, store) = open().await;
    let q = store.queries().create("Q", "select 1").await.unwrap();
    store.queries().save_sql(q.id, "select 2").await.unwrap();
    let oldest = store.queries().versions(q.id).await.unwrap().pop().unwrap();
    let restored = store.queries().restore(q.id, oldest.id).await.unwrap();
    assert_eq!(restored.sql, "select 1");
    let sqls: Vec<String> = store
        .queries()
        .versions(q.id)
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.sql)
        .collect();
    assert_eq!(sqls, ["select 1", "select 2", "select 1"]);

    let other = store.queries().create("Other", "select 9").await.unwrap();
    let foreign = store.queries().versions(other.id).await.unwrap()[0].id;
    assert!(matches!(
        store.queries().restore(q.id, foreign).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.queries().restore(q.id, 999_999).await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn names_keep_quotes_emoji_and_length_and_must_not_be_empty() {
    let (_dir, store) = open().await;
    let long = "ü".repeat(1000);
    for name in [
        "it's \"quoted\"; drop table queries; --",
        "🚀 Launch",
        long.as_str(),
    ] {
        let q = store.queries().create(name, "").await.unwrap();
        assert_eq!(store.queries().get(q.id).await.unwrap().name, name);
    }
    assert!(matches!(
        store.queries().create("   ", "").await,
        Err(StoreError::Invalid(_))
    ));
    let q = store.queries().create("A", "").await.unwrap();
    assert!(matches!(
        store.queries().rename(q.id, "").await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.queries().list(Some("🚀")).await.unwrap().len(), 1);
    assert_eq!(
        store.queries().list(Some("%")).await.unwrap().len(),
        0,
        "LIKE wildcards are literal"
    );
}

#[tokio::test]
async fn list_is_newest_edited_first() {
    let (_dir, store) = open().await;
    let a = store.queries().create("a", "").await.unwrap();
    let b = store.queries().create("b", "").await.unwrap();
    let c = store.queries().create("c", "").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    // The middle one edited: neither id nor name order gives b, c, a.
    store.queries().save_sql(b.id, "select 1").await.unwrap();
    let names: Vec<String> = store
        .queries()
        .list(None)
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.name)
        .collect();
    assert_eq!(names, ["b", "c", "a"]);
    assert!(a.id < b.id && b.id < c.id);
}

#[tokio::test]
async fn duplicate_copies_sql_and_selections_or_nothing() {
    let (_dir, store) = open().await;
    let src = csv_source(&store, "file_sales", "/s.csv").await;
    let q = store
        .queries()
        .create("Sales", "select * from file_sales")
        .await
        .unwrap();
    store
        .queries()
        .select_table(q.id, "file_sales", Some(src.id))
        .await
        .unwrap();
    let copy = store.queries().duplicate(q.id).await.unwrap();
    assert_eq!(copy.name, "Sales (copy)");
    assert_eq!(copy.sql, q.sql);
    let sel = store.queries().selections(copy.id).await.unwrap();
    assert_eq!(sel.len(), 1);
    assert_eq!(sel[0].file_source_id, Some(src.id));

    // A duplicate that fails half-way (here: a trigger refuses the copied selections).
    sqlx_exec(&store, "CREATE TRIGGER refuse AFTER INSERT ON selections WHEN NEW.query_id > 2 BEGIN SELECT RAISE(ABORT, 'disk full'); END").await;
    let before = store.queries().list(None).await.unwrap().len();
    assert!(store.queries().duplicate(q.id).await.is_err());
    assert_eq!(
        store.queries().list(None).await.unwrap().len(),
        before,
        "no half-made copy is left"
    );
}

#[tokio::test]
async fn delete_takes_the_query_and_its_parts_but_not_sources() {
    let (_dir, store) = open().await;
    let src = csv_source(&store, "file_a", "/a.csv").await;
    let q = store.queries().create("Q", "select 1").await.unwrap();
    store
        .queries()
        .select_table(q.id, "file_a", Some(src.id))
        .await
        .unwrap();
    store
        .queries()
        .record_run(
            q.id,
            NewRun {
                sql: "select 1",
                started_at: "2026-11-26T00:00:00Z",
                duration_ms: 1.5,
                row_count: Some(1),
                error: None,
            },
        )
        .await
        .unwrap();
    store.queries().delete(q.id).await.unwrap();
    assert!(matches!(
        store.queries().get(q.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.queries().versions(q.id).await.unwrap().is_empty());
    assert!(store.queries().selections(q.id).await.unwrap().is_empty());
    assert!(store.queries().runs(q.id).await.unwrap().is_empty());
    assert_eq!(store.file_sources().list().await.unwrap().len(), 1);
}

#[tokio::test]
async fn removing_a_source_leaves_its_selections_broken_not_gone() {
    let (_dir, store) = open().await;
    let src = csv_source(&store, "file_a", "/a.csv").await;
    let q = store.queries().create("Q", "").await.unwrap();
    store
        .queries()
        .select_table(q.id, "file_a", Some(src.id))
        .await
        .unwrap();
    store.file_sources().delete(src.id).await.unwrap();
    let sel = store.queries().selections(q.id).await.unwrap();
    assert_eq!(sel.len(), 1);
    assert_eq!(sel[0].qualified_name, "file_a");
    assert_eq!(sel[0].file_source_id, None);
}

#[tokio::test]
async fn the_run_log_keeps_the_last_hundred() {
    let (_dir, store) = open().await;
    let q = store.queries().create("Q", "").await.unwrap();
    for i in 0..105 {
        let sql = format!("select {i}");
        store
            .queries()
            .record_run(
                q.id,
                NewRun {
                    sql: &sql,
                    started_at: "2026-11-26T00:00:00Z",
                    duration_ms: 2.0,
                    row_count: None,
                    error: Some("boom"),
                },
            )
            .await
            .unwrap();
    }
    let runs = store.queries().runs(q.id).await.unwrap();
    assert_eq!(runs.len() as i64, MAX_RUNS);
    assert_eq!(runs[0].sql, "select 104");
    assert_eq!(runs[0].error.as_deref(), Some("boom"));
}

async fn csv_source(store: &Store, view_name: &str, path: &str) -> FileSource {
    store
        .file_sources()
        .insert(NewFileSource {
            view_name,
            path,
            format: "csv",
            is_folder: false,
            sheet: None,
            encoding: None,
        })
        .await
        .unwrap()
}

async fn sqlx_exec(store: &Store, sql: &str) {
    store.execute_raw_for_tests(sql).await.unwrap();
}
