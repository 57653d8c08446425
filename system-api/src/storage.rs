//! Persistent storage (with EIP-2929 warmth and EIP-2200 original values) and EIP-1153 transient storage.

use crate::SystemError;
use primitives::{Address, U256};

/// A storage read: the value and whether the slot was cold before this access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotAccess {
    /// The current value.
    pub value: U256,
    /// True when this was the slot's first access in the transaction.
    pub was_cold: bool,
}

/// A storage write: what EIP-2200/3529 gas needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotWrite {
    /// The value at the start of the transaction.
    pub original: U256,
    /// The value just before this write.
    pub present: U256,
    /// True when this was the slot's first access in the transaction.
    pub was_cold: bool,
}

/// Storage access keyed by (account, 256-bit slot).
pub trait StorageIo {
    /// Reads a slot, marking it warm.
    fn sload(&mut self, address: &Address, key: &U256) -> Result<SlotAccess, SystemError>;
    /// Writes a slot, marking it warm; returns the values gas metering needs.
    fn sstore(&mut self, address: &Address, key: &U256, value: &U256) -> Result<SlotWrite, SystemError>;
    /// Marks a slot warm without reading it (EIP-2930 access lists).
    fn warm_slot(&mut self, address: &Address, key: &U256);
    /// Reads transient storage (EIP-1153).
    fn tload(&mut self, address: &Address, key: &U256) -> U256;
    /// Writes transient storage (EIP-1153); journaled like persistent storage.
    fn tstore(&mut self, address: &Address, key: &U256, value: &U256);
}
