//! Local files as tables: format detection, the `read_*` call for each format, and the
//! checks that turn a bad file into a clear message before a view is created.

pub mod encoding;
mod gzip;
mod json_depth;
pub(crate) mod transcode;

use std::path::{Path, PathBuf};

use crate::base::error::{EngineError, Result};
use crate::base::ident::quote_literal;
use crate::files::encoding::{detect_encoding, TextEncoding};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Tsv,
    Parquet,
    Json,
    NdJson,
    Xlsx,
}

impl FileFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Tsv => "tsv",
            FileFormat::Parquet => "parquet",
            FileFormat::Json => "json",
            FileFormat::NdJson => "ndjson",
            FileFormat::Xlsx => "xlsx",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Csv,
            Self::Tsv,
            Self::Parquet,
            Self::Json,
            Self::NdJson,
            Self::Xlsx,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
    }

    /// The format a file name implies, looking through a trailing `.gz`.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        let base = lower.strip_suffix(".gz").unwrap_or(&lower);
        let ext = base.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "csv" => Self::Csv,
            "tsv" | "tab" => Self::Tsv,
            "parquet" | "pq" => Self::Parquet,
            "json" => Self::Json,
            "ndjson" | "jsonl" => Self::NdJson,
            "xlsx" if !lower.ends_with(".gz") => Self::Xlsx,
            _ => return None,
        })
    }

    fn glob_suffixes(self) -> &'static [&'static str] {
        match self {
            Self::Csv => &["csv", "csv.gz"],
            Self::Tsv => &["tsv", "tsv.gz", "tab"],
            Self::Parquet => &["parquet", "pq"],
            Self::Json => &["json", "json.gz"],
            Self::NdJson => &["ndjson", "jsonl", "ndjson.gz", "jsonl.gz"],
            Self::Xlsx => &["xlsx"],
        }
    }
}

/// What a registered file source reads: one file, or every file of one format in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpec {
    pub path: PathBuf,
    pub format: FileFormat,
    pub is_folder: bool,
    pub sheet: Option<String>,
    /// The text encoding of a CSV or TSV source; `None` reads UTF-8.
    pub encoding: Option<TextEncoding>,
}

const SUPPORTED: &str =
    "QBox reads CSV, TSV, Parquet, JSON, NDJSON (also .gz) and Excel .xlsx files";

/// Looks at a path the user gave and decides how to read it.
pub fn inspect_path(path: &Path) -> Result<FileSpec> {
    let meta = std::fs::metadata(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "the file does not exist".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        EngineError::file(path, format!("cannot open {}: {why}", path.display()))
    })?;
    if meta.is_dir() {
        let format = folder_format(path)?;
        if matches!(format, FileFormat::Json | FileFormat::NdJson) {
            check_folder_json_depth(path, format)?;
        }
        return Ok(FileSpec {
            path: path.to_path_buf(),
            format,
            is_folder: true,
            sheet: None,
            encoding: None,
        });
    }
    // Opening a named pipe waits for a writer, forever; a device has no end.
    if !meta.is_file() {
        return Err(EngineError::file(
            path,
            format!(
                "{} is not a regular file (a named pipe, socket or device); {SUPPORTED}",
                path.display()
            ),
        ));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let format = FileFormat::from_file_name(&name).ok_or_else(|| {
        EngineError::file(
            path,
            format!(
                "{} has an unsupported file type; {SUPPORTED}",
                path.display()
            ),
        )
    })?;
    std::fs::File::open(path).map_err(|e| {
        EngineError::file(
            path,
            format!("cannot read {}: {}", path.display(), io_reason(&e)),
        )
    })?;
    if meta.len() == 0 {
        return Err(EngineError::file(
            path,
            format!("{} is empty", path.display()),
        ));
    }
    let compressed = name.to_ascii_lowercase().ends_with(".gz");
    if !compressed
        && matches!(
            format,
            FileFormat::Csv | FileFormat::Tsv | FileFormat::Json | FileFormat::NdJson
        )
    {
        check_has_content(path)?;
    }
    if compressed {
        crate::files::gzip::check_complete(path)?;
    }
    if matches!(format, FileFormat::Json | FileFormat::NdJson) {
        crate::files::json_depth::check(path, compressed, crate::files::json_depth::SCANNED_BYTES)?;
    }
    let encoding = if !compressed && matches!(format, FileFormat::Csv | FileFormat::Tsv) {
        Some(detect_encoding(path)?)
    } else {
        None
    };
    Ok(FileSpec {
        path: path.to_path_buf(),
        format,
        is_folder: false,
        sheet: None,
        encoding,
    })
}

