//! The bad-files corpus: damaged, empty, header-only, oddly encoded, very wide and very deep
//! files of every format. Each one is a clear error naming the file or the right rows, none
//! brings the process down, and a refused file leaves no table behind. Prints its count.

use qbox_engine::files::inspect_path;
use qbox_engine::EngineError;
use qbox_testkit::engine::{engine, TestEngine};

enum Expect {
    /// Registers and holds this many rows.
    Rows(u64),
    /// Refused at registration with a file error naming the file and saying this.
    Refused(&'static str),
}

struct Case {
    name: String,
    bytes: Vec<u8>,
    expect: Expect,
}

fn case(name: impl Into<String>, bytes: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case {
        name: name.into(),
        bytes: bytes.into(),
        expect,
    }
}

/// A file DuckDB writes itself (Parquet, gzipped CSV), read back as bytes to be damaged.
fn written_by_duckdb(t: &TestEngine, name: &str, select: &str) -> Vec<u8> {
    let path = t.path(&format!("made/{name}"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let target = path.to_string_lossy().replace('\'', "''");
    t.engine
        .run("make", &format!("copy ({select}) to '{target}'"))
        .unwrap();
    std::fs::read(&path).unwrap()
}

fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write(r as u32, c as u16, *value).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn half(bytes: &[u8]) -> Vec<u8> {
    bytes[..bytes.len() / 2].to_vec()
}

fn corpus(t: &TestEngine) -> Vec<Case> {
    use Expect::*;
    let parquet = written_by_duckdb(
        t,
        "ok.parquet",
        "select range as id, 'row ' || range as label from range(100000)",
    );
    let no_rows = written_by_duckdb(t, "none.parquet", "select 1 as id where false");
    let gz = written_by_duckdb(
        t,
        "ok.csv.gz",
        "select range as id, 'row ' || range as label from range(100000)",
    );
    let xlsx = workbook(&[&["city", "amount"], &["Lima", "7"], &["Oslo", "2"]]);
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8; 64], &[0xff; 64]].concat();
    let wide_columns = 10_000;
    let wide = format!(
        "{}\n{}\n",
        (0..wide_columns)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(","),
        (0..wide_columns)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    // UTF-8 for longer than the encoding sample, then one Windows-1252 byte; and the same
    // byte within the sample, which makes the whole file read as Windows-1252.
    let utf8_rows = |n: usize| format!("id,name\n{}", "1,héllo\n".repeat(n)).into_bytes();
    let mixed_late = [utf8_rows(200_000).as_slice(), b"2,caf\xe9\n"].concat();
    let mixed_early = [utf8_rows(1_000).as_slice(), b"2,caf\xe9\n"].concat();
    let deep = |open: &str, close: &str, depth: usize| {
        format!("{}1{}", open.repeat(depth), close.repeat(depth))
    };
    let deep_record = |depth: usize| format!("{{\"a\":{}}}", deep("[", "]", depth - 1));
    vec![
        // Empty, in every format.
        case("empty.csv", "", Refused("is empty")),
        case("empty.tsv", "", Refused("is empty")),
        case("empty.parquet", "", Refused("is empty")),
        case("empty.json", "", Refused("is empty")),
        case("empty.ndjson", "", Refused("is empty")),
        case("empty.xlsx", "", Refused("is empty")),
        case("empty.csv.gz", "", Refused("is empty")),
        case("blank.csv", "\n\r\n  \n", Refused("has no columns")),
        case("blank.json", " [ ] ", Refused("has no columns")),
        case("blank.ndjson", "\n\n", Refused("has no columns")),
        // A header and no rows.
        case("header.csv", "id,name\n", Rows(0)),
        case("header.tsv", "id\tname\n", Rows(0)),
        case("header.xlsx", workbook(&[&["id", "name"]]), Rows(0)),
        case("no-rows.parquet", no_rows, Rows(0)),
        // Truncated.
        case("cut.csv", "id,name\n1,a\n2,b\n3,", Rows(3)),
        case("cut-quote.csv", "id,name\n1,a\n2,\"b", Rows(2)),
        case(
            "cut.parquet",
            half(&parquet),
            Refused("No magic bytes found at end of file"),
        ),
        case(
            "cut-footer.parquet",
            parquet[..parquet.len() - 9].to_vec(),
            Refused("cut-footer.parquet"),
        ),
        case("whole.csv.gz", gz.clone(), Rows(100_000)),
        case("cut.csv.gz", half(&gz), Refused("cut short")),
        case(
            "cut-trailer.csv.gz",
            gz[..gz.len() - 4].to_vec(),
            Refused("cut short"),
        ),
        case(
            "cut.json",
            r#"[{"a":1},{"a":2},{"a""#,
            Refused("Malformed JSON"),
        ),
        case(
            "cut.ndjson",
            "{\"a\":1}\n{\"a\":2}\n{\"a\"",
            Refused("Malformed JSON"),
        ),
        case("cut.xlsx", half(&xlsx), Refused("cut.xlsx")),
        // Wrong magic: another format under the name, or none at all.
        case("picture.csv", png.clone(), Refused("binary")),
        case("picture.json", png.clone(), Refused("picture.json")),
        case("picture.parquet", png.clone(), Refused("picture.parquet")),
        case("picture.xlsx", png.clone(), Refused("picture.xlsx")),
        case("picture.csv.gz", png, Refused("picture.csv.gz")),
        case("text.parquet", "id,name\n1,a\n", Refused("text.parquet")),
        case("text.xlsx", "id,name\n1,a\n", Refused("text.xlsx")),
        case("csv.json", "id,name\n1,a\n", Refused("csv.json")),
        case("parquet.csv", parquet.clone(), Refused("binary")),
        case(
            "magic-only.parquet",
            [b"PAR1".as_slice(), &[b'x'; 64], b"PAR1"].concat(),
            Refused("magic-only.parquet"),
        ),
        // Mixed encodings: a stray Windows-1252 byte in UTF-8, within the first megabyte or
        // past it, makes the file read as Windows-1252 with every row.
        case("mixed-late.csv", mixed_late, Rows(200_001)),
        case("mixed-early.csv", mixed_early, Rows(1_001)),
        case("bom.csv", "\u{feff}id,name\n1,é\n", Rows(1)),
        // Very wide and very deep.
        case("wide.csv", wide, Rows(1)),
        case(
            "deep-arrays.json",
            deep("[", "]", 100_000),
            Refused("more than 1000 levels deep"),
        ),
        case(
            "deep-objects.json",
            deep("{\"a\":", "}", 100_000),
            Refused("more than 1000 levels deep"),
        ),
        case(
            "deep-line.ndjson",
            format!("{{\"a\":1}}\n{}\n", deep_record(5_000)),
            Refused("more than 1000 levels deep"),
        ),
        case("deep-at-limit.json", deep_record(1_000), Rows(1)),
        case(
            "brackets-in-strings.json",
            format!("[{{\"a\":\"{}\"}}]", "[{".repeat(50_000)),
            Rows(1),
        ),
    ]
}

#[test]
fn every_bad_file_is_a_clear_error_or_the_right_rows() {
    let t = engine();
    let cases = corpus(&t);
    let mut misses = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let path = t.write(&format!("corpus/{}", case.name), &case.bytes);
        let view = format!("file_case_{i}");
        let registered =
            inspect_path(&path).and_then(|spec| t.engine.create_file_view(&view, &spec));
        // Every column is read (a bare count(*) may skip decoding them).
        let count = || -> Result<u64, EngineError> {
            let out = t.engine.run(
                "count",
                &format!("select count(*) from {view} as r where r is not null"),
            )?;
            let info = out.into_result().expect("a result");
            let info = t.engine.results().wait_for_result(info.id)?;
            let bytes = t
                .engine
                .results()
                .window(info.id, 0, 1, &Default::default())?;
            Ok(qbox_testkit::rows::decode(&bytes)[0][0].parse().unwrap())
        };
        let miss = match (&case.expect, registered) {
            (Expect::Rows(n), Ok(_)) => match count() {
                Ok(got) if got == *n => None,
                other => Some(format!("expected {n} rows, got {other:?}")),
            },
            (Expect::Refused(says), Err(EngineError::File { message, .. })) => {
                let named = message.contains(&case.name);
                let left_a_table = t
                    .engine
                    .catalog()
                    .unwrap()
                    .iter()
                    .any(|tab| tab.name == view);
                (!named || !message.contains(says) || left_a_table).then(|| {
                    format!("refused as expected, but the message or catalog is off: {message} (table left: {left_a_table})")
                })
            }
            (_, other) => Some(format!("unexpected registration outcome: {other:?}")),
        };
        if let Some(miss) = miss {
            misses.push(format!("{}: {miss}", case.name));
        }
    }
    // The engine is still whole after the corpus.
    assert_eq!(t.rows("select 42"), [["42"]]);
    println!(
        "bad files corpus: {} files, {} misses",
        cases.len(),
        misses.len()
    );
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn a_folder_holding_one_deep_json_file_is_refused_naming_it() {
    let t = engine();
    t.write("logs/2024/a.ndjson", "{\"a\":1}\n{\"a\":2}\n");
    t.write("logs/2025/b.ndjson", "{\"a\":3}\n");
    let spec = inspect_path(&t.path("logs")).unwrap();
    t.engine.create_file_view("file_logs", &spec).unwrap();
    assert_eq!(t.rows("select count(*) from file_logs"), [["3"]]);

    let deep = format!("{{\"a\":{}1{}}}\n", "[".repeat(50_000), "]".repeat(50_000));
    t.write("logs/2025/c.ndjson", deep);
    match inspect_path(&t.path("logs")) {
        Err(EngineError::File { message, .. }) => assert!(
            message.contains("c.ndjson") && message.contains("more than 1000 levels deep"),
            "{message}"
        ),
        other => panic!("expected the deep file to be refused, got {other:?}"),
    }
}
