//! Local files as tables: every format, folders, naming, and bad input.

use qbox_engine::files::{inspect_path, xlsx_sheets};
use qbox_engine::{EngineError, FileFormat};
use qbox_testkit::engine::{engine, TestEngine};

fn register(
    t: &TestEngine,
    view: &str,
    path: &std::path::Path,
) -> Result<Vec<qbox_engine::Column>, EngineError> {
    let spec = inspect_path(path)?;
    t.engine.create_file_view(view, &spec)
}

fn file_error(result: Result<impl std::fmt::Debug, EngineError>) -> String {
    match result {
        Err(EngineError::File { message, .. }) => message,
        other => panic!("expected a file error, got {other:?}"),
    }
}

#[test]
fn csv_tsv_and_gzip_are_read_in_place() {
    let t = engine();
    let csv = t.write(
        "sales data.csv",
        "id,amount,region\n1,10.5,north\n2,20.25,south\n",
    );
    let cols = register(&t, "file_sales_data", &csv).unwrap();
    assert_eq!(
        cols.iter()
            .map(|c| (c.name.as_str(), c.data_type.as_str()))
            .collect::<Vec<_>>(),
        [
            ("id", "BIGINT"),
            ("amount", "DOUBLE"),
            ("region", "VARCHAR")
        ]
    );
    assert_eq!(
        t.rows("select sum(amount), max(region) from file_sales_data"),
        [["30.75", "south"]]
    );

    let tsv = t.write("x.tsv", "a\tb\n1\thello, world\n");
    register(&t, "file_x", &tsv).unwrap();
    assert_eq!(t.rows("select b from file_x"), [["hello, world"]]);

    let gz = t.path("g.csv.gz");
    t.rows(&format!(
        "copy (select range as n from range(5)) to '{}' (header, compression gzip); select 1",
        gz.display()
    ));
    register(&t, "file_g", &gz).unwrap();
    assert_eq!(t.rows("select sum(n) from file_g"), [["10"]]);

    // Reads in place: a change to the file shows up in the next query.
    std::fs::write(&csv, "id,amount,region\n1,1.0,east\n").unwrap();
    assert_eq!(
        t.rows("select sum(amount), max(region) from file_sales_data"),
        [["1.0", "east"]]
    );
}

#[test]
fn parquet_json_and_ndjson() {
    let t = engine();
    let pq = t.path("p.parquet");
    t.rows(&format!("copy (select range as n, 'v' || range as s from range(1000)) to '{}' (format parquet); select 1", pq.display()));
    register(&t, "file_p", &pq).unwrap();
    assert_eq!(
        t.rows("select count(*), max(s) from file_p"),
        [["1000", "v999"]]
    );

    let json = t.write(
        "j.json",
        r#"[{"a": 1, "b": {"c": "x"}}, {"a": 2, "b": {"c": "y"}}]"#,
    );
    register(&t, "file_j", &json).unwrap();
    assert_eq!(t.rows("select sum(a), max(b.c) from file_j"), [["3", "y"]]);

    let nd = t.write("n.ndjson", "{\"a\": 1}\n{\"a\": 5}\n");
    let spec = inspect_path(&nd).unwrap();
    assert_eq!(spec.format, FileFormat::NdJson);
    t.engine.create_file_view("file_n", &spec).unwrap();
    assert_eq!(t.rows("select max(a) from file_n"), [["5"]]);
}