/// A text file of only blank lines (or an empty JSON array/object) has no columns to offer;
/// DuckDB would invent a `column0` or `json` column for it.
fn check_has_content(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut head = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .map_err(|e| {
            EngineError::file(
                path,
                format!("cannot read {}: {}", path.display(), io_reason(&e)),
            )
        })?;
    let text: Vec<u8> = head
        .into_iter()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if text.is_empty() || text == b"[]" || text == b"{}" {
        return Err(EngineError::file(
            path,
            format!(
                "{} has no columns: it holds no data, only blank lines or an empty JSON value",
                path.display()
            ),
        ));
    }
    Ok(())
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Every regular file under `dir`, recursively (hive partitions are sub-folders). A folder
/// reached twice through symbolic links is walked once, so a link loop ends; a named pipe or
/// device with a data file's name is refused, as DuckDB's reader would wait on it forever.
fn folder_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut walked = std::collections::HashSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let real = std::fs::canonicalize(&d).unwrap_or_else(|_| d.clone());
        if !walked.insert(real) {
            continue;
        }
        let entries = std::fs::read_dir(&d).map_err(|e| {
            EngineError::file(
                dir,
                format!("cannot read folder {}: {}", d.display(), io_reason(&e)),
            )
        })?;
        for entry in entries.flatten() {
            let p = entry.path();
            let Ok(meta) = std::fs::metadata(&p) else {
                continue; // a dangling link
            };
            if meta.is_dir() {
                stack.push(p);
            } else if meta.is_file() {
                files.push(p);
            } else if FileFormat::from_file_name(&file_name_of(&p)).is_some() {
                return Err(EngineError::file(
                    dir,
                    format!(
                        "{} is not a regular file (a named pipe, socket or device); a folder is read only when all its data files are files",
                        p.display()
                    ),
                ));
            }
        }
    }
    Ok(files)
}

/// `path` as a DuckDB glob that matches only itself: DuckDB reads `*`, `?` and `[` in a path
/// as a pattern, so each becomes a one-character class (`[*]`).
pub fn glob_literal(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, '*' | '?' | '[') {
            out.push('[');
            out.push(c);
            out.push(']');
        } else {
            out.push(c);
        }
    }
    out
}

/// DuckDB cuts a pattern at every backslash, as at a path separator, on every system: a pattern
/// cannot match a name holding one (a folder named `\` would read all its siblings). A folder
/// is always read through a pattern, a file only when its path needs one (`*`, `?`, `[`). On
/// Windows the backslash is the separator and no name holds one.
fn refuse_unmatchable_pattern(spec: &FileSpec) -> Result<()> {
    let path = spec.path.to_string_lossy();
    let needs_pattern = spec.is_folder || glob_literal(&path) != path;
    if cfg!(windows) || !needs_pattern || !path.contains('\\') {
        return Ok(());
    }
    let what = if spec.is_folder {
        "a folder"
    } else {
        "a file whose path also holds * ? or ["
    };
    Err(EngineError::file(
        &spec.path,
        format!(
            "{} holds a backslash, which DuckDB reads as a path separator in {what}: rename it (or the folder above it) without the backslash",
            spec.path.display()
        ),
    ))
}

