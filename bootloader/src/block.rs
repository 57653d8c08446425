//! The block runner: pulls transactions from the oracle one by one and processes each; rejected ones are
//! recorded and skipped, a fatal error stops the block with a typed reason.

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use primitives::{Address, B256};
use system_api::{BootloaderIo, SystemError};

use ee_api::EeSet;

use crate::chain::{BlockRules, RollupRules};
use crate::observe::BlockObserver;
use crate::ethereum::{fees, process_transaction};
use crate::precompiles::{EthereumPrecompiles, PrecompileSet};
use crate::receipt::{Bloom, Receipt, Rejected};

/// Everything a block produced.
#[derive(Clone, Debug, Default)]
pub struct BlockOutput {
    /// One receipt per included transaction.
    pub receipts: Vec<Receipt>,
    /// Transactions left out, with reasons.
    pub rejected: Vec<Rejected>,
    /// Gas used by the block.
    pub gas_used: u64,
    /// Blob gas used by the block.
    pub blob_gas_used: u64,
    /// EIP-7685 requests (`type ‖ data`, only those with data, in type order), for chains whose block rules
    /// make them.
    pub requests: Vec<Vec<u8>>,
}

impl BlockOutput {
    /// Bloom of every log of the block. Computed on demand: the proof does not commit to blooms (it hashes
    /// the logs themselves), so proving mode never pays their keccaks.
    pub fn logs_bloom(&self) -> Bloom {
        let mut bloom = Bloom::default();
        for receipt in &self.receipts {
            bloom.merge(&receipt.bloom());
        }
        bloom
    }

    /// EIP-7685's requests hash over [`Self::requests`] (what an Ethereum header from Prague on holds).
    pub fn requests_hash(&self) -> B256 {
        crate::chain::requests::requests_hash(&self.requests)
    }
}

/// The block could not be processed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockError {
    /// A fatal System error (oracle failure, broken invariant) while processing transaction `tx_index`.
    Fatal {
        /// Index of the transaction being processed.
        tx_index: usize,
        /// The error.
        error: SystemError,
    },
    /// The block breaks a block-level rule of its chain (a malformed deposit log, a withdrawal past 2^256).
    InvalidBlock {
        /// Why.
        reason: &'static str,
    },
    /// A system contract the chain's rules must call is missing or failed (EIP-7002, EIP-7251).
    SystemContract {
        /// The contract.
        address: Address,
        /// What went wrong.
        reason: &'static str,
    },
}

impl fmt::Display for BlockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fatal { tx_index, error } => write!(f, "block failed at transaction {tx_index}: {error}"),
            Self::InvalidBlock { reason } => write!(f, "invalid block: {reason}"),
            Self::SystemContract { address, reason } => write!(f, "invalid block: system contract {address} {reason}"),
        }
    }
}

/// A bootloader built with the EE set `Ees`, the precompile set `P` and the block rules `C`.
pub struct Bootloader<Ees, P = EthereumPrecompiles, C = RollupRules>(PhantomData<(Ees, P, C)>);

impl<Ees, P: PrecompileSet, C: BlockRules> Bootloader<Ees, P, C> {
    /// Runs the block: the rules' opening work, every transaction the System's oracle supplies, the rules'
    /// closing work.
    pub fn run_block<Sys>(sys: &mut Sys) -> Result<BlockOutput, BlockError>
    where
        Sys: BootloaderIo,
        Ees: EeSet<Sys>,
    {
        Self::run_block_observed(sys, &mut ())
    }

    /// [`Self::run_block`], telling `observer` when the block has started and when each transaction is done.
    pub fn run_block_observed<Sys>(sys: &mut Sys, observer: &mut impl BlockObserver<Sys>) -> Result<BlockOutput, BlockError>
    where
        Sys: BootloaderIo,
        Ees: EeSet<Sys>,
    {
        let block = sys.block().clone();
        let max_blob_gas = block.blob_schedule.max.saturating_mul(fees::GAS_PER_BLOB);
        let mut output = BlockOutput::default();
        let mut index = 0usize;
        let precompiles = P::addresses(block.fork);
        sys.warm_in_every_transaction(&precompiles);
        C::begin_block::<Sys, Ees, P>(sys)?;
        observer.block_started(sys);
        loop {
            let fatal = |error| BlockError::Fatal { tx_index: index, error };
            let Some(raw) = sys.next_transaction().map_err(fatal)? else { break };
            let gas_left = block.gas_limit.saturating_sub(output.gas_used);
            let blob_gas_left = max_blob_gas.saturating_sub(output.blob_gas_used);
            let processed = process_transaction::<Sys, Ees, P, C>(sys, &raw, gas_left, blob_gas_left, index, observer);
            let processed = processed.map_err(fatal)?;
            observer.transaction_done(sys, index, processed.as_ref());
            match processed {
                Ok(result) => {
                    output.gas_used += result.gas_used;
                    output.blob_gas_used += result.blob_gas_used;
                    output.receipts.push(Receipt {
                        tx_index: index,
                        tx_hash: result.hash,
                        tx_type: result.tx_type,
                        sender: result.sender,
                        status: result.status,
                        gas_used: result.gas_used,
                        cumulative_gas_used: output.gas_used,
                        blob_gas_used: result.blob_gas_used,
                        output: result.output,
                        contract_address: result.contract_address,
                        logs: result.logs,
                    });
                }
                Err(error) => output.rejected.push(Rejected { index, error }),
            }
            index += 1;
        }
        C::end_block::<Sys, Ees, P>(sys, &mut output)?;
        Ok(output)
    }
}
