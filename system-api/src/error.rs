//! The fatal error tier: the block cannot go on.

use crate::OracleError;
use core::fmt;

/// An error that stops the block (never an ordinary EVM failure, which is a frame outcome).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SystemError {
    /// The oracle failed or gave an answer that did not verify.
    Oracle(OracleError),
    /// A resource of the machine itself ran out (memory, call stack of the host).
    ResourceExhausted(&'static str),
    /// An invariant of zkos itself was broken: a bug, reported instead of panicking.
    Internal(&'static str),
}

impl fmt::Display for SystemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Oracle(e) => write!(f, "oracle: {e}"),
            Self::ResourceExhausted(what) => write!(f, "resource exhausted: {what}"),
            Self::Internal(what) => write!(f, "internal error: {what}"),
        }
    }
}

impl From<OracleError> for SystemError {
    fn from(e: OracleError) -> Self {
        SystemError::Oracle(e)
    }
}
