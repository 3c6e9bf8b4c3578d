//! The character encoding of a CSV or TSV file, detected from its first bytes. DuckDB's CSV
//! reader decodes UTF-8, UTF-16 little-endian and Latin-1 itself; Windows-1252 and UTF-16
//! big-endian are read through a UTF-8 copy (`transcode`).

use std::io::Read;
use std::path::Path;

use crate::base::error::{EngineError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// Little-endian, with or without a byte-order mark (Excel's "Unicode text").
    Utf16,
    /// ISO-8859-1.
    Latin1,
    /// Latin-1 with curly quotes, dashes and the euro sign in 0x80–0x9F (Excel's "CSV" on
    /// Western Windows).
    Windows1252,
    Utf16Be,
}

impl TextEncoding {
    pub const ALL: [TextEncoding; 5] = [
        Self::Utf8,
        Self::Utf16,
        Self::Latin1,
        Self::Windows1252,
        Self::Utf16Be,
    ];

    /// The stored name; DuckDB's `encoding` option takes the first three.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Utf16 => "utf-16",
            Self::Latin1 => "latin-1",
            Self::Windows1252 => "windows-1252",
            Self::Utf16Be => "utf-16be",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// Whether DuckDB cannot decode this encoding itself, so a file in it is read through a
    /// UTF-8 copy.
    pub fn decoder_needed(self) -> bool {
        self.decoder().is_some()
    }

    /// The decoder of an encoding DuckDB cannot read itself: such a file is read through a
    /// UTF-8 copy.
    pub(crate) fn decoder(self) -> Option<&'static encoding_rs::Encoding> {
        match self {
            Self::Windows1252 => Some(encoding_rs::WINDOWS_1252),
            Self::Utf16Be => Some(encoding_rs::UTF_16BE),
            Self::Utf8 | Self::Utf16 | Self::Latin1 => None,
        }
    }
}

/// How much of a file detection looks at: enough for any header and many rows, little enough
/// that a 5 GB file registers at once.
const SAMPLE: u64 = 1 << 20;

/// How far a file that starts as UTF-8 is checked to be UTF-8 throughout: DuckDB 1.5's CSV
/// reader, meeting an invalid byte past its first rows, fails with an internal error that
/// leaves the whole database unusable until restart. 64 MiB is read in well under a second.
const UTF8_CHECKED: u64 = 64 << 20;

/// The encoding of the text file at `path`, from its first megabyte (and, for UTF-8, that it
/// stays UTF-8 through its first 64 MiB).
pub fn detect_encoding(path: &Path) -> Result<TextEncoding> {
    let (head, detected) = detect(path)?;
    refuse_binary(path, &head, detected)?;
    Ok(detected)
}

/// The first megabyte of the file at `path` and the encoding it is in.
fn detect(path: &Path) -> Result<(Vec<u8>, TextEncoding)> {
    let (head, truncated) = sample(path)?;
    let mut detected = classify(&head, truncated);
    if detected == TextEncoding::Utf8 && truncated {
        let file = std::fs::File::open(path)
            .map_err(|e| EngineError::file(path, format!("cannot read {}: {e}", path.display())))?;
        if let Some(single_byte) = first_non_utf8(file.take(UTF8_CHECKED))
            .map_err(|e| EngineError::file(path, format!("cannot read {}: {e}", path.display())))?
        {
            detected = single_byte;
        }
    }
    Ok((head, detected))
}

/// Reads `text` to its end; `None` when it is all UTF-8 (a character cut by the end of what is
/// read included), else Windows-1252: a file of UTF-8 with a stray byte is mostly text from a
/// Western Windows tool, and Windows-1252 decodes every byte Latin-1 does as the same letter.
fn first_non_utf8(mut text: impl Read) -> std::io::Result<Option<TextEncoding>> {
    let mut buf = vec![0u8; 1 << 16];
    let mut carried = 0;
    let mut invalid = false;
    loop {
        let n = match text.read(&mut buf[carried..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            break;
        }
        let filled = carried + n;
        carried = match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => 0,
            // A character cut by the end of the buffer continues in the next read.
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                filled - valid
            }
            Err(_) => {
                invalid = true;
                0
            }
        };
    }
    Ok(invalid.then_some(TextEncoding::Windows1252))
}

/// Refuses binary data about to be read in a single-byte encoding, where any bytes decode, or
/// as UTF-16, which zero bytes in binary data (images, Parquet) would otherwise pass for.
fn refuse_binary(path: &Path, head: &[u8], encoding: TextEncoding) -> Result<()> {
    let binary = match encoding {
        TextEncoding::Latin1 | TextEncoding::Windows1252 => holds_control_bytes(head),
        TextEncoding::Utf16 => holds_control_units(head, u16::from_le_bytes),
        TextEncoding::Utf16Be => holds_control_units(head, u16::from_be_bytes),
        TextEncoding::Utf8 => false,
    };
    if binary {
        return Err(EngineError::file(
            path,
            format!(
                "{} does not look like text: it holds control bytes, as binary data does",
                path.display()
            ),
        ));
    }
    Ok(())
}

