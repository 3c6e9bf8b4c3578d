//! One way to find and open the user's workspace, shared by the app and the headless CLI: the
//! data folder, the shipped DuckDB extensions, and where secrets live.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use qbox_store::{KeychainSecrets, MemorySecrets, SecretStore};

use crate::WorkspaceConfig;

/// The DuckDB version whose extensions QBox ships (`<repo>/v<version>/<platform>/`).
const EXTENSIONS_VERSION: &str = "v1.5.5";

/// The data folder: `$QBOX_HOME`, else `<the OS's data folder>/qbox`.
pub fn default_data_dir() -> PathBuf {
    std::env::var_os("QBOX_HOME")
        .map(PathBuf::from)
        .or_else(|| dirs::data_dir().map(|d| d.join("qbox")))
        .unwrap_or_else(|| PathBuf::from(".qbox"))
}

/// The shipped DuckDB extensions: `$QBOX_EXTENSION_REPO`, else beside the running program as
/// the installers lay them out (`resources/` next to it on Windows, `Contents/Resources` on
/// macOS, `/usr/lib/QBox` — the product name — on Linux), else `dev_tree` (a development
/// build's source tree).
pub fn extension_repo(dev_tree: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("QBOX_EXTENSION_REPO") {
        return Some(PathBuf::from(p));
    }
    let exe_dir = std::env::current_exe().ok()?.parent()?.to_path_buf();
    let mut candidates = vec![
        exe_dir.join("resources/duckdb-extensions"),
        exe_dir.join("../Resources/resources/duckdb-extensions"),
        exe_dir.join("../lib/QBox/resources/duckdb-extensions"),
    ];
    candidates.extend(dev_tree.map(Path::to_path_buf));
    candidates
        .into_iter()
        .find(|p| p.join(EXTENSIONS_VERSION).is_dir())
}

/// The OS keychain under `service` (`$QBOX_KEYCHAIN_SERVICE` overrides it, for test runs);
/// without one, secrets are kept for this session only (the UI says so). Never a file.
pub fn secret_store(service: &str) -> Arc<dyn SecretStore> {
    let service = std::env::var("QBOX_KEYCHAIN_SERVICE").unwrap_or_else(|_| service.into());
    match KeychainSecrets::open(&service) {
        Ok(k) => Arc::new(k),
        Err(e) => {
            tracing::warn!("no usable keychain ({e}); secrets are kept for this session only");
            Arc::new(MemorySecrets::default())
        }
    }
}

impl WorkspaceConfig {
    /// The user's workspace as the app and the CLI open it: [`default_data_dir`], the shipped
    /// extensions ([`extension_repo`]), the keychain ([`secret_store`]), the demo on first run.
    pub fn discover(dev_extension_tree: Option<&Path>) -> Self {
        let mut config = Self::new(default_data_dir());
        config.extension_repo = extension_repo(dev_extension_tree);
        config.secrets = secret_store("qbox");
        config
    }
}
