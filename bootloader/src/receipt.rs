//! Receipts and the 2048-bit logs bloom.

use alloc::vec::Vec;
use primitives::{keccak256, Address, Log, B256};
use transactions::TxType;

use ee_api::ExitStatus;

use crate::ethereum::InvalidTransaction;

/// A 2048-bit bloom filter over log addresses and topics.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Bloom(pub [u8; 256]);

impl Default for Bloom {
    fn default() -> Self {
        Bloom([0u8; 256])
    }
}

impl core::fmt::Debug for Bloom {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&primitives::encode_hex(&self.0))
    }
}

impl Bloom {
    /// Adds one item: three 11-bit indexes from the first six bytes of its keccak hash.
    pub fn accrue(&mut self, item: &[u8]) {
        let hash = keccak256(item);
        for i in 0..3 {
            let bit = (((hash.0[2 * i] as usize) << 8) | hash.0[2 * i + 1] as usize) & 2047;
            self.0[255 - bit / 8] |= 1 << (bit % 8);
        }
    }

    /// Adds a log's address and topics.
    pub fn accrue_log(&mut self, log: &Log) {
        self.accrue(&log.address.0);
        for topic in &log.topics {
            self.accrue(&topic.0);
        }
    }

    /// Merges another bloom.
    pub fn merge(&mut self, other: &Bloom) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= *b;
        }
    }

    /// The bloom of a list of logs.
    pub fn of_logs(logs: &[Log]) -> Bloom {
        let mut bloom = Bloom::default();
        for log in logs {
            bloom.accrue_log(log);
        }
        bloom
    }
}

/// An included transaction's receipt.
#[derive(Clone, Debug)]
pub struct Receipt {
    /// Position of the transaction in the block's input (rejected ones included).
    pub tx_index: usize,
    /// Transaction hash.
    pub tx_hash: B256,
    /// Transaction type.
    pub tx_type: TxType,
    /// Sender.
    pub sender: Address,
    /// How the outermost frame ended.
    pub status: ExitStatus,
    /// Gas charged.
    pub gas_used: u64,
    /// Gas charged by this and all earlier included transactions.
    pub cumulative_gas_used: u64,
    /// Blob gas used.
    pub blob_gas_used: u64,
    /// Return or revert data.
    pub output: Vec<u8>,
    /// The deployed contract of a successful creation.
    pub contract_address: Option<Address>,
    /// Events.
    pub logs: Vec<Log>,
}

impl Receipt {
    /// True when the transaction succeeded (status 1).
    pub fn success(&self) -> bool {
        self.status.is_success()
    }

    /// Bloom of the receipt's logs (computed on demand).
    pub fn bloom(&self) -> Bloom {
        Bloom::of_logs(&self.logs)
    }
}

/// A transaction left out of the block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// Position in the block's input.
    pub index: usize,
    /// Why.
    pub error: InvalidTransaction,
}
