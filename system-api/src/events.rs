//! Outputs that leave the state: event logs and L2→L1 messages. Both are journaled (a reverted frame emits none).

use alloc::vec::Vec;
use primitives::{Address, Log};

/// Emitting events and messages.
pub trait EventIo {
    /// Records an event log.
    fn emit_log(&mut self, log: Log);
    /// Records an L2→L1 message from `sender` (delivered to L1 by the rollup's settlement layer).
    fn send_l2_to_l1_message(&mut self, sender: &Address, payload: Vec<u8>);
}
