//! Who has a workspace open (see `lock.rs`), as its lock file says.

use std::fmt;

/// What kind of process has a workspace open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    App,
    Command,
}

/// Who has a workspace open, as its lock file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldBy {
    pub holder: Holder,
    pub pid: u32,
}

impl fmt::Display for HeldBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.holder {
            Holder::App => write!(f, "QBox (process {})", self.pid),
            Holder::Command => write!(f, "a qbox command (process {})", self.pid),
        }
    }
}

impl HeldBy {
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let (kind, pid) = text.trim().split_once(' ')?;
        let holder = match kind {
            "app" => Holder::App,
            "command" => Holder::Command,
            _ => return None,
        };
        Some(Self {
            holder,
            pid: pid.parse().ok()?,
        })
    }
}
