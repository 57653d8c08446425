//! Block and transaction context: what `NUMBER`, `TIMESTAMP`, `ORIGIN`, `GASPRICE` and friends read.

use crate::SystemError;
use alloc::vec::Vec;
use primitives::{Address, Fork, B256, U256};

/// The block being built or proven.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BlockContext {
    /// Rule set.
    pub fork: Fork,
    /// Chain id (EIP-155).
    pub chain_id: u64,
    /// Block number.
    pub number: u64,
    /// Unix timestamp in seconds.
    pub timestamp: u64,
    /// Fee recipient.
    pub coinbase: Address,
    /// Block gas limit.
    pub gas_limit: u64,
    /// EIP-1559 base fee per gas.
    pub base_fee: U256,
    /// PREVRANDAO.
    pub prev_randao: B256,
    /// EIP-4844 excess blob gas; the blob base fee derives from it.
    pub excess_blob_gas: u64,
    /// Blob base fee per blob gas (derived from `excess_blob_gas` by the fork's schedule).
    pub blob_base_fee: U256,
}

/// The transaction being executed.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TxContext {
    /// The signer (ORIGIN).
    pub origin: Address,
    /// Effective gas price (GASPRICE).
    pub gas_price: U256,
    /// EIP-4844 versioned hashes (BLOBHASH).
    pub blob_hashes: Vec<B256>,
}

/// Read access to the block and transaction context.
pub trait ContextIo {
    /// The block.
    fn block(&self) -> &BlockContext;
    /// The current transaction.
    fn tx(&self) -> &TxContext;
    /// Sets the current transaction (bootloader only).
    fn set_tx(&mut self, tx: TxContext);
    /// Hash of a recent block (BLOCKHASH); zero when unknown.
    fn block_hash(&mut self, number: u64) -> Result<B256, SystemError>;
}
