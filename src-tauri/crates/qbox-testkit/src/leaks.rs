//! The checks that no secret reached a file, a message or a request: every form a secret can
//! be written in (as is, JSON-escaped, SQL-quoted, URL-encoded), looked for byte by byte.

use std::path::{Path, PathBuf};

/// Every file below `dir`, for the checks that no secret reached the disk.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The files below `dir` with their contents, once the listing has stopped changing. A
/// workspace's databases finish closing on their own threads (SQLite's WAL is folded into its
/// file and removed, DuckDB checkpoints), so a file listed a moment ago can be gone; reading
/// only a settled listing checks what stays on disk, every file of it.
pub fn settled_files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let listing = |d: &Path| -> Vec<(PathBuf, u64)> {
        let mut files: Vec<_> = files_under(d)
            .into_iter()
            .map(|f| {
                let len = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(u64::MAX);
                (f, len)
            })
            .collect();
        files.sort();
        files
    };
    let mut last = listing(dir);
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let now = listing(dir);
        if now == last {
            return now
                .into_iter()
                .map(|(f, _)| {
                    let bytes = std::fs::read(&f)
                        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", f.display()));
                    (f, bytes)
                })
                .collect();
        }
        last = now;
    }
    panic!("the files under {} kept changing for 5 s", dir.display());
}

/// True when `needle` occurs in `haystack` byte for byte.
pub fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The ways a secret can be written down besides itself: JSON-escaped, SQL-quoted (quotes
/// doubled), URL-encoded. A leak check looks for each.
pub fn secret_forms(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap();
    let url: String = secret
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    let mut forms = vec![
        secret.to_string(),
        json[1..json.len() - 1].to_string(),
        secret.replace('\'', "''"),
        url,
    ];
    forms.dedup();
    forms
}

/// The first form of any of `secrets` that `haystack` holds.
pub fn leaked<'a>(haystack: &[u8], secrets: impl IntoIterator<Item = &'a str>) -> Option<String> {
    secrets
        .into_iter()
        .flat_map(secret_forms)
        .find(|form| holds(haystack, form.as_bytes()))
}
