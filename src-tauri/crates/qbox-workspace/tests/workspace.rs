//! The workspace against a real DuckDB and a real SQLite file.

use qbox_testkit::extensions::extension_repo;
use qbox_testkit::workspace::rows;
use qbox_workspace::{AddOutcome, SourceStatus, Workspace, WorkspaceConfig, WorkspaceError};

fn config(dir: &std::path::Path, demo: bool) -> WorkspaceConfig {
    let mut c = WorkspaceConfig::new(dir.join("home"));
    c.extension_repo = Some(extension_repo());
    c.demo_on_first_run = demo;
    c
}

fn added(outcome: AddOutcome) -> (qbox_workspace::Source, Option<String>) {
    match outcome {
        AddOutcome::Added { source, base_name } => (source, base_name),
        other => panic!("expected Added, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_opens_the_demo_and_its_query_runs() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path(), true)).await.unwrap();
    let names: Vec<String> = ws
        .sources()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.view_name)
        .collect();
    assert_eq!(names, ["file_customers", "file_orders", "file_products"]);
    let tabs = ws.open_tabs().await.unwrap();
    assert_eq!(tabs.ids.len(), 1, "the demo query is open");
    let demo = ws.query(tabs.ids[0]).await.unwrap();
    assert_eq!(tabs.active, Some(demo.id));
    assert!(demo.sql.contains("file_orders"));
    let out = ws.run("r".into(), demo.sql).await.unwrap();
    let info = out.into_result().unwrap();
    assert_eq!(
        info.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["category", "customers", "revenue"]
    );
    assert!(info.row_count >= 5, "{info:?}");
    ws.close().await;
    drop(ws);

    // A second open neither duplicates the demo nor loses the sources; open tabs persist and
    // a deleted query's tab is gone.
    let ws = Workspace::open(config(dir.path(), true)).await.unwrap();
    assert_eq!(ws.sources().await.unwrap().len(), 3);
    let other = ws.create_query(Some("other"), "SELECT 1").await.unwrap();
    let gone = ws.create_query(Some("gone"), "SELECT 2").await.unwrap();
    ws.save_open_tabs(&qbox_workspace::OpenTabs {
        ids: vec![other.id, demo.id, gone.id],
        active: Some(gone.id),
    })
    .await
    .unwrap();
    ws.delete_query(gone.id).await.unwrap();
    ws.close().await;
    drop(ws);
    let ws = Workspace::open(config(dir.path(), true)).await.unwrap();
    assert_eq!(
        ws.open_tabs().await.unwrap(),
        qbox_workspace::OpenTabs {
            ids: vec![other.id, demo.id],
            active: Some(other.id),
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_named_files_get_suffixes_and_survive_restart() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("one/sales.csv");
    let b = dir.path().join("two/sales.csv");
    for (p, v) in [(&a, "1"), (&b, "2")] {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, format!("v\n{v}\n")).unwrap();
    }
    let ws = Workspace::open(config(dir.path(), false)).await.unwrap();
    let outcomes = ws
        .add_paths(&[a.clone(), b.clone(), dir.path().join("missing.csv")])
        .await;
    let mut it = outcomes.into_iter();
    let (first, base1) = added(it.next().unwrap());
    let (second, base2) = added(it.next().unwrap());
    assert_eq!((first.view_name.as_str(), base1), ("file_sales", None));
    assert_eq!(
        (second.view_name.as_str(), base2.as_deref()),
        ("file_sales_2", Some("file_sales"))
    );
    assert!(matches!(it.next().unwrap(), AddOutcome::Failed { .. }));
    ws.close().await;
    drop(ws);

    std::fs::remove_file(&b).unwrap();
    let ws = Workspace::open(config(dir.path(), false)).await.unwrap();
    let sources = ws.sources().await.unwrap();
    assert_eq!(sources.len(), 2, "a vanished file is kept, not dropped");
    assert_eq!(sources[0].status, SourceStatus::Ready);
    match &sources[1].status {
        SourceStatus::Broken(why) => assert!(why.contains("two/sales.csv"), "{why}"),
        other => panic!("{other:?}"),
    }
    let out = ws
        .run("r".into(), "select v from file_sales".into())
        .await
        .unwrap();
    assert_eq!(out.into_result().unwrap().row_count, 1);

    // The file comes back: a refresh repairs the source.
    std::fs::write(&b, "v\n3\n").unwrap();
    let sources = ws.refresh_sources().await.unwrap();
    assert_eq!(sources[1].status, SourceStatus::Ready);
    ws.close().await;
    drop(ws);

    // Replaced by a named pipe: start-up goes on and says why the source is broken.
    std::fs::remove_file(&b).unwrap();
    assert!(std::process::Command::new("mkfifo")
        .arg(&b)
        .status()
        .unwrap()
        .success());
    let ws = Workspace::open(config(dir.path(), false)).await.unwrap();
    match &ws.sources().await.unwrap()[1].status {
        SourceStatus::Broken(why) => assert!(why.contains("named pipe"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_and_remove_follow_the_identifier_rules() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.csv");
    std::fs::write(&p, "x\n1\n").unwrap();
    let q = dir.path().join("b.csv");
    std::fs::write(&q, "x\n2\n").unwrap();
    let ws = Workspace::open(config(dir.path(), false)).await.unwrap();
    let (a, _) = added(ws.add_path(&p, None).await.unwrap());
    added(ws.add_path(&q, None).await.unwrap());

    let renamed = ws.rename_source(a.id, "Q1 \"Sales\" 🚀").await.unwrap();
    assert_eq!(renamed.view_name, "q1_sales");
    assert_eq!(renamed.columns.len(), 1);
    assert!(matches!(
        ws.rename_source(a.id, "🚀").await,
        Err(WorkspaceError::InvalidName(_))
    ));
    assert!(matches!(
        ws.rename_source(a.id, "main").await,
        Err(WorkspaceError::InvalidName(_))
    ));
    assert!(matches!(
        ws.rename_source(a.id, "file_b").await,
        Err(WorkspaceError::NameTaken(_))
    ));
    let out = ws
        .run("r".into(), "select x from q1_sales".into())
        .await
        .unwrap();
    assert_eq!(out.into_result().unwrap().row_count, 1);

    ws.remove_source(a.id).await.unwrap();
    assert!(ws
        .run("r".into(), "select x from q1_sales".into())
        .await
        .is_err());
    assert!(p.exists(), "removing a source never touches the file");
    assert_eq!(ws.sources().await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workbooks_with_several_sheets_ask_which_one() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path(), false)).await.unwrap();

    // One sheet: added at once, the sheet recorded.
    let path = dir.path().join("book.xlsx");
    let out = ws
        .run(
            "w".into(),
            format!(
                "LOAD excel; COPY (select 1 as a, 'x' as b) TO '{}' (FORMAT xlsx, HEADER true)",
                path.display()
            ),
        )
        .await;
    out.unwrap();
    let (single, _) = added(ws.add_path(&path, None).await.unwrap());
    assert_eq!(single.view_name, "file_book");
    assert_eq!(single.sheet.as_deref(), Some("Sheet1"));

    // Several: nothing is registered until a sheet is chosen, then that sheet's rows are read.
    let regions = dir.path().join("regions.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    for (sheet, rows) in [
        ("North", &[("Oslo", 3)][..]),
        ("South", &[("Lima", 7), ("Perth", 5)]),
    ] {
        let ws = book.add_worksheet().set_name(sheet).unwrap();
        ws.write(0, 0, "city").unwrap();
        ws.write(0, 1, "amount").unwrap();
        for (i, (city, amount)) in rows.iter().enumerate() {
            ws.write(i as u32 + 1, 0, *city).unwrap();
            ws.write(i as u32 + 1, 1, *amount).unwrap();
        }
    }
    book.save(&regions).unwrap();
    let before = ws.sources().await.unwrap().len();
    match ws.add_path(&regions, None).await.unwrap() {
        AddOutcome::NeedsSheet { path, sheets } => {
            assert_eq!(sheets, ["North", "South"]);
            assert_eq!(path, regions.to_string_lossy());
        }
        other => panic!("expected NeedsSheet, got {other:?}"),
    }
    assert_eq!(
        ws.sources().await.unwrap().len(),
        before,
        "nothing registered yet"
    );
    let (south, _) = added(ws.add_path(&regions, Some("South".into())).await.unwrap());
    assert_eq!(south.view_name, "file_regions_south");
    assert_eq!(south.sheet.as_deref(), Some("South"));
    assert_eq!(
        rows(&ws, "select count(*), sum(amount) from file_regions_south").await,
        [["2", "12.0"]]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streamed_results_row_count_is_logged_once_it_is_kept_and_its_rows_are_told() {
    use qbox_workspace::{RunEvent, RunListener};
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path(), false)).await.unwrap();
    let q = ws.create_query(None, "").await.unwrap();
    let heard = Arc::new(Mutex::new(Vec::new()));
    let into = heard.clone();
    let out = ws
        .run_for_query(
            q.id,
            "r".into(),
            "select range as i, md5(range::varchar) as h from range(3000000)".into(),
            RunListener::new(move |e| into.lock().unwrap().push(e)),
        )
        .await
        .unwrap();
    let result = out.into_result().unwrap();
    assert!(!result.complete, "the run returns while rows stream in");
    // Logged with the rows kept when the run returned, then with all of them.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let logged = loop {
        let runs = ws.query_runs(q.id).await.unwrap();
        let rows = runs[0].row_count;
        if rows == Some(3_000_000) || std::time::Instant::now() > deadline {
            break rows;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(logged, Some(3_000_000));
    assert_eq!(ws.result_status(result.id).unwrap().rows, 3_000_000);
    // The run told its statement, then the rows as they were kept, growing, then the end.
    let heard = heard.lock().unwrap().clone();
    assert_eq!(
        heard[0],
        RunEvent::StatementStarted {
            statement: 1,
            statements: 1
        }
    );
    let kept: Vec<u64> = heard
        .iter()
        .filter_map(|e| match e {
            RunEvent::RowsKept { result: r, rows } if *r == result.id => Some(*rows),
            _ => None,
        })
        .collect();
    assert!(!kept.is_empty(), "rows kept were told: {heard:?}");
    assert!(kept.windows(2).all(|w| w[0] < w[1]), "{kept:?}");
    assert_eq!(
        heard.last(),
        Some(&RunEvent::ResultEnded {
            result: result.id,
            rows: 3_000_000,
            end: qbox_engine::StreamEnd::Complete
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_queries_log_runs_and_show_broken_selections() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sales.csv");
    std::fs::write(&p, "amount\n5\n7\n").unwrap();
    let ws = Workspace::open(config(dir.path(), false)).await.unwrap();
    let (source, _) = added(ws.add_path(&p, None).await.unwrap());

    let q = ws.create_query(None, "").await.unwrap();
    assert!(q.name.starts_with("Query "), "{}", q.name);
    ws.save_query_sql(q.id, "select sum(amount) from file_sales", true)
        .await
        .unwrap();
    let sel = ws.select_table(q.id, "file_sales").await.unwrap();
    assert!(!sel.broken);

    let out = ws
        .run_for_query(
            q.id,
            "r1".into(),
            "select sum(amount) from file_sales".into(),
            Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(out.into_result().unwrap().row_count, 1);
    assert!(ws
        .run_for_query(
            q.id,
            "r2".into(),
            "select nope from file_sales".into(),
            Default::default(),
        )
        .await
        .is_err());
    let runs = ws.query_runs(q.id).await.unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs[0]
        .error
        .as_deref()
        .unwrap_or_default()
        .contains("nope"));
    assert_eq!(runs[1].row_count, Some(1));

    ws.remove_source(source.id).await.unwrap();
    let sels = ws.query_selections(q.id).await.unwrap();
    assert_eq!(sels.len(), 1);
    assert!(
        sels[0].broken,
        "a removed source's selection shows as broken"
    );
}
