//! Export of whole results through COPY: every format read back, order, names, and the ways
//! a write can fail (missing, read-only and full folders, cancel) leaving nothing half-written.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use qbox_engine::{EngineError, ExportFormat, ResultInfo, ResultView, SortKey};
use qbox_testkit::engine::{engine, engine_with_cap, TestEngine};

const SAMPLE: &str = "SELECT * FROM (VALUES \
    (1, 'plain', 12.50::DECIMAL(10,2), DATE '2024-02-29', true), \
    (2, 'quote \" and, comma', NULL, DATE '1999-12-31', false), \
    (3, 'line\nbreak and ünïcödé 🎉', -0.01::DECIMAL(10,2), NULL, NULL)) \
    AS t(id, label, amount, day, flag) ORDER BY id";

fn result(t: &TestEngine, sql: &str) -> ResultInfo {
    t.engine
        .run("q", sql)
        .unwrap()
        .into_result()
        .expect("a result")
}

fn export(t: &TestEngine, info: &ResultInfo, target: &Path, format: ExportFormat) -> u64 {
    t.engine
        .results()
        .export("e", info.id, &Default::default(), target, format, |_| {})
        .unwrap_or_else(|e| panic!("export to {format:?}: {e}"))
        .rows
}

/// Files in a folder, hidden ones included (a partial file would be hidden).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_format_reads_back_to_the_same_rows() {
    let t = engine();
    let info = result(&t, SAMPLE);
    let expected = t.rows(&format!(
        "SELECT id::VARCHAR, label, amount::VARCHAR, day::VARCHAR, flag::VARCHAR FROM ({SAMPLE})"
    ));
    let readers = [
        (ExportFormat::Csv, "out.csv", "read_csv({}, header = true)"),
        (
            ExportFormat::Tsv,
            "out.tsv",
            "read_csv({}, header = true, delim = '\t')",
        ),
        (ExportFormat::Parquet, "out.parquet", "read_parquet({})"),
        (ExportFormat::Json, "out.json", "read_json({})"),
        (
            ExportFormat::Ndjson,
            "out.ndjson",
            "read_json({}, format = 'newline_delimited')",
        ),
        (
            ExportFormat::Xlsx,
            "out.xlsx",
            "read_xlsx({}, header = true)",
        ),
    ];
    for (format, name, reader) in readers {
        let target = t.path(name);
        assert_eq!(export(&t, &info, &target, format), 3, "{format:?}");
        let read = reader.replace("{}", &format!("'{}'", target.display()));
        let back = t.rows(&format!(
            "SELECT id::BIGINT::VARCHAR, label, amount::DECIMAL(10,2)::VARCHAR, day::DATE::VARCHAR, flag::BOOLEAN::VARCHAR \
             FROM {read} ORDER BY id::BIGINT"
        ));
        assert_eq!(back, expected, "{format:?} read back differently");
    }
    // Parquet keeps DuckDB's types, not just their text.
    let types = t.rows(&format!(
        "SELECT typeof(amount), typeof(day) FROM read_parquet('{}') LIMIT 1",
        t.path("out.parquet").display()
    ));
    assert_eq!(types, vec![vec!["DECIMAL(10,2)", "DATE"]]);
    let dir_files = listing(&t.path(""));
    assert!(
        !dir_files.iter().any(|n| n.starts_with(".qbox-partial")),
        "{dir_files:?}"
    );
}

#[test]
fn exports_the_whole_result_in_the_order_shown() {
    let t = engine();
    let info = result(
        &t,
        "SELECT i, (i * 7919) % 100003 AS k FROM range(250000) t(i)",
    );
    let target = t.path("all.csv");
    assert_eq!(export(&t, &info, &target, ExportFormat::Csv), 250_000);
    let totals = t.rows(&format!(
        "SELECT count(*), sum(i), min(i), max(i) FROM read_csv('{}')",
        target.display()
    ));
    assert_eq!(totals, vec![vec!["250000", "31249875000", "0", "249999"]]);
    // Rows keep the result's order (no ORDER BY in the export), and a sort shown in the grid
    // is the order written.
    let firsts = t.rows(&format!(
        "SELECT i FROM read_csv('{}') LIMIT 3",
        target.display()
    ));
    assert_eq!(firsts, vec![vec!["0"], vec!["1"], vec!["2"]]);
    let sorted = t.path("sorted.parquet");
    t.engine
        .results()
        .export(
            "e",
            info.id,
            &ResultView::sorted_by(SortKey {
                column: 1,
                descending: true,
            }),
            &sorted,
            ExportFormat::Parquet,
            |_| {},
        )
        .unwrap();
    let ordered = t.rows(&format!(
        "SELECT bool_and(k >= next_k) FROM (SELECT k, lead(k) OVER (ORDER BY file_row_number) AS next_k \
         FROM read_parquet('{}', file_row_number = true)) WHERE next_k IS NOT NULL",
        sorted.display()
    ));
    assert_eq!(ordered, vec![vec!["true"]]);
}

