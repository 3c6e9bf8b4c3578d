//! How deeply a JSON file nests, measured before DuckDB sees it: DuckDB's schema detection
//! recurses once per level and overflows its stack on deep input (a file of 100,000 nested
//! arrays brings the whole process down), so QBox refuses such a file with a clear message.

use std::io::Read;
use std::path::Path;

use crate::base::error::{EngineError, Result};
use crate::files::io_reason;

/// The deepest nesting QBox hands to DuckDB. Real data rarely goes past a few dozen levels
/// (serde_json stops at 128, Python at about 1,000); DuckDB's detection uses a few hundred
/// bytes of stack a level, so this stays far inside even a 512 KiB thread stack.
pub const MAX_JSON_DEPTH: usize = 1_000;

/// DuckDB detects a JSON file's schema from its first records only, and reads the rest
/// without recursing (a deep value there is a plain type error), so only this much is
/// scanned: a large file registers without reading all of it.
pub const SCANNED_BYTES: u64 = 256 * 1024 * 1024;

/// Whether `reader`'s JSON text nests deeper than `limit` within its first `budget` bytes.
/// Brackets inside strings (escapes included) do not count; malformed text is left to
/// DuckDB's own, clearer, message.
pub fn nests_deeper_than(reader: impl Read, limit: usize, budget: u64) -> std::io::Result<bool> {
    let mut reader = reader.take(budget);
    let mut buf = vec![0u8; 1 << 16];
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(false),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        for &b in &buf[..n] {
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > limit {
                        return Ok(true);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
}

/// Refuses the JSON file at `path` (gzipped when `compressed`) when it nests so deeply, within
/// its first `budget` bytes, that DuckDB's schema detection would overflow its stack.
pub(crate) fn check(path: &Path, compressed: bool, budget: u64) -> Result<()> {
    let unreadable = |e: std::io::Error| {
        EngineError::file(
            path,
            format!("cannot read {}: {}", path.display(), io_reason(&e)),
        )
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let deep = if compressed {
        let text = flate2::read::MultiGzDecoder::new(file);
        nests_deeper_than(text, MAX_JSON_DEPTH, budget).map_err(unreadable)?
    } else {
        nests_deeper_than(file, MAX_JSON_DEPTH, budget).map_err(unreadable)?
    };
    if deep {
        return Err(EngineError::file(
            path,
            format!(
                "{} nests JSON more than {MAX_JSON_DEPTH} levels deep, past what QBox reads; \
                 real data rarely goes beyond a few dozen levels, so the file may be damaged",
                path.display()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deeper(text: &str, limit: usize) -> bool {
        nests_deeper_than(text.as_bytes(), limit, u64::MAX).unwrap()
    }

    #[test]
    fn counts_arrays_and_objects_together() {
        assert!(!deeper(r#"[{"a":[1]}]"#, 3));
        assert!(deeper(r#"[{"a":[[1]]}]"#, 3));
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        assert!(!deeper(r#"{"a":"[[[[{{{{","b":"\"[[[["}"#, 1));
        // An escaped backslash ends before the quote, which then closes the string.
        assert!(deeper(r#"{"a":"\\",  "b":[[1]]}"#, 2));
    }

    #[test]
    fn siblings_do_not_add_up() {
        let many = format!("[{}]", vec!["[1]"; 10_000].join(","));
        assert!(!deeper(&many, 2));
        let lines = "{\"a\":{\"b\":1}}\n".repeat(10_000);
        assert!(!deeper(&lines, 2));
    }

    #[test]
    fn only_the_budget_is_scanned() {
        let text = format!("{}{}", " ".repeat(100), "[".repeat(10));
        assert!(!nests_deeper_than(text.as_bytes(), 5, 100).unwrap());
        assert!(nests_deeper_than(text.as_bytes(), 5, 200).unwrap());
    }
}
