//! SQL identifier rules: how display names become stable SQL names, and how names and
//! literals are quoted before they reach DuckDB.

/// Schema/catalog names that a user's source may never take.
const RESERVED: &[&str] = &[
    "main",
    "memory",
    "system",
    "temp",
    "qbox",
    "information_schema",
    "pg_catalog",
];

const MAX_LEN: usize = 50;

/// Derives the SQL identifier for a display name: lowercase, runs of anything but
/// `[a-z0-9]` become `_`, trimmed of `_`, `db_` before a leading digit, at most 50 chars.
/// Returns an empty string when nothing usable is left; callers reject that.
pub fn sql_identifier(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_sep = false;
    for ch in name.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_lowercase() || ch.is_ascii_digit() {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.push(ch);
        } else {
            pending_sep = true;
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "db_");
    }
    truncate_ident(&mut out, MAX_LEN);
    out
}

fn truncate_ident(s: &mut String, max: usize) {
    // Identifiers are ASCII by construction, so byte truncation is safe.
    if s.len() > max {
        s.truncate(max);
    }
    while s.ends_with('_') {
        s.pop();
    }
}

/// True for names that collide with DuckDB's own catalogs or QBox's internal ones.
pub fn is_reserved(ident: &str) -> bool {
    RESERVED.contains(&ident) || ident.starts_with("qbox_")
}

/// View name for a local file: `file_<identifier of the file stem>`.
pub fn file_view_base(stem: &str) -> String {
    let ident = sql_identifier(stem);
    let mut name = if ident.is_empty() {
        "file_data".to_string()
    } else {
        format!("file_{}", ident.strip_prefix("db_").unwrap_or(&ident))
    };
    truncate_ident(&mut name, MAX_LEN);
    name
}

/// First of `base`, `base_2`, `base_3`, ... that `taken` does not hold.
pub fn unique_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| with_suffix(base, n))
        .find(|candidate| !taken(candidate))
        .expect("an unbounded counter always finds a free name")
}

/// `base_<n>`, shortened so that it stays within the identifier length limit.
pub fn with_suffix(base: &str, n: u32) -> String {
    let suffix = format!("_{n}");
    let mut stem = base.to_string();
    truncate_ident(&mut stem, MAX_LEN.saturating_sub(suffix.len()));
    format!("{stem}{suffix}")
}

/// Double-quotes an identifier for DuckDB, doubling embedded quotes.
pub fn quote_ident(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Single-quotes a string literal for DuckDB, doubling embedded quotes.
pub fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_identifiers_from_display_names() {
        assert_eq!(sql_identifier("My Database"), "my_database");
        assert_eq!(sql_identifier("  Production  S3!! "), "production_s3");
        assert_eq!(sql_identifier("2024 Sales"), "db_2024_sales");
        assert_eq!(sql_identifier("ÄÖÜ"), "");
        assert_eq!(sql_identifier("a--b__c"), "a_b_c");
        let long = "x".repeat(80);
        assert_eq!(sql_identifier(&long).len(), 50);
        assert_eq!(
            sql_identifier(&format!("{}_{}", "a".repeat(49), "b")),
            "a".repeat(49)
        );
    }

    #[test]
    fn file_views_get_the_file_prefix() {
        assert_eq!(file_view_base("Sales Data"), "file_sales_data");
        assert_eq!(file_view_base("2024"), "file_2024");
        assert_eq!(file_view_base("données"), "file_donn_es");
        assert_eq!(file_view_base("???"), "file_data");
        assert!(file_view_base(&"é".repeat(300)).len() <= 50);
    }

    #[test]
    fn reserved_names_are_rejected() {
        for name in ["main", "memory", "system", "temp", "qbox", "qbox_results"] {
            assert!(is_reserved(name), "{name}");
        }
        assert!(!is_reserved("sales"));
    }

    #[test]
    fn collisions_get_a_numeric_suffix() {
        let taken = ["file_a", "file_a_2"];
        assert_eq!(unique_name("file_a", |n| taken.contains(&n)), "file_a_3");
        assert_eq!(unique_name("file_b", |n| taken.contains(&n)), "file_b");
        let long = "f".repeat(50);
        let got = unique_name(&long, |n| n == long);
        assert_eq!(got.len(), 50);
        assert!(got.ends_with("_2"));
    }

    #[test]
    fn quoting_doubles_embedded_quotes() {
        assert_eq!(quote_ident(r#"a"b"#), r#""a""b""#);
        assert_eq!(quote_literal("it's"), "'it''s'");
        assert_eq!(
            quote_literal("/tmp/x'); DROP TABLE y; --"),
            "'/tmp/x''); DROP TABLE y; --'"
        );
    }
}