#[test]
fn capped_results_export_the_rows_kept() {
    let t = engine_with_cap(1000);
    let info = result(&t, "SELECT * FROM range(5000)");
    assert!(info.capped);
    let target = t.path("capped.csv");
    assert_eq!(export(&t, &info, &target, ExportFormat::Csv), 1000);
}

#[test]
fn names_duplicates_exotic_types_and_command_results() {
    let t = engine();
    // Duplicate names: CSV and Parquet both work (Parquet gets DuckDB's unique names).
    let info = result(&t, "SELECT 1 AS a, 2 AS a, 'x' AS \"we\"\"ird name\"");
    let csv = t.path("dups.csv");
    export(&t, &info, &csv, ExportFormat::Csv);
    let header = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(header.lines().next().unwrap(), "a,a_1,\"we\"\"ird name\"");
    let pq = t.path("dups.parquet");
    export(&t, &info, &pq, ExportFormat::Parquet);
    assert_eq!(
        t.rows(&format!("SELECT * FROM read_parquet('{}')", pq.display())),
        vec![vec!["1", "2", "x"]]
    );

    // Nested and wide types: Excel gets DuckDB's text for what it cannot store.
    let info = result(
        &t,
        "SELECT [1, 2] AS list, {'k': 'v'} AS obj, 170141183460469231731687303715884105727::HUGEINT AS big, INTERVAL 90 MINUTE AS span",
    );
    let xlsx = t.path("nested.xlsx");
    export(&t, &info, &xlsx, ExportFormat::Xlsx);
    assert_eq!(
        t.rows(&format!(
            "SELECT * FROM read_xlsx('{}', header = true, all_varchar = true)",
            xlsx.display()
        )),
        vec![vec![
            "[1, 2]",
            "{'k': v}",
            "170141183460469231731687303715884105727",
            "01:30:00"
        ]]
    );
    let json = t.path("nested.json");
    export(&t, &info, &json, ExportFormat::Json);
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(text.contains("\"list\":[1,2]"), "{text}");

    // A command's rows (kept as text in memory) export too.
    let info = result(&t, "PRAGMA version");
    let out = t.path("pragma.csv");
    assert!(export(&t, &info, &out, ExportFormat::Csv) > 0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("library_version,source_id"), "{text}");

    // Hostile target names are paths, not SQL.
    let hostile = t.path("it's; DROP TABLE x; --.csv");
    let info = result(&t, SAMPLE);
    assert_eq!(export(&t, &info, &hostile, ExportFormat::Csv), 3);
    assert!(hostile.is_file());
}

#[test]
fn excel_refuses_more_rows_than_a_sheet_holds() {
    let t = engine();
    let info = result(&t, "SELECT * FROM range(1048576)");
    let target = t.path("big.xlsx");
    let err = t
        .engine
        .results()
        .export(
            "e",
            info.id,
            &Default::default(),
            &target,
            ExportFormat::Xlsx,
            |_| {},
        )
        .unwrap_err();
    assert!(err.to_string().contains("at most 1048575 rows"), "{err}");
    assert!(listing(&t.path("")).iter().all(|n| !n.contains("big")));
}

#[test]
fn missing_folder_and_folder_targets_are_clear_errors() {
    let t = engine();
    let info = result(&t, SAMPLE);
    let err = t
        .engine
        .results()
        .export(
            "e",
            info.id,
            &Default::default(),
            &t.path("no/such/folder/out.csv"),
            ExportFormat::Csv,
            |_| {},
        )
        .unwrap_err();
    assert!(matches!(err, EngineError::File { .. }), "{err:?}");
    assert!(err.to_string().contains("does not exist"), "{err}");
    std::fs::create_dir_all(t.path("adir")).unwrap();
    let err = t
        .engine
        .results()
        .export(
            "e",
            info.id,
            &Default::default(),
            &t.path("adir"),
            ExportFormat::Csv,
            |_| {},
        )
        .unwrap_err();
    assert!(err.to_string().contains("is a folder"), "{err}");
}

