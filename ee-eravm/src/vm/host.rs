//! The embedder interface: what the machine needs from the world ([`Host`]), how far calls are served
//! ([`FarCallMode`], [`FarCall`]), and `run`, which stops when the root frame returns, a far call is
//! handed out, or the cycle budget is spent ([`Stop`]).

use alloc::rc::Rc;
use alloc::vec::Vec;

use primitives::{Address, U256};
use system_api::Checkpoint;

use super::Vm;
use crate::opcodes::{FarCallKind, RetKind};

/// What the machine needs from the world.
pub trait Host {
    /// Reads a storage slot.
    fn storage_read(&mut self, address: &Address, key: &U256) -> U256;
    /// Writes a storage slot.
    fn storage_write(&mut self, address: &Address, key: &U256, value: &U256);
    /// The pubdata the storage write just made costs (may be negative), 0 by default. A property of the
    /// storage oracle: zk_evm's reference storage charges 65 per write ([`crate::pubdata`]).
    fn storage_write_pubdata(&mut self, _address: &Address, _key: &U256) -> i32 {
        0
    }
    /// Ergs refunded for a storage access (warm slots are cheaper), 0 by default.
    fn storage_refund(&mut self, _address: &Address, _key: &U256, _is_write: bool) -> u32 {
        0
    }
    /// Reads transient storage.
    fn transient_read(&mut self, address: &Address, key: &U256) -> U256;
    /// Writes transient storage.
    fn transient_write(&mut self, address: &Address, key: &U256, value: &U256);
    /// A `log.event` query (kernel only).
    fn event(&mut self, address: &Address, key: &U256, value: &U256, is_first: bool);
    /// A `log.sendl2l1` query (kernel only).
    fn l1_message(&mut self, address: &Address, key: &U256, value: &U256, is_first: bool);
    /// A state checkpoint.
    fn checkpoint(&mut self) -> Checkpoint;
    /// Undo everything since the checkpoint.
    fn rollback(&mut self, checkpoint: Checkpoint);
    /// The code of a versioned hash, for internal far calls and `log.decommit`.
    fn decommit(&mut self, _hash: &[u8; 32]) -> Option<Rc<[U256]>> {
        None
    }
}

/// How far calls are served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FarCallMode {
    /// By the machine itself, with code from the AccountCodeStorage slot and [`Host::decommit`].
    Internal,
    /// By the embedder: `run` stops with [`Stop::FarCall`].
    Yield,
}

/// A far call handed to the embedder.
#[derive(Clone, Debug)]
pub struct FarCall {
    /// Kind.
    pub kind: FarCallKind,
    /// The called address.
    pub address: Address,
    /// Calldata bytes.
    pub calldata: Vec<u8>,
    /// Ergs moved to the callee.
    pub ergs: u32,
    /// Static.
    pub is_static: bool,
    /// The context value (msg.value in the system ABI).
    pub context_u128: u128,
    /// Constructor call flag.
    pub constructor: bool,
    /// System call flag.
    pub system: bool,
}

/// Why `run` stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The root frame returned.
    Finished(RetKind),
    /// A far call for the embedder ([`FarCallMode::Yield`]); take it with [`Vm::take_far_call`].
    FarCall,
    /// The cycle limit was reached.
    CycleLimit,
}

impl Vm {
    /// Runs until the root frame returns, a far call is handed out, or `max_cycles` more cycles ran.
    pub fn run(&mut self, host: &mut dyn Host, max_cycles: u64) -> Stop {
        let limit = self.cycles.saturating_add(max_cycles);
        while !self.has_ended() {
            if self.cycles >= limit {
                return Stop::CycleLimit;
            }
            self.cycle(host);
            if self.pending_far_call.is_some() {
                return Stop::FarCall;
            }
        }
        Stop::Finished(self.last_ret.unwrap_or(RetKind::Ok))
    }

    /// Ergs of the far call `run` stopped at (0 if none).
    pub fn pending_far_call_ergs(&self) -> u32 {
        self.pending_far_call.as_ref().map(|c| c.ergs).unwrap_or(0)
    }

    /// Takes the far call `run` stopped at.
    pub fn take_far_call(&mut self) -> Option<FarCall> {
        self.pending_far_call.take()
    }
}
