//! Settings live in SQLite, survive a restart, are announced, and take effect where they matter.

use qbox_testkit::workspace::config;
use qbox_workspace::{Settings, Theme, Workspace, WorkspaceError, WorkspaceEvent};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_persist_are_announced_and_apply() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    assert_eq!(ws.settings(), Settings::default());
    let mut rx = ws.subscribe();

    let wanted = Settings {
        theme: Theme::Dark,
        row_cap: 1_000,
        history_size: 2,
        checkpoint_pause_ms: 750,
        ai: qbox_workspace::AiSettings {
            preset: qbox_ai::Preset::Custom,
            base_url: "http://127.0.0.1:9/v1".into(),
            model: "local-model".into(),
            temperature: 0.7,
            tools: false,
        },
    };
    assert_eq!(ws.update_settings(wanted.clone()).await.unwrap(), wanted);
    assert_eq!(
        rx.try_recv().unwrap(),
        WorkspaceEvent::SettingsChanged(wanted.clone())
    );

    // The row cap bounds what a result keeps.
    let out = ws
        .run("r".into(), "SELECT * FROM range(5000)".into())
        .await
        .unwrap();
    let info = out.into_result().unwrap();
    assert_eq!((info.row_count, info.capped), (1_000, true));

    // The history size bounds the versions kept.
    let q = ws.create_query(Some("History"), "select 1").await.unwrap();
    for i in 2..=5 {
        ws.save_query_sql(q.id, &format!("select {i}"), true)
            .await
            .unwrap();
    }
    assert_eq!(ws.query_versions(q.id).await.unwrap().len(), 2);

    // Out of range: refused by name, nothing changes.
    let err = ws
        .update_settings(Settings {
            row_cap: 0,
            ..wanted.clone()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WorkspaceError::InvalidSetting(m) if m.contains("row limit")),
        "{err}"
    );
    assert_eq!(ws.settings(), wanted);
    ws.close().await;
    drop(ws);

    let ws = Workspace::open(config(dir.path())).await.unwrap();
    assert_eq!(ws.settings(), wanted, "after a restart");
    let info = ws
        .run("r".into(), "SELECT * FROM range(5000)".into())
        .await
        .unwrap()
        .into_result()
        .unwrap();
    assert_eq!(info.row_count, 1_000, "the row cap applies after a restart");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pane_sizes_survive_a_restart_and_bad_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    assert!(ws.pane_sizes().await.unwrap().is_empty());
    ws.save_pane_sizes("main", vec![25.0, 75.0]).await.unwrap();
    ws.save_pane_sizes("work", vec![40.0, 60.0]).await.unwrap();
    ws.save_pane_sizes("main", vec![30.0, 70.0]).await.unwrap();
    for (group, sizes) in [
        ("Main; DROP", vec![50.0, 50.0]),
        ("main", vec![f64::NAN]),
        ("main", vec![150.0]),
        ("main", vec![]),
    ] {
        assert!(
            ws.save_pane_sizes(group, sizes.clone()).await.is_err(),
            "{group} {sizes:?}"
        );
    }
    ws.close().await;
    drop(ws);
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let sizes = ws.pane_sizes().await.unwrap();
    assert_eq!(sizes["main"], [30.0, 70.0]);
    assert_eq!(sizes["work"], [40.0, 60.0]);
}
