//! The engine runs on DuckDB's official v1.5.5 library (the prebuilt one DuckDB publishes, with
//! its jemalloc allocator), found through the rpath, not compiled from source.

use qbox_testkit::engine::engine;

#[test]
fn the_engine_runs_on_duckdbs_official_library() {
    let t = engine();
    assert_eq!(
        t.rows("SELECT library_version, source_id FROM pragma_version()"),
        vec![vec!["v1.5.5".to_string(), OFFICIAL_SOURCE_ID.to_string()]]
    );
    // DuckDB's own Linux builds carry jemalloc (its symbols prefixed `duckdb_je_`); a source build
    // through libduckdb-sys has none, and this test would not even link.
    #[cfg(target_os = "linux")]
    assert!(
        jemalloc_version().starts_with('5'),
        "{}",
        jemalloc_version()
    );
    // The formats QBox reads without extensions are built into the library.
    assert_eq!(
        t.rows(
            "SELECT extension_name FROM duckdb_extensions() \
             WHERE extension_name IN ('json', 'parquet') AND loaded ORDER BY 1"
        ),
        vec![vec!["json"], vec!["parquet"]]
    );
}

/// The library this process mapped is the one laid out by scripts/setup-duckdb.sh.
#[cfg(target_os = "linux")]
#[test]
fn the_library_is_found_through_the_rpath() {
    let _t = engine();
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    let mapped: Vec<&str> = maps
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .filter(|p| p.ends_with("/libduckdb.so"))
        .collect();
    assert!(
        mapped
            .iter()
            .all(|p| p.ends_with("src-tauri/resources/duckdb/libduckdb.so")),
        "{mapped:?}"
    );
    assert!(
        !mapped.is_empty(),
        "libduckdb.so is not mapped: DuckDB was linked statically"
    );
    assert!(
        std::env::var("LD_LIBRARY_PATH")
            .map(|p| !p.contains("resources/duckdb"))
            .unwrap_or(true),
        "found through LD_LIBRARY_PATH, not the rpath"
    );
}

#[cfg(target_os = "linux")]
fn jemalloc_version() -> String {
    use std::ffi::{c_char, c_int, c_void, CStr};
    extern "C" {
        fn duckdb_je_mallctl(
            name: *const c_char,
            old: *mut c_void,
            old_len: *mut usize,
            new: *mut c_void,
            new_len: usize,
        ) -> c_int;
    }
    let mut version: *const c_char = std::ptr::null();
    let mut len = std::mem::size_of::<*const c_char>();
    // Safety: "version" is a read-only mallctl that writes one `const char *` into `version`.
    let rc = unsafe {
        duckdb_je_mallctl(
            c"version".as_ptr(),
            (&mut version as *mut *const c_char).cast(),
            &mut len,
            std::ptr::null_mut(),
            0,
        )
    };
    assert_eq!(rc, 0, "mallctl(\"version\") failed");
    unsafe { CStr::from_ptr(version) }
        .to_string_lossy()
        .into_owned()
}

/// `SELECT source_id FROM pragma_version()` of DuckDB's v1.5.5 release.
const OFFICIAL_SOURCE_ID: &str = "d8cdaa33fd";
