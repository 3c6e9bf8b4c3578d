//! Secret literals a user may have typed into SQL (`CREATE SECRET … SECRET '…'`, a libpq
//! `password=…` in an ATTACH string, `user:password@` in a URL) are masked before the text goes
//! to a model: what is sent, and so what "what was sent" shows, never holds them.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// What a masked value is replaced with.
pub const MASK: &str = "***";

/// Options of DuckDB's `CREATE SECRET` (and of the extensions' secrets) and settings that hold a
/// credential, followed by their string literal: `SECRET 'abc'`, `KEY_ID 'it''s'`,
/// `TOKEN = 'x'`, `SET s3_secret_access_key = '…'`.
static SECRET_OPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b((?:[a-z0-9]+_)*(?:secret|key|key_id|token|password|connection_string))(\s*(?:=|:=)?\s*)'(?:[^']|'')*'",
    )
    .expect("secret option pattern")
});

/// A libpq connection string's password (`password=abc`, `password = 'a b'`), inside any text.
static CONNINFO_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    // Inside a SQL literal a quoted value's quotes are doubled (`password=''a b''`).
    Regex::new(
        r"(?i)\b(password|passwd|pwd)(\s*=\s*)(?:''(?:[^']|'[^'])*''|'(?:[^'\\]|\\.)*'|[^\s';]+)",
    )
    .expect("conninfo pattern")
});

/// The password of a URL's user information (`postgres://me:pw@host`).
static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z][a-z0-9+.-]*://[^:/@\s']+:)[^@\s']+@").expect("url pattern")
});

/// `text` with every secret literal replaced by [`MASK`]; unchanged text is borrowed.
pub fn mask_secrets(text: &str) -> Cow<'_, str> {
    // A connection string's `password=''…''` first: the option pattern would take its
    // doubled quote for an empty literal.
    let masked = CONNINFO_PASSWORD.replace_all(text, format!("${{1}}${{2}}{MASK}"));
    let masked = match SECRET_OPTION.replace_all(&masked, format!("${{1}}${{2}}'{MASK}'")) {
        Cow::Borrowed(_) => masked,
        Cow::Owned(o) => Cow::Owned(o),
    };
    let masked = match URL_PASSWORD.replace_all(&masked, format!("${{1}}{MASK}@")) {
        Cow::Borrowed(_) => masked,
        Cow::Owned(o) => Cow::Owned(o),
    };
    match masked {
        Cow::Borrowed(_) => Cow::Borrowed(text),
        Cow::Owned(o) => Cow::Owned(o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_literals_are_masked_in_every_form() {
        for (typed, secret) in [
            (
                "CREATE SECRET s3k (TYPE s3, KEY_ID 'AKIAEXAMPLE', SECRET 'wJalr''XUtnFEMI/K7MDENG')",
                "wJalr",
            ),
            ("CREATE SECRET (TYPE s3, KEY_ID 'AKIAEXAMPLE')", "AKIAEXAMPLE"),
            ("CREATE SECRET (TYPE gcs, token = 'ya29.a0AfH6')", "ya29"),
            (
                "CREATE SECRET (TYPE azure, CONNECTION_STRING 'AccountKey=abc123==')",
                "abc123",
            ),
            (
                "ATTACH 'host=db user=me password=hunter2 dbname=x' AS pg (TYPE postgres)",
                "hunter2",
            ),
            (
                "ATTACH 'host=db password = ''it s'' dbname=x' AS pg (TYPE postgres)",
                "it s",
            ),
            (
                "ATTACH 'postgresql://me:s3cr3t%21@db.example.com/shop' AS pg (TYPE postgres)",
                "s3cr3t",
            ),
            ("SET s3_secret_access_key = 'AbCdEf'", "AbCdEf"),
            ("CREATE SECRET (TYPE http, BEARER_TOKEN 'tok-123')", "tok-123"),
            ("ATTACH 'enc.db' AS e (ENCRYPTION_KEY 'quack-key')", "quack-key"),
        ] {
            let masked = mask_secrets(typed);
            assert!(!masked.contains(secret), "{typed} -> {masked}");
            assert!(masked.contains(MASK), "{typed} -> {masked}");
        }
    }

    #[test]
    fn ordinary_sql_is_left_as_written() {
        for sql in [
            "SELECT secret_name, token_count FROM t WHERE password_changed",
            "SELECT * FROM 'data/sales.csv' WHERE note = 'the secret of it'",
            "SELECT 'https://example.com/a' AS url",
        ] {
            assert!(matches!(mask_secrets(sql), Cow::Borrowed(_)), "{sql}");
        }
    }
}
