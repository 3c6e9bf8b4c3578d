//! The DuckDB extensions QBox ships, laid out as a local repository by the test run.

use std::path::{Path, PathBuf};

/// The local extension repository (`QBOX_EXTENSION_REPO`, else the app's resources, where
/// scripts/setup-extensions.sh lays it out).
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
