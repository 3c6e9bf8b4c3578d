//! CSV and TSV files saved in other text encodings than UTF-8 (as Excel and older tools write
//! them) read with the right characters, say which encoding was used, and can be read another way.

use qbox_engine::TextEncoding;
use qbox_testkit::workspace::{config, rows};
use qbox_workspace::{AddOutcome, Source, Workspace, WorkspaceError};

const TEXT: &str = "name,city\nJosé,Zürich\nRenée,Köln\n";

fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(c as u32).unwrap())
        .collect()
}

fn utf16le(text: &str, mark: bool) -> Vec<u8> {
    let body = text.encode_utf16().flat_map(|u| u.to_le_bytes());
    let bom: &[u8] = if mark { &[0xFF, 0xFE] } else { &[] };
    bom.iter().copied().chain(body).collect()
}

async fn add(ws: &Workspace, path: &std::path::Path) -> std::result::Result<Source, String> {
    match ws.add_paths(&[path.to_path_buf()]).await.remove(0) {
        AddOutcome::Added { source, .. } => Ok(source),
        AddOutcome::Failed { error, .. } => Err(error.to_string()),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_in_other_encodings_read_with_their_own_characters() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let files = [
        ("utf8.csv", TEXT.as_bytes().to_vec(), TextEncoding::Utf8),
        ("latin1.csv", latin1(TEXT), TextEncoding::Latin1),
        ("marked16.csv", utf16le(TEXT, true), TextEncoding::Utf16),
        ("plain16.csv", utf16le(TEXT, false), TextEncoding::Utf16),
        (
            "latin1.tsv",
            latin1(&TEXT.replace(',', "\t")),
            TextEncoding::Latin1,
        ),
    ];
    for (name, bytes, encoding) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let source = add(&ws, &path).await.unwrap();
        assert_eq!(source.encoding, Some(encoding), "{name}");
        let got = rows(
            &ws,
            &format!("select name, city from {} order by 1", source.view_name),
        )
        .await;
        assert_eq!(got, [["José", "Zürich"], ["Renée", "Köln"]], "{name}");
    }
    // The encoding is kept: after a restart the views read the same way.
    ws.close().await;
    drop(ws);
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let sources = ws.sources().await.unwrap();
    let latin = sources
        .iter()
        .find(|s| s.view_name == "file_latin1")
        .unwrap();
    assert_eq!(latin.encoding, Some(TextEncoding::Latin1));
    ws.refresh_sources().await.unwrap();
    assert_eq!(
        rows(&ws, "select city from file_latin1 order by 1").await,
        [["Köln"], ["Zürich"]]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn encodings_duckdb_cannot_decode_read_through_a_utf8_copy() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    // “Quoted” – 5 € from Windows-1252, and UTF-16 big-endian: DuckDB refuses the first and
    // reads the second as an empty table.
    let cp1252 = dir.path().join("excel.csv");
    std::fs::write(&cp1252, b"note,city\n\x93Quoted\x94 \x96 5 \x80,K\xf6ln\n").unwrap();
    let source = add(&ws, &cp1252).await.unwrap();
    assert_eq!(source.encoding, Some(TextEncoding::Windows1252));
    assert_eq!(
        rows(&ws, "select note, city from file_excel").await,
        [["“Quoted” – 5 €", "Köln"]]
    );
    let big = dir.path().join("big.csv");
    let bytes: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(TEXT.encode_utf16().flat_map(|u| u.to_be_bytes()))
        .collect();
    std::fs::write(&big, bytes).unwrap();
    let source = add(&ws, &big).await.unwrap();
    assert_eq!(source.encoding, Some(TextEncoding::Utf16Be));
    assert_eq!(
        rows(&ws, "select name, city from file_big order by 1").await,
        [["José", "Zürich"], ["Renée", "Köln"]]
    );
    // The file changes while QBox is closed: the next start reads it afresh.
    ws.close().await;
    drop(ws);
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&cp1252, b"note,city\n\x84low\x93,Z\xfcrich\n").unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    assert_eq!(
        rows(&ws, "select note, city from file_excel").await,
        [["„low“", "Zürich"]]
    );
    // Removing the source removes its copy.
    let converted = dir.path().join("home/converted");
    assert_eq!(std::fs::read_dir(&converted).unwrap().count(), 2);
    let id = ws.sources().await.unwrap()[1].id;
    ws.remove_source(id).await.unwrap();
    assert_eq!(std::fs::read_dir(&converted).unwrap().count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_is_read_again_with_the_encoding_the_user_picks() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    // Plain ASCII for longer than the first megabyte, then one Latin-1 row: detection reads
    // on to meet it (DuckDB would fail on it with an error that stops the whole database),
    // and says Windows-1252, the usual source of such a byte.
    let mut bytes = b"name,city\n".to_vec();
    for i in 0..60_000 {
        bytes.extend_from_slice(format!("person {i:06},Town\n").as_bytes());
    }
    bytes.extend(latin1("Renée,Köln\n"));
    let path = dir.path().join("names.csv");
    std::fs::write(&path, bytes).unwrap();
    let source = add(&ws, &path).await.unwrap();
    assert_eq!(source.encoding, Some(TextEncoding::Windows1252));
    assert_eq!(
        rows(&ws, "select city from file_names where name = 'Renée'").await,
        [["Köln"]]
    );
    let changed = ws
        .set_source_encoding(source.id, TextEncoding::Latin1)
        .await
        .unwrap();
    assert_eq!(changed.encoding, Some(TextEncoding::Latin1));
    assert_eq!(
        rows(&ws, "select city from file_names where name = 'Renée'").await,
        [["Köln"]]
    );
    // A reading the bytes cannot be is refused; the source stays as it was, still answering.
    for wrong in [TextEncoding::Utf16, TextEncoding::Utf8] {
        let err = ws
            .set_source_encoding(source.id, wrong)
            .await
            .map(|_| ())
            .unwrap_err();
        let says = format!("cannot be read as {}", wrong.as_str());
        assert!(err.to_string().contains(&says), "{err}");
    }
    let kept = ws.sources().await.unwrap().remove(0);
    assert_eq!(kept.encoding, Some(TextEncoding::Latin1));
    assert_eq!(
        rows(&ws, "select count(*) from file_names").await,
        [["60001"]]
    );
    // Only text files have an encoding.
    let parquet = dir.path().join("p.parquet");
    ws.run(
        "c".into(),
        format!(
            "copy (select 1 as n) to '{}' (format parquet)",
            parquet.display()
        ),
    )
    .await
    .unwrap();
    let p = add(&ws, &parquet).await.unwrap();
    assert_eq!(p.encoding, None);
    let err = ws
        .set_source_encoding(p.id, TextEncoding::Latin1)
        .await
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::Engine(_)), "{err:?}");
    assert!(err.to_string().contains("only CSV and TSV"), "{err}");
}
