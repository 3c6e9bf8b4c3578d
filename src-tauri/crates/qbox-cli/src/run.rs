//! The commands, over the workspace the app uses.

use std::io::Write;
use std::path::{Path, PathBuf};

use qbox_engine::{ResultView, StreamEnd};
use qbox_workspace::{Holder, Workspace, WorkspaceConfig, WorkspaceError, WorkspaceLock};

/// How long a command waits for another command that has the workspace.
const COMMAND_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

use crate::args::{Command, RunArgs};
use crate::catalog;
use crate::error::CliError;
use crate::lines::Lines;

pub(crate) async fn command(
    command: Command,
    dev_extension_tree: Option<PathBuf>,
) -> Result<(), CliError> {
    let mut config = WorkspaceConfig::discover(dev_extension_tree.as_deref());
    // Another command ends by itself, so it is waited for a while; the app is not.
    let data_dir = config.data_dir.clone();
    let lock = tokio::task::spawn_blocking(move || {
        WorkspaceLock::wait(&data_dir, Holder::Command, COMMAND_PATIENCE, |by| {
            eprintln!("qbox: waiting for {by} to finish with the workspace")
        })
    })
    .await
    .map_err(WorkspaceError::from)??;
    config.lock = Some(std::sync::Arc::new(lock));
    let ws = Workspace::open(config).await?;
    let outcome = match command {
        Command::Queries => list_queries(&ws).await,
        Command::Run(args) => run_until_interrupted(&ws, args).await,
        Command::Sources => catalog::list_sources(&ws).await,
        Command::Tables { pattern } => catalog::list_tables(&ws, pattern.as_deref()).await,
        Command::Describe { table } => catalog::describe(&ws, &table).await,
        Command::Completions { .. } => unreachable!("answered without the workspace"),
    };
    ws.close().await;
    outcome
}

/// One line per saved query, newest edited first: when it was last edited, a tab, its name.
async fn list_queries(ws: &Workspace) -> Result<(), CliError> {
    let mut out = Lines::new();
    for q in ws.queries(None).await? {
        out.line(&[&q.updated_at, &q.name])?;
    }
    Ok(())
}

/// [`run`], stopped by Ctrl+C: the query (or the export) is cancelled in DuckDB and the
/// workspace closes as it does after any run.
async fn run_until_interrupted(ws: &Workspace, args: RunArgs) -> Result<(), CliError> {
    let run_id = format!("cli-{}", std::process::id());
    let work = run(ws, args, &run_id);
    tokio::pin!(work);
    tokio::select! {
        done = &mut work => done,
        _ = tokio::signal::ctrl_c() => {
            ws.engine().cancel(&run_id);
            // The run (or the export) ends at DuckDB's next check, its work let go.
            let _ = work.await;
            Err(CliError::Interrupted)
        }
    }
}

async fn run(ws: &Workspace, args: RunArgs, run_id: &str) -> Result<(), CliError> {
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
    let output = ws.run(run_id.to_string(), sql).await?;
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
            ws.export(
                run_id.to_string(),
                id,
                ResultView::default(),
                target,
                format,
                |_| {},
            )
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
                    run_id.to_string(),
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

/// The file DuckDB wrote, on standard output.
fn copy_out(file: &Path) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    std::io::copy(&mut std::fs::File::open(file)?, &mut out)?;
    Ok(out.flush()?)
}