#[test]
fn excel_workbooks_with_several_sheets() {
    let t = engine();
    let path = t.path("book.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s1 = wb.add_worksheet().set_name("Summary").unwrap();
    s1.write(0, 0, "total").unwrap();
    s1.write(1, 0, 42).unwrap();
    let s2 = wb.add_worksheet().set_name("Q'1 data").unwrap();
    s2.write(0, 0, "city").unwrap();
    s2.write(0, 1, "amount").unwrap();
    s2.write(1, 0, "Lima").unwrap();
    s2.write(1, 1, 7.5).unwrap();
    s2.write(2, 0, "Oslo").unwrap();
    s2.write(2, 1, 2.5).unwrap();
    wb.save(&path).unwrap();

    assert_eq!(xlsx_sheets(&path).unwrap(), ["Summary", "Q'1 data"]);
    let mut spec = inspect_path(&path).unwrap();
    assert_eq!(spec.format, FileFormat::Xlsx);
    spec.sheet = Some("Q'1 data".into());
    t.engine.create_file_view("file_book", &spec).unwrap();
    assert_eq!(
        t.rows("select count(*), sum(amount) from file_book"),
        [["2", "10.0"]]
    );

    // An empty workbook is refused with a message, not a broken table.
    let empty = t.path("empty.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet();
    wb.save(&empty).unwrap();
    let msg = file_error(register(&t, "file_empty", &empty));
    assert!(msg.contains("empty.xlsx"), "{msg}");
}

#[test]
fn a_folder_of_files_is_one_table_with_hive_partitions() {
    let t = engine();
    let dir = t.path("events");
    t.rows(&format!(
        "copy (select range as id, 2020 + range % 3 as year from range(30)) to '{}' (format parquet, partition_by (year)); select 1",
        dir.display()
    ));
    let spec = inspect_path(&dir).unwrap();
    assert!(spec.is_folder);
    assert_eq!(spec.format, FileFormat::Parquet);
    t.engine.create_file_view("file_events", &spec).unwrap();
    assert_eq!(
        t.rows("select year, count(*) from file_events group by year order by year"),
        [["2020", "10"], ["2021", "10"], ["2022", "10"]]
    );

    let mixed = t.path("mixed");
    t.write("mixed/a.csv", "a\n1\n");
    t.write("mixed/b.json", "[{\"a\": 1}]");
    let msg = file_error(inspect_path(&mixed));
    assert!(msg.contains("mixes"), "{msg}");
}

#[test]
fn hostile_paths_and_long_names() {
    let t = engine();
    let weird = t.write(
        "it's a \"dir\" ü/sub/../da'ta; drop table x.csv",
        "a\n1\n2\n",
    );
    register(&t, "file_weird", &weird).unwrap();
    assert_eq!(t.rows("select sum(a) from file_weird"), [["3"]]);

    // A 250-byte file name (the file system's limit is 255) in a path over 500 characters.
    let long_dir = "d".repeat(120);
    let name = format!("{}.csv", "n".repeat(246));
    let long = t.write(&format!("{long_dir}/{long_dir}/{name}"), "a\n7\n");
    assert!(long.to_string_lossy().len() > 500);
    let view = qbox_engine::ident::file_view_base(&name.replace(".csv", ""));
    assert!(view.len() <= 50);
    register(&t, &view, &long).unwrap();
    assert_eq!(t.rows(&format!("select a from {view}")), [["7"]]);

    // Letters of any script make the name, and DuckDB takes it unquoted.
    let unicode = t.write("ünïcødé 数据.csv", "a\n5\n");
    let view = qbox_engine::ident::file_view_base("ünïcødé 数据");
    assert_eq!(view, "file_unicode_数据");
    register(&t, &view, &unicode).unwrap();
    assert_eq!(t.rows("select a from file_unicode_数据"), [["5"]]);
}

#[test]
fn names_with_glob_characters_are_read_as_themselves() {
    // DuckDB reads `*`, `?` and `[` in a path as a pattern: each file below has a sibling the
    // pattern would also match.
    let t = engine();
    for (name, value) in [
        ("*.csv", 1),
        ("a[bc].csv", 10),
        ("ab.csv", 20),
        ("q?.csv", 5),
        ("qa.csv", 6),
    ] {
        t.write(&format!("globs/{name}"), format!("x\n{value}\n"));
    }
    for (i, (name, expected)) in [("*.csv", "1"), ("a[bc].csv", "10"), ("q?.csv", "5")]
        .into_iter()
        .enumerate()
    {
        let view = format!("file_g{i}");
        register(&t, &view, &t.path(&format!("globs/{name}"))).unwrap();
        assert_eq!(
            t.rows(&format!("select count(*), sum(x) from {view}")),
            [["1", expected]],
            "{name}"
        );
    }

    // A folder's name is taken literally too (its sibling `dir1` matches `dir[1]`).
    t.write("folders/dir[1]/p.csv", "x\n100\n");
    t.write("folders/dir1/p.csv", "x\n200\n");
    register(&t, "file_dir", &t.path("folders/dir[1]")).unwrap();
    assert_eq!(t.rows("select sum(x) from file_dir"), [["100"]]);

    let book = t.path("globs/s[1].xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.write(0, 0, "x").unwrap();
    sheet.write(1, 0, 3).unwrap();
    wb.save(&book).unwrap();
    register(&t, "file_book", &book).unwrap();
    assert_eq!(t.rows("select sum(x) from file_book"), [["3.0"]]);
}

#[test]
fn pipes_and_link_loops_neither_hang_nor_explode() {
    let t = engine();
    let fifo = t.path("pipe.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Opening a named pipe would wait for a writer forever.
    let msg = file_error(register(&t, "file_pipe", &fifo));
    assert!(msg.contains("not a regular file"), "{msg}");

    t.write("looped/a.csv", "x\n1\n");
    std::os::unix::fs::symlink(t.path("looped"), t.path("looped/again")).unwrap();
    register(&t, "file_looped", &t.path("looped")).unwrap();
    assert!(!t.rows("select count(*) from file_looped").is_empty());

    t.write("piped/a.csv", "x\n1\n");
    let inner = t.path("piped/b.csv");
    assert!(std::process::Command::new("mkfifo")
        .arg(&inner)
        .status()
        .unwrap()
        .success());
    let msg = file_error(inspect_path(&t.path("piped")));
    assert!(
        msg.contains("b.csv") && msg.contains("not a regular file"),
        "{msg}"
    );
}

#[test]
fn bad_files_get_clear_messages_and_leave_no_view() {
    let t = engine();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.csv", vec![], "is empty"),
        ("wrong.docx", b"hello".to_vec(), "unsupported file type"),
        (
            "garbage.parquet",
            vec![0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3],
            "garbage.parquet",
        ),
        ("notjson.json", b"{not json".to_vec(), "notjson.json"),
        ("nocols.csv", b"\n\n\n".to_vec(), "has no columns"),
        ("nothing.json", b" [ ] ".to_vec(), "has no columns"),
    ];
    for (name, bytes, expect) in cases {
        let p = t.write(name, bytes);
        let msg = file_error(register(&t, "file_bad", &p));
        assert!(msg.contains(expect), "{name}: {msg}");
    }
    let missing = file_error(register(&t, "file_bad", &t.path("nope.csv")));
    assert!(missing.contains("does not exist"), "{missing}");
    assert!(t
        .engine
        .catalog()
        .unwrap()
        .iter()
        .all(|tab| tab.name != "file_bad"));
}

#[test]
fn ragged_rows_and_bad_quoting_lose_no_data() {
    let t = engine();
    let ragged = t.write("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9,10\n");
    let cols = register(&t, "file_ragged", &ragged).unwrap();
    assert_eq!(
        &cols.iter().map(|c| c.name.as_str()).collect::<Vec<_>>()[..3],
        ["a", "b", "c"]
    );
    assert_eq!(
        t.rows("select a, b, c from file_ragged order by a"),
        [["1", "2", "3"], ["4", "5", "NULL"], ["6", "7", "8"]]
    );
    // An unterminated quote is read as text, not dropped.
    let quoting = t.write("quoting.csv", "a,b\n1,\"unterminated\n2,3\n");
    register(&t, "file_quoting", &quoting).unwrap();
    assert_eq!(t.rows("select count(*) from file_quoting"), [["2"]]);
}

#[test]
fn binary_garbage_is_reported_with_the_file_name() {
    let t = engine();
    let mut binary = b"a,b\n".to_vec();
    binary.extend((0..4096u32).map(|i| (i * 7919 % 251) as u8));
    let bin = t.write("binary.csv", binary);
    let msg = file_error(register(&t, "file_binary", &bin));
    assert!(msg.contains("binary.csv"), "{msg}");
    assert!(t
        .engine
        .catalog()
        .unwrap()
        .iter()
        .all(|tab| tab.name != "file_binary"));
}

#[test]
fn unreadable_files_are_reported() {
    let t = engine();
    let p = t.write("secret.csv", "a\n1\n");
    let is_root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let target = if is_root {
        // Root reads through permissions; a path through a regular file cannot be opened at all.
        p.join("inner.csv")
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
        p.clone()
    };
    let msg = file_error(register(&t, "file_secret", &target));
    assert!(msg.contains("cannot"), "{msg}");
}

#[test]
fn a_file_deleted_after_registration_fails_with_its_path() {
    let t = engine();
    let p = t.write("gone.csv", "a\n1\n");
    register(&t, "file_gone", &p).unwrap();
    std::fs::remove_file(&p).unwrap();
    let err = t.engine.run("r", "select * from file_gone").unwrap_err();
    assert!(err.to_string().contains("gone.csv"), "{err}");
    // Re-registering at start-up reports it as missing.
    let msg = file_error(register(&t, "file_gone", &p));
    assert!(msg.contains("does not exist"), "{msg}");
}

#[test]
fn views_can_be_renamed_and_dropped() {
    let t = engine();
    let p = t.write("a.csv", "x\n1\n");
    register(&t, "file_a", &p).unwrap();
    t.engine.rename_view("file_a", "file_b").unwrap();
    assert_eq!(t.rows("select x from file_b"), [["1"]]);
    t.engine.drop_view("file_b").unwrap();
    assert!(t.engine.run("r", "select * from file_b").is_err());
}
