//! UTF-8 copies of text files in encodings DuckDB's CSV reader cannot decode (Windows-1252,
//! UTF-16 big-endian). A copy lives in the data folder's `converted/`, named by the source's
//! path and encoding, and is made again whenever the source is newer than it.

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use encoding_rs::CoderResult;
use sha2::{Digest, Sha256};

use crate::base::error::{EngineError, Result};
use crate::files::encoding::TextEncoding;

const CHUNK: usize = 1 << 20;

fn converted_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("converted")
}

/// Where the UTF-8 copy of `source` read as `encoding` lives.
pub(crate) fn copy_path(data_dir: &Path, source: &Path, encoding: TextEncoding) -> PathBuf {
    let digest = Sha256::digest(source.as_os_str().as_encoded_bytes());
    let name: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    converted_dir(data_dir).join(format!("{name}-{}.txt", encoding.as_str()))
}

/// Whether the copy exists and is at least as new as its source.
pub(crate) fn is_fresh(copy: &Path, source: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(copy), modified(source)), (Some(c), Some(s)) if c >= s)
}

/// The UTF-8 copy of `source`, decoded from `encoding` (one that DuckDB cannot read), made
/// unless a fresh one exists. It is written under a temporary name and renamed into place, so a
/// copy cut short never carries the final name.
pub(crate) fn utf8_copy(data_dir: &Path, source: &Path, encoding: TextEncoding) -> Result<PathBuf> {
    let decoding = encoding
        .decoder()
        .expect("only encodings DuckDB cannot read are copied");
    let copy = copy_path(data_dir, source, encoding);
    if is_fresh(&copy, source) {
        return Ok(copy);
    }
    let failed = |e: std::io::Error| {
        EngineError::file(
            source,
            format!(
                "cannot convert {} from {} to UTF-8: {e}",
                source.display(),
                encoding.as_str()
            ),
        )
    };
    let dir = converted_dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(failed)?;
    let mut input = std::fs::File::open(source).map_err(failed)?;
    let part = tempfile::Builder::new()
        .prefix(".converting-")
        .tempfile_in(&dir)
        .map_err(failed)?;
    let mut out = BufWriter::with_capacity(CHUNK, part.as_file());
    let mut decoder = decoding.new_decoder_with_bom_removal();
    let mut bytes = vec![0u8; CHUNK];
    let mut text = vec![0u8; decoder.max_utf8_buffer_length(CHUNK).unwrap_or(4 * CHUNK)];
    loop {
        let read = input.read(&mut bytes).map_err(failed)?;
        let last = read == 0;
        let mut from = 0;
        loop {
            // Bytes that are no character become U+FFFD, as every text editor shows them.
            let (result, used, written, _) =
                decoder.decode_to_utf8(&bytes[from..read], &mut text, last);
            out.write_all(&text[..written]).map_err(failed)?;
            from += used;
            if result == CoderResult::InputEmpty {
                break;
            }
        }
        if last {
            break;
        }
    }
    out.flush().map_err(failed)?;
    drop(out);
    part.persist(&copy).map_err(|e| failed(e.error))?;
    Ok(copy)
}

/// Deletes every copy made of `source` (the source is gone from QBox, or read another way).
pub(crate) fn remove_copies(data_dir: &Path, source: &Path) {
    for encoding in TextEncoding::ALL {
        if encoding.decoder_needed() {
            let _ = std::fs::remove_file(copy_path(data_dir, source, encoding));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_holds_the_text_in_utf8_and_is_made_again_when_the_source_changes() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("in.csv");
        // “Quoted” – 5 €, split over many chunks.
        let row = b"\x93Quoted\x94 \x96 5 \x80\n";
        let bytes: Vec<u8> = row
            .iter()
            .copied()
            .cycle()
            .take(row.len() * 200_000)
            .collect();
        std::fs::write(&source, &bytes).unwrap();
        let copy = utf8_copy(dir.path(), &source, TextEncoding::Windows1252).unwrap();
        let text = std::fs::read_to_string(&copy).unwrap();
        assert_eq!(text, "“Quoted” – 5 €\n".repeat(200_000));
        assert!(is_fresh(&copy, &source));
        // A newer source is converted again.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&source, b"caf\xe9\n").unwrap();
        let again = utf8_copy(dir.path(), &source, TextEncoding::Windows1252).unwrap();
        assert_eq!(again, copy);
        assert_eq!(std::fs::read_to_string(&again).unwrap(), "café\n");
        remove_copies(dir.path(), &source);
        assert!(!copy.exists());
        // Nothing half-written is left in the folder.
        assert_eq!(
            std::fs::read_dir(converted_dir(dir.path()))
                .unwrap()
                .count(),
            0
        );
    }

    #[test]
    fn utf16_big_endian_loses_its_mark() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("be.csv");
        let bytes: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(
                "a,b\nZürich,€\n"
                    .encode_utf16()
                    .flat_map(|u| u.to_be_bytes()),
            )
            .collect();
        std::fs::write(&source, bytes).unwrap();
        let copy = utf8_copy(dir.path(), &source, TextEncoding::Utf16Be).unwrap();
        assert_eq!(std::fs::read_to_string(copy).unwrap(), "a,b\nZürich,€\n");
    }
}
