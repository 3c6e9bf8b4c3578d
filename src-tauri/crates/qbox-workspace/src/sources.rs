//! Registered local files: add, rename, remove, restore at start-up.

use std::path::{Path, PathBuf};

use qbox_engine::encoding::check_encoding;
use qbox_engine::files::{inspect_path, xlsx_sheets};
use qbox_engine::ident::{file_view_base, is_reserved, sql_identifier, unique_name};
use qbox_engine::{Column, EngineError, FileFormat, FileSpec, RelationKind, TextEncoding};
use qbox_store::{FileSource, NewFileSource};

use crate::{blocking, Result, Workspace, WorkspaceError};

/// A registered source as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: i64,
    pub view_name: String,
    pub path: String,
    pub format: String,
    pub is_folder: bool,
    pub sheet: Option<String>,
    /// How a CSV or TSV source's text is decoded (`None`: not text, or UTF-8 from before
    /// encodings were detected).
    pub encoding: Option<TextEncoding>,
    pub status: SourceStatus,
    pub columns: Vec<Column>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceStatus {
    Ready,
    /// The file moved, vanished or no longer reads; the message says why.
    Broken(String),
}

/// What happened to one path the user added.
#[derive(Debug)]
pub enum AddOutcome {
    /// Registered; `base_name` is set when the view got a suffix because the name was taken.
    Added {
        source: Source,
        base_name: Option<String>,
    },
    /// A workbook with several sheets: ask which one.
    NeedsSheet {
        path: String,
        sheets: Vec<String>,
    },
    Failed {
        path: String,
        error: WorkspaceError,
    },
}

impl Workspace {
    /// Checks every registered source; one that cannot be read is marked broken. At start-up
    /// (`recheck` false) a view that DuckDB still has over a file that still exists is trusted
    /// as it is, so opening the app does not re-read every file; a refresh re-creates them all.
    pub(crate) async fn restore_sources(&self, recheck: bool) -> Result<()> {
        let existing: Vec<String> = if recheck {
            Vec::new()
        } else {
            self.local_tables()
                .await?
                .into_iter()
                .filter(|t| t.schema == "main")
                .map(|t| t.name)
                .collect()
        };
        for row in self.store.file_sources().list().await? {
            let spec = spec_of(&row);
            let engine = self.engine.clone();
            let view = row.view_name.clone();
            // A view over a UTF-8 copy is made again when the file changed since the copy.
            let trusted = existing.contains(&row.view_name) && engine.file_view_is_current(&spec);
            let outcome = blocking(move || {
                if !spec.path.exists() {
                    return Err(EngineError::File {
                        message: format!(
                            "{} no longer exists (moved or deleted)",
                            spec.path.display()
                        ),
                        path: spec.path.clone(),
                    });
                }
                // A file replaced by a named pipe would hold start-up forever once read.
                let regular = std::fs::metadata(&spec.path)
                    .map(|m| m.is_file() || m.is_dir())
                    .unwrap_or(false);
                if !regular {
                    return Err(EngineError::File {
                        message: format!(
                            "{} is no longer a regular file (a named pipe, socket or device)",
                            spec.path.display()
                        ),
                        path: spec.path.clone(),
                    });
                }
                if trusted {
                    return Ok(());
                }
                engine.create_file_view(&view, &spec).map(drop)
            })
            .await?;
            let mut broken = self.broken.lock().expect("broken lock");
            match outcome {
                Ok(_) => {
                    broken.remove(&row.id);
                }
                Err(e) => {
                    tracing::warn!(view = %row.view_name, "source is broken: {e}");
                    broken.insert(row.id, e.to_string());
                }
            }
        }
        Ok(())
    }

    /// Checks every source again (a moved file may be back).
    pub async fn refresh_sources(&self) -> Result<Vec<Source>> {
        // A manual refresh also re-reads attached databases' catalogs, past every cache.
        self.caches.invalidate();
        let engine = self.engine.clone();
        blocking(move || engine.sources().forget_remote_schemas()).await??;
        self.restore_sources(true).await?;
        self.sources_changed();
        self.sources().await
    }

    pub async fn sources(&self) -> Result<Vec<Source>> {
        let rows = self.store.file_sources().list().await?;
        let catalog = self.local_tables().await?;
        let broken = self.broken.lock().expect("broken lock").clone();
        Ok(rows
            .into_iter()
            .map(|row| {
                let columns = catalog
                    .iter()
                    .find(|t| t.schema == "main" && t.name == row.view_name)
                    .map(|t| t.columns.clone())
                    .unwrap_or_default();
                let status = match broken.get(&row.id) {
                    Some(why) => SourceStatus::Broken(why.clone()),
                    None => SourceStatus::Ready,
                };
                source_of(row, status, columns)
            })
            .collect())
    }

