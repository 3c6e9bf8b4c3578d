//! A CSV's dialect and columns, sniffed once. DuckDB's `read_csv` sniffs its file each time a
//! query over it is bound: tens of milliseconds for a large file, paid by every query and, in a
//! prepared statement, once more at execution. A view over a single CSV or TSV file is written
//! with what `sniff_csv` found (`auto_detect = false`, the delimiter, quoting, header, columns
//! and formats), and is sniffed again when the file changes: its [`FileStamp`] (size and
//! modification time) is kept in the view's comment and checked before each run.

use std::path::Path;
use std::time::UNIX_EPOCH;

use duckdb::Connection;

use crate::base::ident::quote_literal;
use crate::files::FileFormat;

/// Marks a view whose read was written from a sniff; its stamp follows.
const SNIFFED_MARK: &str = "qbox:sniffed";

/// What identifies a file's contents cheaply: its size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileStamp {
    len: u64,
    modified_ns: u128,
}

impl FileStamp {
    /// The file's stamp now, None when it cannot be read.
    pub(crate) fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        let modified_ns = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Self {
            len: meta.len(),
            modified_ns,
        })
    }

    /// The view comment that records this stamp.
    pub(crate) fn comment(self) -> String {
        format!("{SNIFFED_MARK} {} {}", self.len, self.modified_ns)
    }

    /// The stamp a view comment records, None for a view that was not written from a sniff.
    pub(crate) fn from_comment(comment: &str) -> Option<Self> {
        let mut parts = comment.strip_prefix(SNIFFED_MARK)?.split_whitespace();
        let len = parts.next()?.parse().ok()?;
        let modified_ns = parts.next()?.parse().ok()?;
        Some(Self { len, modified_ns })
    }
}

/// `read` (a `read_csv(…)` call over one file, as [`crate::files::read_call`] writes it) with
/// what DuckDB's sniffer finds in the file written into it, so that binding it sniffs nothing.
/// None when the sniffer cannot say (the caller keeps `read` as it is and DuckDB sniffs).
pub(crate) fn sniffed_read(conn: &Connection, read: &str, format: FileFormat) -> Option<String> {
    let arguments = read.strip_prefix("read_csv(")?.strip_suffix(')')?;
    let sql = format!(
        "SELECT \"Delimiter\", \"Quote\", \"Escape\", \"NewLineDelimiter\", \"Comment\", \
         \"SkipRows\", \"HasHeader\", \"DateFormat\", \"TimestampFormat\", \
         to_json(\"Columns\")::VARCHAR FROM sniff_csv({arguments})"
    );
    let found = conn.query_row(&sql, [], |row| {
        Ok(Sniffed {
            delimiter: row.get(0)?,
            quote: row.get(1)?,
            escape: row.get(2)?,
            new_line: row.get(3)?,
            comment: row.get(4)?,
            skip: row.get(5)?,
            header: row.get(6)?,
            date_format: row.get(7)?,
            timestamp_format: row.get(8)?,
            columns: row.get(9)?,
        })
    });
    match found {
        Ok(sniffed) => sniffed
            .options(format)
            .map(|o| format!("read_csv({arguments}{o})")),
        Err(e) => {
            tracing::debug!("the CSV sniffer could not say, so DuckDB sniffs each read: {e}");
            None
        }
    }
}

struct Sniffed {
    delimiter: String,
    quote: String,
    escape: String,
    new_line: String,
    comment: String,
    skip: u32,
    header: bool,
    date_format: Option<String>,
    timestamp_format: Option<String>,
    /// `[{"name": …, "type": …}, …]`
    columns: String,
}

impl Sniffed {
    /// The options to add to the read, each value quoted; None when the columns are unreadable.
    fn options(&self, format: FileFormat) -> Option<String> {
        let columns: Vec<serde_json::Value> = serde_json::from_str(&self.columns).ok()?;
        let columns = columns
            .iter()
            .map(|c| {
                Some(format!(
                    "{}: {}",
                    quote_literal(c.get("name")?.as_str()?),
                    quote_literal(c.get("type")?.as_str()?)
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        if columns.is_empty() {
            return None;
        }
        // The sniffer writes a character it did not find as "(empty)".
        let text = |value: &str| quote_literal(if value == "(empty)" { "" } else { value });
        let mut options = vec!["auto_detect = false".to_string()];
        // A TSV's delimiter is in the read already.
        if format != FileFormat::Tsv {
            options.push(format!("delim = {}", text(&self.delimiter)));
        }
        options.extend([
            format!("quote = {}", text(&self.quote)),
            format!("escape = {}", text(&self.escape)),
            format!("new_line = {}", text(&self.new_line)),
            format!("comment = {}", text(&self.comment)),
            format!("skip = {}", self.skip),
            format!("header = {}", self.header),
            format!("columns = {{{}}}", columns.join(", ")),
        ]);
        if let Some(f) = self.date_format.as_deref().filter(|f| !f.is_empty()) {
            options.push(format!("dateformat = {}", quote_literal(f)));
        }
        if let Some(f) = self.timestamp_format.as_deref().filter(|f| !f.is_empty()) {
            options.push(format!("timestampformat = {}", quote_literal(f)));
        }
        Some(options.iter().map(|o| format!(", {o}")).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_survives_its_comment_and_other_comments_are_not_stamps() {
        let stamp = FileStamp {
            len: 1234,
            modified_ns: 1_700_000_000_123_456_789,
        };
        assert_eq!(FileStamp::from_comment(&stamp.comment()), Some(stamp));
        assert_eq!(FileStamp::from_comment("qbox:s3-view"), None);
        assert_eq!(FileStamp::from_comment("qbox:sniffed 12"), None);
        assert_eq!(FileStamp::from_comment(""), None);
    }

    #[test]
    fn the_sniffed_read_quotes_every_value_it_writes() {
        let conn = Connection::open_in_memory().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("it's.csv");
        std::fs::write(&path, "na'me;when\nAda;2024-01-02\n'Grace';2024-03-04\n").unwrap();
        let read = format!(
            "read_csv({}, null_padding = true)",
            quote_literal(&path.to_string_lossy())
        );
        let sniffed = sniffed_read(&conn, &read, FileFormat::Csv).unwrap();
        assert!(sniffed.contains("auto_detect = false"), "{sniffed}");
        assert!(sniffed.contains("delim = ';'"), "{sniffed}");
        assert!(sniffed.contains("'na''me': 'VARCHAR'"), "{sniffed}");
        let rows = |read: &str| -> Vec<(String, String)> {
            conn.prepare(&format!("SELECT \"na'me\", \"when\"::VARCHAR FROM {read}"))
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(rows(&sniffed), rows(&read));
        assert_eq!(rows(&read).len(), 2);
    }
}
