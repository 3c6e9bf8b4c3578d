//! An engine on a fresh data folder with the bundled extensions.

use std::path::PathBuf;

use qbox_engine::{Engine, EngineConfig};

use crate::extensions::extension_repo;
use crate::rows::decode;

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
        let info = self.engine.results().wait_for_result(info.id).unwrap();
        decode(
            &self
                .engine
                .results()
                .window(info.id, 0, info.row_count, &Default::default())
                .unwrap(),
        )
    }

    /// The first column of every row of a query's result.
    pub fn first_column(&self, sql: &str) -> Vec<String> {
        self.rows(sql).into_iter().map(|r| r[0].clone()).collect()
    }
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