fn file_name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The one format shared by the files of a folder.
fn folder_format(dir: &Path) -> Result<FileFormat> {
    let mut found: Option<FileFormat> = None;
    for f in folder_files(dir)? {
        let Some(format) = FileFormat::from_file_name(&file_name_of(&f)) else {
            continue;
        };
        match found {
            None => found = Some(format),
            Some(prev) if prev != format => {
                return Err(EngineError::file(
                    dir,
                    format!(
                        "{} mixes {} and {} files; a folder is read as one table of one format",
                        dir.display(),
                        prev.as_str(),
                        format.as_str()
                    ),
                ))
            }
            _ => {}
        }
    }
    found.ok_or_else(|| {
        EngineError::file(
            dir,
            format!("{} holds no supported files; {SUPPORTED}", dir.display()),
        )
    })
}

/// Checks every JSON file of a folder for deep nesting: DuckDB reading a folder by name samples
/// each file. The scan is shared out so that a folder of many files still registers at once.
fn check_folder_json_depth(dir: &Path, format: FileFormat) -> Result<()> {
    use crate::files::json_depth::{check, SCANNED_BYTES};
    // Any nesting deep enough to overflow a stack takes tens of kilobytes of brackets.
    const AT_LEAST: u64 = 256 * 1024;
    let files: Vec<PathBuf> = folder_files(dir)?
        .into_iter()
        .filter(|f| FileFormat::from_file_name(&file_name_of(f)) == Some(format))
        .collect();
    let budget = (SCANNED_BYTES / files.len().max(1) as u64).max(AT_LEAST);
    for f in &files {
        let compressed = file_name_of(f).to_ascii_lowercase().ends_with(".gz");
        check(f, compressed, budget)?;
    }
    Ok(())
}

/// The name endings present in a folder for its format (DuckDB fails on a glob matching nothing).
fn folder_suffixes(dir: &Path, format: FileFormat) -> Result<Vec<&'static str>> {
    let names: Vec<String> = folder_files(dir)?
        .iter()
        .map(|f| file_name_of(f).to_ascii_lowercase())
        .collect();
    let present: Vec<&'static str> = format
        .glob_suffixes()
        .iter()
        .copied()
        .filter(|suffix| names.iter().any(|n| n.ends_with(&format!(".{suffix}"))))
        .collect();
    if present.is_empty() {
        return Err(EngineError::file(
            dir,
            format!(
                "{} no longer holds any {} files",
                dir.display(),
                format.as_str()
            ),
        ));
    }
    Ok(present)
}

/// Sheet names of an .xlsx workbook, in workbook order.
pub fn xlsx_sheets(path: &Path) -> Result<Vec<String>> {
    use calamine::Reader;
    let workbook: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(|e| {
        EngineError::file(
            path,
            format!("{} is not a readable .xlsx workbook: {e}", path.display()),
        )
    })?;
    Ok(workbook.sheet_names().to_vec())
}

/// The table expression that reads a source in place. A folder is looked at for the name
/// endings it holds.
pub fn read_expression(spec: &FileSpec) -> Result<String> {
    refuse_unmatchable_pattern(spec)?;
    let path = spec.path.to_string_lossy();
    let (target, gzip) = if spec.is_folder {
        let base = glob_literal(path.trim_end_matches(['/', '\\']));
        let suffixes = folder_suffixes(&spec.path, spec.format)?;
        let globs: Vec<String> = suffixes
            .iter()
            .map(|s| quote_literal(&format!("{base}/**/*.{s}")))
            .collect();
        let gzip = path.contains('?') && gzip_named_only(&spec.path, &suffixes)?;
        (format!("[{}]", globs.join(", ")), gzip)
    } else {
        let gzip = path.to_ascii_lowercase().ends_with(".gz");
        (quote_literal(&glob_literal(&path)), gzip)
    };
    Ok(read_call(
        spec.format,
        &target,
        spec.is_folder,
        spec.sheet.as_deref(),
        spec.encoding,
        gzip,
    ))
}

/// DuckDB takes what follows a `?` in a path for URL options, so it misses the `.gz` ending of
/// a file below such a folder: a folder of gzipped files only is read as gzip; one that mixes
/// them with plain files cannot be read.
fn gzip_named_only(dir: &Path, suffixes: &[&str]) -> Result<bool> {
    let gzipped = suffixes.iter().filter(|s| s.ends_with(".gz")).count();
    if gzipped == 0 {
        return Ok(false);
    }
    if gzipped < suffixes.len() {
        return Err(EngineError::file(
            dir,
            format!(
                "{} holds both gzipped and plain files and its path holds a '?', which DuckDB reads as the start of URL options: move the gzipped files to their own folder, or rename the folder without the '?'",
                dir.display()
            ),
        ));
    }
    Ok(true)
}

