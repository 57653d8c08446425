//! Block and transaction context: what `NUMBER`, `TIMESTAMP`, `ORIGIN`, `GASPRICE` and friends read.

use crate::SystemError;
use alloc::vec::Vec;
use primitives::{Address, BlobSchedule, Fork, B256, U256};

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
    /// Blob base fee per blob gas (derived from `excess_blob_gas` by the blob schedule's update fraction).
    pub blob_base_fee: U256,
    /// The blob parameters in force (data, not code: EIP-7892's BPO forks change only this).
    pub blob_schedule: BlobSchedule,
    /// Hash of the parent block (what EIP-2935's history contract stores; zero when the chain keeps none).
    pub parent_hash: B256,
    /// EIP-4788's parent beacon block root, for chains whose block rules store it (Ethereum L1 from Cancun).
    pub parent_beacon_block_root: Option<B256>,
    /// Withdrawals to credit after the transactions (EIP-4895), for chains whose block rules have them.
    pub withdrawals: Vec<Withdrawal>,
}

/// A validator withdrawal (EIP-4895): `amount` gwei credited to `address` after the block's transactions.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Withdrawal {
    /// Its index among all withdrawals.
    pub index: u64,
    /// The withdrawing validator.
    pub validator_index: u64,
    /// Who receives it.
    pub address: Address,
    /// The amount, in gwei.
    pub amount_gwei: u64,
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