/// Refuses to read the file at `path` as `encoding` when its bytes say it cannot be:
/// DuckDB would otherwise show a UTF-8 file read as UTF-16 as an empty table.
pub fn check_encoding(path: &Path, encoding: TextEncoding) -> Result<()> {
    let (head, detected) = detect(path)?;
    refuse_binary(path, &head, encoding)?;
    let fits = match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf16 | TextEncoding::Utf16Be => detected == encoding,
        // Any bytes are text in these two, except UTF-16's zeros; DuckDB's Latin-1 decoder
        // also refuses 0x80–0x9F.
        TextEncoding::Latin1 => match detected {
            TextEncoding::Utf8 | TextEncoding::Latin1 => true,
            // Windows-1252 read from a stray byte past a first megabyte without any.
            TextEncoding::Windows1252 => !head.iter().any(|b| (0x80..=0x9F).contains(b)),
            TextEncoding::Utf16 | TextEncoding::Utf16Be => false,
        },
        TextEncoding::Windows1252 => {
            !matches!(detected, TextEncoding::Utf16 | TextEncoding::Utf16Be)
        }
    };
    if fits {
        return Ok(());
    }
    Err(EngineError::file(
        path,
        format!(
            "{} cannot be read as {}: its bytes are {}",
            path.display(),
            encoding.as_str(),
            detected.as_str()
        ),
    ))
}

/// Whether `head` has bytes no text file holds: every byte is a character in the single-byte
/// encodings, so without this check binary data would read as a table of gibberish.
fn holds_control_bytes(head: &[u8]) -> bool {
    head.iter()
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
}

/// Whether `head`, read as UTF-16 code units, holds control characters or a broken surrogate
/// pair (one cut by the end of the sample aside): text in UTF-16 has neither.
fn holds_control_units(head: &[u8], unit: fn([u8; 2]) -> u16) -> bool {
    let units: Vec<u16> = head.chunks_exact(2).map(|p| unit([p[0], p[1]])).collect();
    let decoded: Vec<_> = char::decode_utf16(units).collect();
    let last = decoded.len().saturating_sub(1);
    decoded.iter().enumerate().any(|(i, c)| match c {
        Ok(c) => (*c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}' | '\u{1A}'),
        Err(_) => i != last,
    })
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

/// The encoding of `head`, the first bytes of a file (`truncated` when the file goes on).
fn classify(head: &[u8], truncated: bool) -> TextEncoding {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return TextEncoding::Utf8;
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return TextEncoding::Utf16;
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return TextEncoding::Utf16Be;
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
            return TextEncoding::Utf16;
        }
        if zero_at(0) * 3 > pairs {
            return TextEncoding::Utf16Be;
        }
    }
    match std::str::from_utf8(head) {
        Ok(_) => return TextEncoding::Utf8,
        // The sample may end inside a character.
        Err(e) if truncated && e.error_len().is_none() => return TextEncoding::Utf8,
        Err(_) => {}
    }
    // Bytes 0x80–0x9F are control characters in Latin-1 but curly quotes, dashes and the euro
    // sign in Windows-1252; without them the two are the same text.
    if head.iter().any(|b| (0x80..=0x9F).contains(b)) {
        TextEncoding::Windows1252
    } else {
        TextEncoding::Latin1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bytes_mark_binary_data_not_text() {
        assert!(!holds_control_bytes(b"a\tb\r\n\x0c\x1a"));
        assert!(holds_control_bytes(b"a,b\n\x00\x01"));
        assert!(holds_control_bytes(b"a,b\n\x1b"));
    }

    #[test]
    fn control_units_mark_binary_data_not_utf16() {
        let text = utf16le("a,b\r\n\u{1F600},é\n");
        assert!(!holds_control_units(&text, u16::from_le_bytes));
        // A pair cut by the end of the sample is not a sign of binary data.
        assert!(!holds_control_units(
            &text[..text.len() - 8],
            u16::from_le_bytes
        ));
        assert!(holds_control_units(b"a\0\0\0", u16::from_le_bytes));
        let lone_surrogate = [0x00, 0xD8, b'a', 0];
        assert!(holds_control_units(&lone_surrogate, u16::from_le_bytes));
    }

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn each_encoding_is_told_from_its_bytes() {
        let text = "name,city\nJosé,Zürich\n";
        assert_eq!(classify(text.as_bytes(), false), TextEncoding::Utf8);
        let bom: Vec<u8> = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
        assert_eq!(classify(&bom, false), TextEncoding::Utf8);
        assert_eq!(classify(&utf16le(text), false), TextEncoding::Utf16);
        let marked: Vec<u8> = [&[0xFF, 0xFE][..], &utf16le(text)].concat();
        assert_eq!(classify(&marked, false), TextEncoding::Utf16);
        let big: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(classify(&big, false), TextEncoding::Utf16Be);
        let latin1: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
        assert_eq!(classify(&latin1, false), TextEncoding::Latin1);
        // “quoted” – 5 € in Windows-1252.
        let cp1252 = b"name\n\x93quoted\x94 \x96 5 \x80\n";
        assert_eq!(classify(cp1252, false), TextEncoding::Windows1252);
    }

    #[test]
    fn a_stray_byte_after_the_sample_is_found() {
        let utf8 = "1,héllo\n".repeat(20_000);
        assert_eq!(first_non_utf8(utf8.as_bytes()).unwrap(), None);
        let stray = [utf8.as_bytes(), b"2,caf\xe9\n"].concat();
        assert_eq!(
            first_non_utf8(&stray[..]).unwrap(),
            Some(TextEncoding::Windows1252)
        );
        // A character cut by the end of what is read is not a stray byte.
        assert_eq!(first_non_utf8(&utf8.as_bytes()[..3]).unwrap(), None);
    }

    #[test]
    fn a_sample_cut_inside_a_character_is_still_utf8() {
        let text = "é".repeat(10);
        let cut = &text.as_bytes()[..text.len() - 1];
        assert_eq!(classify(cut, true), TextEncoding::Utf8);
        // The same bytes at the real end of a file are not UTF-8.
        assert_eq!(classify(cut, false), TextEncoding::Latin1);
    }
}
