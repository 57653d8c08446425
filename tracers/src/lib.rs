//! Tracers for forward runs, behind one interface: a tracer is a [`bootloader::BlockObserver`] that turns
//! what it saw into one JSON value per included transaction, in the format geth's `debug_traceBlock*`
//! returns (`[{txHash, result}]`).
//!
//! - [`CallTracer`]: geth's `callTracer` (with `withLog`): the tree of frames of every transaction.
//! - `PrestateTracer`: geth's `prestateTracer` (with `diffMode`): the state each transaction read, or what
//!   it changed.
//! - EIP-3155 per-instruction traces are the EVM inspector's (`fixtures::statetest::trace`); [`TracerKind`]
//!   names all three for the command line (`--tracer`).
//!
//! # Example
//!
//! geth's callTracer (with logs) over a block of one transaction: key 0 calls contract `0xa0`, which calls
//! `0xb0`, which emits a log.
//!
//! ```
//! use bootloader::forward::run_chain_forward_observed;
//! use bootloader::Rollup;
//! use zkos_tracers::CallTracer;
//! use primitives::{Address, U256};
//! use test_utils::{tx, Chain};
//!
//! let (a, b) = (Address::from_low_u64(0xa0), Address::from_low_u64(0xb0));
//! let mut chain = Chain::default();
//! // a: CALL(gas, b, 0, 0, 0, 0, 0) then STOP; b: LOG0(0, 0) then STOP.
//! chain.deploy(a, vec![0x5f, 0x5f, 0x5f, 0x5f, 0x5f, 0x60, 0xb0, 0x5a, 0xf1, 0x00]);
//! chain.deploy(b, vec![0x5f, 0x5f, 0xa0, 0x00]);
//! let txs = vec![tx::call(0, 0, a, vec![], U256::ZERO, 100_000)];
//!
//! let mut tracer = CallTracer::new(true);
//! let run = run_chain_forward_observed::<Rollup>(chain.block.clone(), chain.state.clone(), txs, 1, &mut tracer)?;
//! let traces = tracer.into_results();
//! assert_eq!(traces.len(), 1);
//! assert_eq!(traces[0]["txHash"], run.output.receipts[0].tx_hash.to_string());
//! let top = &traces[0]["result"];
//! assert_eq!((top["type"].as_str(), top["to"].as_str()), (Some("CALL"), Some(a.to_string().as_str())));
//! // The transaction's frame: its gas limit and the receipt's gas used, 23,994 = 21,000 + five PUSH0, PUSH1
//! // and GAS (15) + a cold CALL (2,600) + what b spent.
//! assert_eq!((top["gas"].as_str(), top["gasUsed"].as_str()), (Some("0x186a0"), Some("0x5dba")));
//! assert_eq!(run.output.receipts[0].gas_used, 23_994);
//! let inner = &top["calls"][0];
//! assert_eq!(inner["to"], b.to_string());
//! assert_eq!(inner["gasUsed"], "0x17b"); // 379: two PUSH0 and LOG0 (375)
//! assert_eq!(inner["logs"][0]["address"], b.to_string());
//! # Ok::<(), bootloader::BlockError>(())
//! ```

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