    /// Registers several paths; each gets its own outcome and one failure stops none of the
    /// others. The change is announced once, after the last.
    pub async fn add_paths(&self, paths: &[PathBuf]) -> Vec<AddOutcome> {
        let mut out = Vec::with_capacity(paths.len());
        for p in paths {
            out.push(match self.register_path(p, None).await {
                Ok(outcome) => outcome,
                Err(error) => AddOutcome::Failed {
                    path: p.to_string_lossy().into_owned(),
                    error,
                },
            });
        }
        if out.iter().any(|o| matches!(o, AddOutcome::Added { .. })) {
            self.sources_changed();
        }
        out
    }

    /// Registers one file or folder (with `sheet`, one sheet of a workbook) as a view
    /// `file_<name>`, reading it in place.
    pub async fn add_path(&self, path: &Path, sheet: Option<String>) -> Result<AddOutcome> {
        let outcome = self.register_path(path, sheet).await?;
        if matches!(outcome, AddOutcome::Added { .. }) {
            self.sources_changed();
        }
        Ok(outcome)
    }

    pub(crate) async fn register_path(
        &self,
        path: &Path,
        sheet: Option<String>,
    ) -> Result<AddOutcome> {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let inspect_path_buf = path.clone();
        let mut spec = blocking(move || inspect_path(&inspect_path_buf)).await??;
        let chosen_sheet = sheet.clone();
        if spec.format == FileFormat::Xlsx {
            match sheet {
                Some(s) => spec.sheet = Some(s),
                None => {
                    let p = path.clone();
                    let sheets = blocking(move || xlsx_sheets(&p)).await??;
                    if sheets.len() > 1 {
                        return Ok(AddOutcome::NeedsSheet {
                            path: path.to_string_lossy().into_owned(),
                            sheets,
                        });
                    }
                    spec.sheet = sheets.into_iter().next();
                }
            }
        }
        let stem = display_stem(&path, chosen_sheet.as_deref());
        let base = file_view_base(&stem);
        let taken = self.taken_names().await?;
        let view = unique_name(&base, |n| taken.iter().any(|t| t == n));
        let engine = self.engine.clone();
        let (v, s) = (view.clone(), spec.clone());
        blocking(move || engine.create_file_view(&v, &s)).await??;
        let path_text = path.to_string_lossy().into_owned();
        let inserted = self
            .store
            .file_sources()
            .insert(NewFileSource {
                view_name: &view,
                path: &path_text,
                format: spec.format.as_str(),
                is_folder: spec.is_folder,
                sheet: spec.sheet.as_deref(),
                encoding: spec.encoding.map(TextEncoding::as_str),
            })
            .await;
        let row = match inserted {
            Ok(row) => row,
            Err(e) => {
                // Keep DuckDB and the store in step: no view without its registration.
                let engine = self.engine.clone();
                let v = view.clone();
                let _ = blocking(move || engine.drop_view(&v)).await;
                return Err(e.into());
            }
        };
        let source = self.source(row.id).await?;
        Ok(AddOutcome::Added {
            source,
            base_name: (view != base).then_some(base),
        })
    }

    /// Renames a source's view; the new name goes through the identifier rules.
    pub async fn rename_source(&self, id: i64, new_name: &str) -> Result<Source> {
        let row = self.store.file_sources().get(id).await?;
        let name = sql_identifier(new_name);
        if name.is_empty() {
            return Err(WorkspaceError::InvalidName(format!(
                "{new_name:?} has no letters or digits to make a table name from"
            )));
        }
        if is_reserved(&name) {
            return Err(WorkspaceError::InvalidName(format!(
                "{name:?} is reserved; choose another name"
            )));
        }
        if name == row.view_name {
            return self.source(id).await;
        }
        if self.taken_names().await?.contains(&name) {
            return Err(WorkspaceError::NameTaken(name));
        }
        let engine = self.engine.clone();
        let (from, to) = (row.view_name.clone(), name.clone());
        let broken = self.broken.lock().expect("broken lock").contains_key(&id);
        if !broken {
            blocking(move || engine.rename_view(&from, &to)).await??;
        }
        if let Err(e) = self.store.file_sources().rename(id, &name).await {
            if !broken {
                let engine = self.engine.clone();
                let (from, to) = (name.clone(), row.view_name.clone());
                let _ = blocking(move || engine.rename_view(&from, &to)).await;
            }
            return Err(e.into());
        }
        self.sources_changed();
        self.source(id).await
    }

