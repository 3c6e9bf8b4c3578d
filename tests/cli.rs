//! `qbox` on the command line: the real binary against a workspace the app's code made (saved
//! queries, exports compared row by row) and the exit codes scripts rely on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use qbox_testkit::extensions::extension_repo;
use qbox_workspace::{Workspace, WorkspaceConfig, WorkspaceLock};

struct Home {
    _dir: tempfile::TempDir,
    data: PathBuf,
}

/// A workspace made by the app's own code, with a saved query of ours beside the demo's.
fn home() -> Home {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("home");
    let mut config = WorkspaceConfig::new(&data);
    config.extension_repo = Some(extension_repo());
    tauri::async_runtime::block_on(async {
        let ws = Workspace::open(config).await.unwrap();
        ws.create_query(
            Some("Squares"),
            "SELECT range AS n, range * range AS square, 'it''s ' || range AS label FROM range(5)",
        )
        .await
        .unwrap();
        ws.close().await;
    });
    Home { _dir: dir, data }
}

fn qbox(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qbox"))
        .args(args)
        .env("QBOX_HOME", home)
        .env("QBOX_EXTENSION_REPO", extension_repo())
        .env("QBOX_KEYCHAIN_SERVICE", "qbox-cli-tests")
        .output()
        .expect("the qbox binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn queries_lists_the_saved_queries_newest_edited_first() {
    let h = home();
    let out = qbox(&h.data, &["queries"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            l.split_once('\t')
                .expect("a date, a tab, a name")
                .1
                .to_string()
        })
        .collect();
    assert_eq!(names, ["Squares", "Revenue by category"]);
}

#[test]
fn a_saved_query_runs_by_name_and_its_rows_come_out_in_each_format() {
    let h = home();
    let csv = qbox(&h.data, &["run", "Squares"]);
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    assert_eq!(
        stdout(&csv),
        "n,square,label\n0,0,it's 0\n1,1,it's 1\n2,4,it's 2\n3,9,it's 3\n4,16,it's 4\n"
    );
    let ndjson = qbox(&h.data, &["run", "Squares", "--format", "ndjson"]);
    assert_eq!(
        stdout(&ndjson).lines().nth(2),
        Some(r#"{"n":2,"square":4,"label":"it's 2"}"#)
    );
    let tsv = qbox(
        &h.data,
        &[
            "run",
            "--sql",
            "SELECT 'a,b' AS t, NULL AS nothing",
            "--format",
            "tsv",
        ],
    );
    assert_eq!(stdout(&tsv), "t\tnothing\na,b\t\n");
}

#[test]
fn a_file_written_with_out_holds_the_same_rows() {
    let h = home();
    let target = h.data.parent().unwrap().join("squares.parquet");
    let out = qbox(
        &h.data,
        &[
            "run",
            "Squares",
            "--format",
            "parquet",
            "--out",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "nothing on standard output");
    // Read back by DuckDB, row by row against the query's own rows.
    let compare = format!(
        "SELECT count(*) AS differing FROM (SELECT * FROM read_parquet('{}') EXCEPT ALL \
         SELECT range AS n, range * range AS square, 'it''s ' || range AS label FROM range(5))",
        target.display()
    );
    let check = qbox(&h.data, &["run", "--sql", &compare]);
    assert_eq!(stdout(&check), "differing\n0\n", "{}", stderr(&check));
}

#[test]
fn exit_codes_say_what_went_wrong() {
    let h = home();
    let sql_error = qbox(&h.data, &["run", "--sql", "SELECT * FROM no_such_table"]);
    assert_eq!(sql_error.status.code(), Some(1));
    assert!(
        stderr(&sql_error).contains("no_such_table"),
        "{}",
        stderr(&sql_error)
    );

    let missing = qbox(&h.data, &["run", "No such query"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no saved query named \"No such query\""));

    let bad = qbox(&h.data, &["run", "--format", "yaml", "--sql", "SELECT 1"]);
    assert_eq!(bad.status.code(), Some(2));

    let help = qbox(&h.data, &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("Exit codes:"), "{}", stdout(&help));

    // The app (or another command) has the workspace: refused at once, nothing touched.
    let held = WorkspaceLock::acquire(&h.data).unwrap();
    let busy = qbox(&h.data, &["queries"]);
    assert_eq!(busy.status.code(), Some(4), "{}", stderr(&busy));
    assert!(
        stderr(&busy).contains("has the workspace"),
        "{}",
        stderr(&busy)
    );
    drop(held);
    assert_eq!(qbox(&h.data, &["queries"]).status.code(), Some(0));
}

#[test]
fn a_statement_without_rows_says_what_it_did() {
    let h = home();
    let out = qbox(
        &h.data,
        &[
            "run",
            "--sql",
            "CREATE TABLE kept AS SELECT * FROM range(3)",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert_eq!(stderr(&out).trim(), "3 rows changed");
    let read = qbox(&h.data, &["run", "--sql", "SELECT count(*) AS n FROM kept"]);
    assert_eq!(stdout(&read), "n\n3\n");
}
