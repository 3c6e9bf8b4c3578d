//! The commands, over the workspace the app uses.

use std::io::Write;
use std::path::{Path, PathBuf};

use qbox_engine::{ResultView, StreamEnd};
use qbox_workspace::{Workspace, WorkspaceConfig, WorkspaceError};

use crate::args::{Command, RunArgs};

#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    #[error("there is no saved query named {0:?} (`qbox queries` lists them)")]
    NoSuchQuery(String),
    #[error("{0}")]
    Workspace(#[from] WorkspaceError),
    /// DuckDB failed part way through the rows (the rows before it were not written out).
    #[error("DuckDB failed part way: {0}")]
    FailedPartWay(String),
    #[error("{what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub(crate) async fn command(
    command: Command,
    dev_extension_tree: Option<PathBuf>,
) -> Result<(), CliError> {
    let ws = Workspace::open(WorkspaceConfig::discover(dev_extension_tree.as_deref())).await?;
    let outcome = match command {
        Command::Queries => list_queries(&ws).await,
        Command::Run(args) => run(&ws, args).await,
    };
    ws.close().await;
    outcome
}

/// One line per saved query, newest edited first: when it was last edited, a tab, its name.
async fn list_queries(ws: &Workspace) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    for q in ws.queries(None).await? {
        writeln!(out, "{}\t{}", q.updated_at, q.name).map_err(|source| CliError::Io {
            what: "cannot write to",
            path: "standard output".into(),
            source,
        })?;
    }
    Ok(())
}

async fn run(ws: &Workspace, args: RunArgs) -> Result<(), CliError> {
    let sql = match (args.sql, args.name) {
        (Some(sql), _) => sql,
        (None, Some(name)) => ws
            .queries(None)
            .await?
            .into_iter()
            .find(|q| q.name == name)
            .map(|q| q.sql)
            .ok_or(CliError::NoSuchQuery(name))?,
        (None, None) => unreachable!("the parser asks for a name or --sql"),
    };
    let run_id = format!("cli-{}", std::process::id());
    let output = ws.run(run_id.clone(), sql).await?;
    let Some(result) = output.result().cloned() else {
        // A statement that returns no rows: what it did, on standard error.
        let last = output.statements.last();
        match last.and_then(|s| s.rows_changed) {
            Some(1) => eprintln!("1 row changed"),
            Some(n) => eprintln!("{n} rows changed"),
            None => eprintln!("done"),
        }
        return Ok(());
    };
    let engine = ws.engine().clone();
    let id = result.id;
    let kept = tokio::task::spawn_blocking(move || engine.results().wait_for_result(id))
        .await
        .map_err(WorkspaceError::from)?
        .map_err(WorkspaceError::from)?;
    match ws.result_status(id)?.end {
        Some(StreamEnd::Failed(message)) => return Err(CliError::FailedPartWay(message)),
        Some(StreamEnd::Capped) => eprintln!(
            "qbox: only the first {} rows are written: the row cap (a setting) was reached",
            kept.row_count
        ),
        _ => {}
    }
    let format = args.format.into();
    match args.out {
        Some(target) => {
            ws.export(run_id, id, ResultView::default(), target, format, |_| {})
                .await?;
        }
        None => {
            // DuckDB writes files; the rows reach standard output through one in the
            // workspace's own temporary folder.
            let target = ws
                .engine()
                .data_dir()
                .join("tmp")
                .join(format!("{run_id}.{}", format.extension()));
            let written = ws
                .export(
                    run_id,
                    id,
                    ResultView::default(),
                    target.clone(),
                    format,
                    |_| {},
                )
                .await;
            let copied = written
                .map_err(CliError::from)
                .and_then(|_| copy_out(&target));
            let _ = std::fs::remove_file(&target);
            copied?;
        }
    }
    ws.close_result(id).await?;
    Ok(())
}

fn copy_out(file: &Path) -> Result<(), CliError> {
    let io = |what: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| CliError::Io { what, path, source }
    };
    let mut from = std::fs::File::open(file).map_err(io("cannot read", file))?;
    let mut out = std::io::stdout().lock();
    std::io::copy(&mut from, &mut out)
        .map_err(io("cannot write to", Path::new("standard output")))?;
    out.flush()
        .map_err(io("cannot write to", Path::new("standard output")))
}
