//! What the workspace can query: its sources and their tables, as tab-separated lines.

use qbox_workspace::{ConnectionSettings, ConnectionStatus, SourceStatus, Workspace};

use crate::error::CliError;
use crate::lines::Lines;

/// Files and folders (their view, format, path, whether they read) and connections (their
/// name, kind, identifier in SQL, whether they attached).
pub(crate) async fn list_sources(ws: &Workspace) -> Result<(), CliError> {
    ws.connections_settled().await;
    let mut out = Lines::new();
    for s in ws.sources().await? {
        let status = match &s.status {
            SourceStatus::Ready => "ready".to_string(),
            SourceStatus::Broken(why) => format!("broken: {why}"),
        };
        out.line(&["file", &s.view_name, &s.format, &s.path, &status])?;
    }
    for c in ws.connections().await? {
        let kind = match c.settings {
            ConnectionSettings::Postgres(_) => "postgres",
            ConnectionSettings::S3(_) => "s3",
        };
        let status = match &c.status {
            ConnectionStatus::Connecting => "connecting".to_string(),
            ConnectionStatus::Attached => "attached".to_string(),
            ConnectionStatus::Failed { message, .. } => format!("failed: {message}"),
        };
        out.line(&[kind, &c.identifier, &c.name, "", &status])?;
    }
    Ok(())
}

/// Every table and view a query can name (`database.schema.table`), those whose name holds
/// `pattern` (ignoring case) when one is given.
pub(crate) async fn list_tables(ws: &Workspace, pattern: Option<&str>) -> Result<(), CliError> {
    ws.connections_settled().await;
    let pattern = pattern.map(str::to_lowercase);
    let mut out = Lines::new();
    for t in ws.catalog().await? {
        let name = format!("{}.{}.{}", t.database, t.schema, t.name);
        if pattern
            .as_deref()
            .is_none_or(|p| name.to_lowercase().contains(p))
        {
            out.line(&[&name])?;
        }
    }
    Ok(())
}

/// One table's columns (name, type, nullable, key, what a foreign key references), under a
/// header; its kind and estimated rows on standard error.
pub(crate) async fn describe(ws: &Workspace, name: &str) -> Result<(), CliError> {
    ws.connections_settled().await;
    let wanted: Vec<String> = name.split('.').map(str::to_lowercase).collect();
    let matches: Vec<_> = ws
        .catalog()
        .await?
        .into_iter()
        .filter(|t| {
            let parts = [&t.database, &t.schema, &t.name].map(|p| p.to_lowercase());
            parts.ends_with(&wanted)
        })
        .collect();
    let table = match matches.as_slice() {
        [one] => one,
        [] => return Err(CliError::NoSuchTable(name.to_string())),
        many => {
            let names = many
                .iter()
                .map(|t| format!("{}.{}.{}", t.database, t.schema, t.name))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(CliError::AmbiguousTable(name.to_string(), names));
        }
    };
    let details = ws
        .table_details(
            table.database.clone(),
            table.schema.clone(),
            table.name.clone(),
        )
        .await?;
    if let Some(rows) = details.estimated_rows {
        eprintln!("about {rows} rows");
    }
    let mut out = Lines::new();
    out.line(&["column", "type", "nullable", "key", "references"])?;
    for c in &details.columns {
        out.line(&[
            &c.name,
            &c.data_type,
            if c.nullable { "yes" } else { "no" },
            if c.primary_key { "primary" } else { "" },
            c.references.as_deref().unwrap_or(""),
        ])?;
    }
    Ok(())
}
