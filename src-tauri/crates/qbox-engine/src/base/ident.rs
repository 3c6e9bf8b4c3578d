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

/// Derives the SQL identifier for a display name: lowercase letters (accents dropped, letters
/// of other scripts kept, as DuckDB accepts them unquoted) and digits; runs of anything else
/// become `_`, trimmed of `_`; `db_` before a leading digit; at most 50 characters. Returns an
/// empty string when nothing usable is left; callers reject that.
pub fn sql_identifier(name: &str) -> String {
    let mut out = words(name);
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "db_");
    }
    truncate_ident(&mut out, MAX_LEN);
    out
}

/// The letters and digits of `name` joined by single `_`, lowercase, accents removed (`é` is
/// `e`, `ß` is `ss`), zero-width and direction marks dropped.
fn words(name: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    let mut pending_sep = false;
    let push = |out: &mut String, ch: char, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push('_');
        }
        *pending = false;
        out.push(ch);
    };
    for ch in name.nfkd().filter(|c| !is_combining_mark(*c)) {
        if matches!(ch, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
        {
            continue;
        }
        match ch {
            'ß' => "ss"
                .chars()
                .for_each(|c| push(&mut out, c, &mut pending_sep)),
            'æ' | 'Æ' => "ae"
                .chars()
                .for_each(|c| push(&mut out, c, &mut pending_sep)),
            'œ' | 'Œ' => "oe"
                .chars()
                .for_each(|c| push(&mut out, c, &mut pending_sep)),
            'ø' | 'Ø' => push(&mut out, 'o', &mut pending_sep),
            'đ' | 'Đ' => push(&mut out, 'd', &mut pending_sep),
            'ł' | 'Ł' => push(&mut out, 'l', &mut pending_sep),
            c if c.is_alphanumeric() => {
                for lower in c.to_lowercase() {
                    push(&mut out, lower, &mut pending_sep);
                }
            }
            _ => pending_sep = true,
        }
    }
    out
}

fn truncate_ident(s: &mut String, max: usize) {
    if let Some((cut, _)) = s.char_indices().nth(max) {
        s.truncate(cut);
    }
    while s.ends_with('_') {
        s.pop();
    }
}

/// True for names that collide with DuckDB's own catalogs or QBox's internal ones.
pub fn is_reserved(ident: &str) -> bool {
    RESERVED.contains(&ident) || ident.starts_with("qbox_")
}

/// View name for a local file: `file_<words of the file stem>` (the prefix already keeps a
/// leading digit from starting the name).
pub fn file_view_base(stem: &str) -> String {
    let ident = words(stem);
    let mut name = if ident.is_empty() {
        "file_data".to_string()
    } else {
        format!("file_{ident}")
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

/// DuckDB's keywords that cannot stand unquoted for every kind of name (its `reserved`,
/// `column_name` and `type_function` categories): a table or field called `order` must be
/// written `"order"`. The list is shared with the UI, which quotes names by the same rule.
fn is_keyword(word: &str) -> bool {
    static KEYWORDS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        serde_json::from_str(include_str!("../../../../../ui/src/lib/sql-keywords.json"))
            .expect("sql-keywords.json is a JSON list of words")
    });
    KEYWORDS.iter().any(|k| k == word)
}

/// A name as SQL can write it: as it is when it is a plain lower-case identifier that is no
/// keyword, quoted otherwise (the rule the UI uses when it inserts a name).
pub fn sql_name(ident: &str) -> String {
    let plain = ident
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && ident
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_keyword(ident);
    if plain {
        ident.to_string()
    } else {
        quote_ident(ident)
    }
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
        assert_eq!(sql_identifier("ÄÖÜ"), "aou");
        assert_eq!(sql_identifier("Straße Œuvre"), "strasse_oeuvre");
        assert_eq!(sql_identifier("数据 仓库"), "数据_仓库");
        assert_eq!(sql_identifier("a\u{200B}b\u{202E}c"), "abc");
        assert_eq!(sql_identifier("—!?"), "");
        assert_eq!(sql_identifier("a--b__c"), "a_b_c");
        let long = "x".repeat(80);
        assert_eq!(sql_identifier(&long).len(), 50);
        assert_eq!(
            sql_identifier(&format!("{}_{}", "a".repeat(49), "b")),
            "a".repeat(49)
        );
    }

    #[test]
    fn names_that_are_keywords_are_quoted() {
        assert_eq!(sql_name("order"), "\"order\"");
        assert_eq!(sql_name("select"), "\"select\"");
        assert_eq!(sql_name("orders"), "orders");
        // An unreserved keyword is a plain name in DuckDB.
        assert_eq!(sql_name("year"), "year");
    }

    #[test]
    fn file_views_get_the_file_prefix() {
        assert_eq!(file_view_base("Sales Data"), "file_sales_data");
        assert_eq!(file_view_base("2024"), "file_2024");
        assert_eq!(file_view_base("données"), "file_donnees");
        assert_eq!(file_view_base("db_export"), "file_db_export");
        assert_eq!(file_view_base("ünïcødé 数据"), "file_unicode_数据");
        assert_eq!(file_view_base("sales.2024"), "file_sales_2024");
        assert_eq!(file_view_base("???"), "file_data");
        assert!(file_view_base(&"é".repeat(300)).chars().count() <= 50);
        assert!(file_view_base(&"数".repeat(300)).chars().count() <= 50);
    }

    #[test]
    fn reserved_names_are_rejected() {
        for name in [
            "main",
            "memory",
            "system",
            "temp",
            "qbox",
            "qbox_results",
            "qbox_results_memory",
        ] {
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