/// A small tmpfs mounted for one test (needs root, as the test run has; say so otherwise).
struct Mount {
    dir: tempfile::TempDir,
}

impl Mount {
    fn tmpfs(options: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "this test mounts a small tmpfs to get a full / read-only disk and needs root (npm test runs as root in CI)"
        );
        Self { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_fails_clearly_and_leaves_no_file() {
    let t = engine();
    let small = Mount::tmpfs("size=256k");
    let info = result(&t, "SELECT i, md5(i::VARCHAR) AS h FROM range(200000) t(i)");
    let target = small.path().join("big.csv");
    let err = t
        .engine
        .results()
        .export(
            "e",
            info.id,
            &Default::default(),
            &target,
            ExportFormat::Csv,
            |_| {},
        )
        .unwrap_err();
    assert!(matches!(err, EngineError::File { .. }), "{err:?}");
    assert!(err.to_string().contains("is full"), "{err}");
    assert_eq!(listing(&small.path()), Vec::<String>::new());
}

#[test]
fn a_read_only_disk_fails_clearly() {
    let t = engine();
    let ro = Mount::tmpfs("size=64k,ro");
    let info = result(&t, SAMPLE);
    let err = t
        .engine
        .results()
        .export(
            "e",
            info.id,
            &Default::default(),
            &ro.path().join("out.csv"),
            ExportFormat::Csv,
            |_| {},
        )
        .unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
}

#[test]
fn cancel_half_way_reports_progress_and_keeps_the_old_file() {
    let t = engine();
    let info = result(
        &t,
        "SELECT i, md5(i::VARCHAR) AS a, md5((i + 1)::VARCHAR) AS b, i * 0.5 AS c FROM range(6000000) t(i)",
    );
    let target = t.path("out.json");
    std::fs::write(&target, "previous export").unwrap();
    let seen = Arc::new(Mutex::new(Vec::<f64>::new()));
    let cancelled = Arc::new(AtomicBool::new(false));
    let err = std::thread::scope(|s| {
        let seen2 = seen.clone();
        let engine = &t.engine;
        let flag = cancelled.clone();
        let job = s.spawn(move || {
            engine.results().export(
                "big-export",
                info.id,
                &Default::default(),
                &target,
                ExportFormat::Json,
                |p| {
                    seen2.lock().unwrap().push(p);
                    // Cancel once DuckDB reports real progress: half-way, not before the start.
                    if p > 0.0 && !flag.swap(true, Ordering::SeqCst) {
                        engine.cancel("big-export");
                    }
                },
            )
        });
        job.join().unwrap()
    })
    .unwrap_err();
    assert!(matches!(err, EngineError::Cancelled), "{err:?}");
    let seen = seen.lock().unwrap();
    assert!(
        seen.iter().any(|p| *p > 0.0 && *p < 1.0),
        "progress between 0 and 1 was reported: {seen:?}"
    );
    assert_eq!(
        std::fs::read_to_string(t.path("out.json")).unwrap(),
        "previous export"
    );
    assert!(listing(&t.path(""))
        .iter()
        .all(|n| !n.starts_with(".qbox-partial")));
}

#[test]
fn a_planted_link_cannot_redirect_the_export_and_a_replaced_file_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let t = engine();
    let info = result(&t, SAMPLE);
    let dir = t.path("planted");
    std::fs::create_dir_all(&dir).unwrap();
    let victim = t.write("victim.txt", "precious");
    // Links under the names a predictable temporary file would take (process id, counter).
    for seq in 0..50 {
        let guess = dir.join(format!(
            ".qbox-partial-{}-{seq}-out.csv",
            std::process::id()
        ));
        std::os::unix::fs::symlink(&victim, guess).unwrap();
    }
    let target = dir.join("out.csv");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();

    assert_eq!(export(&t, &info, &target, ExportFormat::Csv), 3);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .starts_with("id,label"));
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the replaced file's permissions stay");
}
