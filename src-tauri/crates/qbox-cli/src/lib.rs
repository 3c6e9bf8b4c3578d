//! `qbox` on the command line: the user's workspace (its saved queries, its sources) without
//! the window, for scripts and terminals. The app's binary hands its arguments here when they
//! start with a command ([`is_command`]); with none, or with file paths, it is the app.
//!
//! A command opens the workspace itself, which it can while the app is closed; with the app
//! open it says so and exits with [`Exit::WorkspaceInUse`] (docs/decisions.md, issue 30, has
//! how the running app is to serve commands instead).

mod args;
mod catalog;
mod error;
mod exit;
mod lines;
mod run;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::args::{Cli, Command};
pub use exit::Exit;

/// The words that make `qbox` the command line rather than the app.
const COMMANDS: &[&str] = &[
    "queries",
    "run",
    "sources",
    "tables",
    "describe",
    "completions",
    "help",
    "--help",
    "-h",
    "--version",
    "-V",
];

/// Whether `args` (the program's, its own name first) ask for the command line.
pub fn is_command(args: &[OsString]) -> bool {
    args.get(1)
        .and_then(|a| a.to_str())
        .is_some_and(|a| COMMANDS.contains(&a))
}

/// Runs the command line on `args` (the program's, its own name first), with the workspace
/// the app uses (`$QBOX_HOME` or the OS's data folder), and says how it went.
pub fn main(args: Vec<OsString>, dev_extension_tree: Option<PathBuf>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and the version are answers, not failures.
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Done.into()
            };
        }
    };
    if let Command::Completions { shell } = cli.command {
        clap_complete::generate(shell, &mut Cli::command(), "qbox", &mut std::io::stdout());
        return Exit::Done.into();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("qbox: cannot start: {e}");
            return Exit::Failed.into();
        }
    };
    let outcome = runtime.block_on(run::command(cli.command, dev_extension_tree));
    match outcome {
        Ok(()) => Exit::Done.into(),
        Err(e) => {
            eprintln!("qbox: {e}");
            Exit::of(&e).into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_command_word_makes_the_command_line_and_anything_else_the_app() {
        assert!(is_command(&words(&["qbox", "run", "--sql", "SELECT 1"])));
        assert!(is_command(&words(&["qbox", "queries"])));
        assert!(is_command(&words(&["qbox", "--help"])));
        assert!(!is_command(&words(&["qbox"])));
        assert!(!is_command(&words(&["qbox", "orders.csv"])));
        assert!(!is_command(&words(&["qbox", "/home/me/run"])));
    }
}
