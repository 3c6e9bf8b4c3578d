//! Starting QBox afresh (after Clear all data, or when a launch met a QBox that was quitting).
//! The new process waits until this one has gone: until then this one still holds the data
//! folder's files and the single-instance lock, and the new one would hand itself over to this
//! one and quit.

use std::time::{Duration, Instant};

use tauri::{AppHandle, Runtime};

/// The flag that tells a new process which process to wait for.
const WAIT_FOR: &str = "--qbox-wait-for-exit=";

/// The flag of a launch started again after its hand-over failed (it is not started a third time).
const HANDOVER_RETRY: &str = "--qbox-handover-retry";

/// Whether building the app failed because the QBox already running did not take this launch's
/// arguments. That happens when it is quitting: it still owns its single-instance name on the
/// session bus but no longer answers (`NoReply`). The plugin says so only in its message.
pub fn is_failed_handover(error: &tauri::Error) -> bool {
    matches!(error, tauri::Error::PluginInitialization(plugin, message)
        if plugin == "single-instance" && message.contains("failed to forward arguments"))
}

/// Starts this launch again, with its arguments, once the quitting QBox has had a moment to go;
/// false when this launch already was that second start, or when it cannot be started.
pub fn launch_again_after_failed_handover() -> bool {
    if std::env::args().any(|a| a == HANDOVER_RETRY) {
        return false;
    }
    std::thread::sleep(Duration::from_secs(1));
    std::env::current_exe()
        .and_then(|exe| {
            std::process::Command::new(exe)
                .args(std::env::args_os().skip(1))
                .arg(HANDOVER_RETRY)
                .spawn()
        })
        .map_err(|e| tracing::error!("cannot start QBox again: {e}"))
        .is_ok()
}

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

#[cfg(test)]
mod tests {
    use super::is_failed_handover;

    #[test]
    fn only_the_single_instance_hand_over_counts_as_a_failed_hand_over() {
        let handover = tauri::Error::PluginInitialization(
            "single-instance".into(),
            "failed to forward arguments to the running instance: org.freedesktop.DBus.Error.NoReply"
                .into(),
        );
        assert!(is_failed_handover(&handover));
        let other_plugin = tauri::Error::PluginInitialization(
            "dialog".into(),
            "failed to forward arguments".into(),
        );
        assert!(!is_failed_handover(&other_plugin));
        let other_error =
            tauri::Error::PluginInitialization("single-instance".into(), "no session bus".into());
        assert!(!is_failed_handover(&other_error));
    }
}