    /// Reads a CSV or TSV source with another text encoding. When the file does not read that
    /// way, the error says so and the source stays as it was.
    pub async fn set_source_encoding(&self, id: i64, encoding: TextEncoding) -> Result<Source> {
        let row = self.store.file_sources().get(id).await?;
        let old = spec_of(&row);
        if !matches!(old.format, FileFormat::Csv | FileFormat::Tsv) {
            return Err(EngineError::invalid_input(format!(
                "{} is a {} source; only CSV and TSV files have a text encoding",
                row.view_name, row.format
            ))
            .into());
        }
        if old.is_folder && encoding.decoder_needed() {
            return Err(EngineError::invalid_input(format!(
                "the files of a folder are read in place; {} needs a converted copy of each file, so add them one by one",
                encoding.as_str()
            ))
            .into());
        }
        let new = FileSpec {
            encoding: Some(encoding),
            ..old.clone()
        };
        let engine = self.engine.clone();
        let view = row.view_name.clone();
        let created = blocking(move || {
            if !new.is_folder {
                check_encoding(&new.path, encoding)?;
            }
            match engine.create_file_view(&view, &new) {
                Ok(_) => Ok(()),
                Err(e) => {
                    // The failed attempt dropped the view: the old reading comes back.
                    let _ = engine.create_file_view(&view, &old);
                    Err(e)
                }
            }
        })
        .await?;
        created?;
        self.store
            .file_sources()
            .set_encoding(id, Some(encoding.as_str()))
            .await?;
        if !encoding.decoder_needed() {
            self.engine.forget_file_copies(Path::new(&row.path));
        }
        self.broken.lock().expect("broken lock").remove(&id);
        self.sources_changed();
        self.source(id).await
    }

    pub async fn remove_source(&self, id: i64) -> Result<()> {
        let row = self.store.file_sources().get(id).await?;
        self.store.file_sources().delete(id).await?;
        self.broken.lock().expect("broken lock").remove(&id);
        let engine = self.engine.clone();
        blocking(move || {
            engine.forget_file_copies(Path::new(&row.path));
            engine.drop_view(&row.view_name)
        })
        .await??;
        self.sources_changed();
        Ok(())
    }

    /// Drops a table or view made with SQL in the local database. A registered file's view or
    /// a connection's S3 view is refused: those go with their file or connection.
    pub async fn drop_local_relation(&self, schema: String, name: String) -> Result<RelationKind> {
        if schema == "main" && self.sources().await?.iter().any(|s| s.view_name == name) {
            return Err(EngineError::invalid_input(format!(
                "{name} is the table of a data source; remove it from Data sources instead"
            ))
            .into());
        }
        if self
            .connections()
            .await?
            .iter()
            .any(|c| c.identifier == schema)
        {
            return Err(EngineError::invalid_input(format!(
                "{schema}.{name} belongs to the connection {schema}; remove it there instead"
            ))
            .into());
        }
        let engine = self.engine.clone();
        let kind = blocking(move || engine.sources().drop_local_relation(&schema, &name)).await??;
        self.catalog_changed();
        Ok(kind)
    }

    async fn source(&self, id: i64) -> Result<Source> {
        self.sources()
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| WorkspaceError::NotFound(format!("source {id}")))
    }

    /// Names in use: registered views and any table or view a user made in DuckDB.
    async fn taken_names(&self) -> Result<Vec<String>> {
        let mut names = self.store.file_sources().view_names().await?;
        names.extend(
            self.local_tables()
                .await?
                .into_iter()
                .filter(|t| t.schema == "main")
                .map(|t| t.name),
        );
        Ok(names)
    }
}

fn spec_of(row: &FileSource) -> FileSpec {
    FileSpec {
        path: PathBuf::from(&row.path),
        format: FileFormat::parse(&row.format).unwrap_or(FileFormat::Csv),
        is_folder: row.is_folder,
        sheet: row.sheet.clone(),
        encoding: row.encoding.as_deref().and_then(TextEncoding::parse),
    }
}

fn source_of(row: FileSource, status: SourceStatus, columns: Vec<Column>) -> Source {
    Source {
        id: row.id,
        view_name: row.view_name,
        path: row.path,
        format: row.format,
        is_folder: row.is_folder,
        sheet: row.sheet,
        encoding: row.encoding.as_deref().and_then(TextEncoding::parse),
        status,
        columns,
    }
}

/// The name a view is derived from: the file name without its extensions, plus the sheet
/// when the user picked one of several.
fn display_stem(path: &Path, chosen_sheet: Option<&str>) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".GZ"))
        .unwrap_or(&name);
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match chosen_sheet {
        Some(sheet) => format!("{stem} {sheet}"),
        None => stem,
    }
}
