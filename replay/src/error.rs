//! Why a replay could not run: a file is missing, unreadable or not what an archive node returns, or the
//! block is outside what zkos replays. A divergence from the chain is not an error; it is a failed check.

use std::fmt;

/// A replay input problem, naming the file (or the part of the block) at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayError {
    /// The file or item at fault (`block.json`, `prestatetrace.json[3]`, `transaction 7`, …).
    pub what: String,
    /// What is wrong with it.
    pub message: String,
}

impl ReplayError {
    /// An error about `what`.
    pub fn new(what: impl Into<String>, message: impl Into<String>) -> Self {
        ReplayError { what: what.into(), message: message.into() }
    }
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.message)
    }
}

impl std::error::Error for ReplayError {}
