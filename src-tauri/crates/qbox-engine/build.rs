//! Puts DuckDB's library folder (`DUCKDB_LIB_DIR`, set by .cargo/config.toml) on the rpath of this
//! crate's tests and examples, so they find `libduckdb` without any environment variable.
//! Windows links DuckDB statically and needs no path.
fn main() {
    println!("cargo:rerun-if-env-changed=DUCKDB_LIB_DIR");
    let windows = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows");
    if let (Some(dir), false) = (std::env::var_os("DUCKDB_LIB_DIR"), windows) {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.to_string_lossy());
    }
}
