//! Gzipped files are checked whole before DuckDB reads them: DuckDB reads a gzip stream cut
//! short (an interrupted download or copy) up to where it stops and says nothing, so the
//! user would see part of the rows as if they were all.

use std::io::Read;
use std::path::Path;

use crate::base::error::{EngineError, Result};
use crate::files::io_reason;

/// Files up to this size are decompressed once at registration (well under a second);
/// larger ones are left unchecked so that they still register at once.
pub const CHECKED_BYTES: u64 = 64 * 1024 * 1024;

/// Refuses the gzipped file at `path` when its compressed stream is damaged or cut short.
pub(crate) fn check_complete(path: &Path) -> Result<()> {
    let unreadable = |e: std::io::Error| {
        EngineError::file(
            path,
            format!("cannot read {}: {}", path.display(), io_reason(&e)),
        )
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    if file.metadata().map_err(unreadable)?.len() > CHECKED_BYTES {
        return Ok(());
    }
    let mut text = flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file));
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match text.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::UnexpectedEof {
                    "it is cut short (an interrupted download or copy?)".to_string()
                } else {
                    format!("it is not valid gzip data ({e})")
                };
                return Err(EngineError::file(
                    path,
                    format!("{} cannot be read: {why}", path.display()),
                ));
            }
        }
    }
}
