//! Offline: the main workflow (files of every format, saved queries, a join, filters, a
//! profile, a chart, an export, a restart) runs in a network namespace without any network
//! (`unshare -n`, as root), under `strace`, and QBox makes no network connection there: every
//! `connect` the process makes is to a local socket. Prints the count.

use std::path::PathBuf;
use std::process::Command;

use qbox_engine::{Aggregate, ChartKind, ChartSpec, ExportFormat};
use qbox_testkit::workspace::{config, rows, runtime};
use qbox_workspace::{AddOutcome, Workspace};

const CHILD_DIR: &str = "QBOX_OFFLINE_CHILD_DIR";

#[test]
#[ignore = "the workflow the offline test runs without network; it runs only as that child"]
fn offline_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR).map(PathBuf::from) else {
        return;
    };
    let rt = runtime();
    rt.block_on(async {
        let ws = Workspace::open(config(&dir)).await.unwrap();
        let data = dir.join("data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(
            data.join("people.csv"),
            "id,name\n1,Ada\n2,Grace\n3,Edsger\n",
        )
        .unwrap();
        std::fs::write(
            data.join("scores.json"),
            r#"[{"id": 1, "score": 10}, {"id": 2, "score": 20}, {"id": 3, "score": 30}]"#,
        )
        .unwrap();
        for name in ["people.csv", "scores.json"] {
            let added = ws.add_path(&data.join(name), None).await.unwrap();
            assert!(matches!(added, AddOutcome::Added { .. }), "{added:?}");
        }
        ws.run(
            "write".into(),
            format!(
                "COPY (SELECT id, id * 1.5 AS bonus FROM range(1, 4) t(id)) TO {} (FORMAT parquet)",
                qbox_engine::ident::quote_literal(&data.join("bonus.parquet").to_string_lossy())
            ),
        )
        .await
        .unwrap();
        ws.add_path(&data.join("bonus.parquet"), None)
            .await
            .unwrap();

        let sql = "SELECT p.name, s.score, b.bonus FROM file_people p \
                   JOIN file_scores s USING (id) JOIN file_bonus b USING (id) ORDER BY p.id";
        let q = ws.create_query(Some("Offline"), sql).await.unwrap();
        ws.save_query_sql(q.id, sql, true).await.unwrap();
        let joined = rows(&ws, sql).await;
        assert_eq!(joined.len(), 3);
        assert_eq!(joined[1], ["Grace", "20", "3.0"]);

        let out = ws.run("offline".into(), sql.into()).await.unwrap();
        let result = out.into_result().unwrap();
        let profile = ws
            .profile_column(result.id, Default::default(), 1)
            .await
            .unwrap();
        assert_eq!(profile.rows, 3);
        let chart = ws
            .chart_data(
                result.id,
                Default::default(),
                ChartSpec {
                    kind: ChartKind::Bar,
                    x: 0,
                    y: Some(1),
                    aggregate: Aggregate::Sum,
                    color: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(chart.points.len(), 3);
        let target = dir.join("out.csv");
        let summary = ws
            .export(
                "export".into(),
                result.id,
                Default::default(),
                target.clone(),
                ExportFormat::Csv,
                |_| {},
            )
            .await
            .unwrap();
        assert_eq!(summary.rows, 3);
        ws.close().await;
        drop(ws);

        // A restart restores the sources and the query.
        let ws = Workspace::open(config(&dir)).await.unwrap();
        assert_eq!(ws.query(q.id).await.unwrap().sql, sql);
        assert_eq!(rows(&ws, sql).await, joined);
        ws.close().await;
    });
    println!("offline workflow: done");
}

#[test]
fn the_main_workflow_runs_without_network_and_connects_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("connect.trace");
    let out = Command::new("unshare")
        .args([
            "--net",
            "--",
            "strace",
            "-f",
            "-qq",
            "-e",
            "trace=connect",
            "-o",
        ])
        .arg(&trace)
        .arg(std::env::current_exe().unwrap())
        .args([
            "offline_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, dir.path().join("ws"))
        .output()
        .expect("unshare and strace (run as root; `npm run setup` installs strace)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("offline workflow: done"),
        "the workflow failed without network: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let calls: Vec<String> = std::fs::read_to_string(&trace)
        .unwrap()
        .lines()
        .filter(|l| l.contains("connect("))
        .map(str::to_string)
        .collect();
    let network: Vec<&String> = calls
        .iter()
        .filter(|l| !l.contains("sa_family=AF_UNIX"))
        .collect();
    assert!(network.is_empty(), "network connections: {network:#?}");
    println!(
        "offline: the main workflow passed in a namespace without network; {} connect calls, all to local sockets, 0 to the network",
        calls.len()
    );
}
