//! The character encoding of a CSV or TSV file, detected from its first bytes, among those
//! DuckDB's CSV reader decodes itself (UTF-8, UTF-16 little-endian, Latin-1).

use std::io::Read;
use std::path::Path;

use crate::error::{EngineError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// Little-endian, with or without a byte-order mark (Excel's "Unicode text").
    Utf16,
    /// ISO-8859-1.
    Latin1,
}

impl TextEncoding {
    pub const ALL: [TextEncoding; 3] = [Self::Utf8, Self::Utf16, Self::Latin1];

    /// The name DuckDB's `encoding` option takes, also the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Utf16 => "utf-16",
            Self::Latin1 => "latin-1",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// How much of a file detection looks at: enough for any header and many rows, little enough
/// that a 5 GB file registers at once.
const SAMPLE: u64 = 1 << 20;

/// The encoding of the text file at `path`, from its first megabyte. A file in an encoding
/// DuckDB cannot decode (Windows-1252's curly quotes and euro sign, UTF-16 big-endian) is
/// refused with its name and what to do, rather than shown as wrong characters.
pub fn detect_encoding(path: &Path) -> Result<TextEncoding> {
    let (head, truncated) = sample(path)?;
    classify(&head, truncated).map_err(|unsupported| {
        EngineError::file(
            path,
            format!(
                "{} is saved as {unsupported}, which QBox cannot read yet; it reads UTF-8, \
                 UTF-16 (little-endian) and Latin-1. Save the file as \"CSV UTF-8\" and add it again",
                path.display()
            ),
        )
    })
}

/// Refuses to read the file at `path` as `encoding` when its first megabyte says it cannot be:
/// DuckDB would otherwise show a UTF-8 file read as UTF-16 as an empty table.
pub fn check_encoding(path: &Path, encoding: TextEncoding) -> Result<()> {
    let (head, truncated) = sample(path)?;
    let detected = classify(&head, truncated);
    let fits = match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf16 => detected == Ok(encoding),
        // Any bytes are Latin-1 text; only UTF-16 and the encodings DuckDB refuses are not.
        TextEncoding::Latin1 => {
            matches!(detected, Ok(TextEncoding::Utf8 | TextEncoding::Latin1))
        }
    };
    if fits {
        return Ok(());
    }
    let looks = match detected {
        Ok(e) => e.as_str(),
        Err(name) => name,
    };
    Err(EngineError::file(
        path,
        format!(
            "{} cannot be read as {}: its first bytes are {looks}",
            path.display(),
            encoding.as_str()
        ),
    ))
}

/// The first megabyte of a file, and whether the file goes on past it.
fn sample(path: &Path) -> Result<(Vec<u8>, bool)> {
    let mut head = Vec::with_capacity(SAMPLE as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(SAMPLE).read_to_end(&mut head))
        .map_err(|e| EngineError::file(path, format!("cannot read {}: {e}", path.display())))?;
    let truncated = head.len() as u64 == SAMPLE;
    Ok((head, truncated))
}

/// The encoding of `head`, the first bytes of a file (`truncated` when the file goes on), or
/// the name of an encoding DuckDB cannot read.
fn classify(head: &[u8], truncated: bool) -> std::result::Result<TextEncoding, &'static str> {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(TextEncoding::Utf8);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Ok(TextEncoding::Utf16);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Err("UTF-16 big-endian");
    }
    // Without a mark, UTF-16 shows as a zero byte beside every ASCII character.
    let pairs = head.len().min(4096) / 2;
    if pairs > 0 {
        let zero_at = |odd: usize| {
            head.chunks_exact(2)
                .take(pairs)
                .filter(|p| p[odd] == 0)
                .count()
        };
        if zero_at(1) * 3 > pairs {
            return Ok(TextEncoding::Utf16);
        }
        if zero_at(0) * 3 > pairs {
            return Err("UTF-16 big-endian");
        }
    }
    match std::str::from_utf8(head) {
        Ok(_) => return Ok(TextEncoding::Utf8),
        // The sample may end inside a character.
        Err(e) if truncated && e.error_len().is_none() => return Ok(TextEncoding::Utf8),
        Err(_) => {}
    }
    // Bytes 0x80–0x9F are control characters in Latin-1 but curly quotes, dashes and the euro
    // sign in Windows-1252, which DuckDB's Latin-1 decoder refuses.
    if head.iter().any(|b| (0x80..=0x9F).contains(b)) {
        Err("Windows-1252")
    } else {
        Ok(TextEncoding::Latin1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn each_encoding_is_told_from_its_bytes() {
        let text = "name,city\nJosé,Zürich\n";
        assert_eq!(classify(text.as_bytes(), false), Ok(TextEncoding::Utf8));
        let bom: Vec<u8> = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
        assert_eq!(classify(&bom, false), Ok(TextEncoding::Utf8));
        assert_eq!(classify(&utf16le(text), false), Ok(TextEncoding::Utf16));
        let marked: Vec<u8> = [&[0xFF, 0xFE][..], &utf16le(text)].concat();
        assert_eq!(classify(&marked, false), Ok(TextEncoding::Utf16));
        let big: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(classify(&big, false), Err("UTF-16 big-endian"));
        let latin1: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
        assert_eq!(classify(&latin1, false), Ok(TextEncoding::Latin1));
        // “quoted” – 5 € in Windows-1252.
        let cp1252 = b"name\n\x93quoted\x94 \x96 5 \x80\n";
        assert_eq!(classify(cp1252, false), Err("Windows-1252"));
    }

    #[test]
    fn a_sample_cut_inside_a_character_is_still_utf8() {
        let text = "é".repeat(10);
        let cut = &text.as_bytes()[..text.len() - 1];
        assert_eq!(classify(cut, true), Ok(TextEncoding::Utf8));
        // The same bytes at the real end of a file are not UTF-8.
        assert_eq!(classify(cut, false), Ok(TextEncoding::Latin1));
    }
}
