// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    // `qbox <command>` is the command line (it never opens a window); `qbox` alone, or with
    // files to open, is the app.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if qbox_cli::is_command(&args) {
        let dev_extensions = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("src-tauri/resources/duckdb-extensions");
        return qbox_cli::main(args, Some(dev_extensions));
    }
    qbox_lib::run();
    ExitCode::SUCCESS
}
