//! Watching a block run: [`BlockObserver`] hooks between the bootloader's steps — the block's start, each
//! transaction's start and end, and every frame the frame stack opens and closes (calls of every scheme,
//! deployments, precompiles, accounts without code, whichever EE runs them). Tracers (geth's callTracer,
//! prestateTracer) and replays checking each transaction are built on it. The hooks take the System by
//! shared reference only: an observer cannot change what the block does. `()` observes nothing, and every
//! hook then compiles away.

use ee_api::{CallScheme, ExitStatus};
use primitives::{Address, U256};
use transactions::Transaction;

use crate::ethereum::{InvalidTransaction, TransactionResult};

/// How a frame was entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameStartKind {
    /// A call of the given scheme.
    Call(CallScheme),
    /// A deployment at a nonce-derived address (CREATE, a creating transaction).
    Create,
    /// A salted deployment (CREATE2).
    Create2,
}

/// A frame about to run.
#[derive(Clone, Copy, Debug)]
pub struct FrameStart<'a> {
    /// Depth of the frame (0 for the transaction's own).
    pub depth: usize,
    /// Call scheme or deployment kind.
    pub kind: FrameStartKind,
    /// `msg.sender`.
    pub from: Address,
    /// The account whose context runs (the new contract for a deployment).
    pub to: Address,
    /// The account whose code runs.
    pub code_address: Address,
    /// `msg.value`.
    pub value: U256,
    /// Call data, or init code.
    pub input: &'a [u8],
    /// Gas handed to the frame.
    pub gas: u64,
}

/// A frame that ended.
#[derive(Clone, Copy, Debug)]
pub struct FrameEnd<'a> {
    /// Depth of the frame.
    pub depth: usize,
    /// How it ended.
    pub status: ExitStatus,
    /// Its return (or revert) data; for a deployment, the deployed code when it succeeded.
    pub output: &'a [u8],
    /// Gas it left unused.
    pub gas_left: u64,
}

/// Watches a block as it runs. Every hook has a no-op default.
pub trait BlockObserver<Sys> {
    /// Whether the System should record each transaction's accessed accounts and slots (the forward
    /// runner turns it on; see `system_impl::System::record_accesses`).
    fn records_accesses(&self) -> bool {
        false
    }
    /// After the block rules' opening work, before the first transaction.
    fn block_started(&mut self, _sys: &Sys) {}
    /// A valid transaction `index` from `sender` is about to execute (after validation, gas purchase and
    /// EIP-7702 authorizations).
    fn transaction_started(&mut self, _sys: &Sys, _index: usize, _tx: &Transaction, _sender: Address) {}
    /// A frame is about to run.
    fn frame_started(&mut self, _sys: &Sys, _frame: &FrameStart<'_>) {}
    /// A frame ended (its changes already kept or rolled back).
    fn frame_ended(&mut self, _sys: &Sys, _frame: &FrameEnd<'_>) {}
    /// Transaction `index` was included (`Ok`) or rejected (`Err`), and the transaction is finished.
    fn transaction_done(&mut self, _sys: &Sys, _index: usize, _result: Result<&TransactionResult, &InvalidTransaction>) {}
}

/// Observes nothing.
impl<Sys> BlockObserver<Sys> for () {}