/// The DuckDB reader call for `target` (a quoted literal or a list of them) in `format`;
/// `many` reads several files as one table (hive partitions included); `encoding` is a CSV's
/// or TSV's text encoding, one DuckDB decodes; `gzip` says the text is gzipped where DuckDB
/// would not see it from the name.
pub fn read_call(
    format: FileFormat,
    target: &str,
    many: bool,
    sheet: Option<&str>,
    encoding: Option<TextEncoding>,
    gzip: bool,
) -> String {
    let mut options = if many {
        ", hive_partitioning = true, union_by_name = true".to_string()
    } else {
        String::new()
    };
    if gzip {
        options.push_str(", compression = 'gzip'");
    }
    // The encodings DuckDB cannot decode are read from a UTF-8 copy (`transcode`).
    let encoding = match encoding {
        Some(e) if e != TextEncoding::Utf8 && !e.decoder_needed() => {
            format!(", encoding = '{}'", e.as_str())
        }
        _ => String::new(),
    };
    match format {
        // Ragged rows are padded with NULLs rather than letting the sniffer skip lines.
        FileFormat::Csv => format!("read_csv({target}, null_padding = true{encoding}{options})"),
        FileFormat::Tsv => {
            format!("read_csv({target}, delim = '\\t', null_padding = true{encoding}{options})")
        }
        FileFormat::Parquet => format!("read_parquet({target}{options})"),
        FileFormat::Json => format!("read_json({target}{options})"),
        FileFormat::NdJson => format!("read_json({target}, format = 'newline_delimited'{options})"),
        FileFormat::Xlsx => match sheet {
            Some(sheet) => format!("read_xlsx({target}, sheet = {})", quote_literal(sheet)),
            None => format!("read_xlsx({target})"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_extension() {
        assert_eq!(FileFormat::from_file_name("a.CSV"), Some(FileFormat::Csv));
        assert_eq!(
            FileFormat::from_file_name("a.csv.gz"),
            Some(FileFormat::Csv)
        );
        assert_eq!(FileFormat::from_file_name("a.tsv"), Some(FileFormat::Tsv));
        assert_eq!(
            FileFormat::from_file_name("a.jsonl"),
            Some(FileFormat::NdJson)
        );
        assert_eq!(FileFormat::from_file_name("a.xlsx"), Some(FileFormat::Xlsx));
        assert_eq!(FileFormat::from_file_name("a.xlsx.gz"), None);
        assert_eq!(FileFormat::from_file_name("a.docx"), None);
        assert_eq!(FileFormat::from_file_name("noext"), None);
    }

    #[test]
    fn paths_are_quoted_as_literals() {
        let spec = FileSpec {
            path: PathBuf::from("/tmp/it's here/x.csv"),
            format: FileFormat::Csv,
            is_folder: false,
            sheet: None,
            encoding: Some(TextEncoding::Utf8),
        };
        assert_eq!(
            read_expression(&spec).unwrap(),
            "read_csv('/tmp/it''s here/x.csv', null_padding = true)"
        );
        let sheet = FileSpec {
            format: FileFormat::Xlsx,
            sheet: Some("Q'1".into()),
            ..spec
        };
        assert_eq!(
            read_expression(&sheet).unwrap(),
            "read_xlsx('/tmp/it''s here/x.csv', sheet = 'Q''1')"
        );
        let latin1 = FileSpec {
            format: FileFormat::Tsv,
            encoding: Some(TextEncoding::Latin1),
            ..sheet
        };
        assert_eq!(
            read_expression(&latin1).unwrap(),
            "read_csv('/tmp/it''s here/x.csv', delim = '\\t', null_padding = true, encoding = 'latin-1')"
        );
    }
}
