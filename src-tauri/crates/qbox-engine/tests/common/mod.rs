#![allow(dead_code)]
//! Shared set-up for the engine's integration tests: a fresh data dir per test and the
//! bundled extensions when the test run provides them.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::ipc::reader::StreamReader;
use qbox_engine::{Engine, EngineConfig};

pub struct TestEngine {
    pub engine: Engine,
    pub dir: tempfile::TempDir,
}

impl TestEngine {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// Runs SQL and returns the whole result as rows of display strings.
    pub fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        let out = self
            .engine
            .run("test", sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let info = out.into_result().expect("a result");
        let info = self.engine.wait_for_result(info.id).unwrap();
        decode(
            &self
                .engine
                .window(info.id, 0, info.row_count, &Default::default())
                .unwrap(),
        )
    }
}

impl TestEngine {
    /// The first column of every row of a query's result.
    pub fn first_column(&self, sql: &str) -> Vec<String> {
        self.rows(sql).into_iter().map(|r| r[0].clone()).collect()
    }
}

/// The local extension repository the test run laid out (see scripts/setup-extensions.sh).
pub fn extension_repo() -> PathBuf {
    let repo = std::env::var_os("QBOX_EXTENSION_REPO")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../resources/duckdb-extensions")
        });
    assert!(
        repo.join("v1.5.5").is_dir(),
        "the bundled DuckDB extensions are missing at {}; run `npm run setup` (or scripts/setup-extensions.sh) first",
        repo.display()
    );
    repo
}

pub fn engine() -> TestEngine {
    engine_with_cap(qbox_engine::DEFAULT_ROW_CAP)
}

pub fn engine_with_cap(cap: u64) -> TestEngine {
    let dir = tempfile::tempdir().unwrap();
    let mut config = EngineConfig::new(dir.path().join("home"));
    config.extension_repo = Some(extension_repo());
    config.row_cap = cap;
    let engine = Engine::open(config).unwrap();
    TestEngine { engine, dir }
}

/// Decodes an Arrow IPC stream into rows of display strings (NULL as "NULL").
pub fn decode(bytes: &[u8]) -> Vec<Vec<String>> {
    let reader = StreamReader::try_new(Cursor::new(bytes), None).unwrap();
    let mut rows = Vec::new();
    for batch in reader {
        let batch: RecordBatch = batch.unwrap();
        for r in 0..batch.num_rows() {
            rows.push(
                batch
                    .columns()
                    .iter()
                    .map(|c| cell(c.as_ref(), r))
                    .collect(),
            );
        }
    }
    rows
}

fn cell(col: &dyn Array, row: usize) -> String {
    if col.is_null(row) {
        return "NULL".into();
    }
    if let Some(s) = col.as_string_opt::<i32>() {
        return s.value(row).to_string();
    }
    if let Some(s) = col.as_string_view_opt() {
        return s.value(row).to_string();
    }
    let fmt = arrow::util::display::ArrayFormatter::try_new(col, &Default::default()).unwrap();
    fmt.value(row).to_string()
}
