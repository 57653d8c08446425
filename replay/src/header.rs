//! From the node's block to what the bootloader runs: the block context (fork by Ethereum mainnet's
//! schedule unless overridden, the chain id from the transactions, the blob parameters of the day, the
//! parent and beacon roots, the withdrawals) and each transaction's EIP-2718 bytes.

use alloy_consensus::Transaction as _;
use alloy_eips::eip2718::Encodable2718;
use alloy_rpc_types_eth::{Block, BlockTransactions};
use primitives::{keccak256, Address, BlobSchedule, Fork, B256, U256};
use system_api::{BlockContext, Withdrawal};

use crate::ReplayError;

/// A block ready to run.
#[derive(Debug, Clone)]
pub struct PreparedBlock {
    /// What the bootloader reads of the block.
    pub context: BlockContext,
    /// Each transaction's EIP-2718 encoding, in block order.
    pub transactions: Vec<Vec<u8>>,
    /// Each transaction's hash (keccak of its encoding, checked against the node's).
    pub hashes: Vec<B256>,
    /// The block's hash, as the node gave it.
    pub hash: B256,
    /// Whether the fork came from the command line rather than the timestamp.
    pub fork_overridden: bool,
}

/// Builds the block context and encodes the transactions; `fork` overrides mainnet's schedule.
pub fn prepare(block: &Block, fork: Option<Fork>) -> Result<PreparedBlock, ReplayError> {
    let header = &block.header;
    let timestamp = header.timestamp;
    let fork_overridden = fork.is_some();
    let fork = match fork.or(Fork::mainnet_at(timestamp)) {
        Some(fork) => fork,
        None => {
            return Err(ReplayError::new(
                "block.json",
                format!("timestamp {timestamp} predates Cancun (1710338135); zkos replays Cancun and later blocks"),
            ))
        }
    };
    let BlockTransactions::Full(txs) = &block.transactions else {
        return Err(ReplayError::new("block.json", "transactions are hashes only; fetch the block with full transactions"));
    };
    let mut transactions = Vec::with_capacity(txs.len());
    let mut hashes = Vec::with_capacity(txs.len());
    let mut chain_id = None;
    for (i, tx) in txs.iter().enumerate() {
        let envelope = tx.inner.inner();
        let bytes = envelope.encoded_2718();
        let hash = keccak256(&bytes);
        let node_hash = B256::from(*tx.inner.tx_hash());
        if hash != node_hash {
            return Err(ReplayError::new(
                format!("transaction {i}"),
                format!("re-encoded transaction hashes to {hash}, the node says {node_hash}"),
            ));
        }
        chain_id = chain_id.or(envelope.chain_id());
        transactions.push(bytes);
        hashes.push(hash);
    }
    let schedule = BlobSchedule::mainnet_at(fork, timestamp);
    let excess_blob_gas = header.excess_blob_gas.unwrap_or(0);
    let withdrawals = block
        .withdrawals
        .as_ref()
        .map(|list| {
            list.iter()
                .map(|w| Withdrawal {
                    index: w.index,
                    validator_index: w.validator_index,
                    address: Address::from(w.address),
                    amount_gwei: w.amount,
                })
                .collect()
        })
        .unwrap_or_default();
    let context = BlockContext {
        fork,
        chain_id: chain_id.unwrap_or(1),
        number: header.number,
        timestamp,
        coinbase: Address::from(header.beneficiary),
        gas_limit: header.gas_limit,
        base_fee: U256::from(header.base_fee_per_gas.unwrap_or(0)),
        prev_randao: B256::from(header.mix_hash),
        excess_blob_gas,
        blob_base_fee: bootloader::ethereum::fees::blob_base_fee(excess_blob_gas, schedule.base_fee_update_fraction),
        blob_schedule: schedule,
        parent_hash: B256::from(header.parent_hash),
        parent_beacon_block_root: header.parent_beacon_block_root.map(B256::from),
        withdrawals,
    };
    Ok(PreparedBlock { context, transactions, hashes, hash: B256::from(header.hash), fork_overridden })
}
