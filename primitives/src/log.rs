//! An event log as Ethereum receipts carry it.

use crate::{Address, B256};
use alloc::vec::Vec;

/// One emitted event: the emitting account, up to four topics and opaque data.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Log {
    /// The account that emitted the event.
    pub address: Address,
    /// Indexed topics (zero to four for the EVM).
    pub topics: Vec<B256>,
    /// Unindexed payload.
    pub data: Vec<u8>,
}
