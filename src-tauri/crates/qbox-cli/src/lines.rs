//! Tab-separated lines on standard output, for `cut` and `awk`.

use std::io::Write;

use crate::error::CliError;

pub(crate) struct Lines(std::io::StdoutLock<'static>);

impl Lines {
    pub(crate) fn new() -> Self {
        Self(std::io::stdout().lock())
    }

    pub(crate) fn line(&mut self, fields: &[&str]) -> Result<(), CliError> {
        Ok(writeln!(self.0, "{}", fields.join("\t"))?)
    }
}
