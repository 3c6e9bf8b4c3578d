include!("src/app_commands.rs");

fn main() {
    link_duckdb_rpath();
    // With a custom capabilities path, tauri-build leaves the rebuild trigger to us: without
    // it, an edited capability keeps the old permissions in the binary.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/src/app_commands.rs");
    let manifest = tauri_build::AppManifest::new()
        .commands(APP_COMMANDS)
        .permissions_path_pattern(app_default_permission());
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(manifest),
    )
    .expect("tauri build step failed");
}

/// The app's `default` permission set: every command of `APP_COMMANDS` (tauri-build makes an
/// `allow-<command>` permission of each). Written to OUT_DIR so the list lives in one place.
fn app_default_permission() -> &'static str {
    let dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("app-acl");
    std::fs::create_dir_all(&dir).expect("create the app permission folder");
    let allowed: Vec<String> = APP_COMMANDS
        .iter()
        .map(|command| format!("\"allow-{}\"", command.replace('_', "-")))
        .collect();
    let toml = format!(
        "[default]\ndescription = \"Every QBox command the UI calls.\"\npermissions = [{}]\n",
        allowed.join(", ")
    );
    std::fs::write(dir.join("default.toml"), toml).expect("write the app permission set");
    Box::leak(format!("{}/*.toml", dir.display()).into_boxed_str())
}

/// DuckDB is a shared library (docs/decisions.md): the app finds it in the bundle's resources
/// (Linux packages: `/usr/lib/QBox/resources/duckdb`, the product name's folder; macOS:
/// `Contents/Resources/resources/duckdb`), and a development build in `DUCKDB_LIB_DIR` (set by
/// .cargo/config.toml; left out of release builds, which are for the bundles). Windows links
/// DuckDB statically (source build), so it needs no path.
fn link_duckdb_rpath() {
    println!("cargo:rerun-if-env-changed=DUCKDB_LIB_DIR");
    let rpaths: &[&str] = match std::env::var("CARGO_CFG_TARGET_OS").as_deref() {
        Ok("linux") => &["$ORIGIN/../lib/QBox/resources/duckdb"],
        Ok("macos") => &["@executable_path/../Resources/resources/duckdb"],
        _ => return,
    };
    for rpath in rpaths {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{rpath}");
    }
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    if let (Some(dir), false) = (std::env::var_os("DUCKDB_LIB_DIR"), release) {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.to_string_lossy());
    }
}
