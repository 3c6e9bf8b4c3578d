//! `qbox` on the command line: the real binary against a workspace the app's code made (saved
//! queries, exports compared row by row) and the exit codes scripts rely on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use qbox_testkit::extensions::extension_repo;
use qbox_workspace::{Holder, Workspace, WorkspaceConfig, WorkspaceLock};

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

    // The app has the workspace: refused at once, nothing touched.
    let held = WorkspaceLock::acquire(&h.data, Holder::App).unwrap();
    let busy = qbox(&h.data, &["queries"]);
    assert_eq!(busy.status.code(), Some(4), "{}", stderr(&busy));
    assert!(stderr(&busy).contains("QBox (process"), "{}", stderr(&busy));
    drop(held);
    assert_eq!(qbox(&h.data, &["queries"]).status.code(), Some(0));
}

#[test]
fn a_command_waits_for_another_command_to_finish() {
    let h = home();
    let other = WorkspaceLock::acquire(&h.data, Holder::Command).unwrap();
    let let_go = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        drop(other);
    });
    let out = qbox(&h.data, &["queries"]);
    let_go.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("waiting for a qbox command (process"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("Squares"));
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

#[test]
fn sources_tables_and_a_tables_columns_are_listed() {
    let h = home();
    let sources = qbox(&h.data, &["sources"]);
    assert_eq!(sources.status.code(), Some(0), "{}", stderr(&sources));
    let listed = stdout(&sources);
    let orders: Vec<&str> = listed
        .lines()
        .find(|l| l.starts_with("file\tfile_orders\t"))
        .expect("the demo's orders file is a source")
        .split('\t')
        .collect();
    assert_eq!(orders[2], "parquet");
    assert!(orders[3].ends_with("orders.parquet"), "{orders:?}");
    assert_eq!(orders[4], "ready");

    let tables = qbox(&h.data, &["tables", "ORDERS"]);
    assert_eq!(stdout(&tables), "qbox.main.file_orders\n");

    let described = qbox(&h.data, &["describe", "main.file_orders"]);
    assert_eq!(described.status.code(), Some(0), "{}", stderr(&described));
    let text = stdout(&described);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("column\ttype\tnullable\tkey\treferences")
    );
    let columns: Vec<&str> = lines.map(|l| l.split('\t').next().unwrap()).collect();
    let expected = qbox(
        &h.data,
        &[
            "run",
            "--sql",
            "SELECT column_name FROM (DESCRIBE file_orders)",
        ],
    );
    let expected: Vec<String> = stdout(&expected)
        .lines()
        .skip(1)
        .map(String::from)
        .collect();
    assert_eq!(columns, expected);

    let unknown = qbox(&h.data, &["describe", "no_such_table"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("no table or view named"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn completions_are_generated_for_each_shell() {
    let h = home();
    for (shell, marker) in [
        ("bash", "_qbox()"),
        ("zsh", "#compdef qbox"),
        ("fish", "complete -c qbox"),
    ] {
        let out = qbox(&h.data, &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("describe"),
            "{shell}: every command is completed"
        );
    }
}

/// CPU seconds a process has used so far (Linux's `/proc/<pid>/stat`, in clock ticks of 1/100 s).
#[cfg(target_os = "linux")]
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command's name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_cancels_a_long_query_and_says_so() {
    use std::time::{Duration, Instant};
    let h = home();
    let child = Command::new(env!("CARGO_BIN_EXE_qbox"))
        .args([
            "run",
            "--sql",
            "SELECT count(*) FROM range(100000000000) t(i) WHERE md5(i::VARCHAR) = 'x'",
        ])
        .env("QBOX_HOME", &h.data)
        .env("QBOX_EXTENSION_REPO", extension_repo())
        .env("QBOX_KEYCHAIN_SERVICE", "qbox-cli-tests")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The query is at work once the command has used two CPU seconds (opening the workspace
    // takes a fraction of one).
    let started = Instant::now();
    while cpu_seconds(child.id()) < 2.0 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the query never got going"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let stopped = Instant::now();
    let mut child = child;
    while child.try_wait().unwrap().is_none() {
        if stopped.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("Ctrl+C did not stop the command within 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("stopped (Ctrl+C)"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
    WorkspaceLock::acquire(&h.data, Holder::App).expect("the workspace is free again");
}
