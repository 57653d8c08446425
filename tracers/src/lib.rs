//! Tracers for forward runs, behind one interface: a tracer is a [`bootloader::BlockObserver`] that turns
//! what it saw into one JSON value per included transaction, in the format geth's `debug_traceBlock*`
//! returns (`[{txHash, result}]`).
//!
//! - [`CallTracer`]: geth's `callTracer` (with `withLog`): the tree of frames of every transaction.
//! - `PrestateTracer`: geth's `prestateTracer` (with `diffMode`): the state each transaction read, or what
//!   it changed.
//! - EIP-3155 per-instruction traces are the EVM inspector's (`fixtures::statetest::trace`); [`TracerKind`]
//!   names all three for the command line (`--tracer`).

pub mod call;
pub mod prestate;
pub mod snapshot;


use std::fmt;
use std::str::FromStr;

pub use call::CallTracer;
pub use prestate::PrestateTracer;


/// A tracer chosen by name (`--tracer NAME`, with geth's `tracerConfig` options).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TracerKind {
    /// EIP-3155: one JSON line per instruction (the EVM inspector's).
    Eip3155,
    /// geth's `callTracer`; `with_log` adds each frame's logs.
    Call {
        /// `tracerConfig.withLog`.
        with_log: bool,
    },
    /// geth's `prestateTracer`; `diff_mode` gives `{pre, post}` of what changed instead.
    Prestate {
        /// `tracerConfig.diffMode`.
        diff_mode: bool,
    },
}

/// The tracer name is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownTracer(pub String);

impl fmt::Display for UnknownTracer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown tracer {:?} (expected eip3155, callTracer, callTracer:withLog, prestateTracer or prestateTracer:diffMode)", self.0)
    }
}

impl FromStr for TracerKind {
    type Err = UnknownTracer;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "eip3155" | "EIP-3155" | "struct" => Ok(TracerKind::Eip3155),
            "callTracer" => Ok(TracerKind::Call { with_log: false }),
            "callTracer:withLog" => Ok(TracerKind::Call { with_log: true }),
            "prestateTracer" => Ok(TracerKind::Prestate { diff_mode: false }),
            "prestateTracer:diffMode" => Ok(TracerKind::Prestate { diff_mode: true }),
            other => Err(UnknownTracer(other.to_string())),
        }
    }
}

/// A quantity as geth prints it: `0x` and minimal hex.
pub(crate) fn hex_u64(value: u64) -> serde_json::Value {
    serde_json::Value::String(format!("{value:#x}"))
}
