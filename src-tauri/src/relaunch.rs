//! Starting QBox afresh (after Clear all data). The new process waits until this one has gone:
//! until then this one still holds the data folder's files and the single-instance lock, and
//! the new one would hand itself over to this one and quit.

use std::time::{Duration, Instant};

use tauri::{AppHandle, Runtime};

/// The flag that tells a new process which process to wait for.
const WAIT_FOR: &str = "--qbox-wait-for-exit=";

/// Spawns a new QBox that waits for this one, then ends this one.
pub fn relaunch<R: Runtime>(app: &AppHandle<R>) {
    let started = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .arg(format!("{WAIT_FOR}{}", std::process::id()))
            .spawn()
    });
    if let Err(e) = started {
        tracing::error!(
            "cannot start QBox again: {e}; it starts afresh the next time it is opened"
        );
    }
    app.exit(0);
}

/// Called first thing at start-up: when started by [`relaunch`], waits (at most 15 s) until the
/// process that started this one has ended.
pub fn wait_for_predecessor() {
    let Some(pid) = std::env::args().find_map(|a| a.strip_prefix(WAIT_FOR)?.parse::<u32>().ok())
    else {
        return;
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    while process_alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    // A zombie (ended, not yet reaped by its parent) holds nothing any more.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            stat.rsplit(')')
                .next()
                .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(false)
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    // No cheap portable check: give the old process a moment to end.
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed() < Duration::from_secs(2)
}
